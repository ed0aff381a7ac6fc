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
};

struct ImageEntities {
  std::vector<Entity> entities;
  std::vector<EntityExtent> extents; // parallel to entities
};

// `parse` is null when the image was only lexed.
ImageEntities buildEntities(const LexedImage &lexed, const ParseOutput *parse);

// The innermost entity containing `line`, the part of it, and the entities around it.
LineAttribution attribute(const ImageEntities &image, int line);

} // namespace provcheck::clangmap
