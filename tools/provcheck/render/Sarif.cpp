#include "tools/provcheck/render/Sarif.h"

#include <algorithm>
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

// The rank of a result when the results are capped: lower is kept first.
int keepRank(const Json &result) {
  if (result.contains("suppressions")) return 3;
  const std::string &lv = result["level"].get_ref<const std::string &>();
  return lv == "error" ? 0 : lv == "warning" ? 1 : 2;
}

// The bytes a result adds to the document written without indentation: its text and
// the comma between results.
size_t bytesInDocument(const Json &result) {
  return result.dump(-1, ' ', false, Json::error_handler_t::replace).size() + 1;
}

std::string text(const Json &doc, int indent) {
  return doc.dump(indent, ' ', false, Json::error_handler_t::replace) + "\n";
}

// Keeps the results within GitHub's limits (see SarifLimits) and records what it did.
void capResults(Json &doc, const SarifLimits &limits) {
  Json &run = doc["runs"][0];
  Json results = std::move(run["results"]);
  size_t total = results.size();
  run["results"] = Json::array();
  run["properties"]["resultsTotal"] = total;
  run["properties"]["resultsIncluded"] = total;
  // The document without its results, and room for the note added when some are left out.
  size_t bytes = text(doc, -1).size() + 400;
  size_t all = bytes;
  for (const Json &res : results) all += bytesInDocument(res);
  if (total <= limits.maxResults && all <= limits.maxBytes) {
    run["results"] = std::move(results);
    return;
  }
  std::vector<size_t> order(total);
  for (size_t i = 0; i < total; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return keepRank(results[a]) < keepRank(results[b]);
  });
  std::vector<bool> keep(total, false);
  size_t kept = 0;
  for (size_t i : order) {
    size_t b = bytesInDocument(results[i]);
    if (kept == limits.maxResults || bytes + b > limits.maxBytes) break;
    bytes += b;
    keep[i] = true;
    ++kept;
  }
  Json &capped = run["results"];
  for (size_t i = 0; i < total; ++i)
    if (keep[i]) capped.push_back(std::move(results[i]));
  run["properties"]["resultsIncluded"] = kept;
  run["properties"]["resultsOmittedBecause"] =
      "GitHub code scanning accepts at most " + std::to_string(limits.maxResults) +
      " results per run and " + std::to_string(limits.maxBytes / 1000000) +
      " MB per file: " + std::to_string(total - kept) +
      " results were left out, the most severe kept";
}

} // namespace

Json reportSarif(const RiskReport &r, const SarifLimits &limits) {
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
    // Every result has a file and a line, as code scanning requires; a finding about the
    // commit message is shown at its patch's first changed file and also names the message
    // as a logical location, the place it is really about.
    Json location = Json::object();
    if (!f.shownPath().empty())
      location["physicalLocation"] = {
          {"artifactLocation", {{"uri", uri(f.shownPath())}, {"uriBaseId", "%SRCROOT%"}}},
          {"region", {{"startLine", f.shownLine()}}}};
    if (f.aboutMessage())
      location["logicalLocations"] = Json::array(
          {{{"name", f.messageLine > 0 ? "message line " + std::to_string(f.messageLine)
                                        : std::string("message")},
            {"fullyQualifiedName",
             f.patch + "/message" +
                 (f.messageLine > 0 ? ":" + std::to_string(f.messageLine) : std::string())},
            {"kind", "resource"}}});
    Json locations = Json::array({location});
    result["locations"] = locations;
    result["partialFingerprints"] = {
        {"provcheckFinding/v1",
         f.rule + ":" + f.patch + ":" + (f.aboutMessage() ? std::string("message") : f.path)}};
    if (f.satisfied)
      result["suppressions"] = Json::array(
          {{{"kind", "external"}, {"justification", "agreed: " + f.satisfiedBy}}});
    result["properties"] = {{"clause", f.clause},
                            {"effect", toString(f.effect)},
                            {"patch", f.patch},
                            {"patchSubject", f.patchSubject},
                            {"entities", f.entities}};
    if (f.aboutMessage()) result["properties"]["messageLine"] = f.messageLine;
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
  Json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs", Json::array({run})}};
  capResults(doc, limits);
  return doc;
}

std::string reportSarifText(const RiskReport &r, const SarifLimits &limits) {
  Json doc = reportSarif(r, limits);
  std::string pretty = text(doc, 2);
  return pretty.size() <= limits.maxBytes ? pretty : text(doc, -1);
}

} // namespace provcheck::render
