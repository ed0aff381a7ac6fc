// The entities of one image (declarations from the parse, directives and comments from
// the lexer, shaped declarations in skipped code) and the attribution of a line to the
// innermost of them. Private to analysis/clang.
#pragma once

#include "analysis/Entities.h"
#include "analysis/clang/Directives.h"
#include "analysis/clang/Parse.h"

#include <vector>

namespace provcheck::clangmap {

struct EntityExtent {
  int parent = -1;               // enclosing declaration, -1 at top level
  int signatureEnd = 0;          // functions with a body
  bool hasBody = false;
  int commentBegin = 0, commentEnd = 0; // the comment attached right above, 0 = none
  bool guard = false; // an include guard: holds its own directive lines only
};

struct ImageEntities {
  std::vector<Entity> entities;
  std::vector<EntityExtent> extents; // parallel to entities
  // Regions the parse skipped on conditions that name configuration macros while the
  // configuration was not known (fallback flags): not claimed inactive, only unevaluated.
  std::vector<LineRange> unevaluated;
};

// `parse` is null when the image was only lexed. `configKnown`: the parse used the
// build's flags (a compilation database), so what it skipped is inactive for a fact.
ImageEntities buildEntities(const LexedImage &lexed, const ParseOutput *parse, bool configKnown);

// For each of `lines` (any order), the innermost entity containing it, the part of it,
// and the innermost kMaxEnclosing entities around it: one sweep over the lines, in
// O((lines + entities) log entities).
std::vector<LineAttribution> attribute(const ImageEntities &image, const std::vector<int> &lines);

} // namespace provcheck::clangmap
