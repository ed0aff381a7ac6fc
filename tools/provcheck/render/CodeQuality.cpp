#include "tools/provcheck/render/CodeQuality.h"

#include "analysis/Git.h"

#include <nlohmann/json.hpp>

#include <map>

namespace provcheck::render {

namespace {

const char *severity(Severity s) {
  switch (s) {
  case Severity::Error: return "critical";
  case Severity::Warning: return "major";
  case Severity::Info: return "info";
  }
  return "info";
}

// `repeat` tells apart findings of one rule on one file of one patch.
std::string fingerprint(const LocatedFinding &f, int repeat) {
  std::string key = "provcheck\n" + f.rule + "\n" + f.patchSubject + "\n" + f.path;
  if (repeat > 0) key += "\n" + std::to_string(repeat);
  git_oid oid;
  git::ensureInit();
  if (git_odb_hash(&oid, key.data(), key.size(), GIT_OBJECT_BLOB) != 0) return key;
  return git::toHex(oid);
}

} // namespace

std::string reportCodeQualityText(const RiskReport &r) {
  using Json = nlohmann::ordered_json;
  Json issues = Json::array();
  std::map<std::string, int> seen;
  for (const LocatedFinding &f : r.findings) {
    if (f.satisfied) continue;
    int repeat = seen[f.rule + "\n" + f.patchSubject + "\n" + f.path]++;
    issues.push_back({{"description", f.message + " (" + f.patch + ")"},
                      {"check_name", f.rule},
                      {"fingerprint", fingerprint(f, repeat)},
                      {"severity", severity(f.severity)},
                      {"location", {{"path", f.shownPath()}, {"lines", {{"begin", f.shownLine()}}}}}});
  }
  return issues.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace provcheck::render
