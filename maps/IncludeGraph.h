// The DependencyMap of a tree, from a lexer-level scan of every C/C++ file: #include
// lines resolved like a compiler (quote includes from the including file's directory
// first, then the tree's include directories), transitive includedBy counts, and the
// fan-in of names declared at file scope in headers. Built with several threads and
// cached on disk by tree id ($XDG_CACHE_HOME/provcheck/deps-<treeid>.bin, see
// DependencyCache.h).
#pragma once

#include "analysis/Error.h"
#include "analysis/Images.h"
#include "maps/DependencyMap.h"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

struct DependencyOptions {
  int jobs = 0; // threads; 0 = one per hardware thread
  // Include directories relative to the tree root, searched in order after the
  // including file's own directory ("" is the root). Empty: the root, then every
  // directory named "include" in the tree (shorter paths first).
  std::vector<std::string> includeDirs;
  // A name no directory resolves is matched against the ends of the tree's paths
  // ("cpu.h" -> "target/arm/cpu.h") when exactly one file matches.
  bool uniqueSuffixFallback = true;
  // Where the cache lives: "" = $XDG_CACHE_HOME/provcheck (else $HOME/.cache/provcheck);
  // caching is off when `useCache` is false.
  std::string cacheDir;
  bool useCache = true;
  // Pruning after a map is stored: the `cacheKeep` most recently used maps stay, and none
  // unused for more than `cacheMaxAgeDays` days (a QEMU tree's map is about 1 MB).
  size_t cacheKeep = 8;
  int cacheMaxAgeDays = 30;
  // Told of a cache file that was corrupt (and rebuilt) or could not be written; may be
  // empty.
  std::function<void(const std::string &)> notice;
  // Called from the building thread as files are scanned (done, total); may be empty.
  std::function<void(size_t, size_t)> progress;
};

// Figures about a built map, for reports and for choosing thresholds.
struct DependencyStats {
  size_t files = 0;          // C/C++ files scanned
  size_t includes = 0;       // #include lines
  size_t resolved = 0;       // of which resolved to a file of the tree
  size_t symbols = 0;        // names declared at file scope in headers
  bool fromCache = false;
};

class IncludeGraph : public DependencyMap {
public:
  int includedBy(std::string_view header) const override;
  int symbolFanIn(std::string_view symbol) const override;
  std::vector<std::string> declaredIn(std::string_view symbol) const override;

  const DependencyStats &stats() const { return stats_; }
  // Every file included by at least one other, with its transitive includer count.
  const std::map<std::string, int, std::less<>> &includedByAll() const { return includedBy_; }
  // Every header-declared symbol used from at least one other file, with its fan-in.
  const std::map<std::string, int, std::less<>> &fanInAll() const { return fanIn_; }

  // Builds the map without the cache.
  static std::shared_ptr<IncludeGraph> build(const TreeView &tree, const DependencyOptions &);

  // The cache file: serialize() output read back by deserialize(), which checks the format
  // version, the key and the checksum, and reads every count strictly. Its Error gives the
  // line that is wrong; `stale`, when given, tells a sound file of another version or key
  // from a corrupt one.
  std::string serialize(const std::string &key) const;
  static Expected<std::shared_ptr<IncludeGraph>> deserialize(std::string_view data,
                                                             const std::string &key,
                                                             bool *stale = nullptr);

private:
  std::map<std::string, int, std::less<>> includedBy_;
  std::map<std::string, int, std::less<>> fanIn_;
  // Header-declared names -> indexes into declaringFiles_ of the files declaring them.
  std::map<std::string, std::vector<int>, std::less<>> declaredIn_;
  std::vector<std::string> declaringFiles_;
  DependencyStats stats_;
};

// The map of `tree`, from the cache when it holds one for the tree's id, else built and
// stored. Errors: an unreadable tree. A cache that cannot be written is not an error.
Expected<std::shared_ptr<const DependencyMap>> loadDependencyMap(const TreeView &tree,
                                                                 const DependencyOptions &);
// The same for a directory on disk (keyed by its path, file sizes and times).
Expected<std::shared_ptr<const DependencyMap>> loadDependencyMap(const std::string &directory,
                                                                 const DependencyOptions &);

// Where a tree's dependency data of one `kind` is cached ("deps": the map; "deps-state":
// what DependencyTracker follows a sequence of trees with), and the key the file must
// hold: the tree id and the options. `file` is empty when caching is off.
struct DependencyCacheFile {
  std::filesystem::path file;
  std::string key;
};
DependencyCacheFile dependencyCacheFile(const TreeView &tree, const DependencyOptions &opts,
                                        std::string_view kind);

// A read-only TreeView of a directory on disk.
std::shared_ptr<const TreeView> directoryTreeView(const std::string &directory);

} // namespace provcheck
