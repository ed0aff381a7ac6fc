#include "tools/provcheck/render/Text.h"

#include "tools/provcheck/render/Entities.h"
#include "tools/provcheck/render/JsonModel.h"
#include "tools/provcheck/render/Names.h"

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace provcheck::render {

namespace {

using Row = std::vector<std::string>;

// Left-aligned columns, two spaces apart; numeric columns (`right`) right-aligned.
void printTable(std::ostream &os, const std::string &indent, const std::vector<Row> &rows,
                const std::vector<bool> &right) {
  std::vector<size_t> width;
  for (const Row &r : rows)
    for (size_t c = 0; c < r.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], r[c].size());
    }
  for (const Row &r : rows) {
    std::string line = indent;
    for (size_t c = 0; c < r.size(); ++c) {
      bool last = c + 1 == r.size();
      std::string pad(width[c] - r[c].size(), ' ');
      bool alignRight = c < right.size() && right[c];
      line += alignRight ? pad + r[c] : (last ? r[c] : r[c] + pad);
      if (!last) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    os << line << '\n';
  }
}

std::string join(const std::vector<std::string> &items, const char *sep) {
  std::string out;
  for (const std::string &s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string statusText(const FileChange &f) {
  std::string s = f.binary ? std::string("binary ") + toString(f.status) : toString(f.status);
  if (f.status == FileStatus::Renamed || f.status == FileStatus::Copied)
    s += " from " + f.oldPath;
  return s;
}

void printHeader(std::ostream &os, const PatchResult &r, size_t index, size_t total) {
  const Patch &p = r.patch;
  std::string id = p.shortId();
  os << '[' << index << '/' << total << "] " << (id.empty() ? "" : id + " ") << p.subject
     << '\n';
  if (p.origin.kind != Origin::Kind::Commit) {
    os << "  Source:   " << p.origin.name;
    if (p.origin.line > 0) os << ':' << p.origin.line;
    os << '\n';
  }
  if (!p.series.prefix.empty()) os << "  Mail:     [" << p.series.prefix << "]\n";
  // A commit's base is its parent; a mail's is found, and how is worth saying.
  if (p.origin.kind != Origin::Kind::Commit && !r.base.summary.empty()) {
    os << "  Base:     " << r.base.summary << '\n';
    for (const std::string &step : r.base.steps) os << "            " << step << '\n';
  }
  os << "  Author:   " << p.author.str() << '\n';
  os << "  Date:     " << isoDate(p.time, p.tzOffsetMinutes) << '\n';
  if (p.trailers.empty()) {
    os << "  Trailers: none\n";
  } else {
    for (size_t i = 0; i < p.trailers.size(); ++i)
      os << (i == 0 ? "  Trailers: " : "            ") << p.trailers[i].key << ": "
         << p.trailers[i].value << '\n';
  }
}

void printFiles(std::ostream &os, const PatchResult &r, const StagesRun &st) {
  std::vector<Row> rows;
  Row head = {"path", "status"};
  if (st.classify) head.push_back("category");
  head.insert(head.end(), {"+", "-"});
  if (st.owners) head.push_back("owners");
  rows.push_back(head);
  std::vector<bool> right(head.size(), false);
  size_t plus = st.classify ? 3 : 2;
  right[plus] = right[plus + 1] = true;
  for (size_t i = 0; i < r.patch.files.size(); ++i) {
    const FileChange &f = r.patch.files[i];
    Row row = {f.path(), statusText(f)};
    if (st.classify)
      row.push_back(i < r.classification.files.size()
                        ? toString(r.classification.files[i].category)
                        : "-");
    row.push_back(f.binary ? "-" : std::to_string(f.added()));
    row.push_back(f.binary ? "-" : std::to_string(f.removed()));
    if (st.owners) {
      std::vector<std::string> names;
      if (i < r.files.size())
        for (const OwningSection &s : r.files[i].owners) names.push_back(s.name);
      row.push_back(names.empty() ? "(none)" : join(names, "; "));
    }
    rows.push_back(std::move(row));
  }
  os << "  Files:\n";
  printTable(os, "    ", rows, right);
}

void printTotals(std::ostream &os, const PatchResult &r) {
  const PatchClass &c = r.classification;
  std::vector<std::string> parts;
  for (int i = 0; i < kCategoryCount; ++i) {
    const LineCounts &n = c.byCategory[i];
    if (n.added == 0 && n.removed == 0) continue;
    parts.push_back(std::string(toString(static_cast<Category>(i))) + " +" +
                    std::to_string(n.added) + " -" + std::to_string(n.removed));
  }
  os << "  Category: " << c.label() << '\n';
  os << "  Totals:   " << (parts.empty() ? "no changed lines" : join(parts, ", ")) << '\n';
  os << "  Small fix: " << c.smallFixLines << " line" << (c.smallFixLines == 1 ? "" : "s")
     << " of code\n";
  if (!c.tools.empty()) os << "  Tools named: " << join(c.tools, ", ") << '\n';
  for (const ToolClaim &t : c.toolClaims)
    os << "  Replayed: " << t.command << ": " << toString(t.status)
       << (t.detail.empty() ? "" : " (" + t.detail + ")") << '\n';
}

void printVerbose(std::ostream &os, const PatchResult &r, const StagesRun &st, size_t i) {
  const FileChange &f = r.patch.files[i];
  const FileClass *fc = st.classify && i < r.classification.files.size()
                            ? &r.classification.files[i]
                            : nullptr;
  const FileEntities *fe = st.entities && i < r.files.size() ? &r.files[i].entities : nullptr;
  for (size_t h = 0; h < f.hunks.size(); ++h) {
    os << "      " << hunkRange(f.hunks[h]);
    if (fc && h < fc->hunks.size()) {
      const HunkClass &hc = fc->hunks[h];
      os << ' ' << toString(hc.category) << (hc.commentOnly ? " (comment only)" : "");
      std::vector<std::string> reasons;
      for (const Reason &rs : hc.reasons)
        reasons.push_back(rs.detail.empty() ? rs.rule : rs.rule + ": " + rs.detail);
      if (!reasons.empty()) os << " [" << join(reasons, "; ") << ']';
    }
    os << '\n';
    if (fe)
      for (const std::string &label : hunkLabels(*fe, h)) os << "        " << label << '\n';
  }
  if (std::string label = fe ? compiledLabel(*fe) : ""; !label.empty())
    os << "      " << label << '\n';
}

void printEntities(std::ostream &os, const PatchResult &r, const StagesRun &st,
                   bool verbose) {
  bool any = false;
  for (size_t i = 0; i < r.patch.files.size(); ++i) {
    const FileEntities *fe = st.entities && i < r.files.size() ? &r.files[i].entities : nullptr;
    std::vector<std::string> labels = fe ? fileLabels(*fe) : std::vector<std::string>{};
    if (labels.empty() && !verbose) continue;
    if (!any) os << (st.entities ? "  Entities:\n" : "  Hunks:\n");
    any = true;
    os << "    " << r.patch.files[i].path();
    if (fe && fe->degraded) os << " [degraded]";
    os << '\n';
    if (verbose)
      printVerbose(os, r, st, i);
    else
      for (const std::string &label : labels) os << "      " << label << '\n';
  }
}

void printDegraded(std::ostream &os, const PatchResult &r, const StagesRun &st) {
  std::vector<std::string> lines;
  for (size_t i = 0; st.entities && i < r.files.size(); ++i) {
    const FileEntities &fe = r.files[i].entities;
    if (!fe.degraded) continue;
    std::string why = join(fe.degradedReasons, "; ");
    lines.push_back(r.patch.files[i].path() + (why.empty() ? "" : ": " + why));
  }
  for (size_t i = 0; st.classify && i < r.classification.files.size(); ++i) {
    const FileClass &fc = r.classification.files[i];
    if (fc.degraded && !(st.entities && i < r.files.size() && r.files[i].entities.degraded))
      lines.push_back(fc.path + ": " + join(fc.degradedReasons, "; "));
  }
  if (lines.empty()) return;
  os << "  Degraded:\n";
  for (const std::string &l : lines) os << "    " << l << '\n';
}

// A series' AI-assisted code lines under `title`: per file, then per entity of it.
void printCodeLines(std::ostream &os, const std::string &indent, const std::string &title,
                    const std::vector<CodeTally> &tallies) {
  if (tallies.empty()) return;
  os << indent << title << '\n';
  for (const CodeTally &t : tallies) {
    std::vector<std::string> parts;
    for (size_t i = 0; i < t.perPatch.size(); ++i)
      if (t.perPatch[i] > 0)
        parts.push_back(std::to_string(t.perPatch[i]) + " (patch " + std::to_string(i + 1) + ")");
    os << indent << (t.entity.empty() ? "  " + t.file : "    " + t.entity) << ": "
       << join(parts, " + ") << (parts.size() > 1 ? " = " + std::to_string(t.total()) : "")
       << '\n';
  }
}

// The cover letter: its subject, then its text (the message after the subject line).
void printCover(std::ostream &os, const Patch &cover) {
  os << "Cover letter: " << cover.subject << '\n';
  std::string_view text = cover.message;
  if (size_t nl = text.find('\n'); nl != std::string_view::npos) text.remove_prefix(nl + 1);
  else text = {};
  while (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    os << (line.empty() ? "" : "  ") << line << '\n';
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
}

void printVerdict(std::ostream &os, const Verdict &v, const std::string &indent) {
  os << indent << "Verdict:  " << toString(v.kind);
  if (!v.summary.empty()) os << " - " << v.summary;
  os << '\n';
  if (v.aiAssisted)
    os << indent << "AI use:   " << (v.aiUsedFor.empty() ? "declared" : join(v.aiUsedFor, ", "))
       << (v.assumed ? " (assumed, --assume-ai)" : "") << '\n';
  for (const Finding &f : v.findings) {
    os << indent << "  " << toString(f.severity) << ' ' << f.rule;
    if (!f.clause.empty()) os << " [" << f.clause << ']';
    os << ": " << f.message << '\n';
    for (const FindingLocation &l : f.locations) {
      os << indent << "      " << l.file;
      if (l.line > 0) os << ':' << l.line;
      if (!l.entities.empty()) os << ": " << join(l.entities, ", ");
      os << '\n';
    }
    if (!f.needAgreementFrom.empty()) {
      std::vector<std::string> who;
      for (const Person &p : f.needAgreementFrom) who.push_back(p.str());
      os << indent << "      agreement needed from: " << join(who, ", ");
      if (!f.sections.empty()) os << " (" << join(f.sections, "; ") << ')';
      os << '\n';
    }
    if (f.satisfied)
      os << indent << "      agreement: "
         << (f.satisfiedBy.empty() ? std::string("given") : f.satisfiedBy) << '\n';
  }
  printCodeLines(os, indent, "AI-assisted code lines, per patch:", v.codeLines);
  for (const EarlierVersion &e : v.earlierVersions) {
    std::string title =
        "AI-assisted code lines of v" + std::to_string(e.version) + " '" + e.title + "'";
    if (e.codeLines.empty()) os << indent << title << ": none\n";
    else printCodeLines(os, indent, title + ", per patch:", e.codeLines);
  }
}

} // namespace

void renderText(const RunResult &run, const TextOptions &opt, std::ostream &os) {
  if (!run.repository.empty()) os << "Repository: " << run.repository << '\n';
  if (run.stages.policy && !run.policy.empty()) os << "Policy:     " << run.policy << '\n';
  size_t count = 0;
  for (const SeriesResult &s : run.series) count += s.patches.size();
  os << "Patches:    " << count << '\n';
  for (const SeriesResult &s : run.series) {
    os << "\n== " << s.title << " (" << s.patches.size() << " patch"
       << (s.patches.size() == 1 ? "" : "es") << (s.version > 1 ? ", v" + std::to_string(s.version) : "")
       << (s.rfc ? ", RFC" : "") << ")\n";
    if (s.coverLetter) printCover(os, *s.coverLetter);
    for (size_t i = 0; i < s.patches.size(); ++i) {
      const PatchResult &r = s.patches[i];
      os << '\n';
      printHeader(os, r, i + 1, s.patches.size());
      printFiles(os, r, run.stages);
      if (run.stages.classify) printTotals(os, r);
      if (run.stages.policy) printVerdict(os, r.verdict, "  ");
      printEntities(os, r, run.stages, opt.verbose);
      printDegraded(os, r, run.stages);
    }
    if (run.stages.policy && s.patches.size() > 1) {
      os << "\nSeries verdict:\n";
      printVerdict(os, s.verdict, "  ");
    }
  }
  if (!run.skipped.empty()) {
    os << "\nSkipped:\n";
    for (const Skipped &k : run.skipped) {
      std::string id = k.id.substr(0, 12);
      std::string where = k.origin.name;
      if (k.origin.line > 0) where += ":" + std::to_string(k.origin.line);
      os << "  " << (id.empty() || k.error ? where : id) << (k.subject.empty() ? "" : " ")
         << k.subject << ": " << k.reason << '\n';
    }
  }
  if (!run.notices.empty()) {
    os << "\nNotices:\n";
    for (const std::string &n : run.notices) os << "  " << n << '\n';
  }
}

} // namespace provcheck::render
