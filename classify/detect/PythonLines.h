// Python source cut into logical lines of tokens: what the Python-move proof reads. The
// lexer knows strings (prefixes, triple quotes, escapes), comments, brackets and
// backslash continuations; it does not parse. Text it cannot lex (a string or a bracket
// left open) gives nothing, and nothing is proven.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

struct PyToken {
  enum class Kind { Name, Number, String, Op } kind = Kind::Op;
  std::string text;  // a string token keeps its prefix and quotes
  int line = 0;      // physical line, 1-based
  bool fstring = false;
};

struct PyLine {
  int first = 0, last = 0; // physical lines, 1-based
  int indent = 0;          // column of the first token (a tab counts to the next multiple of 8)
  std::vector<PyToken> tokens;
};

std::optional<std::vector<PyLine>> pythonLines(std::string_view text);

// A top-level `def` or `class` block: the logical line at column 0 and every logical line
// after it up to the next one at column 0.
struct PyBlock {
  size_t firstLine = 0, lastLine = 0; // indexes into the logical lines, inclusive
  int first = 0, last = 0;            // physical lines, 1-based, inclusive
  bool def = false;                   // a function (else a class)
  std::string name;
};
std::vector<PyBlock> topLevelBlocks(const std::vector<PyLine> &lines);

struct DetectContext;
// Why moving the function `block` of patch file `from` (its pre-image `fromLines`) into
// file `to` (`toOld`, `toNew`) may change what the program does, or "" when it cannot
// (classify/detect/PythonMoveChecks.cpp).
std::string pythonMoveRefusal(const DetectContext &ctx, size_t from, size_t to,
                              const std::vector<PyLine> &fromLines, const PyBlock &block,
                              const std::vector<PyLine> &toOld, const std::vector<PyLine> &toNew);

} // namespace provcheck
