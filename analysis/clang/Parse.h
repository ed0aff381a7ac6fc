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

struct SharedPch;

struct DeclEntity {
  Entity entity;
  int parent = -1;       // index of the enclosing declaration in the same list
  int signatureEnd = 0;  // functions with a body: last line of the signature
  bool hasBody = false;
};

struct ParseOutput {
  bool parsed = false;        // the compiler ran (false: the invocation could not be made)
  bool usedPreamble = false;  // parsed on a precompiled preamble
  bool builtPreamble = false; // which it built first (and cached)
  bool usedShared = false;    // parsed on the shared precompiled first include
  bool builtShared = false;   // which it built first (and cached)
  // That shared first include, for the other parse processes (ParseWorkers).
  std::shared_ptr<const SharedPch> sharedBuilt;
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
  // The translation unit's first include (absolute), which a precompiled header shared
  // with the other images parsed with the same flags may stand for (SharedPreamble.h);
  // "" = none. `sharedForced`: it is the first -include of the flags, not the image's
  // first #include.
  std::string sharedInclude;
  bool sharedForced = false;
  // The disk's answers are kept for the jobs of the same epoch (DiskAnswers, in
  // TreeFileSystem.cpp); 0: for none.
  uint64_t diskEpoch = 0;
};

// Precompiled preambles kept for the images parsed later: by file, command and working
// directory, and the shared precompiled first includes (SharedPreamble.h) by flags and
// header; the least recently used dropped past a memory bound. An entry is used only
// when every header it read is the same in the image's tree. Safe to share between
// threads.
class PreambleCache {
public:
  explicit PreambleCache(size_t maxBytes);
  ~PreambleCache();
  PreambleCache(const PreambleCache &) = delete;
  PreambleCache &operator=(const PreambleCache &) = delete;
  struct Entry;
  std::shared_ptr<const Entry> find(const std::string &key);
  void insert(const std::string &key, std::shared_ptr<const Entry> entry);
  // A shared first include another process compiled (under its key).
  void insertShared(std::shared_ptr<const SharedPch> pch);
  // A new bound, applied at the next insert.
  void limit(size_t maxBytes);
  size_t bytes() const;
  size_t size() const;

private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whether two images open with the same preamble (the include block a precompiled
// preamble covers): the condition for the second to reuse the first's.
bool samePreambleRegion(const std::string &a, const std::string &b, Language lang);

// A frontend action run on an image (runOnImage).
struct ActionRun {
  bool ran = false;          // the compiler ran
  bool usedPreamble = false; // on a precompiled preamble of the cache
  bool usedShared = false;   // on a shared precompiled first include
  int errors = 0;            // errors and missing headers
  std::vector<std::string> problems; // as ParseOutput::problems
};

// Runs `action` on an image the way parseImage parses it (the job's flags, the tree's
// confined file system, a preamble of the cache when one fits, else, when `build` is
// set, one built first and kept in the cache), after `adjust` has changed the compiler
// invocation. In this process: unbounded.
ActionRun runOnImage(const ImageJob &job, PreambleCache *cache, bool build,
                     clang::FrontendAction &action,
                     const std::function<void(clang::CompilerInvocation &)> &adjust);

// Parses an image. With `cache`: on a preamble of the cache when one fits, else on the
// shared precompiled first include when the job names one (built first when the cache
// has none that fits), else, when `build` is set, on a preamble built first and kept in
// the cache, else without.
ParseOutput parseImage(const ImageJob &job, PreambleCache *cache, bool build);

} // namespace provcheck::clangmap
