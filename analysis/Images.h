// The pre-image and post-image trees of a patch, read-only, without touching the user's
// work tree or index: for a commit, its first parent's tree and its own; for a patch
// from mail, its base tree (see PatchBase) and that tree with the patch applied in
// memory. The AST map builds its virtual file system on these; the maps (MAINTAINERS,
// dependencies, policy) are read from the pre-image tree.
#pragma once

#include "analysis/Error.h"
#include "analysis/Patch.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

enum class TreeEntryKind { File, Directory, Link };

// One entry of a directory of a tree.
struct TreeEntry {
  std::string name;
  TreeEntryKind kind = TreeEntryKind::File;
  // Names the contents (a file's bytes, a directory's entries, a link's target): equal
  // keys mean equal contents, in any tree. A git object id, or a hash of the contents.
  std::string key;
  bool operator==(const TreeEntry &) const = default;
};

// One revision of the tree. Implementations are safe to read from several threads.
class TreeView {
public:
  virtual ~TreeView() = default;
  // The contents of a file, or nullopt when the path is not a file of this tree.
  virtual std::optional<std::string> read(std::string_view path) const = 0;
  virtual bool isFile(std::string_view path) const = 0;
  virtual bool isDirectory(std::string_view path) const = 0;
  // Entries directly under a directory ("" is the root): names, directories with '/'.
  virtual std::vector<std::string> list(std::string_view dir) const = 0;
  // A stable id of the tree (a git tree id, or a hash of base id + patch), for caches.
  virtual std::string id() const = 0;
  // The entries directly under `dir` ("" is the root), with their kind and key, in the
  // order of list(). The contents of a symbolic link (read()) are its target. This
  // default knows no links and keys entries by hashes of their contents, reading all
  // that lies below `dir` (for small trees); git trees give object ids.
  virtual std::vector<TreeEntry> entries(std::string_view dir) const;
  // The key of the file at `path` (see TreeEntry), or nullopt when it is none.
  virtual std::optional<std::string> fileKey(std::string_view path) const;
};

// Where a patch's pre-image comes from and how it was found: the step that gave it, and
// what each step tried before it said.
struct PatchBase {
  enum class From {
    None,       // no pre-image: nothing it applies to
    Parent,     // a commit: its first parent
    BaseCommit, // a mail's "base-commit:" line
    IndexLines, // the pre-image blobs named by the diff's "index" lines
    Head,       // applied to HEAD without fuzz
  };
  From from = From::None;
  std::string commit;     // full id of the commit the pre-image tree starts from, or ""
  int seriesBelow = 0;    // earlier patches of its series applied on `commit` first
  std::vector<std::string> blobPaths; // paths whose pre-image is an index line's blob
                                      // laid over `commit`'s tree
  int behindHead = -1;    // first-parent commits from HEAD to `commit`, -1 when not searched
  bool exact = false;     // every pre-image is the author's: its blob id is the index line's
  std::string summary;    // "1a2b3c4d5e6f + patch 1 (from index lines: ...)"
  std::vector<std::string> steps; // the steps tried before, each with why it failed
};
const char *toString(PatchBase::From);

struct PatchImages {
  std::shared_ptr<const TreeView> oldTree; // null when unknown (no repository, no base)
  std::shared_ptr<const TreeView> newTree; // null when the patch does not apply
  std::string problem; // why a tree is missing ("patch does not apply to base X: ..."), or ""
  PatchBase base;
};

} // namespace provcheck
