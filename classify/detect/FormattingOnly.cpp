// formatting-only: the token streams of old and new, comments aside, are identical
// (whitespace, line breaks, blank lines); in C-family files a comma right before '}' (the
// optional trailing comma of an initialiser or enumerator list) does not count either,
// nor braces added around (or removed from) the single statement of an if, else, for or
// while (StatementBraces.cpp).
// Outside C-family files, where whitespace may be syntax, only blank lines and trailing
// whitespace count as formatting.
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

// The changed code tokens of one side without the commas that close a brace list
// ("a, }" is "a }"); the '}' may be on a context line.
std::vector<std::string> withoutTrailingCommas(const std::vector<HunkToken> &changed,
                                               const std::vector<HunkToken> &context, bool &dropped) {
  std::vector<SideToken> side = sideStream(changed, context);
  std::vector<std::string> out;
  for (size_t k = 0; k < side.size(); ++k) {
    if (!side[k].changed) continue;
    if (side[k].token->text == "," && k + 1 < side.size() && side[k + 1].token->text == "}") {
      dropped = true;
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
    for (size_t h = 0; h < ff.hunks.size(); ++h) {
      if (ctx.claimed(f, h)) continue;
      const HunkFacts &hf = ff.hunks[h];
      const Hunk &hunk = file.hunks[h];
      bool same = ff.cFamily ? sameTokens(hf.oldCode, hf.newCode)
                             : strippedLines(hunk, LineKind::Removed) ==
                                   strippedLines(hunk, LineKind::Added);
      bool commas = false;
      if (!same && ff.cFamily)
        same = withoutTrailingCommas(hf.oldCode, hf.oldContext, commas) ==
               withoutTrailingCommas(hf.newCode, hf.newContext, commas);
      bool braces = !same && ff.cFamily && onlyStatementBraces(hf);
      if (!same && !braces) continue;
      std::string detail = !ff.cFamily ? "only blank lines and trailing whitespace change"
                           : braces    ? "token streams identical but for braces around single statements (layout only)"
                           : commas    ? "token streams identical but for trailing commas before '}' (layout only)"
                                       : "token streams identical (whitespace and layout only)";
      ctx.claims[f][h] = Mechanical{{"formatting-only", detail}, false};
    }
  }
}

} // namespace provcheck
