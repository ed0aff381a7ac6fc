// Patches from git revisions through libgit2: one commit, a range (A..B, A...B,
// origin/master..), or the commits of the current branch not on its upstream.
#pragma once

#include "analysis/Error.h"
#include "analysis/Git.h"
#include "analysis/MessageTrailers.h"
#include "analysis/Patch.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace provcheck {

// How a revision range is read.
struct RangeOptions {
  int jobs = 1; // threads reading commits (at least one)
  // Each commit's `git format-patch` text in Patch::rawText (what `maintainers` matches
  // its K: keywords against); without it rawText stays empty, and reading a long range
  // does not build a second copy of every diff.
  bool patchText = false;
  // readPlan: the next batch of a range is read while the receiver takes one (two
  // batches held at once), else only once it has taken it.
  bool readAhead = false;
  // Progress, if set: started(n) once the range is known to hold n commits, then
  // commitRead() after each of them, from any of the reading threads.
  std::function<void(size_t)> started;
  std::function<void()> commitRead;
};

// The commits a revision argument names, not read yet: a range's oldest first (for A...B,
// A's side, then B's), or the one commit of a single revision.
struct RevisionList {
  std::string title;         // the argument as given: the series title and origin name
  std::vector<git_oid> ids;
  bool single = false;       // a single revision, not a range
  // A shallow clone's boundary (.git/shallow): commits whose parents are absent, listed
  // as skipped when read. Empty in a complete repository.
  std::set<std::string> boundary;
};

// Lists a revision argument; an unknown revision is an Error naming `spec`.
Expected<RevisionList> listRevisions(git_repository *repo, const std::string &spec);

// The commits of the current branch that are not on its upstream, oldest first. An
// Error when HEAD is detached or the branch has no upstream.
Expected<RevisionList> listUnpushed(git_repository *repo);

// What the commits of a list touch, found without reading a diff: every path their trees
// change against their first parent (among them the old and new paths of every file
// CommitReader gives them) goes to `paths`, and `earliest` becomes the earliest author
// time of the commits read as patches (not merges, the shallow boundary, nor the b4 cover
// commit at the start). A commit that cannot be compared is left out (its read lists it as
// skipped). An Error only when a commit object is missing.
Status touchedByRevisions(git_repository *repo, const RevisionList &list,
                          std::set<std::string> &paths, int64_t &earliest);

// Reads the commits of a list, a slice at a time, on options.jobs threads; the handles
// of the extra threads are opened once and kept for the following slices.
class CommitReader {
public:
  CommitReader(git_repository *repo, const RangeOptions &options);
  ~CommitReader();
  CommitReader(const CommitReader &) = delete;
  CommitReader &operator=(const CommitReader &) = delete;

  // Reads list.ids[begin, end) in order: non-merge commits to `patches`; merges, the
  // shallow boundary (with a notice that the range reaches it), and commits whose diff
  // cannot be read (with the reason, error set), to `skipped`. An Error only when a
  // commit object is missing.
  Status read(const RevisionList &list, size_t begin, size_t end, std::vector<Patch> &patches,
              std::vector<Skipped> &skipped, std::vector<std::string> &notices);

private:
  git_repository *repo_;
  RangeOptions options_;
  std::vector<git::Repository> handles_;
};

// Reads a revision argument: a range gives its commits oldest first, a single revision
// gives that one commit. Appends one Series titled `spec` to `out`; merge commits go to
// out.skipped, not diffed. An unknown revision is an Error naming `spec`.
Status readRevisions(git_repository *repo, const std::string &spec, PatchSet &out,
                     const RangeOptions &options = {});

// The commits of the current branch that are not on its upstream, oldest first. An
// Error when HEAD is detached or the branch has no upstream.
Status readUnpushed(git_repository *repo, PatchSet &out, const RangeOptions &options = {});

// The empty commit `b4 prep` keeps at the start of a branch, when it is the first of
// `series`: it becomes the series' cover letter (its title, version and RFC), listed in
// `skipped` so that nothing read is lost.
void takeCoverCommit(Series &series, std::vector<Skipped> &skipped);

// One non-merge commit: metadata, trailers, the diff against its first parent with
// rename and copy detection, and with `patchText` the `git format-patch` text of it in
// rawText.
Expected<Patch> readCommit(git_repository *repo, git_commit *commit,
                           const std::string &originName, bool patchText = false);

} // namespace provcheck
