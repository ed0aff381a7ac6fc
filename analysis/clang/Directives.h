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

// Regions of lines, answering "does one of them hold this line" in O(log n). They may
// nest or overlap; listing those that hold a line is quick when they do not.
class RegionIndex {
public:
  explicit RegionIndex(std::vector<LineRange> regions);
  // Whether a region holds the line as the preprocessor skips it: from the directive that
  // starts skipping up to, not including, the one that ends it.
  bool covers(int line) const;
  // Calls fn(region) for each region with begin <= line <= end.
  template <class Fn> void forEachHolding(int line, Fn &&fn) const {
    for (size_t i = lastStartingBy(line); i-- > 0 && maxEnd_[i] >= line;)
      if (regions_[i].end >= line) fn(regions_[i]);
  }

private:
  // The number of regions that begin at or before `line`.
  size_t lastStartingBy(int line) const;
  std::vector<LineRange> regions_; // by begin
  std::vector<int> maxEnd_;        // the largest end among regions_[0..i]
};

} // namespace provcheck::clangmap
