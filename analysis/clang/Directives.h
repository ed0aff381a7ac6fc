// What the raw lexer alone says about an image: preprocessor directives (macros,
// includes, conditional branches), comment-only line runs, and the regions a literal
// `#if 0` leaves out. Needs no compile flags and no headers; the parse adds the rest.
#pragma once

#include "analysis/Entities.h"
#include "analysis/Tokens.h"

#include <string>
#include <string_view>
#include <vector>

namespace provcheck::clangmap {

// Lines [begin, end] of a region the preprocessor skips: begin is the line of the
// directive that starts skipping, end the line of the one that ends it.
struct LineRange {
  int begin = 0, end = 0;
  bool operator==(const LineRange &) const = default;
};

struct LexedImage {
  // Macro, Include, Conditional (one per branch) and TopLevel (other directives).
  std::vector<Entity> directives;
  // Runs of consecutive lines that hold comments and nothing else.
  std::vector<LineRange> comments;
  // Regions left out by a literal `#if 0` (what is known without a parse).
  std::vector<LineRange> ifZero;
  // Functions and records written in conditional branches, found by their shape
  // (`name(...) {`, `struct name {`); marked inactive where the branch is.
  std::vector<Entity> shapedDecls;
  // The include guard (`#ifndef X` / `#define X` ... `#endif` around the whole file): the
  // index of its conditional in `directives` and the macro, or -1 and "".
  int guard = -1;
  std::string guardMacro;
};

LexedImage lexImage(std::string_view text, Language lang);

// Marks as inactive each entity whose first line lies in a skipped region.
void markInactive(std::vector<Entity> &entities, const std::vector<LineRange> &skipped);
bool inSkipped(int line, const std::vector<LineRange> &skipped);

} // namespace provcheck::clangmap
