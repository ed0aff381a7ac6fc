// The dependency map of a sequence of trees, each close to the one before it (the bases of
// consecutive commits, a series applied patch after patch): the first tree is scanned
// whole, each next one by rescanning only the files that changed, and transitive include
// counts are recomputed only for the files an include edge change can reach. Every
// version stays readable, and answers exactly as a full scan of its tree would.
//
// Symbol fan-in is a sum over files: a file counts for a name it uses unless it defines
// it (a header declaring it, another file defining it), and the name counts only while
// some header declares it. Both sums are kept per name, so a changed file moves them by
// its own old and new scans; so is the set of files defining each name.
#pragma once

#include "analysis/Images.h"
#include "maps/DependencyMap.h"
#include "maps/IncludeGraph.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace provcheck {

class DependencyTracker {
public:
  // Version 0: a full scan of `tree`, on opts.jobs threads.
  explicit DependencyTracker(const TreeView &tree, const DependencyOptions &opts);
  // The same, from the cache of the tree's state when it holds one; else scanned, and
  // the state stored for the next run ("deps-state-<tree id>.bin" beside the maps, sealed,
  // written and pruned like them: DependencyCache.h).
  static std::unique_ptr<DependencyTracker> open(const TreeView &tree,
                                                 const DependencyOptions &opts);
  ~DependencyTracker();
  DependencyTracker(const DependencyTracker &) = delete;
  DependencyTracker &operator=(const DependencyTracker &) = delete;

  // The next version: `to`, reached from the current tree `from` by the files at `changed`
  // (paths whose contents or existence may differ; unchanged ones cost a comparison).
  void advance(const TreeView &from, const TreeView &to, const std::vector<std::string> &changed);
  // One version per step, in order, each step's `from` being the tree before it. The
  // files of many steps are read and scanned together on opts.jobs threads, each file
  // version once (by the trees' keys of their contents).
  struct Step {
    const TreeView *from;
    const TreeView *to;
    const std::vector<std::string> *changed;
  };
  void advance(const std::vector<Step> &steps);
  int version() const;
  // Lets go of what only the versions before `v` need: their maps must not be read
  // afterwards. A long sequence then keeps the memory of its recent versions.
  void forgetBefore(int v);
  // How many bytes of the changed files' last two scans are kept, the most recently
  // changed first (default kDefaultScanBytes): the before of their next change, and the
  // version a range with merged branches goes back to. Less keeps less memory; a file
  // changed again after its scans were let go of is scanned again.
  static constexpr size_t kDefaultScanBytes = size_t(8) << 20;
  void keepScans(size_t bytes);
  // About how many file versions advance() scans together (default kDefaultBatchFiles):
  // a batch of steps ends once its scans reach it, and holds them until its steps are
  // applied. One step's files are scanned together whatever their number.
  static constexpr size_t kDefaultBatchFiles = 256;
  void scanAtOnce(size_t files);

  // Ends the use of the scan cache (ScanCache::close) before the tracker is destroyed, or
  // kept to the end of the process instead.
  void closeCaches();

  // The map of version `v`. It shares the tracker's history and may outlive it, but is
  // read only while no advance() runs.
  std::shared_ptr<const DependencyMap> mapAt(int v) const;

  // Every non-zero answer of version `v`, as IncludeGraph holds them.
  std::map<std::string, int, std::less<>> includedByAll(int v) const;
  std::map<std::string, int, std::less<>> fanInAll(int v) const;
  // Every name a header declares in version `v`, with the files declaring or defining it
  // (DependencyMap::declaredIn).
  std::map<std::string, std::vector<std::string>, std::less<>> declaredInAll(int v) const;
  // Figures of the current version.
  const DependencyStats &stats() const;
  // How much the tracker holds: its tables' sizes (what keeps them bounded is tested).
  struct Footprint {
    size_t paths = 0;       // file ids: every path seen (ids are not reused)
    size_t names = 0;       // declared names kept for their text
    size_t symbols = 0;     // names with a use, a definition or a declaration
    size_t targets = 0;     // include base names indexed
    size_t recent = 0;      // files' last scans kept
    size_t recentBytes = 0; // and the bytes they hold
    size_t largestBatch = 0; // the most file versions advance() scanned together
    size_t scanned = 0;      // the file versions advance() scanned (or read from the cache)
    size_t answers = 0;     // keys with an answer (include counts, fan-in, declarers)
    size_t changes = 0;     // answers' versions kept, all keys
  };
  Footprint footprint() const;

private:
  DependencyTracker();
  std::string serialize(const std::string &key) const;
  // `stale`: the file is sound but of another version or key.
  bool deserialize(std::string_view file, const std::string &key, bool &stale);

  struct State;
  std::unique_ptr<State> state_;
};

} // namespace provcheck
