#include "tools/provcheck/render/Checkpatch.h"

#include <cctype>
#include <ostream>

namespace provcheck::render {

namespace {

struct Counts {
  int errors = 0, warnings = 0, checks = 0;
};

const char *level(const Finding &f) {
  if (f.satisfied) return "CHECK";
  switch (f.severity) {
  case Severity::Error: return "ERROR";
  case Severity::Warning: return "WARNING";
  case Severity::Info: return "CHECK";
  }
  return "CHECK";
}

void printFinding(const Finding &f, const CheckpatchOptions &opt, Counts &n, std::ostream &os) {
  std::string lv = level(f);
  (lv == "ERROR" ? n.errors : lv == "WARNING" ? n.warnings : n.checks)++;
  if (lv == "CHECK" && !opt.checks) return;
  if (!f.locations.empty())
    os << f.locations.front().file << ':'
       << (f.locations.front().line > 0 ? f.locations.front().line : 1) << ": ";
  os << lv << ':' << checkpatchType(f.rule) << ": " << f.message;
  if (f.satisfied) os << " (agreed: " << (f.satisfiedBy.empty() ? "given" : f.satisfiedBy) << ')';
  os << '\n';
}

int linesChecked(const Patch &p) {
  int n = 0;
  for (const FileChange &f : p.files)
    for (const Hunk &h : f.hunks) n += int(h.lines.size());
  return n;
}

void printTotal(const Counts &n, int lines, std::ostream &os) {
  os << "total: " << n.errors << " errors, " << n.warnings << " warnings, " << n.checks
     << " checks, " << lines << " lines checked\n";
}

} // namespace

std::string checkpatchType(const std::string &rule) {
  std::string out;
  for (char c : rule) out += c == '-' ? '_' : char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void renderCheckpatch(const RunResult &run, const CheckpatchOptions &opt, std::ostream &os) {
  size_t total = 0;
  for (const SeriesResult &s : run.series) total += s.patches.size();
  size_t index = 0;
  for (const SeriesResult &s : run.series) {
    int seriesLines = 0;
    for (const PatchResult &r : s.patches) {
      ++index;
      if (total > 1) {
        std::string id = r.patch.shortId();
        os << index << '/' << total << " Checking "
           << (id.empty() ? "patch " + r.patch.origin.name : "commit " + id) << " ("
           << r.patch.subject << ")\n";
      }
      Counts n;
      if (run.stages.policy)
        for (const Finding &f : r.verdict.findings) printFinding(f, opt, n, os);
      int lines = linesChecked(r.patch);
      seriesLines += lines;
      if (opt.summary) printTotal(n, lines, os);
      if (total > 1) os << '\n';
    }
    // The series' own findings: those no single patch has.
    if (!run.stages.policy || s.patches.size() < 2) continue;
    Counts n;
    bool any = false;
    for (const Finding &f : s.verdict.findings) {
      if (f.patchIndex >= 0) continue;
      if (!any) os << "Checking series (" << s.title << ")\n";
      any = true;
      printFinding(f, opt, n, os);
    }
    if (any && opt.summary) printTotal(n, seriesLines, os);
    if (any) os << '\n';
  }
}

} // namespace provcheck::render
