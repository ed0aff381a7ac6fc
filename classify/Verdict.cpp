#include "classify/Verdict.h"

#include "analysis/UniqueList.h"

#include <algorithm>

namespace provcheck {

const char *toString(VerdictKind k) {
  switch (k) {
  case VerdictKind::Ok: return "ok";
  case VerdictKind::NeedsAgreement: return "needs-agreement";
  case VerdictKind::Violation: return "violation";
  }
  return "ok";
}

const char *toString(Severity s) {
  switch (s) {
  case Severity::Info: return "info";
  case Severity::Warning: return "warning";
  case Severity::Error: return "error";
  }
  return "info";
}

int CodeTally::total() const {
  int n = 0;
  for (int x : perPatch) n += x;
  return n;
}

int CodeTally::patches() const {
  return static_cast<int>(std::count_if(perPatch.begin(), perPatch.end(), [](int x) { return x > 0; }));
}

std::vector<std::string> Finding::files() const {
  std::vector<std::string> out;
  for (const FindingLocation &l : locations) out.push_back(l.file);
  return out;
}

std::vector<std::string> Finding::entities() const {
  std::vector<std::string> out;
  UniqueAppender add(out);
  for (const FindingLocation &l : locations)
    for (const std::string &e : l.entities) add(e);
  return out;
}

FindingLocation &Finding::at(const std::string &file) {
  for (FindingLocation &l : locations)
    if (l.file == file) return l;
  locations.push_back(FindingLocation{file, 0, {}});
  return locations.back();
}

} // namespace provcheck
