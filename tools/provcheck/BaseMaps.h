// The maps each patch is judged with, read from the tree it applies to (its pre-image
// tree: a commit's parent, a mail's base with the series' earlier patches) and not from
// HEAD: the policy (.provcheck.toml, unless --policy names one), MAINTAINERS with its
// .mailmap, and the dependency map. The trees are taken in order, each close to the one
// before: a map is reused while the files it reads are unchanged (for MAINTAINERS, also
// whether the paths its patterns name are directories), and the dependency map follows
// the trees by the files that changed (maps/DependencyTracker.h). Patches with the same
// base tree share its maps.
#pragma once

#include "analysis/Error.h"
#include "analysis/Images.h"
#include "classify/Policy.h"
#include "maps/DependencyMap.h"
#include "maps/MailAddress.h"
#include "maps/OwnershipMap.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace provcheck {

struct PatchMaps {
  std::shared_ptr<const Policy> policy;
  // The sections owning each of the patch's paths (PatchTrees::paths), in its tree's
  // MAINTAINERS; empty when the tree has none. They are looked up as the tree's
  // ownership map is made, so that a batch holds no map of its own: a batch whose
  // patches each change MAINTAINERS would otherwise hold one map per patch (4 MB each
  // on QEMU).
  std::vector<std::vector<OwningSection>> owners;
  // The project-wide sections of its MAINTAINERS (OwnershipMap::projectSections), null
  // when the tree has none.
  std::shared_ptr<const std::vector<OwningSection>> projectSections;
  std::shared_ptr<const Mailmap> mailmap;     // null: no .mailmap, or one that does not parse
  std::shared_ptr<const DependencyMap> deps;  // null: the tree could not be scanned
};

struct BaseMapsOptions {
  std::string policy; // --policy (a name or a file), "" for the tree's .provcheck.toml
  int jobs = 0;       // threads scanning a tree
  // Called as a tree is scanned whole (done, total), from the scanning thread.
  std::function<void(size_t, size_t)> progress;
};

// A patch's trees: the one it applies to (its maps come from it) and the one it makes,
// when known (the tree another patch may apply to).
struct PatchTrees {
  std::shared_ptr<const TreeView> base;
  std::shared_ptr<const TreeView> result;
  int64_t baseTime = 0; // when the base was committed, to visit unrelated bases in time order
  std::vector<std::string> paths; // whose owners the patch asks: its files' paths
};

// The maps of the patches of a run, batch after batch in the order they are read. State
// is kept from one batch to the next (the policies, the last ownership maps, one
// dependency tracker), so that a range read a batch at a time costs what it would cost
// read whole, and the memory stays that of a few recent trees.
class BaseMaps {
public:
  // `fallback`: HEAD's tree, the maps of a patch with no base (may be null: then only the
  // policy is known).
  BaseMaps(std::shared_ptr<const TreeView> fallback, BaseMapsOptions options);
  ~BaseMaps();
  BaseMaps(const BaseMaps &) = delete;
  BaseMaps &operator=(const BaseMaps &) = delete;

  // One PatchMaps per patch of a batch. The trees are visited depth first along what
  // each patch makes, so that each step to the next tree is one patch's change (a range
  // with merged branches is not in that order), from the bases no patch makes in time
  // order; the first one is reached from the last tree of the batch before. The maps of
  // earlier batches must not be used any more. An Error for a policy file that does not
  // parse; anything else that is missing goes to `notices`, once.
  Expected<std::vector<PatchMaps>> next(const std::vector<PatchTrees> &patches,
                                        std::vector<std::string> &notices);
  // The policy of a tree alone (what the run uses when it has no patch).
  Expected<std::shared_ptr<const Policy>> policyOf(const TreeView *tree,
                                                   std::vector<std::string> &notices);
  // What MAINTAINERS' patterns could not match, of every ownership map used, once each,
  // as "MAINTAINERS:<line>: <message>"; call it at the end of the run.
  std::vector<std::string> matchProblems();
  // Ends the use of the caches on disk (what destroying does to them), for maps kept to
  // the end of the process instead of destroyed.
  void closeCaches();
  // How many ownership maps are held (the last few trees'; a bounded number, whatever
  // the batches).
  size_t ownershipMapsHeld() const;

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace provcheck
