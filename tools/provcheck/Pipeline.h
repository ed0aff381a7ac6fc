// The check pipeline: sources -> tree images -> AST entities (parallel) -> owners ->
// classification -> policy. The patches go through the stages a batch at a time, and
// each patch's result is handed to a RunSink in input order: a sink that renders and
// drops it (oneline, jsonl) keeps the memory of a run flat in the length of the range;
// runPipeline collects the whole RunResult for the renderers that need everything (text,
// json, checkpatch, patchwork, the risk report).
#pragma once

#include "analysis/Error.h"
#include "analysis/InputFile.h"
#include "analysis/Sources.h"
#include "tools/provcheck/Run.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace provcheck {

struct Policy;

struct PipelineOptions {
  std::string dir = ".";                // -C: the repository, base of relative paths
  std::vector<std::string> sources;     // revisions, ranges, patch files, mboxes, "-"
  std::string buildDir;                 // -p: directory of compile_commands.json (relative: to dir)
  size_t maxInputSize = kDefaultMaxInputSize; // --max-input-size: one patch file, mbox, stdin
  int jobs = 0;                         // files parsed in parallel; 0 = all cores
  bool noAst = false;                   // skip the AST map (classification by text only)
  bool noIr = false;                    // skip the compiled-code proof (it runs with the AST)
  bool assumeAi = false;                // judge every patch as if it declared AI use
  std::vector<std::string> approvedBy;  // maintainers' agreement given elsewhere (emails)
  std::string policy;                   // --policy: "" (repository's or QEMU's), name, path
  bool progress = false;                // report progress on stderr (only on a terminal)
  int baseSearch = 2000;                // first-parent commits from HEAD searched for a
                                        // mail's base by its index lines
  // Called once the sources are planned and the run's policy (HEAD's, or --policy) is
  // known, before any patch of a range is read, with what the patches touch (analysis/Sources.h, touchedByPlan)
  // and the repository: lets a command start work that needs it before the first patch
  // reaches its sink.
  std::function<void(const PlanTouch &, const std::string &repository, const Policy &)> afterPlan;
  // streamPipeline hands the results on as they come only when the run is one series;
  // several series are collected first and handed on at the end, each series' earlier
  // versions linked as runPipeline links them (whatever their order).
  bool streamOneSeriesOnly = false;
  // Patches read and taken through the stages together (0: kDefaultBatchPerJob per job).
  size_t batch = 0;
  // While a batch goes through the stages, the next one of a range is read and, in a
  // streaming run, the one before is handed to the sink on a thread of its own (three
  // batches held at once at most).
  bool overlap = true;
  // Called after each commit of a range is read, from the reading threads (tests).
  std::function<void()> commitRead;
  // Given the maps of the patches' bases at the end of a run that succeeded (the
  // dependency tracker's state: freeing it costs a fifth of a short range's time), to
  // keep to the end of the process instead of freeing them; their caches are closed.
  std::function<void(std::shared_ptr<void>)> keepAtExit;
};

// 16 per job: with 32, the batches of the largest patches (a header's include moved in a
// hundred files, a 965-file rename) set the peak resident size of a long range.
inline constexpr size_t kDefaultBatchPerJob = 16;

// Runs every stage on the sources and hands the results to `sink`. Every Error (a bad
// source: unknown revision, unreadable file, mbox without a patch; a bad policy file) is
// found before the first patch is handed on. The value: whether a patch or series
// verdict is needs-agreement or violation (what exitCodeFor tells of a RunResult). A
// series' verdict lists as its earlier versions those handed on before it (runPipeline
// lists them all, in whatever order they were given).
Expected<bool> streamPipeline(const PipelineOptions &, RunSink &);

// Runs every stage on the patches the sources name and keeps everything. An Error for a
// bad source (unknown revision, unreadable file, mbox without a patch, malformed diff) or
// a bad policy file; anything else that goes wrong on the way (a patch that does not
// apply, a file that does not parse, no MAINTAINERS) is kept in the result as a notice or
// a degraded marker.
Expected<RunResult> runPipeline(const PipelineOptions &);

// The effective policy (--policy, else the repository's .provcheck.toml, else QEMU's)
// as TOML: --dump-config.
Expected<std::string> effectivePolicy(const PipelineOptions &);

// The process exit code for a run: 1 when a patch or series verdict is needs-agreement or
// violation, else 0 (2 is for errors, which never make a RunResult).
int exitCodeFor(const RunResult &);

} // namespace provcheck
