// Reading policies from TOML with toml++: strict (unknown keys, wrong types and unknown
// clause ids are errors with file, line and column), with `base = "<built-in>"` overlays.
#include "classify/Policy.h"

#include "analysis/Images.h"
#include "analysis/InputFile.h"
#include "classify/BuiltinPolicies.h"
#include "classify/TomlReader.h"
#include "classify/risk/ModelToml.h"
#include "classify/PolicyRevision.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <tuple>
#include <vector>

namespace provcheck {

const char *toString(TrailerSyntax s) {
  switch (s) {
  case TrailerSyntax::Values: return "values";
  case TrailerSyntax::Agent: return "agent";
  }
  return "values";
}

const DocumentRevision *PolicyDocument::find(std::string_view fingerprint) const {
  for (const DocumentRevision &r : known)
    if (r.fingerprint == fingerprint) return &r;
  return nullptr;
}

const Clause *Policy::clause(std::string_view id) const {
  for (const Clause &c : clauses)
    if (c.id == id) return &c;
  return nullptr;
}

bool parseCategory(std::string_view name, Category &out) {
  static constexpr Category kAll[] = {Category::Docs, Category::Tests, Category::Mechanical,
                                      Category::Code, Category::Core};
  for (Category c : kAll)
    if (name == toString(c)) {
      out = c;
      return true;
    }
  return false;
}

namespace {

// Walks a parsed document into a Policy; every problem found is kept, each with its
// place, and error() reports them all.
class Reader : public TomlReader {
public:
  using TomlReader::TomlReader;

  // The problems in file order as one Error: the first, then each other one on a line of
  // its own with its place ("file:line:column: message").
  Error error() const {
    std::vector<Error> all = errors;
    for (Error &e : all)
      if (e.line == 0 && e.file == file()) e.line = 1;
    std::stable_sort(all.begin(), all.end(), [](const Error &a, const Error &b) {
      return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
    });
    Error out = all.front();
    for (size_t i = 1; i < all.size(); ++i) out.message += "\n" + all[i].str();
    return out;
  }

  // A clause reference: must name a clause of the policy (checked once all are read).
  void clauseRef(const toml::table &t, std::string_view key, std::string &out) {
    const toml::node *n = t.get(key);
    if (!n) return;
    str(t, key, out);
    refs_.push_back({out, n->source()});
  }

