#include "tools/provcheck/render/ReportJson.h"

#include "classify/risk/Features.h"

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

Json reportJson(const RiskReport &r) {
  Json j;
  j["schema"] = "provcheck-report/2";
  j["repository"] = r.repository;
  j["policy"] = r.policy;
  j["seriesCount"] = r.seriesCount;
  Json patches = Json::array();
  for (const auto &p : r.patches) {
    Json later = Json(nullptr);
    if (p.laterFixes) later = *p.laterFixes;
    patches.push_back({{"id", p.ref.id},
                       {"subject", p.ref.subject},
                       {"verdict", toString(p.ref.verdict)},
                       {"lines", lines(p.lines)},
                       {"risk", reportRiskJson(p.risk)},
                       {"laterFixes", later}});
  }
  j["patches"] = patches;
  Json files = Json::array();
  for (const auto &row : r.rows) files.push_back(rowJson(row));
  j["files"] = files;
  Json cats = Json::array();
  for (const auto &c : r.categories)
    cats.push_back({{"category", toString(c.category)},
                    {"files", c.files},
                    {"lines", lines(c.lines)},
                    {"highestRisk", c.score}});
  j["categories"] = cats;
  Json findings = Json::array();
  for (const auto &f : r.findings)
    findings.push_back({{"rule", f.rule},
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
                        {"satisfiedBy", f.satisfiedBy}});
  j["findings"] = findings;
  if (r.history)
    j["history"] = {{"read", true},
                    {"from", r.history->from},
                    {"tip", r.history->tip},
                    {"since", r.history->since},
                    {"walked", r.history->walked},
                    {"fixReferences", {{"total", r.history->fixes.refs},
                                       {"byId", r.history->fixes.byId},
                                       {"bySubject", r.history->fixes.bySubject},
                                       {"ambiguous", r.history->fixes.ambiguous},
                                       {"unresolved", r.history->fixes.unresolved}}}};
  else
    j["history"] = {{"read", false}};
  j["riskModel"] = modelJson(r.model);
  Json skipped = Json::array();
  for (const auto &s : r.skipped)
    skipped.push_back(
        {{"origin", s.origin.name}, {"id", s.id}, {"subject", s.subject}, {"reason", s.reason}});
  j["skipped"] = skipped;
  j["notices"] = r.notices;
  return j;
}

std::string reportJsonText(const RiskReport &r) {
  return reportJson(r).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace provcheck::render
