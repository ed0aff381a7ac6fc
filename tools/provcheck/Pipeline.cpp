#include "tools/provcheck/Pipeline.h"

#include "analysis/AstMap.h"
#include "analysis/Git.h"
#include "analysis/MailBase.h"
#include "analysis/Parallel.h"
#include "analysis/PatchProofs.h"
#include "analysis/Sources.h"
#include "analysis/TreeViews.h"
#include "classify/Classifier.h"
#include "classify/Policy.h"
#include "classify/PolicyEngine.h"
#include "classify/SeriesVersions.h"
#include "maps/DependencyCache.h"
#include "maps/OwnershipMap.h"
#include "tools/provcheck/BaseMaps.h"
#include "tools/provcheck/Progress.h"
#include "tools/provcheck/SinkThread.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace provcheck {

namespace {

// What the stages share during one run.
struct RunContext {
  const PipelineOptions &options;
  git::Repository repo; // null when the sources need none and there is none
  Progress progress;
  RunResult result;     // the run's header: repository, stages, policy, skipped, notices
  // The run's policy (--policy, else HEAD's): its name heads the output. Each patch is
  // judged by the policy of its base (BaseMaps).
  std::shared_ptr<const Policy> policy;
  // The policy of the first patch's base: the one the output names at the end.
  std::shared_ptr<const Policy> firstPolicy;
  std::set<std::string> otherPolicies; // bases' policies other than HEAD's, told once
  std::shared_ptr<const TreeView> headTree;
  std::unique_ptr<BaseMaps> maps; // each patch's policy, owners and dependency map
  // The .mailmap of the first patch's base: how the series of the run compare people.
  std::shared_ptr<const Mailmap> mailmap;
  JudgeOptions judge;   // what the command line says of every patch (--assume-ai, ...)
  AstOptions ast;
  // One AST session per set of annotation macros (one for all, but for a range across a
  // change of .provcheck.toml): each patch reuses what the ones before it parsed.
  std::map<std::vector<std::string>, std::unique_ptr<AstSession>> astSessions;
  // How quoted tools are replayed: their results kept beside the dependency maps.
  replay::ReplayOptions replay;
};

// One batch of patches on its way through the stages.
struct Batch {
  std::vector<PatchResult> patches;
  std::vector<PatchImages> images; // parallel to patches
  std::vector<PatchMaps> maps;     // parallel to patches
};

// Where a patch was read, for notices: the short commit id, else the file (and line of
// the message in an mbox).
std::string placeOf(const Patch &p) {
  if (p.origin.kind == Origin::Kind::Commit) return p.shortId();
  return p.origin.name + (p.origin.line > 0 ? ":" + std::to_string(p.origin.line) : "");
}

// What the readers had to make of the input (charsets, bytes that are not UTF-8, NUL
// bytes), as notices naming the patch and the file.
void readNotices(const Patch &p, std::vector<std::string> &notices) {
  std::string where = placeOf(p) + " (" + p.subject + "): ";
  for (const std::string &n : p.notes) notices.push_back(where + n);
  for (const FileChange &f : p.files)
    for (const std::string &n : f.notes) notices.push_back(where + f.path() + ": " + n);
}

// -p: a relative directory is relative to -C DIR, like every path of the command line.
std::string buildDirectory(const PipelineOptions &options) {
  const std::string &dir = options.buildDir;
  if (dir.empty() || std::filesystem::path(dir).is_absolute()) return dir;
  return (std::filesystem::path(options.dir) / dir).string();
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

// --policy: a path relative to -C DIR first, like the sources.
std::string policyOption(const PipelineOptions &options) {
  namespace fs = std::filesystem;
  const std::string &p = options.policy;
  std::error_code ec;
  if (!p.empty() && fs::path(p).is_relative() && options.dir != "." &&
      fs::exists(fs::path(options.dir) / p, ec))
    return (fs::path(options.dir) / p).string();
  return p;
}

// HEAD's tree: the run's policy, and the maps of a patch that has no base of its own.
void loadHeadTree(RunContext &ctx) {
  if (!ctx.repo) return;
  ctx.headTree = treeViewAt(ctx.repo.get(), "HEAD");
  if (!ctx.headTree)
    ctx.result.notices.push_back("HEAD names no commit: no MAINTAINERS, no dependency map");
}

// The run's policy, and the maps every patch will be judged with.
Status policyStage(RunContext &ctx) {
  BaseMapsOptions options;
  options.policy = policyOption(ctx.options);
  options.jobs = jobCount(ctx.options.jobs);
  options.progress = [&ctx](size_t done, size_t total) {
    ctx.progress.inner("scanning includes", done, total);
  };
  ctx.maps = std::make_unique<BaseMaps>(ctx.headTree, std::move(options));
  auto policy = ctx.maps->policyOf(ctx.headTree.get(), ctx.result.notices);
  if (!policy) return policy.error();
  ctx.policy = *policy;
  ctx.result.policy = ctx.policy->name;
  return okStatus();
}

// Each patch's base and its pre- and post-image trees: a commit's parent and itself; a
// series from mail on the base found for it, one patch after another (MailBase.h; the
// batch is then the whole series). The trees are the AST map's input, the replay's, and
// where the classification's proofs read whole files. Without the AST map a commit's two
// trees are looked up when first read: a range of thousands of commits pays only for the
// few files the proofs and the replays read.
void imageStage(RunContext &ctx, Batch &batch, bool mailSeries) {
  batch.images.assign(batch.patches.size(), PatchImages{});
  if (!ctx.repo) return;
  if (mailSeries) {
    std::vector<Patch *> mails;
    for (PatchResult &p : batch.patches) mails.push_back(&p.patch);
    batch.images = seriesImages(mails, ctx.repo.get(), BaseSearch{ctx.options.baseSearch});
  } else {
    for (size_t i = 0; i < batch.patches.size(); ++i) {
      const Patch &commit = batch.patches[i].patch;
      auto images = commitImages(commit, ctx.repo.get(), ctx.options.noAst);
      if (!images) {
        ctx.result.notices.push_back(commit.origin.name + ": " + images.error().str());
        continue;
      }
      batch.images[i] = std::move(*images);
      batch.images[i].base = commitBase(commit);
    }
  }
  for (size_t i = 0; i < batch.patches.size(); ++i) {
    if (!batch.images[i].problem.empty())
      ctx.result.notices.push_back(batch.patches[i].patch.subject + ": " + batch.images[i].problem);
    batch.patches[i].base = batch.images[i].base;
  }
}

// The policy, MAINTAINERS and dependency map of each patch, read from its pre-image tree
// (a root commit: its own; no base: HEAD's).
Status mapsStage(RunContext &ctx, Batch &batch) {
  auto commitTime = [&](const std::string &id) -> int64_t {
    git_oid oid;
    git_commit *raw = nullptr;
    if (!ctx.repo || id.empty() || git_oid_fromstr(&oid, id.c_str()) != 0 ||
        git_commit_lookup(&raw, ctx.repo.get(), &oid) != 0)
      return 0;
    git::Commit commit(raw);
    return git_commit_time(raw);
  };
  std::vector<PatchTrees> trees(batch.patches.size());
  for (size_t i = 0; i < trees.size(); ++i) {
    const PatchImages &im = batch.images[i];
    trees[i] = {im.oldTree ? im.oldTree : im.newTree, im.newTree, commitTime(im.base.commit), {}};
    for (const FileChange &f : batch.patches[i].patch.files) trees[i].paths.push_back(f.path());
  }
  auto maps = ctx.maps->next(trees, ctx.result.notices);
  if (!maps) return maps.error();
  batch.maps = std::move(*maps);
  if (!batch.maps.empty() && !ctx.firstPolicy) {
    ctx.firstPolicy = batch.maps.front().policy;
    ctx.mailmap = batch.maps.front().mailmap;
  }
  for (size_t i = 0; i < batch.maps.size(); ++i) {
    const Policy &policy = *batch.maps[i].policy;
    if (policy.name == ctx.policy->name || !ctx.otherPolicies.insert(policy.name).second) continue;
    ctx.result.notices.push_back("policy " + policy.name + " (of the patches' bases, " +
                                 placeOf(batch.patches[i].patch) + " first) is not HEAD's (" +
                                 ctx.policy->name + ")");
  }
  return okStatus();
}

void setUpAst(RunContext &ctx) {
  if (ctx.options.noAst) return;
  AstOptions &options = ctx.ast;
  options.buildDir = buildDirectory(ctx.options);
  options.repoRoot = ctx.result.repository;
  options.compiledCode = !ctx.options.noIr;
  ctx.result.stages.entities = true;
}

// The AST map of every patch of a batch: patches in parallel when there are several,
// else the files of the one patch in parallel.
void entityStage(RunContext &ctx, Batch &batch) {
  if (!ctx.result.stages.entities) return;
  int jobs = jobCount(ctx.options.jobs);
  size_t n = batch.patches.size();
  std::vector<AstSession *> sessionOf(n);
  for (size_t i = 0; i < n; ++i) {
    const Policy &policy = *batch.maps[i].policy;
    std::unique_ptr<AstSession> &session = ctx.astSessions[policy.annotationMacros];
    if (!session) {
      // Made for the first batch: a lone patch has its files parsed in parallel.
      AstOptions options = ctx.ast;
      if (!policy.annotationMacros.empty()) options.annotationMacros = policy.annotationMacros;
      options.jobs = n > 1 ? 1 : jobs;
      options.parseProcesses = jobs;
      session = std::make_unique<AstSession>(options);
    }
    sessionOf[i] = session.get();
  }
  parallelFor(n, n > 1 ? jobs : 1, [&](size_t i) {
    PatchResult &p = batch.patches[i];
    std::vector<FileEntities> entities = sessionOf[i]->map(p.patch, batch.images[i]);
    for (size_t f = 0; f < entities.size() && f < p.files.size(); ++f)
      p.files[f].entities = std::move(entities[f]);
  });
}

// Each series' verdict gets the code lines of its earlier versions given in the same run.
void linkEarlierVersions(std::vector<SeriesResult> &series, const Mailmap *mailmap) {
  std::vector<SeriesVersionKey> keys;
  for (const SeriesResult &s : series) {
    std::vector<const Patch *> patches;
    for (const PatchResult &p : s.patches) patches.push_back(&p.patch);
    keys.push_back(versionKeyOf(patches, s.coverLetter ? &*s.coverLetter : nullptr));
  }
  std::vector<std::vector<size_t>> earlier = earlierVersionsOf(keys, mailmap);
  for (size_t i = 0; i < series.size(); ++i) {
    std::vector<EarlierSeries> versions;
    for (size_t j : earlier[i])
      versions.push_back({keys[j].version, series[j].title, &series[j].verdict});
    addEarlierVersions(series[i].verdict, versions);
  }
}

std::vector<std::vector<OwningSection>> ownersOf(const PatchResult &p) {
  std::vector<std::vector<OwningSection>> out;
  for (const FileResult &f : p.files) out.push_back(f.owners);
  return out;
}

// How a patch is judged on its base: people compared through the base's .mailmap, and
// the project-wide sections of its MAINTAINERS agreeing for files without a maintainer.
JudgeOptions judgeOptions(const RunContext &ctx, const PatchMaps *maps) {
  JudgeOptions options = ctx.judge;
  if (maps) {
    options.mailmap = maps->mailmap.get();
    if (maps->projectSections) options.projectSections = *maps->projectSections;
  }
  return options;
}

// Owners, classification and the patch's verdict, each on the maps of the patch's base:
// patches independently, in parallel.
void judgeStage(RunContext &ctx, Batch &batch) {
  bool withEntities = ctx.result.stages.entities;
  parallelFor(batch.patches.size(), jobCount(ctx.options.jobs), [&](size_t i) {
    PatchResult &p = batch.patches[i];
    PatchMaps &maps = batch.maps[i];
    for (size_t f = 0; f < maps.owners.size() && f < p.files.size(); ++f)
      p.files[f].owners = std::move(maps.owners[f]);
    std::vector<FileEntities> entities;
    if (withEntities)
      for (const FileResult &f : p.files) entities.push_back(f.entities);
    PatchProofs proofs(batch.images[i], withEntities ? &entities : nullptr, ctx.replay);
    p.classification =
        classify(ClassifyInput{p.patch, withEntities ? &entities : nullptr, maps.deps.get(),
                               &proofs, &batch.images[i]},
                 maps.policy->rules);
    p.verdict = judgePatch(p.patch, p.classification, ownersOf(p), *maps.policy,
                           judgeOptions(ctx, &maps));
  });
}

// Takes what the sources read, a batch at a time, through the stages to the sink; a
// patch's result is handed on and dropped before the next batch is read. A series from
// mail is taken whole, as one batch: its base is found for all its patches together.
// In a `streaming` run (the sink keeps nothing), a series' earlier versions are those
// handed on before it (a run that keeps everything links them once it has all its
// series, whatever their order), and what the batches freed is given back.
class Streamer : public PatchReceiver {
public:
  // `progressBySink`: the sink counts the patches on the progress line as it writes them
  // (SinkThread), else they are counted as they are handed on.
  Streamer(RunContext &ctx, RunSink &sink, bool streaming, bool progressBySink)
      : ctx_(ctx), sink_(sink), streaming_(streaming), progressBySink_(progressBySink) {}

  void beginSeries(Series &&read) override {
    key_ = versionKeyOf({}, read.coverLetter ? &*read.coverLetter : nullptr);
    hasCover_ = read.coverLetter.has_value();
    title_ = read.title;
    SeriesResult head;
    head.title = std::move(read.title);
    head.coverLetter = std::move(read.coverLetter);
    head.version = read.version;
    head.rfc = read.rfc;
    if (head.coverLetter) readNotices(*head.coverLetter, ctx_.result.notices);
    judge_.reset();
    mail_.clear();
    sink_.beginSeries(head);
  }

  void patches(std::vector<Patch> &&read) override {
    if (streaming_) addToKey(read);
    bool mail = !read.empty() && read.front().origin.kind != Origin::Kind::Commit;
    if (mail) { // kept until the series ends
      mail_.insert(mail_.end(), std::make_move_iterator(read.begin()),
                   std::make_move_iterator(read.end()));
      return;
    }
    process(std::move(read), false);
  }

  void endSeries() override {
    if (!mail_.empty()) process(std::exchange(mail_, {}), true);
    if (!judge_) startJudge(nullptr);
    Verdict verdict = judge_->finish();
    judge_.reset();
    if (streaming_) linkEarlier(verdict);
    needsAction_ |= verdict.kind != VerdictKind::Ok;
    sink_.endSeries(verdict);
  }

  void skipped(std::vector<Skipped> &&items) override {
    for (Skipped &k : items) {
      ctx_.result.skipped.push_back(std::move(k));
      ctx_.progress.step();
    }
  }

  void notices(std::vector<std::string> &&items) override {
    ctx_.result.notices.insert(ctx_.result.notices.end(), std::make_move_iterator(items.begin()),
                               std::make_move_iterator(items.end()));
  }

  bool needsAction() const { return needsAction_; }
  Status status() const { return status_; }

private:
  // The series is judged on the maps of its first patch's base (the run's policy when
  // it has no patch).
  void startJudge(const PatchMaps *first) {
    seriesPolicy_ = first ? first->policy : ctx_.policy;
    seriesMaps_ = first ? *first : PatchMaps{};
    judge_.emplace(*seriesPolicy_, judgeOptions(ctx_, first ? &seriesMaps_ : nullptr));
  }

  void process(std::vector<Patch> &&read, bool mailSeries) {
    if (!status_) return; // a policy file that did not parse ends the run
    Batch batch;
    for (Patch &p : read) {
      readNotices(p, ctx_.result.notices);
      PatchResult pr;
      pr.patch = std::move(p);
      pr.files.resize(pr.patch.files.size());
      batch.patches.push_back(std::move(pr));
    }
    read.clear();
    imageStage(ctx_, batch, mailSeries);
    if (Status s = mapsStage(ctx_, batch); !s) {
      status_ = s;
      return;
    }
    entityStage(ctx_, batch);
    judgeStage(ctx_, batch);
    batch.images.clear();
    if (!judge_ && !batch.maps.empty()) startJudge(&batch.maps.front());
    for (PatchResult &p : batch.patches) {
      judge_->add(p.patch, p.classification, p.verdict, ownersOf(p));
      needsAction_ |= p.verdict.kind != VerdictKind::Ok;
      if (progressBySink_) {
        sink_.patch(std::move(p));
        continue;
      }
      ctx_.progress.clear(); // the sink may write to the same terminal
      sink_.patch(std::move(p));
      ctx_.progress.step();
    }
    batch = Batch{};
    releaseFreed();
  }

  // A streaming run gives what the batches freed back to the system: they are built on
  // the worker threads, whose malloc arenas otherwise keep the pages of their largest
  // batch, and more after each larger one, for the rest of the run. Only once the
  // resident anonymous memory has grown by kTrimSlack since the last time: giving the
  // pages back after every batch made the next batch fault them in again (a fifth of
  // the CPU time of a long range went to madvise and page faults).
  void releaseFreed() {
#if defined(__GLIBC__)
    if (!streaming_) return;
    size_t anon = residentAnonymousBytes();
    if (anon != 0 && anon < trimmedAt_ + kTrimSlack) return;
    malloc_trim(0);
    trimmedAt_ = residentAnonymousBytes();
#endif
  }

  // The process's resident memory that is not backed by a file (/proc/self/statm's
  // resident less shared pages), or 0 when it cannot be read.
  static size_t residentAnonymousBytes() {
    size_t size = 0, resident = 0, shared = 0;
    if (FILE *f = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(f, "%zu %zu %zu", &size, &resident, &shared) != 3) resident = shared = 0;
      std::fclose(f);
    }
    return resident > shared ? (resident - shared) * static_cast<size_t>(sysconf(_SC_PAGESIZE)) : 0;
  }

  // The series' version key, as versionKeyOf gives it, from its patches as they come.
  void addToKey(const std::vector<Patch> &read) {
    std::vector<const Patch *> patches;
    for (const Patch &p : read) patches.push_back(&p);
    SeriesVersionKey part = versionKeyOf(patches, nullptr);
    if (!patches.empty() && !hasPatches_) {
      if (!hasCover_) key_.version = part.version;
      key_.author = part.author;
      hasPatches_ = true;
    }
    key_.subjects.insert(key_.subjects.end(), part.subjects.begin(), part.subjects.end());
  }

  void linkEarlier(Verdict &verdict) {
    std::vector<SeriesVersionKey> keys;
    for (const Ended &e : ended_) keys.push_back(e.key);
    keys.push_back(key_);
    std::vector<size_t> earlier = earlierVersionsOf(keys, ctx_.mailmap.get()).back();
    std::vector<EarlierSeries> versions;
    for (size_t j : earlier)
      if (j < ended_.size()) versions.push_back({keys[j].version, ended_[j].title, &ended_[j].verdict});
    addEarlierVersions(verdict, versions);
    ended_.push_back({std::move(key_), title_, verdict});
    key_ = {};
    hasPatches_ = false;
  }

  struct Ended {
    SeriesVersionKey key;
    std::string title;
    Verdict verdict;
  };
  RunContext &ctx_;
  RunSink &sink_;
  bool streaming_;
  bool progressBySink_;
  SeriesVersionKey key_; // of the current series
  bool hasCover_ = false, hasPatches_ = false;
  std::string title_;
  std::vector<Ended> ended_; // the series handed on, for the versions of later ones
  std::vector<Patch> mail_; // the patches of a series from mail, until it ends
  // The series' judge, and the maps it holds by reference.
  std::shared_ptr<const Policy> seriesPolicy_;
  PatchMaps seriesMaps_;
  std::optional<SeriesJudge> judge_;
  bool needsAction_ = false;
  Status status_ = okStatus();
  static constexpr size_t kTrimSlack = size_t{32} << 20;
  size_t trimmedAt_ = 0; // resident anonymous bytes after the last trim
};

// Collects a whole run into one RunResult.
class Collector : public RunSink {
public:
  RunResult run;
  void beginSeries(const SeriesResult &head) override {
    SeriesResult s;
    s.title = head.title;
    s.coverLetter = head.coverLetter;
    s.version = head.version;
    s.rfc = head.rfc;
    run.series.push_back(std::move(s));
  }
  void patch(PatchResult &&result) override {
    run.series.back().patches.push_back(std::move(result));
  }
  void endSeries(const Verdict &verdict) override { run.series.back().verdict = verdict; }
  void end(RunResult &&header) override {
    std::vector<SeriesResult> series = std::move(run.series);
    run = std::move(header);
    run.series = std::move(series);
  }
};

// Hands a collected run to a sink, in a streaming run's order.
void handOnRun(RunResult &&run, RunSink &sink) {
  std::vector<SeriesResult> series = std::move(run.series);
  run.series.clear();
  sink.begin(run);
  for (SeriesResult &s : series) {
    std::vector<PatchResult> patches = std::move(s.patches);
    s.patches.clear();
    sink.beginSeries(s);
    for (PatchResult &p : patches) sink.patch(std::move(p));
    sink.endSeries(s.verdict);
  }
  sink.end(std::move(run));
}

// The run: every stage, each patch handed to `sink`; `collecting` when the sink is the
// collector of runPipeline.
Expected<bool> run(const PipelineOptions &options, RunSink &sink, Collector *collecting) {
  git::ensureInit();
#if defined(__GLIBC__)
  // One malloc arena per job (two at least), not glibc's eight per core: each arena keeps
  // the pages of the largest batch its threads built, and the reading, judging, sinking
  // and scanning threads each took one. Over REF~2501..REF~1 (jsonl, --no-ast) the peak
  // resident size went from 316 to 269 MB with this and batches of 16 per job, for the
  // same CPU time within the runs' noise; one arena in all cost a third more CPU.
  mallopt(M_ARENA_MAX, std::max(2, jobCount(options.jobs)));
#endif
  // -p names the build directory to take the compile commands from: one without them is
  // a mistake to report, not a reason to parse with guessed flags (leaving -p out is).
  if (std::string build = buildDirectory(options); !build.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::path(build) / "compile_commands.json",
                                          ec))
      return Error{options.buildDir, 0, 0,
                   "no compile_commands.json in this directory (-p names the build directory "
                   "of a configured build)"};
  }
  RunContext ctx{options, nullptr, Progress(options.progress), {}, {}, {}, {}, {}, {}, {}, {}, {}};
  ctx.replay.cacheDir = defaultCacheDirectory().string();
  SourceOptions sourceOptions;
  sourceOptions.repoDir = options.dir;
  sourceOptions.maxInputSize = options.maxInputSize;
  sourceOptions.range.jobs = jobCount(options.jobs);
  sourceOptions.range.readAhead = options.overlap;
  if (options.commitRead) sourceOptions.range.commitRead = options.commitRead;
  auto plan = planSources(options.sources, sourceOptions);
  if (!plan) return plan.error();
  openRepository(ctx);
  loadHeadTree(ctx);
  if (Status s = policyStage(ctx); !s) return s.error();
  // Owners are read from each patch's base; the run has them when HEAD has MAINTAINERS.
  ctx.result.stages.owners = ctx.headTree && ctx.headTree->isFile("MAINTAINERS");
  // A sink that takes one series as it comes, and several once all are linked.
  std::optional<Collector> collected;
  if (options.afterPlan || options.streamOneSeriesOnly) {
    auto touch = touchedByPlan(*plan);
    if (!touch) return touch.error();
    if (options.afterPlan) options.afterPlan(*touch, ctx.result.repository, *ctx.policy);
    if (!collecting && options.streamOneSeriesOnly && touch->series > 1) {
      collected.emplace();
      collecting = &*collected;
    }
  }
  size_t batch = options.batch > 0 ? options.batch
                                   : kDefaultBatchPerJob * size_t(jobCount(options.jobs));
  // A streaming run hands its results on from a thread of its own: the sink renders and
  // frees a batch while the next one goes through the stages.
  std::optional<SinkThread> handOn;
  if (!collecting && options.overlap)
    handOn.emplace(sink, batch, [&ctx](bool before) {
      if (before) ctx.progress.clear(); // the sink may write to the same terminal
      else ctx.progress.step();
    });
  RunSink &target = handOn ? static_cast<RunSink &>(*handOn)
                    : collected ? static_cast<RunSink &>(*collected)
                                : sink;
  ctx.judge.assumeAi = options.assumeAi;
  ctx.judge.approvedBy = options.approvedBy;
  setUpAst(ctx);
  ctx.result.stages.classify = true;
  ctx.result.stages.policy = true;

  target.begin(ctx.result);
  ctx.progress.start("checking", plan->count());
  Streamer streamer(ctx, target, !collecting, handOn.has_value());
  if (Status s = readPlan(*plan, sourceOptions, batch, streamer); !s) return s.error();
  if (Status s = streamer.status(); !s) return s.error();
  if (handOn) handOn->flush(); // the last patches are counted on the line before it goes
  ctx.progress.done();
  // For timing runs (REPORTS.md): what the parses did.
  if (!ctx.astSessions.empty() && std::getenv("PROVCHECK_AST_STATS")) {
    AstSession::Stats st;
    for (const auto &[macros, session] : ctx.astSessions) {
      AstSession::Stats one = session->stats();
      st.parses += one.parses;
      st.preambleBuilds += one.preambleBuilds;
      st.preambleReuses += one.preambleReuses;
      st.sharedBuilds += one.sharedBuilds;
      st.sharedUses += one.sharedUses;
      st.resultReuses += one.resultReuses;
    }
    std::fprintf(stderr,
                 "provcheck: AST map: %zu parses, %zu built a preamble, %zu reused one; "
                 "%zu on a shared first include (%zu compiled); %zu outputs of an earlier "
                 "parse of the same job in the same tree\n",
                 st.parses, st.preambleBuilds, st.preambleReuses, st.sharedUses, st.sharedBuilds,
                 st.resultReuses);
  }

  size_t unreadable = std::count_if(ctx.result.skipped.begin(), ctx.result.skipped.end(),
                                    [](const Skipped &k) { return k.error; });
  if (unreadable > 0)
    ctx.result.notices.push_back(
        std::to_string(unreadable) + (unreadable == 1 ? " item" : " items") +
        " could not be read (listed under skipped, with the reason); the rest was checked");
  for (std::string &problem : ctx.maps->matchProblems())
    ctx.result.notices.push_back(std::move(problem));
  if (collecting) linkEarlierVersions(collecting->run.series, ctx.mailmap.get());
  if (ctx.firstPolicy) ctx.result.policy = ctx.firstPolicy->name;
  target.end(std::move(ctx.result));
  if (collected) handOnRun(std::move(collected->run), sink);
  if (options.keepAtExit) {
    ctx.maps->closeCaches();
    options.keepAtExit(std::shared_ptr<void>(std::move(ctx.maps)));
  }
  return streamer.needsAction();
}

} // namespace

Expected<bool> streamPipeline(const PipelineOptions &options, RunSink &sink) {
  return run(options, sink, nullptr);
}

Expected<RunResult> runPipeline(const PipelineOptions &options) {
  Collector collector;
  auto streamed = run(options, collector, &collector);
  if (!streamed) return streamed.error();
  return std::move(collector.run);
}

Expected<std::string> effectivePolicy(const PipelineOptions &options) {
  git::ensureInit();
  std::shared_ptr<const TreeView> tree;
  git::Repository repo;
  if (auto r = git::openRepository(options.dir)) {
    repo = std::move(*r);
    tree = treeViewAt(repo.get(), "HEAD");
  }
  auto policy = resolvePolicy(policyOption(options), tree.get());
  if (!policy) return policy.error();
  return dumpPolicy(*policy);
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
