// include-only: hunks whose changed code lines are all #include lines, in a file where
// every #include added is also removed (includes moved or dropped, none brought in).
#include "classify/detect/Detectors.h"

#include <map>
#include <optional>

namespace provcheck {
namespace {

// The target of an #include line ("<a/b.h>" or "\"x.h\""), or nullopt.
std::optional<std::string> includeTarget(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos || line[i] != '#') return std::nullopt;
  i = line.find_first_not_of(" \t", i + 1);
  if (i == std::string_view::npos || line.substr(i, 7) != "include") return std::nullopt;
  i = line.find_first_not_of(" \t", i + 7);
  if (i == std::string_view::npos) return std::nullopt;
  char close = line[i] == '<' ? '>' : line[i] == '"' ? '"' : 0;
  if (!close) return std::nullopt;
  size_t end = line.find(close, i + 1);
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(line.substr(i, end - i + 1));
}

} // namespace

void detectIncludeOnly(DetectContext &ctx) {
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate || !ff.cFamily) continue;
    const FileChange &file = ctx.patch.files[f];
    std::map<std::string, int> balance; // removed minus added, per target
    std::vector<size_t> includeHunks;
    for (size_t h = 0; h < file.hunks.size(); ++h) {
      const Hunk &hunk = file.hunks[h];
      const HunkFacts &hf = ff.hunks[h];
      bool onlyIncludes = true, any = false;
      for (size_t i = 0; i < hunk.lines.size(); ++i) {
        const DiffLine &l = hunk.lines[i];
        if (l.kind == LineKind::Context) continue;
        auto target = includeTarget(l.text);
        if (target) {
          balance[*target] += l.kind == LineKind::Removed ? 1 : -1;
          any = true;
        } else if (!hf.blank[i] && !hf.commentOnly[i]) {
          onlyIncludes = false;
        }
      }
      if (onlyIncludes && any && !ctx.claimed(f, h)) includeHunks.push_back(h);
    }
    std::vector<std::string> dropped;
    bool added = false;
    for (const auto &[target, n] : balance) {
      if (n < 0) added = true;
      if (n > 0) dropped.push_back(target);
    }
    if (added || includeHunks.empty()) continue;
    std::string detail = "#include lines reordered";
    if (!dropped.empty()) {
      detail = "#include lines moved or dropped (dropped:";
      for (const std::string &d : dropped) detail += " " + d;
      detail += ")";
    }
    for (size_t h : includeHunks) ctx.claims[f][h] = Mechanical{{"include-only", detail}, false};
  }
}

} // namespace provcheck
