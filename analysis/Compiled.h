// The compiled-code view of a changed C/C++ file: the functions and variables its hunks
// touch, compiled to LLVM IR in both images with the file's compilation database flags
// and written as canonical text, and which of them each hunk's changed lines lie in.
// Made beside the AST map (analysis/clang/CompiledCode.cpp); compared by
// analysis/CompiledCompare.h modulo the renames the tokens prove. Plain data.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace provcheck {

struct CompiledSymbol {
  std::string name;               // the symbol's name in the module (the C name)
  bool function = true;           // else a variable
  int beginLine = 0, endLine = 0; // its definition's lines in the image
  bool emitted = false;           // the compiler emitted it (an unused static one is not)
  // Canonical text: no value names, no metadata, types written out, string literals by
  // content; references to other symbols as "\x01name\x02".
  std::string code;
  std::string unsupported;        // why the text cannot be compared, or ""
};

struct CompiledImage {
  bool compiled = false; // compiled without errors
  std::string problem;   // why not
  std::vector<CompiledSymbol> symbols;
  std::vector<std::pair<int, int>> skipped; // lines the preprocessor left out (inclusive)
};

// The compiled symbols a hunk's changed code lines lie in (blank and comment lines
// aside), per side.
struct HunkCover {
  std::vector<std::string> oldSymbols, newSymbols;
  std::string outside; // why a changed code line lies in none of them ("" when all do)
};

struct CompiledFile {
  std::string skipped; // why the file was not compiled ("" when it was)
  CompiledImage oldImage, newImage;
  std::vector<HunkCover> hunks; // parallel to FileChange::hunks
  double compileSeconds = 0;    // compiling both images to IR
  double parseSeconds = 0;      // the AST map's own parses of the file, for comparison
};

} // namespace provcheck
