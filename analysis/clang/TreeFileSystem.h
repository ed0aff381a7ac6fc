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
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/VirtualFileSystem.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace clang {
class CompilerInvocation;
}

namespace provcheck::clangmap {

// Files that exist in no tree (the fallback prelude): absolute path -> contents.
using ExtraFiles = std::map<std::string, std::string>;

// What the disk answered the parses of one epoch (an AST session: the build directory
// and the system headers do not change while it runs): the status of each path asked,
// its real path, and the bytes of the files read, up to a bound. Each parse asks again
// for every directory of its search path, every header, and the real path of each file
// the gate admits: without these answers, a tenth of a history scan's parse time went
// to those system calls.
struct DiskAnswers {
  static constexpr uint64_t kMaxFileBytes = uint64_t{8} << 20; // larger files: read again
  static constexpr size_t kMaxBytes = size_t{256} << 20;       // then nothing more is kept
  std::mutex mutex;
  std::unordered_map<std::string, llvm::ErrorOr<llvm::vfs::Status>> status; // absolute paths
  std::unordered_map<std::string, std::pair<std::error_code, std::string>> real;
  std::unordered_map<std::string, std::shared_ptr<const llvm::MemoryBuffer>> contents;
  size_t contentBytes = 0;
};

struct MountedTree;

// What may be read from the disk, and what was refused. Open until confine(): the
// compiler driver looks for its installation and the system headers first.
class DiskGate {
public:
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
  friend MountedTree makeTreeFileSystem(std::shared_ptr<const TreeView>, std::string,
                                        ExtraFiles, uint64_t);
  // `p` absolute, symbolic links resolved (as written when it does not exist).
  std::string canonical(const std::string &p) const;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> disk_; // the disk it gates, or null
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
// for the later file systems of the same `diskEpoch` (DiskAnswers); 0: for none.
MountedTree makeTreeFileSystem(std::shared_ptr<const TreeView> tree, std::string root,
                               ExtraFiles extra, uint64_t diskEpoch = 0);

// Confines the disk to what `invocation` searches for headers and includes by name; its
// relative paths are taken in `directory` (the compile command's).
void confineToInvocation(DiskGate &gate, const clang::CompilerInvocation &invocation,
                         const std::string &directory);

} // namespace provcheck::clangmap
