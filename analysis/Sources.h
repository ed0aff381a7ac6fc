// The entry point of patch reading: each SOURCE string is an existing file, a directory
// of patch files, "-" (stdin) or else a git revision / range of the repository.
#pragma once

#include "analysis/Error.h"
#include "analysis/GitSource.h"
#include "analysis/InputFile.h"
#include "analysis/Patch.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace provcheck {

struct SourceOptions {
  std::string repoDir = "."; // like git -C: the repository, and the base of relative paths
  RangeOptions range;         // how revision ranges are read (threads, progress)
  size_t maxInputSize = kDefaultMaxInputSize; // bytes of one patch file, mbox or stdin
};

// Reads every SOURCE in order; no sources = the commits of the current branch that are
// not on its upstream. The first source that cannot be read is the Error.
Expected<PatchSet> readSources(const std::vector<std::string> &sources, const SourceOptions &);

// The sources resolved before any commit is read: patch files, directories, mboxes and
// stdin are read (a mail series is grouped over the whole input), revision arguments are
// listed. Every source that makes the run an Error does so here, before any patch is
// handed on.
struct SourcePlan {
  struct Item {
    PatchSet read;                         // the patches of a file source, or a single revision
    std::optional<RevisionList> revisions; // a range, read later
  };
  std::vector<Item> items;
  std::vector<Skipped> skipped; // files that could not be read while other sources were given
  git::Repository repo;         // the repository the revisions are read from, if any
  size_t count() const;         // patches read plus commits listed
};
Expected<SourcePlan> planSources(const std::vector<std::string> &sources, const SourceOptions &);

// What the patches of a plan touch, known before its ranges are read (their commits'
// trees are compared, no diff is read): every path a patch changes, old and new (a range
// may add paths its diffs do not show: a commit that cannot be read), and the earliest
// author time of a patch (INT64_MAX for none).
struct PlanTouch {
  std::set<std::string> paths;
  int64_t earliest = INT64_MAX;
  size_t series = 0; // how many series reading the plan begins
};
Expected<PlanTouch> touchedByPlan(const SourcePlan &plan);

// What reading a plan hands on, in input order.
class PatchReceiver {
public:
  virtual ~PatchReceiver() = default;
  // A series begins: its title, cover letter, version and RFC (no patches yet).
  virtual void beginSeries(Series &&head) = 0;
  virtual void patches(std::vector<Patch> &&batch) = 0; // the next patches of the series
  virtual void endSeries() = 0;
  virtual void skipped(std::vector<Skipped> &&items) = 0;
  // What the reader could not do that the user should know (a range reaching the
  // boundary of a shallow clone).
  virtual void notices(std::vector<std::string> &&items) = 0;
};

// Reads a plan: the commits of a range `batch` at a time (on options.range.jobs threads),
// each batch handed on before the one after the next is read (before the next one, without
// options.range.readAhead), so a range of any length needs the memory of two batches.
Status readPlan(SourcePlan &plan, const SourceOptions &options, size_t batch,
                PatchReceiver &receiver);

} // namespace provcheck
