// The mechanical-change detectors, one file each, run in the order of one explicit list.
// Each reads the patch-wide DetectContext and claims the hunks it proves mechanical
// (from tokens, never from the commit message); a hunk claimed once stays claimed.
#pragma once

#include "classify/detect/Facts.h"

#include <span>

namespace provcheck {

using DetectFn = void (*)(DetectContext &);

struct DetectorEntry {
  const char *id; // the rule id its reasons carry
  DetectFn run;
};

void detectCommentOnly(DetectContext &);    // comment-only
void detectFormattingOnly(DetectContext &); // formatting-only
void detectIncludeOnly(DetectContext &);    // include-only
void detectInterpreterLine(DetectContext &); // interpreter-line
void detectRename(DetectContext &);         // rename
void detectCodeMotion(DetectContext &);     // moved
void detectInlineVariable(DetectContext &); // inline-variable
void detectRepeatedEdit(DetectContext &);   // repeated-edit

// Most specific first.
std::span<const DetectorEntry> detectorRegistry();

// Helpers shared by the detectors.
struct SideToken {
  const HunkToken *token;
  bool changed; // on a removed (old side) or added (new side) line
};
// One side of a hunk, context and changed tokens in line order.
std::vector<SideToken> sideStream(const std::vector<HunkToken> &changed,
                                  const std::vector<HunkToken> &context);
// Whether old and new differ only by braces around the single statement of an if, else,
// for or while (added or removed).
bool onlyStatementBraces(const HunkFacts &);
bool sameTokens(const std::vector<HunkToken> &a, const std::vector<HunkToken> &b);
std::string collapseSpace(std::string_view s);

} // namespace provcheck
