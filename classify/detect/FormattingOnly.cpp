// formatting-only: the token streams of old and new, comments aside, are identical
// (whitespace, line breaks, blank lines). Outside C-family files, where whitespace may
// be syntax, only blank lines and trailing whitespace count as formatting.
#include "classify/detect/Detectors.h"

namespace provcheck {
namespace {

std::vector<std::string> strippedLines(const Hunk &hunk, LineKind kind) {
  std::vector<std::string> out;
  for (const DiffLine &l : hunk.lines) {
    if (l.kind != kind) continue;
    size_t e = l.text.find_last_not_of(" \t\r");
    if (e == std::string::npos) continue;
    out.push_back(l.text.substr(0, e + 1));
  }
  return out;
}

} // namespace

void detectFormattingOnly(DetectContext &ctx) {
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate) continue;
    const FileChange &file = ctx.patch.files[f];
    for (size_t h = 0; h < ff.hunks.size(); ++h) {
      if (ctx.claimed(f, h)) continue;
      const HunkFacts &hf = ff.hunks[h];
      const Hunk &hunk = file.hunks[h];
      bool same = ff.cFamily ? sameTokens(hf.oldCode, hf.newCode)
                             : strippedLines(hunk, LineKind::Removed) ==
                                   strippedLines(hunk, LineKind::Added);
      if (!same) continue;
      std::string detail = ff.cFamily ? "token streams identical (whitespace and layout only)"
                                      : "only blank lines and trailing whitespace change";
      ctx.claims[f][h] = Mechanical{{"formatting-only", detail}, false};
    }
  }
}

} // namespace provcheck
