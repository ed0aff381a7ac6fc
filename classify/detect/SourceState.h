// What a C or C++ file's text is at the start of each line, from one pass of a small
// scanner (comments, strings, character literals, line splices, directives; no
// preprocessing): inside a block comment or not, inside a directive continued from the
// line above or not, the brace depth, and the conditional directives (#if, #ifdef, #else,
// ...) that enclose the line. Detectors read it to lex a hunk from the state it really
// starts in, and to tell a file-scope definition from statements of a function body.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

struct LineState {
  bool inComment = false;   // inside a block comment opened on an earlier line
  bool inDirective = false; // a directive goes on into this line (splice, or a comment)
  int depth = 0;            // braces open at the line's start (0: file scope)
  // The enclosing conditional directives, outermost first, each with the branch taken
  // ("ifdef CONFIG_GBM", "else of if defined(X)"); include guards left out. Empty at
  // file scope outside any conditional.
  std::string conditions;
};

// The state at the start of every line of `text` (index 0 is line 1), plus one entry for
// the position after the last line. Braces of the second and later branches of a
// conditional are counted as the first branch left them, as a compiler takes one branch.
std::vector<LineState> lineStates(std::string_view text);

} // namespace provcheck
