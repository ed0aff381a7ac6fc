// TreeView implementations: a git tree of a repository, and a tree with some of its files
// replaced in memory (an overlay: a patch applied, blobs named by a mail's index lines).
// Nothing is ever written: not the work tree, the index nor .git/objects.
#pragma once

#include "analysis/Error.h"
#include "analysis/Git.h"
#include "analysis/Images.h"
#include "analysis/Patch.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace provcheck {

// The tree of `rev` (a commit, tag or tree), or null when it does not name one.
// `repo` must outlive the view.
std::shared_ptr<const TreeView> treeViewAt(git_repository *repo, const std::string &rev);

// One path of an overlay: new contents, a deletion, or a file whose contents are unknown
// (a binary patch without its blob).
struct OverlayFile {
  enum class State { Text, Deleted, Unknown } state = State::Text;
  std::string text;
};
using Overlay = std::map<std::string, OverlayFile, std::less<>>;

// `base` with the paths of `overlay` replaced, added or deleted. An overlay of an overlay
// is flattened onto the tree below, so that chains of patches stay one level deep.
std::shared_ptr<const TreeView> overlayTree(std::shared_ptr<const TreeView> base,
                                            Overlay overlay);

// The paths whose files may differ between two trees of one repository: those whose git
// entries differ, and every path that either tree overlays. nullopt when the two cannot
// be compared (not trees of this kind, or of another repository).
std::optional<std::vector<std::string>> changedPaths(const TreeView &from, const TreeView &to);

// The pre- and post-image of a commit: its first parent's tree and its own tree
// (oldTree null for a root commit). An Error only when the repository cannot be read.
// `lazy`: the trees are looked up when first read (for callers that read few of them).
Expected<PatchImages> commitImages(const Patch &patch, git_repository *repo, bool lazy = false);

} // namespace provcheck
