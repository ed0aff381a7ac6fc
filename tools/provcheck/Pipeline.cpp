#include "tools/provcheck/Pipeline.h"

#include "analysis/AstMap.h"
#include "analysis/Git.h"
#include "analysis/Parallel.h"
#include "analysis/PatchProofs.h"
#include "analysis/Sources.h"
#include "analysis/TreeViews.h"
#include "classify/Classifier.h"
#include "classify/Policy.h"
#include "classify/PolicyEngine.h"
#include "classify/SeriesVersions.h"
#include "maps/IncludeGraph.h"
#include "maps/OwnershipMap.h"
#include "tools/provcheck/Progress.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>

namespace provcheck {

namespace {

// What the stages share during one run.
struct RunContext {
  const PipelineOptions &options;
  git::Repository repo; // null when the sources need none and there is none
  Progress progress;
  RunResult result;
  Policy policy;
  std::vector<PatchImages> images; // parallel to allPatches(result)
  std::shared_ptr<const TreeView> headTree;
  // From MAINTAINERS and .mailmap, for the policy: who agrees for files without a
  // maintainer, and how people are compared.
  std::vector<OwningSection> projectSections;
  std::optional<Mailmap> mailmap;
};

std::vector<PatchResult *> allPatches(RunResult &r) {
  std::vector<PatchResult *> out;
  for (SeriesResult &s : r.series)
    for (PatchResult &p : s.patches) out.push_back(&p);
  return out;
}

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

Status readStage(RunContext &ctx) {
  SourceOptions options;
  options.repoDir = ctx.options.dir;
  options.maxInputSize = ctx.options.maxInputSize;
  options.range.jobs = jobCount(ctx.options.jobs);
  options.range.started = [&ctx](size_t n) { ctx.progress.start("reading commits", n); };
  options.range.commitRead = [&ctx] { ctx.progress.step(); };
  auto set = readSources(ctx.options.sources, options);
  if (!set) return set.error();
  for (Series &s : set->series) {
    SeriesResult sr;
    sr.title = std::move(s.title);
    sr.coverLetter = std::move(s.coverLetter);
    if (s.coverLetter) readNotices(*s.coverLetter, ctx.result.notices);
    for (Patch &p : s.patches) {
      readNotices(p, ctx.result.notices);
      PatchResult pr;
      pr.patch = std::move(p);
      pr.files.resize(pr.patch.files.size());
      sr.patches.push_back(std::move(pr));
    }
    ctx.result.series.push_back(std::move(sr));
  }
  ctx.result.skipped = std::move(set->skipped);
  size_t unreadable = std::count_if(ctx.result.skipped.begin(), ctx.result.skipped.end(),
                                    [](const Skipped &k) { return k.error; });
  if (unreadable > 0)
    ctx.result.notices.push_back(
        std::to_string(unreadable) + (unreadable == 1 ? " item" : " items") +
        " could not be read (listed under skipped, with the reason); the rest was checked");
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

// The tree the policy file, MAINTAINERS and the dependency map are read from: HEAD's.
void loadHeadTree(RunContext &ctx) {
  if (!ctx.repo) return;
  ctx.headTree = treeViewAt(ctx.repo.get(), "HEAD");
  if (!ctx.headTree)
    ctx.result.notices.push_back("HEAD names no commit: no MAINTAINERS, no dependency map");
}

Status policyStage(RunContext &ctx) {
  auto policy = resolvePolicy(policyOption(ctx.options), ctx.headTree.get(), &ctx.result.notices);
  if (!policy) return policy.error();
  ctx.policy = std::move(*policy);
  ctx.result.policy = ctx.policy.name;
  return okStatus();
}

// The trees each patch's images are read from: the AST map's input, the replay's, and
// where the classification's proofs read whole files. Without the AST map a commit's two
// trees are looked up when first read: a range of thousands of commits pays only for the
// few files the proofs and the replays read.
void imageStage(RunContext &ctx) {
  std::vector<PatchResult *> patches = allPatches(ctx.result);
  ctx.images.assign(patches.size(), PatchImages{});
  if (!ctx.repo) return;
  ctx.progress.start("reading trees", patches.size());
  for (size_t i = 0; i < patches.size(); ++i) {
    auto images = imagesFor(patches[i]->patch, ctx.repo.get(), ctx.options.noAst);
    if (!images)
      ctx.result.notices.push_back(patches[i]->patch.origin.name + ": " + images.error().str());
    else if (!images->problem.empty())
      ctx.result.notices.push_back(patches[i]->patch.subject + ": " + images->problem);
    if (images) ctx.images[i] = std::move(*images);
    ctx.progress.step();
  }
}

std::shared_ptr<const DependencyMap> dependencyStage(RunContext &ctx) {
  if (!ctx.headTree) return nullptr;
  DependencyOptions options;
  options.jobs = jobCount(ctx.options.jobs);
  options.progress = [&ctx, started = false](size_t done, size_t total) mutable {
    if (!started) ctx.progress.start("scanning includes", total);
    started = true;
    (void)done;
    ctx.progress.step();
  };
  options.notice = [&ctx](const std::string &text) { ctx.result.notices.push_back(text); };
  auto deps = loadDependencyMap(*ctx.headTree, options);
  if (!deps) {
    ctx.result.notices.push_back("no dependency map: " + deps.error().str() +
                                 "; core code decided by path rules only");
    return nullptr;
  }
  return *deps;
}

// The AST map of every patch: patches in parallel when there are several, else the
// files of the one patch in parallel.
void entityStage(RunContext &ctx) {
  if (ctx.options.noAst) return;
  std::vector<PatchResult *> patches = allPatches(ctx.result);
  int jobs = jobCount(ctx.options.jobs);
  AstOptions options;
  options.buildDir = buildDirectory(ctx.options);
  options.repoRoot = ctx.result.repository;
  options.compiledCode = !ctx.options.noIr;
  if (!ctx.policy.annotationMacros.empty()) options.annotationMacros = ctx.policy.annotationMacros;
  options.jobs = patches.size() > 1 ? 1 : jobs;
  options.parseProcesses = jobs;
  // One session for the run: each patch reuses what the ones before it parsed.
  AstSession session(options);
  ctx.progress.start("parsing", patches.size());
  parallelFor(patches.size(), patches.size() > 1 ? jobs : 1, [&](size_t i) {
    std::vector<FileEntities> entities = session.map(patches[i]->patch, ctx.images[i]);
    for (size_t f = 0; f < entities.size() && f < patches[i]->files.size(); ++f)
      patches[i]->files[f].entities = std::move(entities[f]);
    ctx.progress.step();
  });
  ctx.result.stages.entities = true;
  // For timing runs (REPORTS.md): what the parses did.
  if (std::getenv("PROVCHECK_AST_STATS")) {
    AstSession::Stats st = session.stats();
    std::fprintf(stderr, "provcheck: AST map: %zu parses, %zu built a preamble, %zu reused one\n",
                 st.parses, st.preambleBuilds, st.preambleReuses);
  }
}

void ownerStage(RunContext &ctx) {
  if (!ctx.headTree) return;
  if (std::optional<std::string> text = ctx.headTree->read(".mailmap")) {
    auto mailmap = Mailmap::parse(*text);
    if (mailmap) ctx.mailmap = std::move(*mailmap);
    else ctx.result.notices.push_back(".mailmap not read: " + mailmap.error().str());
  }
  auto map = loadOwnershipMap(*ctx.headTree);
  if (!map) {
    ctx.result.notices.push_back("no owners: " + map.error().str());
    return;
  }
  ctx.projectSections = map->projectSections();
  std::vector<PatchResult *> patches = allPatches(ctx.result);
  parallelFor(patches.size(), jobCount(ctx.options.jobs), [&](size_t k) {
    PatchResult *p = patches[k];
    for (size_t i = 0; i < p->patch.files.size(); ++i)
      p->files[i].owners = map->sectionsFor(p->patch.files[i].path());
  });
  for (const MaintainersDiagnostic &d : map->matchProblems())
    ctx.result.notices.push_back(map->file().path + ":" + std::to_string(d.line) + ": " +
                                 d.message);
  ctx.result.stages.owners = true;
}

// Patches are classified independently of each other, in parallel.
void classifyStage(RunContext &ctx, const DependencyMap *deps) {
  std::vector<PatchResult *> patches = allPatches(ctx.result);
  bool withEntities = ctx.result.stages.entities;
  ctx.progress.start("classifying", patches.size());
  parallelFor(patches.size(), jobCount(ctx.options.jobs), [&](size_t i) {
    PatchResult *p = patches[i];
    std::vector<FileEntities> entities;
    if (withEntities)
      for (const FileResult &f : p->files) entities.push_back(f.entities);
    PatchProofs proofs(ctx.images[i], withEntities ? &entities : nullptr);
    p->classification =
        classify(ClassifyInput{p->patch, withEntities ? &entities : nullptr, deps, &proofs,
                               &ctx.images[i]},
                 ctx.policy.rules);
    ctx.progress.step();
  });
  ctx.result.stages.classify = true;
}

std::vector<std::vector<OwningSection>> ownersOf(const PatchResult &p) {
  std::vector<std::vector<OwningSection>> out;
  for (const FileResult &f : p.files) out.push_back(f.owners);
  return out;
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

void judgeStage(RunContext &ctx) {
  JudgeOptions options;
  options.assumeAi = ctx.options.assumeAi;
  options.approvedBy = ctx.options.approvedBy;
  options.mailmap = ctx.mailmap ? &*ctx.mailmap : nullptr;
  options.projectSections = ctx.projectSections;
  // Patches are judged in parallel, then each series on its patches' verdicts.
  std::vector<PatchResult *> all = allPatches(ctx.result);
  parallelFor(all.size(), jobCount(ctx.options.jobs), [&](size_t i) {
    PatchResult &p = *all[i];
    p.verdict = judgePatch(p.patch, p.classification, ownersOf(p), ctx.policy, options);
  });
  for (SeriesResult &s : ctx.result.series) {
    std::vector<const Patch *> patches;
    std::vector<const PatchClass *> classes;
    std::vector<Verdict> verdicts;
    std::vector<std::vector<std::vector<OwningSection>>> owners;
    for (PatchResult &p : s.patches) {
      patches.push_back(&p.patch);
      classes.push_back(&p.classification);
      verdicts.push_back(p.verdict);
      owners.push_back(ownersOf(p));
    }
    s.verdict = judgeSeries(patches, classes, verdicts, owners, ctx.policy, options);
  }
  linkEarlierVersions(ctx.result.series, options.mailmap);
  ctx.result.stages.policy = true;
}

} // namespace

Expected<RunResult> runPipeline(const PipelineOptions &options) {
  git::ensureInit();
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
  RunContext ctx{options, nullptr, Progress(options.progress), {}, {}, {}, {}, {}, {}};
  if (Status s = readStage(ctx); !s) return s.error();
  openRepository(ctx);
  loadHeadTree(ctx);
  if (Status s = policyStage(ctx); !s) return s.error();
  if (options.afterRead) options.afterRead(ctx.result, ctx.policy);
  imageStage(ctx);
  entityStage(ctx);
  ownerStage(ctx);
  std::shared_ptr<const DependencyMap> deps = dependencyStage(ctx);
  classifyStage(ctx, deps.get());
  judgeStage(ctx);
  ctx.progress.done();
  return std::move(ctx.result);
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
