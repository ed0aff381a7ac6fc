// The on-disk cache of file scans (SourceScan.h), by the key of the file's contents (a
// git blob id): a tree seen for the first time, or a base far from the one before, is
// mapped from the scans of the versions of its files that any earlier run scanned,
// without reading those files.
//
// One file per scan, <dir>/scans/<2 hex digits>/<rest of the key>.bin, framed and checked
// like the dependency maps' cache (a format line, the key and the scanner's version, a
// SHA-1 of the data: DependencyCache.h), written through a temporary file and renamed. A
// scan that is corrupt, cut short, or of another format or scanner version is a miss and
// is written again.
#pragma once

#include "analysis/Error.h"
#include "maps/SourceScan.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace provcheck {

// A scan as the cache holds it, and back; parseScan reads strictly.
std::string serializeScan(const SourceScan &scan);
Expected<SourceScan> parseScan(std::string_view data);

class ScanCache {
public:
  // `dir` "": no cache. `keep`: how many scans pruning keeps (the most recently used), none
  // unused for more than `maxAgeDays` days.
  explicit ScanCache(std::filesystem::path dir, size_t keep = 65536, int maxAgeDays = 30);
  // Prunes the cache when it may hold more than keep + keep / 8 scans, or once a day when
  // this one stored something. Its stamp (<dir>/scans/pruned: "<stored since> <held>")
  // counts what the last pruning left and the scans every run stored since, so a cache
  // under its limit is not listed at every eighth of `keep` stored. One pruning removes
  // at most keep / 8 scans, the least recently used first: a run that stored many more
  // leaves the rest to the runs after it (which prune while the count is over the limit,
  // whether they stored or not), and never spends its end deleting tens of thousands.
  // The same as close().
  ~ScanCache();
  // What the destructor does, done now and once: a cache whose owner is kept to the end
  // of the process (releaseAtExit) still counts what it stored, and prunes.
  void close();
  ScanCache(const ScanCache &) = delete;
  ScanCache &operator=(const ScanCache &) = delete;

  bool enabled() const { return !dir_.empty(); }
  // Safe to call from several threads at once (each scan is a file of its own).
  std::optional<SourceScan> load(std::string_view contentKey) const;
  void store(std::string_view contentKey, const SourceScan &scan);
  size_t stored() const { return stored_; }

  // The file of a key; "" for a key that is not a hex object id.
  std::filesystem::path fileOf(std::string_view contentKey) const;
  // Removes the scans beyond the `keep` most recently used and those unused for
  // `maxAgeDays` (at most `most` of them, the least recently used first), and temporary
  // files older than a day; returns how many. `held`, if given, receives how many scans
  // are left.
  size_t prune(size_t most = SIZE_MAX, size_t *held = nullptr) const;

private:
  std::filesystem::path dir_;
  size_t keep_;
  int maxAgeDays_;
  std::atomic<size_t> stored_{0};
  bool closed_ = false;
};

} // namespace provcheck
