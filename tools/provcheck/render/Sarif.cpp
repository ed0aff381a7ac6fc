#include "tools/provcheck/render/Sarif.h"

#include <map>

#ifndef PROVCHECK_VERSION
#define PROVCHECK_VERSION "0"
#endif

namespace provcheck::render {

using Json = nlohmann::ordered_json;

namespace {

const char *level(Severity s) {
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Info: return "note";
  }
  return "none";
}

// A relative URI reference for a repository path: RFC 3986 reserved and non-ASCII bytes
// percent-encoded, '/' kept.
std::string uri(const std::string &path) {
  static const char *hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '/' || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' ||
                c == ',' || c == '=' || c == '@';
    if (keep) {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

} // namespace

Json reportSarif(const RiskReport &r) {
  Json rules = Json::array();
  std::map<std::string, int> ruleIndex;
  for (const auto &f : r.findings) {
    if (ruleIndex.count(f.rule)) continue;
    ruleIndex[f.rule] = int(rules.size());
    Json rule{{"id", f.rule},
              {"shortDescription", {{"text", f.rule}}},
              {"defaultConfiguration", {{"level", level(f.severity)}}}};
    if (!f.clause.empty()) rule["properties"] = {{"clause", f.clause}};
    rules.push_back(rule);
  }

  Json results = Json::array();
  for (const auto &f : r.findings) {
    Json result{{"ruleId", f.rule},
                {"ruleIndex", ruleIndex[f.rule]},
                {"level", level(f.severity)},
                {"message", {{"text", f.message}}}};
    Json locations = Json::array();
    if (!f.path.empty())
      locations.push_back(
          {{"physicalLocation",
            {{"artifactLocation", {{"uri", uri(f.path)}, {"uriBaseId", "%SRCROOT%"}}},
             {"region", {{"startLine", f.line > 0 ? f.line : 1}}}}}});
    result["locations"] = locations;
    result["partialFingerprints"] = {
        {"provcheckFinding/v1", f.rule + ":" + f.patch + ":" + f.path}};
    if (f.satisfied)
      result["suppressions"] = Json::array(
          {{{"kind", "external"}, {"justification", "agreed: " + f.satisfiedBy}}});
    result["properties"] = {{"clause", f.clause},
                            {"effect", toString(f.effect)},
                            {"patch", f.patch},
                            {"patchSubject", f.patchSubject},
                            {"entities", f.entities}};
    results.push_back(result);
  }

  Json scores = Json::array();
  for (const auto &row : r.rows)
    scores.push_back({{"path", row.path},
                      {"score", row.score()},
                      {"category", toString(row.category)},
                      {"verdict", toString(row.verdict)}});

  Json run{{"tool",
            {{"driver",
              {{"name", "provcheck"},
               {"version", PROVCHECK_VERSION},
               {"semanticVersion", PROVCHECK_VERSION},
               {"rules", rules}}}}},
           {"originalUriBaseIds", {{"%SRCROOT%", {{"description", {{"text", "repository root"}}}}}}},
           {"results", results},
           {"properties", {{"policy", r.policy}, {"riskScores", scores}}}};
  return Json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({run})}};
}

std::string reportSarifText(const RiskReport &r) {
  return reportSarif(r).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace provcheck::render
