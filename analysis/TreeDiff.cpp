#include "analysis/TreeDiff.h"

#include <algorithm>
#include <string_view>

namespace provcheck {

namespace {

// Adds to `out` the path of `entry` (at `prefix`), or of every file under it when it is
// a tree.
int entryPaths(git_repository *repo, const git_tree_entry *entry, const std::string &prefix,
               std::vector<std::string> &out) {
  std::string path = prefix + git_tree_entry_name(entry);
  if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) {
    out.push_back(std::move(path));
    return 0;
  }
  git_tree *raw = nullptr;
  if (git_tree_lookup(&raw, repo, git_tree_entry_id(entry)) != 0) return -1;
  git::Tree tree(raw);
  path += '/';
  for (size_t i = 0, n = git_tree_entrycount(raw); i < n; ++i)
    if (entryPaths(repo, git_tree_entry_byindex(raw, i), path, out) != 0) return -1;
  return 0;
}

// Git's order of tree entries: by name, a tree's name read as if it ended with '/'.
int compareEntries(const git_tree_entry *a, const git_tree_entry *b) {
  std::string_view na = git_tree_entry_name(a), nb = git_tree_entry_name(b);
  size_t n = std::min(na.size(), nb.size());
  if (int c = na.substr(0, n).compare(nb.substr(0, n))) return c;
  auto next = [n](std::string_view name, const git_tree_entry *e) -> unsigned char {
    if (n < name.size()) return name[n];
    return git_tree_entry_type(e) == GIT_OBJECT_TREE ? '/' : '\0';
  };
  return int(next(na, a)) - int(next(nb, b));
}

} // namespace

int changedTreePaths(git_repository *repo, const git_tree *a, const git_tree *b,
                     const std::string &prefix, std::vector<std::string> &out) {
  size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
  while (i < na || j < nb) {
    const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : nullptr;
    const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : nullptr;
    int c = !ea ? 1 : !eb ? -1 : compareEntries(ea, eb);
    if (c < 0 || c > 0) {
      if (entryPaths(repo, c < 0 ? ea : eb, prefix, out) != 0) return -1;
      (c < 0 ? i : j)++;
      continue;
    }
    ++i, ++j;
    if (git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
        git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
      continue;
    if (git_tree_entry_type(ea) == GIT_OBJECT_TREE) { // both trees: equal keys
      git_tree *subA = nullptr, *subB = nullptr;
      if (git_tree_lookup(&subA, repo, git_tree_entry_id(ea)) != 0) return -1;
      git::Tree ownA(subA);
      if (git_tree_lookup(&subB, repo, git_tree_entry_id(eb)) != 0) return -1;
      git::Tree ownB(subB);
      if (changedTreePaths(repo, subA, subB, prefix + git_tree_entry_name(ea) + "/", out) != 0)
        return -1;
      continue;
    }
    if (entryPaths(repo, ea, prefix, out) != 0) return -1; // a file changed: one path
  }
  return 0;
}

} // namespace provcheck