  void checkClauseRefs(const Policy &p) {
    for (auto &[id, where] : refs_)
      if (!id.empty() && !p.clause(id))
        fail(where, "no clause with id '" + id + "' in this policy");
  }

private:
  std::vector<std::pair<std::string, toml::source_region>> refs_;
};

bool isIdentifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

void readClauses(Reader &r, const toml::table &doc, Policy &p) {
  const toml::node *n = doc.get("clause");
  if (!n) return;
  const toml::array *a = n->as_array();
  if (!a || !a->is_array_of_tables())
    return r.fail(n->source(), "'clause' must be an array of tables ([[clause]])");
  p.clauses.clear();
  for (const toml::node &el : *a) {
    const toml::table &t = *el.as_table();
    size_t before = r.errors.size();
    r.checkKeys(t, "[[clause]]", {"id", "title", "text"});
    Clause c;
    r.str(t, "id", c.id);
    r.str(t, "title", c.title);
    r.str(t, "text", c.text);
    if (r.errors.size() > before) continue; // the next clauses are checked all the same
    if (c.id.empty()) return r.fail(t.source(), "[[clause]] needs an 'id'");
    if (p.clause(c.id)) return r.fail(t.source(), "duplicate clause id '" + c.id + "'");
    p.clauses.push_back(std::move(c));
  }
}

void readAiTrailer(Reader &r, const toml::table &doc, Policy &p) {
  const toml::table *t = r.table(doc, "ai_trailer", "the policy");
  if (!t) return;
  r.checkKeys(*t, "[ai_trailer]", {"key", "syntax", "values", "explanation", "clause"});
  AiTrailerSpec &s = p.aiTrailer;
  r.str(*t, "key", s.key);
  if (const toml::node *n = t->get("syntax")) {
    std::string syntax;
    r.str(*t, "syntax", syntax);
    if (syntax == "values") s.syntax = TrailerSyntax::Values;
    else if (syntax == "agent") s.syntax = TrailerSyntax::Agent;
    else if (!r.failed())
      r.fail(n->source(), "unknown trailer syntax '" + syntax + "' (expected values or agent)");
  }
  r.strings(*t, "values", s.values);
  for (std::string &v : s.values)
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  r.boolean(*t, "explanation", s.explanation);
  r.clauseRef(*t, "clause", s.clause);
  if (!r.failed() && s.key.empty()) r.fail(t->source(), "[ai_trailer] needs a 'key'");
  if (!r.failed() && s.syntax == TrailerSyntax::Values && s.values.empty())
    r.fail(t->source(), "[ai_trailer] with syntax \"values\" needs 'values'");
}

void readForeign(Reader &r, const toml::table &doc, Policy &p) {
  const toml::table *t = r.table(doc, "foreign_trailers", "the policy");
  if (!t) return;
  r.checkKeys(*t, "[foreign_trailers]",
              {"forbidden", "disclosing", "person_trailers", "ai_tools", "clause"});
  r.strings(*t, "forbidden", p.foreign.forbidden);
  r.strings(*t, "disclosing", p.foreign.disclosing);
  r.strings(*t, "person_trailers", p.foreign.personTrailers);
  r.strings(*t, "ai_tools", p.foreign.aiTools);
  r.clauseRef(*t, "clause", p.foreign.clause);
}

void readLimits(Reader &r, const toml::table &doc, Policy &p) {
  const toml::table *t = r.table(doc, "ai_limits", "the policy");
  if (!t) return;
  r.checkKeys(*t, "[ai_limits]",
              {"allowed_categories", "categories_clause", "small_fix_lines", "small_fix_clause",
               "outside_needs_agreement", "outside_clause", "core_needs_agreement",
               "core_clause", "agreement_trailers", "consistency_clause", "decline",
               "decline_clause"});
  AiLimits &l = p.limits;
  std::vector<std::string> names;
  std::vector<toml::source_region> where;
  if (t->get("allowed_categories")) {
    r.strings(*t, "allowed_categories", names, &where);
    l.allowedCategories.clear();
    for (size_t i = 0; i < names.size() && !r.failed(); ++i) {
      Category c;
      if (!parseCategory(names[i], c))
        return r.fail(where[i], "unknown category '" + names[i] +
                                    "' (expected docs, tests, mechanical, code or core)");
      l.allowedCategories.push_back(c);
    }
  }
  r.clauseRef(*t, "categories_clause", l.categoriesClause);
  r.integer(*t, "small_fix_lines", l.smallFixLines, 0);
  r.clauseRef(*t, "small_fix_clause", l.smallFixClause);
  r.boolean(*t, "outside_needs_agreement", l.outsideNeedsAgreement);
  r.clauseRef(*t, "outside_clause", l.outsideClause);
  r.boolean(*t, "core_needs_agreement", l.coreNeedsAgreement);
  r.clauseRef(*t, "core_clause", l.coreClause);
  r.strings(*t, "agreement_trailers", l.agreementTrailers);
  r.clauseRef(*t, "consistency_clause", l.consistencyClause);
  r.boolean(*t, "decline", l.decline);
  r.clauseRef(*t, "decline_clause", l.declineClause);
}

bool isFingerprint(std::string_view s) {
  constexpr std::string_view prefix = "sha256:";
  if (!s.starts_with(prefix) || s.size() != prefix.size() + 64) return false;
  return std::all_of(s.begin() + prefix.size(), s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f'); });
}

void readDocumentSection(Reader &r, const toml::table &doc, Policy &p) {
  const toml::table *t = r.table(doc, "document", "the policy");
  if (!t) return;
  r.checkKeys(*t, "[document]", {"path", "revision", "date", "known"});
  PolicyDocument &d = p.document;
  r.str(*t, "path", d.path);
  r.str(*t, "revision", d.revision);
  r.str(*t, "date", d.date);
  const toml::node *n = t->get("known");
  if (!n) return;
  const toml::array *a = n->as_array();
  if (!a || (!a->empty() && !a->is_array_of_tables()))
    return r.fail(n->source(), "'known' must be an array of tables ([[document.known]])");
  d.known.clear();
  for (const toml::node &el : *a) {
    const toml::table &kt = *el.as_table();
    size_t before = r.errors.size();
    r.checkKeys(kt, "[[document.known]]", {"fingerprint", "commit", "date", "note"});
    DocumentRevision rev;
    r.str(kt, "fingerprint", rev.fingerprint);
    r.str(kt, "commit", rev.commit);
    r.str(kt, "date", rev.date);
    r.str(kt, "note", rev.note);
    if (r.errors.size() > before) continue; // the next revisions are checked all the same
    if (!isFingerprint(rev.fingerprint)) {
      r.fail(kt.source(), "[[document.known]] needs a 'fingerprint' written "
                          "sha256:<64 lower-case hex digits>");
      continue;
    }
    d.known.push_back(std::move(rev));
  }
}

void readSignoff(Reader &r, const toml::table &doc, Policy &p) {
  const toml::table *t = r.table(doc, "signoff", "the policy");
  if (!t) return;
  r.checkKeys(*t, "[signoff]", {"required", "match_author", "human_only", "clause"});
  r.boolean(*t, "required", p.signoff.required);
  r.boolean(*t, "match_author", p.signoff.matchAuthor);
  r.boolean(*t, "human_only", p.signoff.humanOnly);
  r.clauseRef(*t, "clause", p.signoff.clause);
}

void readPathRules(Reader &r, const toml::table &t, std::string_view key, bool core,
                   std::vector<PathRule> &out) {
  const toml::node *n = t.get(key);
  if (!n) return;
  std::string section = "[[classification." + std::string(key) + "]]";
  const toml::array *a = n->as_array();
  if (!a || !a->is_array_of_tables())
    return r.fail(n->source(), "'" + std::string(key) + "' must be an array of tables (" +
                                   section + ")");
  out.clear();
  for (const toml::node &el : *a) {
    const toml::table &rt = *el.as_table();
    size_t before = r.errors.size();
    if (core) r.checkKeys(rt, section, {"id", "pattern"});
    else r.checkKeys(rt, section, {"id", "pattern", "category"});
    PathRule rule;
    rule.category = core ? Category::Core : Category::Code;
    r.str(rt, "id", rule.id);
    r.str(rt, "pattern", rule.pattern);
    if (!core) {
      if (const toml::node *c = rt.get("category")) {
        std::string name;
        r.str(rt, "category", name);
        if (r.errors.size() == before &&
            (!parseCategory(name, rule.category) || rule.category == Category::Mechanical ||
             rule.category == Category::Core))
          r.fail(c->source(), "a path rule's category must be docs, tests or code, not '" +
                                  name + "'");
      } else {
        r.fail(rt.source(), section + " needs a 'category'");
      }
    }
    if (r.errors.size() > before) continue; // the next rules are checked all the same
    if (rule.id.empty() || rule.pattern.empty())
      return r.fail(rt.source(), section + " needs an 'id' and a 'pattern'");
    out.push_back(std::move(rule));
  }
}

void readClassification(Reader &r, const toml::table &doc, Policy &p) {
  const toml::table *t = r.table(doc, "classification", "the policy");
  if (!t) return;
  r.checkKeys(*t, "[classification]",
              {"core_included_by", "core_symbol_fan_in", "repeated_edit_min_sites",
               "tool_patterns", "path", "core"});
  ClassifyRules &c = p.rules;
  r.integer(*t, "core_included_by", c.coreIncludedBy, 0);
  r.integer(*t, "core_symbol_fan_in", c.coreSymbolFanIn, 0);
  r.integer(*t, "repeated_edit_min_sites", c.repeatedEditMinSites, 2);
  if (t->contains("tool_patterns")) {
    std::vector<toml::source_region> where;
    r.strings(*t, "tool_patterns", c.toolPatterns, &where);
    c.toolRegexes.clear();
    for (size_t i = 0; i < c.toolPatterns.size() && i < where.size(); ++i) {
      Expected<Regex> re = Regex::compile(c.toolPatterns[i], Regex::Caseless);
      if (!re) return r.fail(where[i], "tool_patterns: " + re.error().message);
      c.toolRegexes.push_back(std::move(*re));
    }
  }
  readPathRules(r, *t, "path", false, c.pathRules);
  readPathRules(r, *t, "core", true, c.corePaths);
}

void readAst(Reader &r, const toml::table &doc, Policy &p) {
  const toml::table *t = r.table(doc, "ast", "the policy");
  if (!t) return;
  r.checkKeys(*t, "[ast]", {"annotation_macros"});
  std::vector<toml::source_region> where;
  r.strings(*t, "annotation_macros", p.annotationMacros, &where);
  for (size_t i = 0; i < p.annotationMacros.size() && !r.failed(); ++i) {
    std::string_view m = p.annotationMacros[i];
    size_t paren = m.find('(');
    bool ok = isIdentifier(m.substr(0, paren)) &&
              (paren == std::string_view::npos || (m.back() == ')' && paren + 1 < m.size()));
    if (!ok)
      r.fail(where[i], "annotation macro '" + std::string(m) +
                           "' must be NAME or NAME(...)");
  }
}

std::string builtinList() {
  std::string out;
  for (const BuiltinPolicyText &b : kBuiltinPolicies) out += (out.empty() ? "" : ", ") + std::string(b.name);
  return out;
}

std::optional<std::string_view> builtinText(std::string_view name) {
  for (const BuiltinPolicyText &b : kBuiltinPolicies)
    if (b.name == name) return b.text;
  return std::nullopt;
}

Expected<toml::table> parseToml(std::string_view text, const std::string &name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error &e) {
    Error err;
    err.file = name;
    err.line = static_cast<int>(e.source().begin.line);
    err.column = static_cast<int>(e.source().begin.column);
    err.message = "invalid TOML: " + std::string(e.description());
    return err;
  }
}

// Reads every section present in `doc` into `p`; what `doc` leaves out keeps its value.
void readDocument(Reader &r, const toml::table &doc, Policy &p) {
  r.checkKeys(doc, "the policy",
              {"base", "name", "title", "source", "document", "clause", "ai_trailer",
               "foreign_trailers", "ai_limits", "signoff", "tools", "classification", "ast",
               "risk"});
  r.str(doc, "name", p.name);
  r.str(doc, "title", p.title);
  r.str(doc, "source", p.source);
  readDocumentSection(r, doc, p);
  readClauses(r, doc, p);
  readAiTrailer(r, doc, p);
  readForeign(r, doc, p);
  readLimits(r, doc, p);
  readSignoff(r, doc, p);
  if (const toml::table *t = r.table(doc, "tools", "the policy")) {
    r.checkKeys(*t, "[tools]", {"clause"});
    r.clauseRef(*t, "clause", p.toolsClause);
  }
  readClassification(r, doc, p);
  readAst(r, doc, p);
  if (const toml::table *t = r.table(doc, "risk", "the policy"))
    for (Error &e : readRiskModel(*t, p.risk, r.file())) r.errors.push_back(std::move(e));
}

// `depth`: how many bases deep this document is (built-in policies may start from another
// built-in one; a chain longer than the built-ins could form is a mistake).
Expected<Policy> policyFromTable(const toml::table &doc, const std::string &name, int depth) {
  Reader r(name);
  Policy p;
  // A `base` names a built-in policy this file starts from; the file then replaces the
  // keys it names (arrays and arrays of tables as a whole).
  if (const toml::node *b = doc.get("base")) {
    auto *s = b->as_string();
    std::optional<std::string_view> text = s ? builtinText(s->get()) : std::nullopt;
    if (!text || depth > 3) {
      r.fail(b->source(), "'base' must name a built-in policy (" + builtinList() + ")");
      return r.error();
    }
    Expected<toml::table> baseDoc = parseToml(*text, "built-in:" + s->get());
    if (!baseDoc) return baseDoc.error();
    Expected<Policy> base = policyFromTable(*baseDoc, "built-in:" + s->get(), depth + 1);
    if (!base) return base.error();
    p = std::move(*base);
  }
  readDocument(r, doc, p);
  if (!r.failed() && p.name.empty()) r.fail(doc.source(), "the policy needs a 'name'");
  if (!r.failed() && p.aiTrailer.key.empty())
    r.fail(doc.source(), "the policy needs an [ai_trailer] with a 'key'");
  if (!r.failed()) r.checkClauseRefs(p);
  // References kept from a base must still name a clause when the file replaced them.
  if (!r.failed()) {
    std::pair<const char *, const std::string *> refs[] = {
        {"[ai_trailer] clause", &p.aiTrailer.clause},
        {"[foreign_trailers] clause", &p.foreign.clause},
        {"[ai_limits] categories_clause", &p.limits.categoriesClause},
        {"[ai_limits] small_fix_clause", &p.limits.smallFixClause},
        {"[ai_limits] outside_clause", &p.limits.outsideClause},
        {"[ai_limits] core_clause", &p.limits.coreClause},
        {"[ai_limits] consistency_clause", &p.limits.consistencyClause},
        {"[ai_limits] decline_clause", &p.limits.declineClause},
        {"[signoff] clause", &p.signoff.clause},
        {"[tools] clause", &p.toolsClause}};
    for (auto &[what, id] : refs)
      if (!id->empty() && !p.clause(*id)) {
        r.fail(doc.source(), std::string(what) + " names clause '" + *id +
                                 "', which this policy does not define");
        break;
      }
  }
  if (r.failed()) return r.error();
  p.origin = name;
  return p;
}

} // namespace

Expected<Policy> parsePolicy(std::string_view text, const std::string &name) {
  Expected<toml::table> doc = parseToml(text, name);
  if (!doc) return doc.error();
  return policyFromTable(*doc, name, 0);
}

Expected<Policy> loadPolicyFile(const std::string &path) {
  // A policy is a page of TOML: a file past 1 MiB is not one (nor is /dev/zero).
  auto text = readInputFile(path, size_t(1) << 20);
  if (!text && text.error().message.starts_with("larger than"))
    return Error{path, 0, 0, "not a policy file: larger than 1 MiB"};
  if (!text) return Error{path, 0, 0, "cannot read policy file"};
  return parsePolicy(*text, path);
}

Expected<Policy> builtinPolicy(std::string_view name) {
  std::optional<std::string_view> text = builtinText(name);
  if (!text)
    return Error{std::string(name), 0, 0,
                 "no built-in policy of that name (built-in: " + builtinList() + ")"};
  Expected<Policy> p = parsePolicy(*text, "built-in:" + std::string(name));
  if (p) p->origin = "built-in " + std::string(name);
  return p;
}

std::vector<std::string> builtinPolicyNames() {
  std::vector<std::string> names;
  for (const BuiltinPolicyText &b : kBuiltinPolicies) names.emplace_back(b.name);
  return names;
}

Expected<Policy> resolvePolicy(const std::string &option, const TreeView *repoTree,
                               std::vector<std::string> *notices) {
  namespace fs = std::filesystem;
  if (option == "auto" && !fs::exists(option)) {
    std::string notice;
    Expected<Policy> p = autoPolicy(repoTree, "", notice);
    if (p && notices) notices->push_back(notice);
    return p;
  }
  Expected<Policy> p = Error{option, 0, 0, ""};
  if (option.empty()) {
    std::optional<std::string> text = repoTree ? repoTree->read(".provcheck.toml") : std::nullopt;
    p = text ? parsePolicy(*text, ".provcheck.toml") : builtinPolicy("qemu");
  } else if (builtinText(option) && !fs::exists(option)) {
    p = builtinPolicy(option);
  } else if (!fs::exists(option)) {
    return Error{option, 0, 0,
                 "no such policy file, and not a built-in policy (built-in: " + builtinList() +
                     "; or auto)"};
  } else {
    p = loadPolicyFile(option);
  }
  if (p && notices && repoTree)
    if (std::string n = revisionNotice(*p, *repoTree); !n.empty()) notices->push_back(n);
  return p;
}

} // namespace provcheck
