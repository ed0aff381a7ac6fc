// --dump-config: the effective policy written back as TOML, readable by loadPolicyFile.
#include "classify/Policy.h"
#include "classify/risk/ModelToml.h"

#include <toml++/toml.h>

#include <sstream>

namespace provcheck {
namespace {

toml::array stringArray(const std::vector<std::string> &values) {
  toml::array a;
  for (const std::string &v : values) a.push_back(v);
  return a;
}

toml::array pathRules(const std::vector<PathRule> &rules, bool core) {
  toml::array a;
  for (const PathRule &r : rules) {
    toml::table t{{"id", r.id}, {"pattern", r.pattern}};
    if (!core) t.insert("category", toString(r.category));
    a.push_back(std::move(t));
  }
  return a;
}

} // namespace

std::string dumpPolicy(const Policy &p) {
  toml::table doc{{"name", p.name}, {"title", p.title}, {"source", p.source}};

  if (!p.document.path.empty()) {
    toml::array known;
    for (const DocumentRevision &r : p.document.known)
      known.push_back(toml::table{{"fingerprint", r.fingerprint},
                                  {"commit", r.commit},
                                  {"date", r.date},
                                  {"note", r.note}});
    doc.insert("document", toml::table{{"path", p.document.path},
                                       {"revision", p.document.revision},
                                       {"date", p.document.date},
                                       {"known", std::move(known)}});
  }

  toml::array clauses;
  for (const Clause &c : p.clauses)
    clauses.push_back(toml::table{{"id", c.id}, {"title", c.title}, {"text", c.text}});
  doc.insert("clause", std::move(clauses));

  toml::table trailer{{"key", p.aiTrailer.key},
                      {"syntax", toString(p.aiTrailer.syntax)},
                      {"values", stringArray(p.aiTrailer.values)},
                      {"explanation", p.aiTrailer.explanation},
                      {"clause", p.aiTrailer.clause}};
  doc.insert("ai_trailer", std::move(trailer));

  doc.insert("foreign_trailers",
             toml::table{{"forbidden", stringArray(p.foreign.forbidden)},
                         {"disclosing", stringArray(p.foreign.disclosing)},
                         {"person_trailers", stringArray(p.foreign.personTrailers)},
                         {"ai_tools", stringArray(p.foreign.aiTools)},
                         {"clause", p.foreign.clause}});

  const AiLimits &l = p.limits;
  toml::array allowed;
  for (Category c : l.allowedCategories) allowed.push_back(toString(c));
  doc.insert("ai_limits", toml::table{{"allowed_categories", std::move(allowed)},
                                      {"categories_clause", l.categoriesClause},
                                      {"small_fix_lines", l.smallFixLines},
                                      {"small_fix_clause", l.smallFixClause},
                                      {"outside_needs_agreement", l.outsideNeedsAgreement},
                                      {"outside_clause", l.outsideClause},
                                      {"core_needs_agreement", l.coreNeedsAgreement},
                                      {"core_clause", l.coreClause},
                                      {"agreement_trailers", stringArray(l.agreementTrailers)},
                                      {"consistency_clause", l.consistencyClause},
                                      {"decline", l.decline},
                                      {"decline_clause", l.declineClause}});

  doc.insert("signoff", toml::table{{"required", p.signoff.required},
                                    {"match_author", p.signoff.matchAuthor},
                                    {"human_only", p.signoff.humanOnly},
                                    {"clause", p.signoff.clause}});
  doc.insert("tools", toml::table{{"clause", p.toolsClause}});

  const ClassifyRules &r = p.rules;
  doc.insert("classification",
             toml::table{{"core_included_by", r.coreIncludedBy},
                         {"core_symbol_fan_in", r.coreSymbolFanIn},
                         {"repeated_edit_min_sites", r.repeatedEditMinSites},
                         {"tool_patterns", stringArray(r.toolPatterns)},
                         {"path", pathRules(r.pathRules, false)},
                         {"core", pathRules(r.corePaths, true)}});
  doc.insert("ast", toml::table{{"annotation_macros", stringArray(p.annotationMacros)}});
  doc.insert("risk", riskModelTable(p.risk));

  std::ostringstream out;
  out << "# Effective policy '" << p.name << "'";
  if (!p.origin.empty()) out << " (from " << p.origin << ")";
  out << "\n" << doc << "\n";
  return out.str();
}

} // namespace provcheck
