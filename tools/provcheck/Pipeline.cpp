#include "tools/provcheck/Pipeline.h"

#include "analysis/Git.h"
#include "analysis/Sources.h"
#include "tools/provcheck/Progress.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace provcheck {

namespace {

// What the stages share during one run.
struct RunContext {
  const PipelineOptions &options;
  git::Repository repo; // null when the sources need none and there is none
  Progress progress;
  RunResult result;
};

int jobCount(int requested) {
  if (requested > 0) return requested;
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

// Runs fn(i) for i in [0, n) on up to `jobs` threads.
template <class Fn> void parallelFor(size_t n, int jobs, Fn fn) {
  size_t threads = std::min<size_t>(n, static_cast<size_t>(std::max(1, jobs)));
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (size_t i; (i = next++) < n;) fn(i);
    });
  for (std::thread &t : pool) t.join();
}

std::vector<PatchResult *> allPatches(RunResult &r) {
  std::vector<PatchResult *> out;
  for (SeriesResult &s : r.series)
    for (PatchResult &p : s.patches) out.push_back(&p);
  return out;
}

Status readStage(RunContext &ctx) {
  auto set = readSources(ctx.options.sources, SourceOptions{ctx.options.dir});
  if (!set) return set.error();
  for (Series &s : set->series) {
    SeriesResult sr;
    sr.title = std::move(s.title);
    sr.coverLetter = std::move(s.coverLetter);
    for (Patch &p : s.patches) {
      PatchResult pr;
      pr.patch = std::move(p);
      pr.files.resize(pr.patch.files.size());
      sr.patches.push_back(std::move(pr));
    }
    ctx.result.series.push_back(std::move(sr));
  }
  ctx.result.skipped = std::move(set->skipped);
  return okStatus();
}

void openRepository(RunContext &ctx) {
  auto repo = git::openRepository(ctx.options.dir);
  if (!repo) {
    ctx.result.notices.push_back("no git repository at " + ctx.options.dir +
                                 ": entities and owners need one (" + repo.error().message +
                                 ")");
    return;
  }
  ctx.repo = std::move(*repo);
  const char *workdir = git_repository_workdir(ctx.repo.get());
  ctx.result.repository = workdir ? workdir : git_repository_path(ctx.repo.get());
  if (ctx.result.repository.size() > 1 && ctx.result.repository.back() == '/')
    ctx.result.repository.pop_back();
}

} // namespace

Expected<RunResult> runPipeline(const PipelineOptions &options) {
  git::ensureInit();
  RunContext ctx{options, nullptr, Progress(options.progress), {}};
  if (Status s = readStage(ctx); !s) return s.error();
  openRepository(ctx);
  ctx.progress.done();
  return std::move(ctx.result);
}

int exitCodeFor(const RunResult &run) {
  if (!run.stages.policy) return 0;
  for (const SeriesResult &s : run.series) {
    if (s.verdict.kind != VerdictKind::Ok) return 1;
    for (const PatchResult &p : s.patches)
      if (p.verdict.kind != VerdictKind::Ok) return 1;
  }
  return 0;
}

} // namespace provcheck
