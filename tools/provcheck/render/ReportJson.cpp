#include "tools/provcheck/render/ReportJson.h"

#include "classify/risk/Features.h"
#include "tools/provcheck/render/JsonStream.h"

#include <ostream>
#include <sstream>

namespace provcheck::render {

using Json = nlohmann::ordered_json;

Json reportPersonJson(const Person &p) { return Json{{"name", p.name}, {"email", p.email}}; }

namespace {

Json lines(const LineCounts &l) { return Json{{"added", l.added}, {"removed", l.removed}}; }

Json people(const std::vector<Person> &v) {
  Json a = Json::array();
  for (const auto &p : v) a.push_back(reportPersonJson(p));
  return a;
}

Json rowJson(const RiskRow &r) {
  Json by = Json::object();
  for (int c = 0; c < kCategoryCount; ++c) by[toString(Category(c))] = lines(r.byCategory[c]);
  Json why = Json::array();
  for (const auto &w : r.coreWhy) why.push_back({{"rule", w.rule}, {"detail", w.detail}});
  Json sections = Json::array();
  for (const auto &s : r.sections)
    sections.push_back({{"name", s.name},
                        {"status", s.status},
                        {"maintainers", people(s.maintainers)},
                        {"reviewers", people(s.reviewers)},
                        {"lists", s.lists}});
  Json patches = Json::array();
  for (const auto &p : r.patches) patches.push_back(p.id);
  return Json{{"path", r.path},
              {"category", toString(r.category)},
              {"lines", lines(r.lines)},
              {"byCategory", by},
              {"entities", r.entities},
              {"core", r.core},
              {"coreWhy", why},
              {"sections", sections},
              {"aiAssisted", r.aiAssisted},
              {"aiUsedFor", r.aiUsedFor},
              {"recentCommits", r.recentCommits ? Json(*r.recentCommits) : Json(nullptr)},
              {"verdict", toString(r.verdict)},
              {"patches", patches},
              {"firstLine", r.firstLine},
              {"score", r.score()},
              {"risk", reportRiskJson(r.risk)},
              {"riskPatch", r.riskPatch}};
}

Json modelJson(const RiskModel &m) {
  Json features = Json::array();
  for (const RiskWeight &w : m.features) {
    const RiskFeature *f = findRiskFeature(w.name);
    features.push_back({{"name", w.name},
                        {"group", f ? std::string(f->group) : ""},
                        {"scale", f && f->scale == FeatureScale::Linear ? "linear" : "log"},
                        {"weight", w.weight},
                        {"mean", w.mean}});
  }
  return Json{{"fitted", m.fitted},         {"intercept", m.intercept},
              {"recentDays", m.recentDays}, {"fixDays", m.fixDays},
              {"historyDays", m.historyDays}, {"features", features}};
}

} // namespace

Json reportRiskJson(const RiskScore &risk) {
  Json features = Json::array();
  for (const FeatureScore &f : risk.features)
    features.push_back({{"name", f.name},
                        {"value", f.value ? Json(*f.value) : Json(nullptr)},
                        {"contribution", f.contribution},
                        {"words", f.words}});
  return Json{{"score", risk.score}, {"base", risk.base}, {"features", features}};
}

void writeReportJson(const RiskReport &r, std::ostream &out) {
  JsonStream j(out);
  j.beginObject();
  j.member("schema", "provcheck-report/2");
  j.member("repository", r.repository);
  j.member("policy", r.policy);
  j.member("seriesCount", r.seriesCount);
  j.array("patches", r.patches, [](const PatchRisk &p) {
    return Json{{"id", p.ref.id},
                {"subject", p.ref.subject},
                {"verdict", toString(p.ref.verdict)},
                {"lines", lines(p.lines)},
                {"risk", reportRiskJson(p.risk)},
                {"laterFixes", p.laterFixes ? Json(*p.laterFixes) : Json(nullptr)}};
  });
  j.array("files", r.rows, rowJson);
  j.array("categories", r.categories, [](const CategoryTotal &c) {
    return Json{{"category", toString(c.category)},
                {"files", c.files},
                {"lines", lines(c.lines)},
                {"highestRisk", c.score}};
  });
  j.array("findings", r.findings, [](const LocatedFinding &f) {
    return Json{{"rule", f.rule},
                {"clause", f.clause},
                {"severity", toString(f.severity)},
                {"effect", toString(f.effect)},
                {"message", f.message},
                {"patch", f.patch},
                {"path", f.path},
                {"line", f.aboutMessage() ? 0 : f.line},
                {"message_line", f.messageLine},
                {"entities", f.entities},
                {"satisfied", f.satisfied},
                {"satisfiedBy", f.satisfiedBy}};
  });
  if (r.history)
    j.member("history", {{"read", true},
                         {"from", r.history->from},
                         {"tip", r.history->tip},
                         {"since", r.history->since},
                         {"walked", r.history->walked},
                         {"fixReferences", {{"total", r.history->fixes.refs},
                                            {"byId", r.history->fixes.byId},
                                            {"bySubject", r.history->fixes.bySubject},
                                            {"ambiguous", r.history->fixes.ambiguous},
                                            {"unresolved", r.history->fixes.unresolved}}}});
  else
    j.member("history", {{"read", false}});
  j.member("riskModel", modelJson(r.model));
  j.array("skipped", r.skipped, [](const Skipped &s) {
    return Json{{"origin", s.origin.name}, {"id", s.id}, {"subject", s.subject}, {"reason", s.reason}};
  });
  j.member("notices", r.notices);
  j.endObject();
  out << "\n";
}

std::string reportJsonText(const RiskReport &r) {
  std::ostringstream out;
  writeReportJson(r, out);
  return std::move(out).str();
}

} // namespace provcheck::render
