// Speed of provcheck on a range of history without the AST (the path and lexer evidence
// only), against `git log -p` over the same range on the same repository.
//   PROVCHECK_HISTORY_REPO   a clone of QEMU (bare or not); default /tmp/qemu
//   PROVCHECK_HISTORY_RANGE  the revision range; default HEAD~60..HEAD (about 1000
//                            non-merge commits of QEMU)
// Each benchmark reports commits/s as its `items_per_second`. Run it on an idle machine:
// the figures of README "Benchmarks" come from it.
#include "analysis/GitSource.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/render/Jsonl.h"

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>

namespace {

using namespace provcheck;

std::string env(const char *name, const char *fallback) {
  const char *v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::string repoDir() { return env("PROVCHECK_HISTORY_REPO", "/tmp/qemu"); }
std::string range() { return env("PROVCHECK_HISTORY_RANGE", "HEAD~60..HEAD"); }

// Reading the commits into the Patch model: revision walk, tree diff, rename and copy
// detection, hunks and lines.
void BM_ReadRange(benchmark::State &state) {
  auto repo = git::openRepository(repoDir());
  if (!repo) {
    state.SkipWithError(repo.error().str().c_str());
    return;
  }
  size_t commits = 0;
  for (auto _ : state) {
    PatchSet set;
    RangeOptions options;
    options.jobs = static_cast<int>(state.range(0));
    if (Status s = readRevisions(repo->get(), range(), set, options); !s) {
      state.SkipWithError(s.error().str().c_str());
      return;
    }
    commits = set.series.back().patches.size() + set.skipped.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * commits));
}
BENCHMARK(BM_ReadRange)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// What `provcheck check --no-ast` and `provcheck report --no-ast` compute before
// rendering: reading, owners, dependency map (cached), classification and policy.
void BM_CheckNoAst(benchmark::State &state) {
  PipelineOptions options;
  options.dir = repoDir();
  options.sources = {range()};
  options.noAst = true;
  options.jobs = static_cast<int>(state.range(0));
  size_t commits = 0;
  for (auto _ : state) {
    auto run = runPipeline(options);
    if (!run) {
      state.SkipWithError(run.error().str().c_str());
      return;
    }
    commits = run->skipped.size();
    for (const SeriesResult &s : run->series) commits += s.patches.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * commits));
}
BENCHMARK(BM_CheckNoAst)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// `provcheck check --no-ast --format jsonl` as it streams, output discarded: each batch
// of commits through the stages, then rendered and freed. Arg: whether the batches
// overlap (the next one read, and the one before rendered, while one goes through the
// stages: PipelineOptions::overlap) or not; two threads.
void BM_CheckStreamedJsonl(benchmark::State &state) {
  PipelineOptions options;
  options.dir = repoDir();
  options.sources = {range()};
  options.noAst = true;
  options.jobs = 2;
  options.overlap = state.range(0) != 0;
  std::atomic<size_t> commits{0}; // counted from the reading threads
  options.commitRead = [&] { ++commits; };
  for (auto _ : state) {
    commits = 0;
    std::ostream null(nullptr); // writes nothing
    render::JsonlSink sink(null);
    if (auto run = streamPipeline(options, sink); !run) {
      state.SkipWithError(run.error().str().c_str());
      return;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * commits.load()));
}
BENCHMARK(BM_CheckStreamedJsonl)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The reference: `git log -p` over the same range, output discarded.
void BM_GitLogP(benchmark::State &state) {
  std::string count = "git -C '" + repoDir() + "' rev-list --count '" + range() + "'";
  size_t commits = 0;
  if (FILE *p = popen(count.c_str(), "r")) {
    if (std::fscanf(p, "%zu", &commits) != 1) commits = 0;
    pclose(p);
  }
  std::string command = "git -C '" + repoDir() + "' log -p '" + range() + "' >/dev/null";
  for (auto _ : state)
    if (std::system(command.c_str()) != 0) {
      state.SkipWithError(("failed: " + command).c_str());
      return;
    }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * commits));
}
BENCHMARK(BM_GitLogP)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
