#include "tools/provcheck/render/ReportText.h"

#include "tools/provcheck/render/Format.h"

#include "classify/risk/Features.h"

#include <algorithm>

namespace provcheck::render {

namespace {

// Display width of UTF-8 text: one column per code point.
size_t width(const std::string &s) {
  return size_t(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string pad(const std::string &s, size_t w, bool right = false) {
  size_t n = width(s);
  if (n >= w) return s;
  return right ? std::string(w - n, ' ') + s : s + std::string(w - n, ' ');
}

std::string historyLine(const RiskReport &r) {
  if (!r.history) return "history not read";
  return "history: " + countOf(r.history->walked, "commit", "commits") + " from " +
         r.history->from;
}

} // namespace

std::string reportText(const RiskReport &r) {
  std::string out = "Risk report: " + std::to_string(r.patchCount) +
                    (r.patchCount == 1 ? " patch, " : " patches, ") +
                    std::to_string(r.rows.size()) + (r.rows.size() == 1 ? " file" : " files");
  if (!r.policy.empty()) out += ", policy " + r.policy;
  out += ", " + historyLine(r) + "\n";
  out += "RISK: the chance in percent that a later commit fixes the change (Fixes:)\n\n";

  std::vector<std::vector<std::string>> table = {
      {"RISK", "FILE", "CATEGORY", "LINES", "CORE", "AI", "RECENT", "VERDICT", "SECTIONS"}};
  for (const auto &row : r.rows)
    table.push_back({points(row.score()), row.path, toString(row.category),
                     lineDelta(row.lines), yesNo(row.core), yesNo(row.aiAssisted),
                     recentText(row), toString(row.verdict), sectionsLine(row.sections)});
  std::vector<size_t> w(table.front().size(), 0);
  for (const auto &t : table)
    for (size_t i = 0; i < t.size(); ++i) w[i] = std::max(w[i], width(t[i]));
  for (const auto &t : table) {
    std::string line;
    for (size_t i = 0; i < t.size(); ++i) {
      bool last = i + 1 == t.size();
      line += (i ? "  " : "") + (last ? t[i] : pad(t[i], w[i], i == 0));
    }
    out += line + "\n";
  }

  if (!r.rows.empty())
    out += "\nFiles (a typical change scores " + points(r.rows.front().risk.base) + "):\n";
  for (const auto &row : r.rows) {
    out += "  " + row.path + "  " + points(row.score()) + "\n";
    if (risky(row.risk)) out += "      why       " + riskWhy(row.risk) + "\n";
    if (!row.entities.empty()) out += "      entities  " + join(row.entities) + "\n";
    for (const auto &why : row.coreWhy)
      out += "      core      " + why.rule + (why.detail.empty() ? "" : ": " + why.detail) +
             "\n";
    for (const auto &s : row.sections) {
      out += "      section   " + s.name + (s.status.empty() ? "" : " (" + s.status + ")");
      if (!s.maintainers.empty()) out += ": " + joinPeople(s.maintainers);
      out += "\n";
    }
  }

  if (!r.patches.empty()) out += "\nPatches:\n";
  std::vector<const PatchRisk *> patches = patchesByRisk(r);
  for (const PatchRisk *p : patches) {
    out += "  " + pad(points(p->risk.score), 5, true) + "  " + p->ref.id + "  " +
           lineDelta(p->lines) + "  " + p->ref.subject + "\n";
    if (risky(p->risk)) out += "         why  " + riskWhy(p->risk) + "\n";
  }

  if (!r.categories.empty()) {
    out += "\nBy category:\n";
    for (const auto &c : r.categories)
      out += "  " + pad(toString(c.category), 10) + " " + pad(std::to_string(c.files), 3, true) +
             (c.files == 1 ? " file " : " files") + "  " + pad(lineDelta(c.lines), 11) +
             "  highest risk " + points(c.score) + "\n";
  }

  if (!r.findings.empty()) out += "\nFindings:\n";
  for (const auto &f : r.findings) {
    out += "  " + f.where() + ": " + toString(f.severity) +
           ": " + f.message + " [" + f.rule + (f.clause.empty() ? "" : ", " + f.clause) + "]";
    if (f.satisfied) out += " (agreed: " + f.satisfiedBy + ")";
    out += " (" + f.patch + ")\n";
  }
  for (const auto &s : r.skipped)
    out += "skipped: " + (s.id.empty() ? s.origin.name : s.id) + " " + s.subject + ": " +
           s.reason + "\n";
  for (const auto &n : r.notices) out += "notice: " + n + "\n";
  return out;
}

} // namespace provcheck::render
