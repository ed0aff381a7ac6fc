// Test fixtures: temporary directories and git repositories built with libgit2, so that
// no binary fixture is committed. Tests pin HOME and git's config search path.
#pragma once

#include "analysis/Git.h"

#include <filesystem>
#include <string>

namespace provcheck::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::filesystem::path &path() const { return path_; }
  std::string str() const { return path_.string(); }

private:
  std::filesystem::path path_;
};

// Isolates libgit2 and child git processes from the user's configuration (HOME, system
// and global config). Called by the tests' main; safe to call again.
void isolateGitEnvironment();

struct Author {
  std::string name = "Ada Lovelace";
  std::string email = "ada@example.org";
  int64_t time = 1767225600; // 2026-01-01T00:00:00Z
  int offsetMinutes = 0;
};

// A git repository in a TempDir. write/remove change the work tree; commit stages
// every change of the work tree (additions, modifications, deletions) and commits it.
class FixtureRepo {
public:
  FixtureRepo();
  const std::filesystem::path &path() const { return dir_.path(); }
  std::string str() const { return dir_.str(); }
  git_repository *repo() const { return repo_.get(); }

  void write(const std::string &relPath, const std::string &content);
  void remove(const std::string &relPath);
  void rename(const std::string &from, const std::string &to);
  std::string read(const std::string &relPath) const;

  // Commits the work tree on the current branch with `message`; returns the hex id.
  // Each commit advances the author time by one minute unless `author.time` is given.
  std::string commit(const std::string &message, Author author = {});
  // Creates (or moves) a branch to a commit.
  void branch(const std::string &name, const std::string &commitId);
  // Points HEAD at refs/heads/<name>, without touching the work tree.
  void setHead(const std::string &name);
  // Writes `git format-patch` text for one commit, through the git CLI.
  std::string formatPatch(const std::string &commitId) const;

private:
  TempDir dir_;
  git::Repository repo_;
  int commits_ = 0;
};

struct CommandOutput {
  int rc = -1;      // exit status, -1 when the command could not run or was killed
  std::string text; // what it wrote on stdout
};
// Runs a shell command with stdin from /dev/null and collects its stdout.
CommandOutput runCommand(const std::string &cmd);

// Reads a whole file; fails the test if it cannot.
std::string readFile(const std::filesystem::path &path);
// Path of tests/data (the source tree's), and of tests/data/qemu (real QEMU data, see its README).
std::filesystem::path testData(const std::string &rel = "");
std::filesystem::path qemuData(const std::string &rel = "");
// Compares `actual` with the golden file tests/data/<rel>; with PROVCHECK_UPDATE_GOLDEN=1
// it rewrites the file instead. Returns an empty string when equal, else a diff summary.
std::string compareGolden(const std::string &rel, const std::string &actual);

} // namespace provcheck::testing
