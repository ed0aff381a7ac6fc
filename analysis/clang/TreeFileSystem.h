// An llvm::vfs::FileSystem that shows one TreeView mounted at an absolute directory,
// layered over the real file system (generated headers, system headers): a path the tree
// holds comes from the tree, anything else from the disk. Private to analysis/clang.
#pragma once

#include "analysis/Images.h"

#include <llvm/ADT/IntrusiveRefCntPtr.h>
#include <llvm/Support/VirtualFileSystem.h>

#include <map>
#include <memory>
#include <string>

namespace provcheck::clangmap {

// Files that exist in no tree (the fallback prelude): absolute path -> contents.
using ExtraFiles = std::map<std::string, std::string>;

// The tree at `root` (absolute, no trailing slash) plus `extra`, over the physical file
// system. Each call returns a new file system with its own working directory.
llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
makeTreeFileSystem(std::shared_ptr<const TreeView> tree, std::string root, ExtraFiles extra);

} // namespace provcheck::clangmap
