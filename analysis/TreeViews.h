// TreeView implementations: a git tree of a repository, and a base tree with a patch
// applied by libgit2 in memory (objects go to an in-memory object database; the work
// tree, the index and .git/objects are never written).
#pragma once

#include "analysis/Error.h"
#include "analysis/Git.h"
#include "analysis/Images.h"
#include "analysis/Patch.h"

#include <memory>
#include <string>

namespace provcheck {

// The tree of `rev` (a commit, tag or tree), or null when it does not name one.
// `repo` must outlive the view.
std::shared_ptr<const TreeView> treeViewAt(git_repository *repo, const std::string &rev);

// The pre- and post-image of a patch. Commits: the parent's tree and the commit's tree.
// Mails and diffs: base-commit (when present and in the repository, else HEAD) and that
// tree with the patch applied; when it does not apply, newTree is null and `problem`
// says why. An Error only when the repository itself cannot be read. `lazy`: a commit's
// trees are looked up when first read (for callers that read few of them).
Expected<PatchImages> imagesFor(const Patch &patch, git_repository *repo, bool lazy = false);

} // namespace provcheck
