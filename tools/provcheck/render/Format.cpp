#include "tools/provcheck/render/Format.h"

#include <cmath>
#include <cstdio>

namespace provcheck::render {

std::string points(double v) {
  char buf[32];
  if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string lineDelta(const LineCounts &l) {
  return "+" + std::to_string(l.added) + "/-" + std::to_string(l.removed);
}

std::string join(const std::vector<std::string> &v, const std::string &sep,
                 const std::string &none) {
  if (v.empty()) return none;
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

std::string joinPeople(const std::vector<Person> &v, const std::string &sep) {
  std::vector<std::string> s;
  for (const auto &p : v) s.push_back(p.str());
  return join(s, sep);
}

std::string sectionsLine(const std::vector<SectionSummary> &sections) {
  std::vector<std::string> s;
  for (const auto &x : sections)
    s.push_back(x.status.empty() ? x.name : x.name + " (" + x.status + ")");
  return join(s, "; ", "-");
}

std::string recentText(const RiskRow &row) {
  return row.recentCommits ? std::to_string(*row.recentCommits) : "-";
}

std::string partsLine(const RiskRow &row) {
  std::string out;
  for (size_t i = 0; i < row.parts.size(); ++i) {
    const auto &p = row.parts[i];
    out += (i ? " + " : "") + p.name + " " + points(p.points) + " (" + p.detail + ")";
  }
  return out;
}

} // namespace provcheck::render
