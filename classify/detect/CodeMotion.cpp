// moved: a block removed in one place and added verbatim (modulo whitespace) in another
// place, in the same file or another file of the patch. Lines are compared with all
// whitespace removed, in windows of up to three consecutive non-blank lines carrying at
// least 24 characters, so that braces and "return 0;" alone prove nothing.
#include "classify/detect/Detectors.h"

#include <cctype>
#include <unordered_map>

namespace provcheck {
namespace {

constexpr size_t kWindow = 3;
constexpr size_t kMinChars = 24;

struct LineRef {
  size_t file, hunk, index;
  std::string norm;
};
using Run = std::vector<LineRef>;

std::string normalize(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(c);
  return out;
}

std::vector<Run> runsOf(const DetectContext &ctx, LineKind kind) {
  std::vector<Run> runs;
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    if (!ctx.files[f].candidate) continue;
    const FileChange &file = ctx.patch.files[f];
    for (size_t h = 0; h < file.hunks.size(); ++h) {
      Run run;
      for (size_t i = 0; i < file.hunks[h].lines.size(); ++i) {
        const DiffLine &l = file.hunks[h].lines[i];
        if (l.kind != kind) {
          if (l.kind == LineKind::Context && !run.empty()) runs.push_back(std::move(run)), run = {};
          continue;
        }
        if (ctx.files[f].hunks[h].blank[i]) continue;
        run.push_back({f, h, i, normalize(l.text)});
      }
      if (!run.empty()) runs.push_back(std::move(run));
    }
  }
  return runs;
}

std::string windowKey(const Run &run, size_t start, size_t size, size_t &chars) {
  std::string key = std::to_string(size);
  chars = 0;
  for (size_t i = start; i < start + size; ++i) {
    key += '\n';
    key += run[i].norm;
    chars += run[i].norm.size();
  }
  return key;
}

using WindowIndex = std::unordered_map<std::string, const LineRef *>;

WindowIndex indexWindows(const std::vector<Run> &runs) {
  WindowIndex index;
  size_t chars = 0;
  for (const Run &run : runs)
    for (size_t size = 1; size <= kWindow; ++size)
      for (size_t s = 0; s + size <= run.size(); ++s)
        index.emplace(windowKey(run, s, size, chars), &run[s]);
  return index;
}

// Marks the lines of `runs` found in `other`, with the location they correspond to.
void markMoved(const DetectContext &ctx, const std::vector<Run> &runs, const WindowIndex &other,
               std::vector<std::vector<std::vector<std::string>>> &moved) {
  size_t chars = 0;
  for (const Run &run : runs) {
    size_t size = std::min(kWindow, run.size());
    for (size_t s = 0; s + size <= run.size(); ++s) {
      auto it = other.find(windowKey(run, s, size, chars));
      if (it == other.end() || chars < kMinChars) continue;
      const LineRef &o = *it->second;
      const FileChange &of = ctx.patch.files[o.file];
      std::string where = lineLocation(of, of.hunks[o.hunk].lines[o.index]);
      for (size_t i = s; i < s + size; ++i) {
        auto &slot = moved[run[i].file][run[i].hunk][run[i].index];
        if (slot.empty()) slot = where;
      }
    }
  }
}

} // namespace

void detectCodeMotion(DetectContext &ctx) {
  std::vector<Run> removed = runsOf(ctx, LineKind::Removed);
  std::vector<Run> added = runsOf(ctx, LineKind::Added);
  if (removed.empty() || added.empty()) return;
  // moved[file][hunk][line]: where the line's counterpart is, "" when not moved.
  std::vector<std::vector<std::vector<std::string>>> moved(ctx.files.size());
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileChange &file = ctx.patch.files[f];
    moved[f].resize(file.hunks.size());
    for (size_t h = 0; h < file.hunks.size(); ++h) moved[f][h].resize(file.hunks[h].lines.size());
  }
  markMoved(ctx, removed, indexWindows(added), moved);
  markMoved(ctx, added, indexWindows(removed), moved);
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    if (!ctx.files[f].candidate) continue;
    const FileChange &file = ctx.patch.files[f];
    for (size_t h = 0; h < file.hunks.size(); ++h) {
      if (ctx.claimed(f, h)) continue;
      const Hunk &hunk = file.hunks[h];
      std::string from, to;
      bool all = true, any = false;
      for (size_t i = 0; i < hunk.lines.size() && all; ++i) {
        if (hunk.lines[i].kind == LineKind::Context || ctx.files[f].hunks[h].blank[i]) continue;
        const std::string &where = moved[f][h][i];
        if (where.empty()) all = false;
        any = true;
        if (hunk.lines[i].kind == LineKind::Added && from.empty()) from = where;
        if (hunk.lines[i].kind == LineKind::Removed && to.empty()) to = where;
      }
      if (!all || !any) continue;
      std::string detail = !from.empty() ? "moved from " + from : "moved to " + to;
      ctx.claims[f][h] = Mechanical{{"moved", detail}, false};
    }
  }
}

} // namespace provcheck
