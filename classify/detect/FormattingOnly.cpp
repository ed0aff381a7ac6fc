// formatting-only: each whole side of the hunk (context lines included) is the same token
// stream, comments aside, with the directive markers (a line moved across "#endif" or
// out of a "#define" body changes the program) and string and character literals byte
// for byte: only whitespace, line breaks and blank lines differ. In C-family files a
// comma right before '}' (the optional trailing comma of an initialiser or enumerator
// list) does not count either, nor braces added around (or removed from) the single
// statement of an if, else, for or while (StatementBraces.cpp).
// Outside C-family files only languages whose line ends and blank lines carry no meaning
// outside string literals are judged (Python, shell, Perl, Meson, QAPI schemas), and only
// blank lines and trailing whitespace may change (never after a line's final '\', where
// "\ " and a line splice differ).
#include "classify/detect/Detectors.h"

#include <array>

namespace provcheck {
namespace {

// Languages whose blank lines and trailing whitespace are layout outside strings.
bool layoutFreeLines(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (base == "meson.build" || base == "meson_options.txt" || base == "configure") return true;
  static constexpr std::array<std::string_view, 5> exts = {".py", ".sh", ".pl", ".build", ".json"};
  for (std::string_view e : exts)
    if (base.ends_with(e)) return true;
  return false;
}

// The non-blank lines of one whole side, trailing whitespace dropped unless the line
// ends with '\'.
std::vector<std::string_view> layoutLines(const Hunk &hunk, LineKind changed) {
  std::vector<std::string_view> out;
  for (const DiffLine &l : hunk.lines) {
    if (l.kind != LineKind::Context && l.kind != changed) continue;
    std::string_view t = l.text;
    size_t e = t.find_last_not_of(" \t\r");
    if (e == std::string_view::npos) continue;
    out.push_back(t[e] == '\\' ? t : t.substr(0, e + 1));
  }
  return out;
}

// The whole side's token texts without the commas that close a brace list ("a, }" is
// "a }").
std::vector<std::string_view> withoutTrailingCommas(const std::vector<HunkToken> &changed,
                                                    const std::vector<HunkToken> &context,
                                                    bool &dropped) {
  std::vector<SideToken> side = sideStream(changed, context);
  std::vector<std::string_view> out;
  for (size_t k = 0; k < side.size(); ++k) {
    if (side[k].token->text == "," && k + 1 < side.size() && side[k + 1].token->text == "}") {
      dropped = dropped || side[k].changed;
      continue;
    }
    out.push_back(side[k].token->text);
  }
  return out;
}

} // namespace

void detectFormattingOnly(DetectContext &ctx) {
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate) continue;
    const FileChange &file = ctx.patch.files[f];
    bool layoutFree = !ff.cFamily && layoutFreeLines(file.path());
    for (size_t h = 0; h < ff.hunks.size(); ++h) {
      if (ctx.claimed(f, h)) continue;
      const HunkFacts &hf = ff.hunks[h];
      const Hunk &hunk = file.hunks[h];
      if (!ff.cFamily) {
        if (layoutFree && layoutLines(hunk, LineKind::Removed) == layoutLines(hunk, LineKind::Added))
          ctx.claims[f][h] = Mechanical{
              {"formatting-only", "only blank lines and trailing whitespace change"}, false};
        continue;
      }
      bool same = sameSides(hf), commas = false;
      if (!same)
        same = withoutTrailingCommas(hf.oldCode, hf.oldContext, commas) ==
               withoutTrailingCommas(hf.newCode, hf.newContext, commas);
      bool braces = !same && onlyStatementBraces(hf);
      if (!same && !braces) {
        if (hf.hasCodeChange() && sameTokens(hf.oldCode, hf.newCode))
          ctx.refuse(f, h, "formatting-only", "the changed lines move among the hunk's other lines");
        continue;
      }
      std::string detail = braces ? "whole-hunk token streams identical but for braces around single statements (layout only)"
                           : commas ? "whole-hunk token streams identical but for trailing commas before '}' (layout only)"
                                    : "whole-hunk token streams identical (whitespace and layout only)";
      ctx.claims[f][h] = Mechanical{{"formatting-only", detail}, false};
    }
  }
}

} // namespace provcheck
