// A precompiled header of a translation unit's first include, shared by every image
// parsed with the same flags. Nearly every QEMU source file opens with
// `#include "qemu/osdep.h"` (glib, libc and the host's headers: about 40% of a parse's
// time), and every header parsed after its includer's includes gets it forced in
// first; a file's own preamble serves that file alone, and most files of a history are
// touched once. So the first include is compiled once per set of flags, kept in the
// PreambleCache, and given to each parse as `-include-pch`: the image's own #include of
// the header is then skipped by its include guard. An entry is used only when every
// file it read is the same in the image's tree, when the header is guarded (or #pragma
// once) and compiled without an error, and when the image's first #include finds that
// same header; otherwise the image is parsed without it. Private to analysis/clang.
#pragma once

#include "analysis/clang/Parse.h"

#include <llvm/ADT/IntrusiveRefCntPtr.h>
#include <llvm/Support/VirtualFileSystem.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class CompilerInvocation;
class PCHContainerOperations;
class PPCallbacks;
class Preprocessor;
} // namespace clang

namespace provcheck::clangmap {

// Where the shared header and its precompiled form appear to a parse.
inline constexpr const char *kSharedHeaderPath = "/provcheck-prelude/shared-first-include.h";
inline constexpr const char *kSharedPchPath = "/provcheck-prelude/shared-first-include.pch";

struct SharedPch {
  std::string key;    // in the PreambleCache (sharedPchKey)
  std::string header; // absolute path of the header it stands for
  std::string bytes;  // the precompiled header; empty when the header cannot be shared
  struct Input {      // a file the compile read, as the file system showed it
    std::string path;
    uint64_t size = 0;
    int64_t mtime = 0;
  };
  std::vector<Input> inputs;
};

// The job that compiles `job`'s shared first include: the job's flags without its
// forced includes, its language's header kind, on a header that includes
// job.sharedInclude alone.
ImageJob sharedPchJob(const ImageJob &job);

// The cache key of that compile (its directory, flags and header).
std::string sharedPchKey(const ImageJob &buildJob);

// Compiles the prepared shared header (`invocation` and `fs` made for sharedPchJob).
std::shared_ptr<SharedPch>
compileSharedPch(std::shared_ptr<clang::CompilerInvocation> invocation,
                 llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs,
                 std::shared_ptr<clang::PCHContainerOperations> pchOps, const std::string &header);

// Whether every file the shared header read is the same on `fs`.
bool sharedPchFits(const SharedPch &pch, llvm::vfs::FileSystem &fs);

// Makes `invocation` parse on the shared header (its first -include dropped when the
// header stands for it); the file system to give the compiler (`fs` with the
// precompiled header on top).
llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
useSharedPch(const SharedPch &pch, const ImageJob &job, clang::CompilerInvocation &invocation,
             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs);

// Records the file the main file's first #include found (`found`: its path, "" when
// none): an image that includes another header first cannot use the shared one.
std::unique_ptr<clang::PPCallbacks> recordFirstInclude(clang::Preprocessor &pp,
                                                       std::string &found);

} // namespace provcheck::clangmap
