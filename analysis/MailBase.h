// The base of patches read from mail, found the way a maintainer finds it, each step
// tried in this order until the whole series applies:
//   1. the "base-commit:" line (git format-patch --base, b4), when the repository has it;
//   2. the blobs named by the diff's "index <old>..<new>" lines: when every pre-image
//      blob is in the repository, the newest commit whose tree holds them all, searched
//      first-parent from HEAD and bounded (as git am -3 and b4 do); when none holds them
//      all, the blobs laid over the commit that holds most;
//   3. HEAD, the patches applied without fuzz like `git apply` (a hunk may move);
//   4. nothing: the patch is degraded, with the reason.
// A series is a chain: patch N applies to the result of patches 1..N-1 on the base, in
// memory. A file whose pre-image blob is in the repository always starts from that blob,
// whatever the tree below it, so it is never analysed against another text.
#pragma once

#include "analysis/Git.h"
#include "analysis/Images.h"
#include "analysis/Patch.h"

#include <vector>

namespace provcheck {

struct BaseSearch {
  int depth = 2000; // first-parent commits from HEAD that step 2 reads at most
};

// The images of each patch of one series read from mail, in order, each with its base.
// Hunks that applied at an offset are moved to the lines they apply to, in `patches`.
// Never fails: what cannot be found is said in each PatchImages' base and problem.
std::vector<PatchImages> seriesImages(const std::vector<Patch *> &patches, git_repository *repo,
                                      const BaseSearch & = {});

// "1a2b3c4d5e6f (from the commit's parent)" and the rest of a commit's base.
PatchBase commitBase(const Patch &commit);

} // namespace provcheck
