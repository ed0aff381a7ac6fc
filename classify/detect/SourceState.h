// What a C or C++ file's text is at the start of each line, from one pass of a small
// scanner (comments, strings, character literals, line splices, directives; no
// preprocessing): inside a block comment or not, inside a directive continued from the
// line above or not, the brace depth, and the conditional directives (#if, #ifdef, #else,
// ...) that enclose the line. Detectors read it to lex a hunk from the state it really
// starts in, and to tell a file-scope definition from statements of a function body.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

struct LineState {
  bool inComment = false;   // inside a block comment opened on an earlier line
  bool inDirective = false; // a directive goes on into this line (splice, or a comment)
  int depth = 0;            // braces open at the line's start (0: file scope)
  int conditions = 0;       // index into SourceStates::conditions
};

struct SourceStates {
  std::vector<LineState> lines; // index 0 is line 1, plus one entry after the last line
  // The enclosing conditional directives, outermost first, each with the branch taken
  // ("ifdef CONFIG_GBM", "else of if defined(X)"); include guards left out. Entry 0 is
  // "": file scope outside any conditional.
  std::vector<std::string> conditions;
  // The conditions enclosing a 1-based line ("" outside the text).
  const std::string &conditionsAt(int line) const;
};

// The state at the start of every line of `text`, or of its first `lines` lines (the scan
// stops there). Braces of the second and later branches of a conditional are counted as
// the first branch left them, as a compiler takes one branch.
SourceStates lineStates(std::string_view text, int lines = std::numeric_limits<int>::max());

// Whether `text` ends inside a block comment (its "*/" is further on).
bool endsInComment(std::string_view text);

} // namespace provcheck
