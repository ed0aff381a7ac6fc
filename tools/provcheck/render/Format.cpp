#include "tools/provcheck/render/Format.h"

#include <algorithm>
#include <cstdio>

namespace provcheck::render {

std::string points(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string esc(const std::string &s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
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

std::vector<const PatchRisk *> patchesByRisk(const RiskReport &report) {
  std::vector<const PatchRisk *> out;
  for (const auto &p : report.patches) out.push_back(&p);
  std::stable_sort(out.begin(), out.end(), [](const PatchRisk *a, const PatchRisk *b) {
    return a->risk.score > b->risk.score;
  });
  return out;
}

std::string riskWhy(const RiskScore &risk, size_t max) {
  std::vector<std::string> words;
  for (const FeatureScore *f : risk.raising(0.1, max)) words.push_back(f->words);
  return join(words, "; ");
}

} // namespace provcheck::render
