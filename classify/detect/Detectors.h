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
void detectHxDocSection(DetectContext &);   // hx-doc-section
void detectRename(DetectContext &);         // rename
void detectCodeMotion(DetectContext &);     // moved
void detectPythonMove(DetectContext &);     // python-moved
void detectInlineVariable(DetectContext &); // inline-variable
void detectNamedConstant(DetectContext &);  // named-constant
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
// Whether the whole old and new sides of a hunk (context and changed code, directive
// markers included) are the same token stream.
bool sameSides(const HunkFacts &);
std::string collapseSpace(std::string_view s);

// A file-scope item of a C or C++ file: a function definition up to its closing brace, a
// declaration or a type definition up to its ';', or one directive line. Statements of a
// function body belong to their function's item.
struct FileItem {
  size_t first = 0, last = 0; // token range [first, last] of the file's code tokens
  size_t body = 0;            // a function's body '{' (token index), when `function`
  int firstLine = 0, lastLine = 0;
  bool function = false;      // a function definition: a body right after ')'
  bool directive = false;
  bool invocation = false;    // starts as a macro invocation: "NAME(" at file scope
  std::string name;           // the name it declares, "" when none was found
};
std::vector<FileItem> fileItems(const std::vector<Token> &tokens);
// The item holding `line`, or null; `items` in line order, as fileItems() gives them.
const FileItem *itemAtLine(const std::vector<FileItem> &items, int line);

} // namespace provcheck
