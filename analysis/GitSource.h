// Patches from git revisions through libgit2: one commit, a range (A..B, A...B,
// origin/master..), or the commits of the current branch not on its upstream.
#pragma once

#include "analysis/Error.h"
#include "analysis/Git.h"
#include "analysis/MessageTrailers.h"
#include "analysis/Patch.h"

#include <functional>
#include <string>
#include <vector>

namespace provcheck {

// How a revision range is read.
struct RangeOptions {
  int jobs = 1; // threads reading commits (at least one)
  // Progress, if set: started(n) once the range is known to hold n commits, then
  // commitRead() after each of them, from any of the reading threads.
  std::function<void(size_t)> started;
  std::function<void()> commitRead;
};

// Reads a revision argument: a range gives its commits oldest first, a single revision
// gives that one commit. Appends one Series titled `spec` to `out`; merge commits go to
// out.skipped, not diffed. An unknown revision is an Error naming `spec`.
Status readRevisions(git_repository *repo, const std::string &spec, PatchSet &out,
                     const RangeOptions &options = {});

// The commits of the current branch that are not on its upstream, oldest first. An
// Error when HEAD is detached or the branch has no upstream.
Status readUnpushed(git_repository *repo, PatchSet &out, const RangeOptions &options = {});

// One non-merge commit: metadata, trailers, the diff against its first parent with
// rename and copy detection, and the `git format-patch` text of it in rawText.
Expected<Patch> readCommit(git_repository *repo, git_commit *commit,
                           const std::string &originName);

} // namespace provcheck
