// The versions of the libraries provcheck was built with and of those it runs with
// (--version): a shared library may be newer or older than its headers were.
#pragma once

#include <string>
#include <vector>

namespace provcheck {

struct LibraryVersion {
  std::string name;   // "LLVM", "libgit2"
  std::string built;  // from the headers provcheck was compiled with
  std::string linked; // reported by the library loaded at run time
};

LibraryVersion llvmVersion();    // analysis/clang/Version.cpp
LibraryVersion libgit2Version(); // analysis/Git.cpp

// "LLVM 16.0.6, libgit2 1.5.1", each followed by " (1.7.0 at run time)" where the
// library loaded differs from the headers.
std::string describeVersions(const std::vector<LibraryVersion> &libraries);

} // namespace provcheck
