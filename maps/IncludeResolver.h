// #include lines resolved to files of a tree, like a compiler: a quote include from the
// including file's directory first, then the include directories in order (by default
// the root, then every directory named "include", shorter paths first); a name none of
// them resolves may match the end of exactly one path of the tree ("cpu.h" ->
// "target/arm/cpu.h"), like the -I a build adds. Paths can be added and removed, so that
// one resolver follows a sequence of trees.
#pragma once

#include "maps/IncludeGraph.h"
#include "maps/SourceScan.h"

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace provcheck {

// "a/b/../c/./d.h" -> "a/c/d.h"; "" when it climbs above the root.
std::string normalizePath(std::string_view path);
// The last component of a path ("d.h" of "a/c/d.h").
std::string_view baseName(std::string_view path);

class IncludeResolver {
public:
  explicit IncludeResolver(const DependencyOptions &);

  // A file of the tree, known by `id` in resolve()'s answers.
  void addPath(const std::string &path, int id);
  void removePath(const std::string &path);
  // True once after the default include directories changed (a directory named
  // "include" appeared or went away): every include may resolve differently.
  bool takeDirectoriesChanged();

  // The id of the file `inc` of `includer` names, or -1.
  int resolve(std::string_view includer, const IncludeDirective &inc) const;

private:
  int lookup(const std::string &path) const;
  const std::vector<std::string> &directories() const;

  bool fallback_;
  bool fixedDirs_;
  std::unordered_map<std::string, int> ids_;
  std::unordered_map<std::string, std::vector<std::pair<int, std::string>>> byBase_;
  std::map<std::string, int> includeDirs_; // directory named "include" -> paths under it
  mutable std::vector<std::string> dirs_;  // search order, rebuilt when stale
  mutable bool dirsStale_ = true;
  bool dirsChanged_ = false;
};

} // namespace provcheck
