#include "tools/provcheck/render/Markdown.h"

#include "tools/provcheck/render/Format.h"

#include "classify/risk/Features.h"

namespace provcheck::render {

namespace {

// Text safe inside a table cell or a list item.
std::string cell(const std::string &s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '\\' || c == '`' || c == '*' || c == '_' || c == '<' || c == '[' ||
        c == ']')
      out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string code(const std::string &s) {
  return s.find('`') == std::string::npos ? "`" + s + "`" : "``" + s + "``";
}

} // namespace

std::string reportMarkdown(const RiskReport &r) {
  std::string out = "## provcheck risk report\n\n";
  out += std::to_string(r.patchCount) + (r.patchCount == 1 ? " patch, " : " patches, ") +
         std::to_string(r.rows.size()) + (r.rows.size() == 1 ? " file" : " files");
  if (!r.policy.empty()) out += "; policy " + cell(r.policy);
  out += r.history ? "; history from " + code(r.history->from) + " (" +
                         countOf(r.history->walked, "commit", "commits") + ")"
                   : std::string("; history not read");
  out += ".\nRisk: the chance in percent that a later commit fixes the change";
  if (!r.rows.empty()) out += " (a typical change: " + points(r.rows.front().risk.base) + ")";
  out += ".\n\n";

  out += "| Risk | File | Category | Lines | Core | AI | Recent | Verdict | Sections |\n";
  out += "|---:|---|---|---:|:---:|:---:|---:|---|---|\n";
  for (const auto &row : r.rows)
    out += "| " + points(row.score()) + " | " + code(row.path) + " | " +
           toString(row.category) + " | " + lineDelta(row.lines) + " | " +
           yesNo(row.core) + " | " + yesNo(row.aiAssisted) + " | " + recentText(row) + " | " +
           toString(row.verdict) + " | " + cell(sectionsLine(row.sections)) + " |\n";

  out += "\n### Why\n\n";
  for (const auto &row : r.rows) {
    out += "- " + code(row.path) + " **" + points(row.score()) + "**";
    if (risky(row.risk)) out += ": " + cell(riskWhy(row.risk));
    out += "\n";
    if (!row.entities.empty()) {
      std::string e;
      for (const auto &x : row.entities) e += (e.empty() ? "" : ", ") + code(x);
      out += "  - entities: " + e + "\n";
    }
    for (const auto &s : row.sections)
      if (!s.maintainers.empty())
        out += "  - " + cell(s.name) + ": " + cell(joinPeople(s.maintainers)) + "\n";
  }

  if (!r.patches.empty()) out += "\n### Patches\n\n| Risk | Patch | Lines | Why |\n|---:|---|---:|---|\n";
  std::vector<const PatchRisk *> patches = patchesByRisk(r);
  for (const PatchRisk *p : patches)
    out += "| " + points(p->risk.score) + " | " + code(p->ref.id) + " " + cell(p->ref.subject) +
           " | " + lineDelta(p->lines) + " | " + (risky(p->risk) ? cell(riskWhy(p->risk)) : "") +
           " |\n";

  out += "\n### By category\n\n| Category | Files | Lines | Highest risk |\n|---|---:|---:|---:|\n";
  for (const auto &c : r.categories)
    out += std::string("| ") + toString(c.category) + " | " + std::to_string(c.files) +
           " | " + lineDelta(c.lines) + " | " + points(c.score) + " |\n";

  if (!r.findings.empty()) {
    out += "\n### Findings\n\n";
    for (const auto &f : r.findings) {
      out += "- **" + std::string(toString(f.severity)) + "** " +
             code(f.where()) + " " + cell(f.message) + " (" +
             code(f.rule) + (f.clause.empty() ? "" : ", clause " + code(f.clause)) + ", " +
             code(f.patch) + ")";
      if (f.satisfied) out += " — agreed: " + cell(f.satisfiedBy);
      out += "\n";
    }
  }
  if (!r.skipped.empty() || !r.notices.empty()) out += "\n### Notes\n\n";
  for (const auto &s : r.skipped)
    out += "- skipped " + code(s.id.empty() ? s.origin.name : s.id) + " " + cell(s.subject) +
           ": " + cell(s.reason) + "\n";
  for (const auto &n : r.notices) out += "- " + cell(n) + "\n";
  return out;
}

} // namespace provcheck::render
