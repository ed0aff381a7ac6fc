// interpreter-line: the "#!" line of a script removed together with the file's executable
// bit, or added together with it. The interpreter line only acts when the file is run
// directly, which the executable bit allows: for the language it is a comment, so the
// pair (line, bit) changes how the file is started, never what its code does. Dropping
// a stale "#!" from a module that is only imported is the usual case.
#include "classify/detect/Detectors.h"

#include <cstdint>
#include <cstdio>

namespace provcheck {
namespace {

constexpr uint32_t kExecutable = 0111;

bool executable(uint32_t mode) { return (mode & kExecutable) != 0; }

bool isInterpreterLine(const DiffLine &l) {
  if (!l.text.starts_with("#!")) return false;
  return l.kind == LineKind::Removed ? l.oldLine == 1 : l.kind == LineKind::Added && l.newLine == 1;
}

} // namespace

void detectInterpreterLine(DetectContext &ctx) {
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    const FileChange &file = ctx.patch.files[f];
    if (!ff.candidate || file.oldMode == 0 || file.newMode == 0) continue;
    bool cleared = executable(file.oldMode) && !executable(file.newMode);
    bool set = !executable(file.oldMode) && executable(file.newMode);
    if (!cleared && !set) continue;
    for (size_t h = 0; h < file.hunks.size(); ++h) {
      if (ctx.claimed(f, h)) continue;
      const Hunk &hunk = file.hunks[h];
      bool only = true, any = false;
      for (size_t i = 0; i < hunk.lines.size() && only; ++i) {
        const DiffLine &l = hunk.lines[i];
        if (l.kind == LineKind::Context || ff.hunks[h].blank[i]) continue;
        // Dropped with the bit cleared, added with the bit set.
        only = isInterpreterLine(l) && (l.kind == LineKind::Removed ? cleared : set);
        any = true;
      }
      if (!only || !any) continue;
      char modes[32];
      std::snprintf(modes, sizeof modes, "%o -> %o", file.oldMode, file.newMode);
      std::string detail = std::string(cleared ? "interpreter line dropped with the executable bit ("
                                               : "interpreter line added with the executable bit (") +
                           modes + ")";
      ctx.claims[f][h] = Mechanical{{"interpreter-line", detail}, false};
    }
  }
}

} // namespace provcheck
