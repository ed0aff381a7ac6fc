// The on-disk cache of dependency maps: one file per tree (and options), written
// atomically, checked when read, and pruned so that old trees do not pile up.
#pragma once

#include "analysis/Error.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace provcheck {

// The format line of the dependency caches' files.
inline constexpr std::string_view kDependencyCacheFormat = "provcheck-deps 3";

// The next line of `text` from `pos` (without its '\n'); false at the end or when the
// last line has no '\n'. Cache files are read line by line with it.
bool nextLine(std::string_view text, size_t &pos, std::string_view &line);

// `data` framed for the cache: a format line ("<kind> <version>", by default the
// dependency caches'), `key`, a SHA-1 of the rest, then `data`.
std::string sealCache(std::string_view data, const std::string &key,
                      std::string_view format = kDependencyCacheFormat);

// The data sealCache framed, or why it cannot be used: Error::line is the line of the
// file that is wrong; `stale` is set when the file is sound but of another format version
// or another key (replaced without a word), left unset when it is corrupt.
Expected<std::string_view> unsealCache(std::string_view file, const std::string &key,
                                       bool &stale,
                                       std::string_view format = kDependencyCacheFormat);

// Writes `data` to `file` through a unique temporary file in the same directory
// (mkstemp), every write checked, then renamed over `file` in one step: a reader sees the
// old file or the whole new one, never a part. Nothing is left behind on failure.
// `durable`: synced to the disk before the rename (a file whose loss or truncation by a
// crash its reader would not notice needs it).
Status writeFileAtomically(const std::filesystem::path &file, std::string_view data,
                           bool durable = true);

// The whole of a file (a cache file, a file of a directory tree), read with one open and as few reads as its size needs;
// nullopt when it cannot be read. `markUsed`: its modification time is set to now (pruning
// keeps the most recently used files).
std::optional<std::string> readWholeFile(const std::filesystem::path &file, bool markUsed);

// Removes from `dir` the cache files ("<prefix>*.bin", by default the dependency maps')
// beyond the `keep` most recently used ones and those unused for more than `maxAgeDays`
// days, and temporary files of writers that died ("<prefix>*.tmp*") older than a day.
// `current` is never removed. Returns how many files were removed.
size_t pruneCache(const std::filesystem::path &dir, const std::filesystem::path &current,
                  size_t keep, int maxAgeDays, std::string_view prefix = "deps-");

// The directory the caches live in: $XDG_CACHE_HOME/provcheck, else
// $HOME/.cache/provcheck; "" when neither is set.
std::filesystem::path defaultCacheDirectory();

} // namespace provcheck
