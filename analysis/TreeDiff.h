// The paths that differ between two git trees, found by comparing entry ids: subtrees
// with equal ids are skipped without being read, so the unchanged part of a large tree
// costs nothing (libgit2's own tree diff descends into every subtree).
#pragma once

#include "analysis/Git.h"

#include <string>
#include <vector>

namespace provcheck {

// Appends to `out` every file path (under `prefix`) whose entry differs between `a` and
// `b`, or exists in only one of them; a name that is a file on one side and a directory
// on the other gives the file and every path under the directory. A null tree is an
// empty one. -1 when a subtree cannot be read (the libgit2 error is set).
int changedTreePaths(git_repository *repo, const git_tree *a, const git_tree *b,
                     const std::string &prefix, std::vector<std::string> &out);

} // namespace provcheck
