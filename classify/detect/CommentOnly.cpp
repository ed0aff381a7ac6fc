// comment-only: the code tokens of old and new are identical and the comments differ.
// Documentation (licence headers, doc comments): the category is docs, and the reason
// says the change is also mechanical.
#include "classify/detect/Detectors.h"

namespace provcheck {
namespace {

bool commentsDiffer(const Hunk &hunk, const HunkFacts &f, bool cFamily) {
  if (f.oldComments.size() != f.newComments.size()) return true;
  for (size_t i = 0; i < f.oldComments.size(); ++i)
    if (collapseSpace(f.oldComments[i]) != collapseSpace(f.newComments[i])) return true;
  if (!cFamily) {
    for (size_t i = 0; i < hunk.lines.size(); ++i)
      if (hunk.lines[i].kind != LineKind::Context && f.commentOnly[i]) return true;
  }
  return false;
}

} // namespace

void detectCommentOnly(DetectContext &ctx) {
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate) continue;
    const FileChange &file = ctx.patch.files[f];
    for (size_t h = 0; h < ff.hunks.size(); ++h) {
      const HunkFacts &hf = ff.hunks[h];
      if (ctx.claimed(f, h) || !sameTokens(hf.oldCode, hf.newCode)) continue;
      if (!commentsDiffer(file.hunks[h], hf, ff.cFamily)) continue;
      ctx.claims[f][h] = Mechanical{
          {"comment-only", "only comments change (documentation; mechanical for the code)"},
          true};
    }
  }
}

} // namespace provcheck
