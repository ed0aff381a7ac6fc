#include "tools/provcheck/render/ReportJson.h"

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
  Json parts = Json::array();
  for (const auto &p : r.parts)
    parts.push_back({{"name", p.name}, {"points", p.points}, {"detail", p.detail}});
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
              {"score", r.score},
              {"scoreParts", parts}};
}

Json weightsJson(const RiskWeights &w) {
  Json cat = Json::object();
  for (int c = 0; c < kCategoryCount; ++c) cat[toString(Category(c))] = w.category[c];
  Json status = Json::object();
  for (const auto &[k, v] : w.status) status[k] = v;
  return Json{{"category", cat},         {"linesPerPoint", w.linesPerPoint},
              {"sizeCap", w.sizeCap},    {"aiAssisted", w.aiAssisted},
              {"status", status},        {"unowned", w.unowned},
              {"perRecentCommit", w.perRecentCommit}, {"churnCap", w.churnCap}};
}

} // namespace

Json reportJson(const RiskReport &r) {
  Json j;
  j["schema"] = "provcheck-report/1";
  j["repository"] = r.repository;
  j["policy"] = r.policy;
  j["seriesCount"] = r.seriesCount;
  Json patches = Json::array();
  for (const auto &p : r.patches)
    patches.push_back({{"id", p.id}, {"subject", p.subject}, {"verdict", toString(p.verdict)}});
  j["patches"] = patches;
  Json files = Json::array();
  for (const auto &row : r.rows) files.push_back(rowJson(row));
  j["files"] = files;
  Json cats = Json::array();
  for (const auto &c : r.categories)
    cats.push_back({{"category", toString(c.category)},
                    {"files", c.files},
                    {"lines", lines(c.lines)},
                    {"score", c.score}});
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
                        {"line", f.line},
                        {"entities", f.entities},
                        {"satisfied", f.satisfied},
                        {"satisfiedBy", f.satisfiedBy}});
  j["findings"] = findings;
  j["history"] = {{"read", r.history},
                  {"tip", r.window.tip},
                  {"days", r.window.days},
                  {"maxCommits", r.window.maxCommits},
                  {"walked", r.historyWalked}};
  j["weights"] = weightsJson(r.weights);
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
