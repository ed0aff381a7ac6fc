// comment-only: each whole side of the hunk (context lines included) holds the same code,
// and the comments on its changed lines differ. In C-family files the code is the token
// stream with its directive markers (a line moved across a context line, or into an
// "#if", is no comment edit); elsewhere, the lines that are neither blank nor '#'
// comments, compared byte for byte. Documentation (licence headers, doc comments): the
// category is docs, and the reason says the change is also mechanical.
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

// The code lines of one side of a hunk outside C: neither blank nor comment-only.
std::vector<std::string_view> codeLinesOf(const Hunk &hunk, const HunkFacts &f, LineKind changed) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < hunk.lines.size(); ++i) {
    const DiffLine &l = hunk.lines[i];
    if ((l.kind == LineKind::Context || l.kind == changed) && !f.blank[i] && !f.commentOnly[i])
      out.push_back(l.text);
  }
  return out;
}

} // namespace

void detectCommentOnly(DetectContext &ctx) {
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate) continue;
    const FileChange &file = ctx.patch.files[f];
    for (size_t h = 0; h < ff.hunks.size(); ++h) {
      const HunkFacts &hf = ff.hunks[h];
      const Hunk &hunk = file.hunks[h];
      if (ctx.claimed(f, h) || !commentsDiffer(hunk, hf, ff.cFamily)) continue;
      bool sameCode = ff.cFamily ? sameSides(hf)
                                 : codeLinesOf(hunk, hf, LineKind::Removed) ==
                                       codeLinesOf(hunk, hf, LineKind::Added);
      if (!sameCode) {
        if (!hf.hasCodeChange())
          ctx.refuse(f, h, "comment-only", "the comments change which lines are code");
        else if (sameTokens(hf.oldCode, hf.newCode))
          ctx.refuse(f, h, "comment-only", "the changed code moves among the hunk's other lines");
        continue;
      }
      ctx.claims[f][h] = Mechanical{
          {"comment-only", "only comments change; the code of the whole hunk is identical "
                           "(documentation; mechanical for the code)"},
          true};
    }
  }
}

} // namespace provcheck
