// The on-disk cache of replays: what one quoted command did to the copies of the pre-image
// it ran on, by a digest of everything that decides it (the program and its installed
// version, its limits, every argument, the scripts it reads, the name and contents of
// every file in its scratch tree). A later run of the same commit, or of another commit
// quoting the same command on the same files, then runs nothing.
//
// One file per replay, "replay-<digest>.bin" in the dependency maps' cache directory,
// framed, written, checked and pruned like them (maps/DependencyCache.h). A file that is
// corrupt or of another version is a miss and is written again.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace provcheck::replay {

// What a command did: its files' contents after it ran (only those it changed), or why
// it failed (then it changed nothing); and the files it could not process.
struct ReplayRecord {
  std::string failure;
  std::string partial;
  std::map<std::string, std::string> changed;
};

class ReplayCache {
public:
  // `dir` "": no cache (nothing is read or written).
  explicit ReplayCache(std::filesystem::path dir, size_t keep = 4096, int maxAgeDays = 30)
      : dir_(std::move(dir)), keep_(keep), maxAgeDays_(maxAgeDays) {}
  bool enabled() const { return !dir_.empty(); }

  // A hex digest of the material a replay's outcome depends on: the key of its record.
  static std::string digest(std::string_view material);
  // The identity of an installed program: its path and its file's size, time and inode
  // (an upgrade of the package changes them).
  static std::string programIdentity(const std::string &path);

  std::optional<ReplayRecord> load(const std::string &key) const;
  // False when it could not be written (the replay's result stands; the next run replays).
  bool store(const std::string &key, const ReplayRecord &record) const;

  std::filesystem::path fileOf(const std::string &key) const;

  // Appends "<name> <size>\n<value>\n": the fields of a record, and of a key's material.
  static void appendField(std::string &out, std::string_view name, std::string_view value);

private:
  std::filesystem::path dir_;
  size_t keep_;
  int maxAgeDays_;
};

} // namespace provcheck::replay
