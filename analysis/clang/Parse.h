// One image parsed by Clang: the declarations written in it (with the lines of their
// parts), the regions the preprocessor skipped, and why the parse is incomplete. The
// two images of a file share a precompiled preamble when their include blocks and every
// header those read are the same. Private to analysis/clang.
#pragma once

#include "analysis/Entities.h"
#include "analysis/Images.h"
#include "analysis/clang/CompileFlags.h"
#include "analysis/clang/Directives.h"
#include "analysis/clang/TreeFileSystem.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class CompilerInvocation;
class FrontendAction;
} // namespace clang

namespace provcheck::clangmap {

struct DeclEntity {
  Entity entity;
  int parent = -1;       // index of the enclosing declaration in the same list
  int signatureEnd = 0;  // functions with a body: last line of the signature
  bool hasBody = false;
};

struct ParseOutput {
  bool parsed = false;        // the compiler ran (false: the invocation could not be made)
  bool usedPreamble = false;  // parsed on a precompiled preamble
  std::vector<DeclEntity> decls;
  std::vector<LineRange> skipped;    // regions the preprocessor left out, in this image
  // Lines of the conditional branches of this image whose outcome rests on a macro that
  // was not defined (and is not the compiler's `_x`): what a build configuration might
  // define. Without one, the branch is not known to be left out.
  std::vector<int> undefinedConditions;
  std::vector<std::string> problems; // reasons the result is degraded
};

struct ImageJob {
  std::shared_ptr<const TreeView> tree;
  std::string root;        // where the tree is mounted
  ExtraFiles extra;        // files outside any tree (the fallback prelude)
  CompileSetup setup;
  std::string mainPath;    // absolute path of the image (the last argument of setup.args)
  std::string contents;    // the image
  bool skipBodies = true;  // skip function bodies (their braces are found by the lexer)
};

// A precompiled preamble built while parsing one image, offered to the next.
class PreambleSlot;
struct PreambleSlotDeleter {
  void operator()(PreambleSlot *) const;
};
using PreambleSlotPtr = std::unique_ptr<PreambleSlot, PreambleSlotDeleter>;
PreambleSlotPtr makePreambleSlot();

// Whether two images open with the same preamble (the include block a precompiled
// preamble covers): the condition for the second to reuse the first's.
bool samePreambleRegion(const std::string &a, const std::string &b, Language lang);

// A frontend action run on an image (runOnImage).
struct ActionRun {
  bool ran = false;          // the compiler ran
  bool usedPreamble = false; // on the slot's precompiled preamble
  int errors = 0;            // errors and missing headers
  std::vector<std::string> problems; // as ParseOutput::problems
};

// Runs `action` on an image the way parseImage parses it (the job's flags, the tree's
// file system, the slot's preamble when it fits, never building one), after `adjust`
// has changed the compiler invocation.
ActionRun runOnImage(const ImageJob &job, PreambleSlot *slot, clang::FrontendAction &action,
                     const std::function<void(clang::CompilerInvocation &)> &adjust);

// Parses an image. With `slot`: when `build` is set, first builds a preamble into it and
// parses on it; otherwise parses on the slot's preamble when it fits, else without.
ParseOutput parseImage(const ImageJob &job, PreambleSlot *slot, bool build);

} // namespace provcheck::clangmap
