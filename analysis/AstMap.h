// The AST map stage: for every changed C/C++ file of a patch, the entities each added and
// removed line touches (see analysis/Entities.h), from Clang parses of the post-image in
// the new tree and of the pre-image in the old tree. Plain types only: Clang stays in
// analysis/clang/*.cpp.
#pragma once

#include "analysis/Entities.h"
#include "analysis/Images.h"
#include "analysis/Patch.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

// Annotation macros that a project puts in front of declarations and that the fallback
// (no compilation database) defines as empty in a forced-include prelude, so that the
// declarations after them still parse. "NAME" defines an object-like macro, "NAME(...)"
// a function-like one. This is QEMU's list; a policy file may replace it.
inline const std::vector<std::string> &defaultAnnotationMacros() {
  static const std::vector<std::string> list = {
      "coroutine_fn", "coroutine_mixed_fn", "no_coroutine_fn",
      "G_GNUC_PRINTF(...)", "G_GNUC_SCANF(...)", "G_GNUC_UNUSED", "G_GNUC_WARN_UNUSED_RESULT",
      "G_GNUC_NULL_TERMINATED", "G_GNUC_MALLOC", "G_GNUC_CONST", "G_GNUC_PURE",
      "G_GNUC_DEPRECATED", "G_GNUC_NORETURN", "G_NORETURN", "G_GNUC_FORMAT(...)",
      "G_GNUC_ALLOC_SIZE(...)", "G_GNUC_ALLOC_SIZE2(...)",
      "QEMU_NORETURN", "QEMU_WARN_UNUSED_RESULT", "QEMU_PACKED", "QEMU_ALIGNED(...)",
      "QEMU_SENTINEL", "QEMU_FLATTEN", "QEMU_ALWAYS_INLINE", "QEMU_DISABLE_CFI",
      "QEMU_ERROR(...)", "QEMU_NONSTRING", "QEMU_UNUSED", "QEMU_MAY_ALIAS",
      "QEMU_COLD", "QEMU_WEAK", "G_GNUC_END_IGNORE_DEPRECATIONS",
      "G_GNUC_BEGIN_IGNORE_DEPRECATIONS", "GRAPH_RDLOCK", "GRAPH_WRLOCK",
      "GRAPH_RDLOCK_PTR", "GRAPH_WRLOCK_PTR", "GRAPH_UNLOCKED",
      "TSA_CAPABILITY(...)", "TSA_GUARDED_BY(...)", "TSA_PT_GUARDED_BY(...)",
      "TSA_REQUIRES(...)", "TSA_REQUIRES_SHARED(...)", "TSA_EXCLUDES(...)",
      "TSA_ACQUIRE(...)", "TSA_ACQUIRE_SHARED(...)", "TSA_RELEASE(...)",
      "TSA_RELEASE_SHARED(...)", "TSA_RELEASE_GENERIC(...)", "TSA_NO_TSA",
      "TSA_ASSERT(...)", "TSA_ASSERT_SHARED(...)", "TSA_TRY_ACQUIRE(...)",
      "TSA_TRY_ACQUIRE_SHARED(...)", "TSA_RETURN_CAPABILITY(...)"};
  return list;
}

// Bounds on one parse (see analysis/clang/ParseWorkers.h): a parse past them is stopped,
// and its image is degraded with the reason.
struct ParseLimits {
  int cpuSeconds = 60;                           // CPU time of one image's parse
  size_t memoryBytes = size_t{2} << 30;          // memory of one parse, beyond the caches
  size_t stackBytes = size_t{512} << 20;         // deep expressions recurse
  size_t preambleCacheBytes = size_t{512} << 20; // preambles kept by each parse process
  size_t resultCacheBytes = size_t{64} << 20;    // parse outputs kept for the same job in
                                                 // the same tree (a series' next pre-image)
};

struct AstOptions {
  std::string buildDir;    // directory holding compile_commands.json (-p); "" = search
  std::string repoRoot;    // absolute work-tree path: where the trees are mounted for the
                           // parser, where compile_commands.json is searched upward from
  std::string resourceDir; // clang's resource directory; "" = the one found at build time
  std::vector<std::string> annotationMacros = defaultAnnotationMacros();
  std::vector<std::string> fallbackIncludeDirs; // relative to the tree root, -I without a db
  int jobs = 1;            // files parsed in parallel
  int parseProcesses = 0;  // parse workers at once, for all threads of the run; 0: jobs
  // Keep precompiled preambles (the include block of a file, compiled) for the other
  // image of the file and for the later patches that parse it with the same command.
  bool preamble = true;
  // Keep a precompiled header of the translation unit's first include ("qemu/osdep.h")
  // for all the images parsed with the same flags, and parse on it where a file has no
  // preamble of its own (analysis/clang/SharedPreamble.h). Needs `preamble`.
  bool sharedPreamble = true;
  // Parse in worker processes under the limits (a crash, a loop or a memory blow-up of
  // Clang costs one image); false parses in this process, unbounded.
  bool isolate = true;
  ParseLimits limits;
  bool skipFunctionBodies = true; // parse declarations only; bodies located by their braces
  // Compile the changed functions of modified source files with a compilation database
  // entry to LLVM IR in both images (FileEntities::compiled).
  bool compiledCode = true;
  // An image larger than this is neither lexed nor parsed (the file is degraded, with the
  // reason): about twice QEMU's largest C file (a 3.2 MB generated .c.inc table).
  size_t maxImageBytes = size_t{8} << 20;
};

// The AST map of the patches of one run. What one patch learns serves the next: the
// compilation database and the #include lines of the files read are loaded once, and the
// precompiled preambles of the files parsed are kept (by file and command, checked
// against every header they read) in the parse workers, within a memory bound. Patches
// may be mapped from several threads at once.
class AstSession {
public:
  explicit AstSession(AstOptions options);
  ~AstSession();
  AstSession(const AstSession &) = delete;
  AstSession &operator=(const AstSession &) = delete;

  // One FileEntities per patch.files entry (parallel); non-C files get the path only.
  // Never fails: a file that cannot be parsed is lexed only, and marked degraded with why.
  std::vector<FileEntities> map(const Patch &, const PatchImages &);

  // What the parses of the session did so far.
  struct Stats {
    size_t parses = 0;          // images given to the compiler
    size_t preambleBuilds = 0;  // of which built a preamble (and parsed on it)
    size_t preambleReuses = 0;  // of which parsed on a preamble built before
    size_t sharedBuilds = 0;    // shared first includes compiled
    size_t sharedUses = 0;      // parses on a shared first include
    size_t resultReuses = 0;    // images not parsed again: the same job in the same
                                // tree gave its output before (not counted in parses)
  };
  Stats stats() const;

  struct State;

private:
  // Owned. In provcheck, which reaches Clang through its module (analysis/clang/Module.h),
  // the module's own session.
  State *state_ = nullptr;
};

// One patch in a session of its own.
std::vector<FileEntities> mapEntities(const Patch &, const PatchImages &, const AstOptions &);

// "function foo (body)", "struct S field x", "macro FOO", "#include <x.h>" for reports.
std::string describe(const Entity &, EntityPart);

// The one-line description of what a changed line touches: its innermost entity and
// the entities around it ("field x of struct S"), or "top level" when none.
std::string describe(const FileEntities &, const LineAttribution &);

// The forced-include prelude of the fallback, defining each annotation macro as empty.
std::string annotationPrelude(const std::vector<std::string> &macros);

} // namespace provcheck
