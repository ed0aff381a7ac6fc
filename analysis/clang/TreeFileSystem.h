// The file system a parse sees: one TreeView mounted at an absolute directory, a few
// extra files that exist in no tree (the fallback prelude), and below them the disk,
// which serves only the directories the compile command searches for headers (the
// compilation database's include directories, the compiler's system directories and
// resource directory) and the files it includes by name. Anything else, and a symbolic
// link of the tree that leads out of it, is refused: the parse sees no such file, and
// the refusal is reported. (That a directory exists is not hidden; what it holds is.)
// Private to analysis/clang.
#pragma once

#include "analysis/Images.h"

#include <llvm/ADT/IntrusiveRefCntPtr.h>
#include <llvm/Support/VirtualFileSystem.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace clang {
class CompilerInvocation;
}

namespace provcheck::clangmap {

// Files that exist in no tree (the fallback prelude): absolute path -> contents.
using ExtraFiles = std::map<std::string, std::string>;

// What may be read from the disk, and what was refused. Open until confine(): the
// compiler driver looks for its installation and the system headers first.
class DiskGate {
public:
  // `disk`: the file system that resolves real paths (the physical one when null).
  explicit DiskGate(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> disk = nullptr)
      : disk_(std::move(disk)) {}
  // From now on, the disk serves only these directories (and what lies below them) and
  // files; absolute paths, resolved through symbolic links.
  void confine(const std::vector<std::string> &dirs, const std::vector<std::string> &files);
  // Whether a path may be read. `canonical`: absolute, symbolic links resolved.
  bool allows(const std::string &canonical) const;
  // Records that `path` was refused, and why.
  void refuse(const std::string &path, const std::string &why);
  // "PATH: why" for each refusal, in order, each once.
  std::vector<std::string> refusals() const;

private:
  // `p` absolute, symbolic links resolved (as written when it does not exist).
  std::string canonical(const std::string &p) const;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> disk_;
  mutable std::mutex mutex_;
  bool confined_ = false;
  std::vector<std::string> dirs_; // canonical, no trailing slash
  std::set<std::string> files_;
  std::vector<std::string> refused_;
  std::set<std::string> refusedSet_;
};

struct MountedTree {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs;
  std::shared_ptr<DiskGate> disk;
};

// The tree at `root` (absolute, no trailing slash), `extra`, and the gated disk. Each call
// returns a new file system with its own working directory. The disk's answers are kept
// for the later file systems of the same `diskEpoch` (DiskAnswers, in the .cpp); 0: for
// none.
MountedTree makeTreeFileSystem(std::shared_ptr<const TreeView> tree, std::string root,
                               ExtraFiles extra, uint64_t diskEpoch = 0);

// Confines the disk to what `invocation` searches for headers and includes by name; its
// relative paths are taken in `directory` (the compile command's).
void confineToInvocation(DiskGate &gate, const clang::CompilerInvocation &invocation,
                         const std::string &directory);

} // namespace provcheck::clangmap
