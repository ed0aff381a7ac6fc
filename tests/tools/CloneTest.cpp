// Clones that do not hold the whole history: a shallow clone is walked up to its boundary
// with a notice; a partial clone's missing blob degrades that file, never the run.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/render/Entities.h"

#include <gtest/gtest.h>

#include <fstream>

namespace provcheck::testing {
namespace {

const char *kMaintainers = "Devices\nM: Dee Vice <dee@example.org>\nS: Maintained\nF: hw/\n";

// hw/dev.c with `n` functions dev_f1..dev_fn; the first `changed` return 100 more.
std::string device(int n, int changed = 0) {
  std::string out = "#include <stdint.h>\n";
  for (int k = 1; k <= n; ++k)
    out += "\nint dev_f" + std::to_string(k) + "(void)\n{\n    return " +
           std::to_string(k <= changed ? 100 + k : k) + ";\n}\n";
  return out;
}

std::string git(const std::string &args) {
  CommandOutput out = runCommand("git " + args + " 2>&1");
  EXPECT_EQ(out.rc, 0) << args << ": " << out.text;
  return out.text;
}

RunResult check(const std::string &dir, std::vector<std::string> sources) {
  PipelineOptions options;
  options.dir = dir;
  options.sources = std::move(sources);
  options.jobs = 1;
  auto run = runPipeline(options);
  if (!run) ADD_FAILURE() << run.error().str();
  return run ? *run : RunResult{};
}

std::vector<std::string> changed(const PatchResult &p, size_t file = 0) {
  if (file >= p.files.size()) return {};
  return render::fileLabels(p.files[file].entities);
}

// c0 (root, also branch "old") .. c5 on main, each changing one function.
struct Origin {
  FixtureRepo repo;
  std::vector<std::string> commits;
  Origin() {
    repo.write("MAINTAINERS", kMaintainers);
    repo.write("hw/dev.c", device(5));
    commits.push_back(repo.commit("hw/dev: five functions\n"));
    repo.branch("old", commits[0]);
    for (int k = 1; k <= 5; ++k) {
      repo.write("hw/dev.c", device(5, k));
      commits.push_back(repo.commit("hw/dev: change dev_f" + std::to_string(k) + "\n"));
    }
    git("-C '" + repo.str() + "' config uploadpack.allowfilter true");
  }
  std::string url() const { return "file://" + repo.str(); }
};

TEST(Clone, ShallowCloneIsCheckedUpToItsBoundary) {
  Origin origin;
  TempDir tmp;
  std::string clone = (tmp.path() / "shallow").string();
  git("clone -q --depth 3 --no-single-branch " + origin.url() + " '" + clone + "'");
  // main holds c3 (the boundary), c4, c5; "old" holds c0.
  RunResult run = check(clone, {"origin/old..origin/main"});
  ASSERT_EQ(run.series.size(), 1u);
  const auto &patches = run.series[0].patches;
  ASSERT_EQ(patches.size(), 2u);
  EXPECT_EQ(patches[0].patch.id, origin.commits[4]);
  EXPECT_EQ(patches[1].patch.id, origin.commits[5]);
  EXPECT_EQ(changed(patches[0]), std::vector<std::string>{"function dev_f4 (body)"});
  EXPECT_EQ(changed(patches[1]), std::vector<std::string>{"function dev_f5 (body)"});
  EXPECT_EQ(patches[0].base.summary, origin.commits[3].substr(0, 12) + " (from the commit's parent)");
  ASSERT_EQ(run.skipped.size(), 1u);
  EXPECT_EQ(run.skipped[0].id, origin.commits[3]);
  EXPECT_EQ(run.skipped[0].reason, "shallow clone boundary: its parent is not in the repository");
  EXPECT_NE(std::find(run.notices.begin(), run.notices.end(),
                      "origin/old..origin/main: the range reaches the boundary of the shallow "
                      "clone at " + origin.commits[3].substr(0, 12) +
                          "; checked up to it (git fetch --deepen=N reads further)"),
            run.notices.end());

  // Ranges inside what the clone holds read as usual, even one hiding the boundary.
  RunResult inside = check(clone, {"HEAD~2.."});
  ASSERT_EQ(inside.series.at(0).patches.size(), 2u);
  EXPECT_EQ(changed(inside.series[0].patches[0]), std::vector<std::string>{"function dev_f4 (body)"});
  EXPECT_EQ(changed(inside.series[0].patches[1]), std::vector<std::string>{"function dev_f5 (body)"});
  EXPECT_TRUE(inside.skipped.empty());

  // A mail whose pre-image blob only "old" holds: the first-parent search stops at the
  // boundary and says so; the blob is still the exact pre-image.
  std::string mail = origin.repo.formatPatch(origin.commits[1]);
  std::string file = (tmp.path() / "0001.patch").string();
  std::ofstream(file) << mail;
  RunResult fromMail = check(clone, {file});
  const PatchResult &p = fromMail.series.at(0).patches.at(0);
  EXPECT_EQ(p.base.from, PatchBase::From::IndexLines);
  EXPECT_EQ(p.base.commit, origin.commits[5]);
  EXPECT_EQ(p.base.blobPaths, std::vector<std::string>{"hw/dev.c"});
  EXPECT_TRUE(p.base.exact);
  EXPECT_EQ(p.base.summary, origin.commits[5].substr(0, 12) +
                                " with 1 pre-image blob (from index lines: none of the 3 "
                                "first-parent commits before the shallow boundary holds the "
                                "pre-image blob; laid over HEAD)");
  EXPECT_EQ(changed(p), std::vector<std::string>{"function dev_f1 (body)"});
}

TEST(Clone, PartialCloneMissingBlobDegradesThatFileOnly) {
  Origin origin;
  origin.repo.write("hw/new.c", "int dev_new(void)\n{\n    return 0;\n}\n");
  origin.repo.write("hw/dev.c", device(5, 5) + "\nint dev_f6(void)\n{\n    return 6;\n}\n");
  std::string last = origin.repo.commit("hw/dev: a new file, and dev_f6\n");
  TempDir tmp;
  std::string clone = (tmp.path() / "partial").string();
  // Blobs are fetched for the checkout only: HEAD's, not its parent's.
  git("clone -q --filter=blob:none " + origin.url() + " '" + clone + "'");
  std::string missing = git("-C '" + clone + "' rev-list --objects --missing=print HEAD");
  ASSERT_NE(missing.find('?'), std::string::npos) << "the clone fetched every blob";

  RunResult run = check(clone, {"HEAD"});
  ASSERT_EQ(run.series.size(), 1u);
  const PatchResult &p = run.series[0].patches.at(0);
  ASSERT_EQ(p.patch.files.size(), 2u);
  const FileChange &dev = p.patch.files[0];
  EXPECT_EQ(dev.path(), "hw/dev.c");
  EXPECT_TRUE(dev.hunks.empty());
  std::string reason = "blob " + dev.oldId.substr(0, 12) +
                       " is not in the repository (a partial clone): contents unknown";
  EXPECT_EQ(dev.unavailable, reason);
  EXPECT_TRUE(p.files[0].entities.degraded);
  EXPECT_EQ(p.files[0].entities.degradedReasons, std::vector<std::string>{reason});
  EXPECT_EQ(p.classification.files.at(0).category, Category::Code);
  EXPECT_EQ(p.classification.files[0].reasons.back().rule, "unavailable");
  // The other file is read whole.
  EXPECT_EQ(p.patch.files[1].path(), "hw/new.c");
  EXPECT_EQ(changed(p, 1), (std::vector<std::string>{"function dev_new (signature)", "function dev_new (body)"}));
  for (const std::string &r : p.files[1].entities.degradedReasons)
    EXPECT_EQ(r.find("partial clone"), std::string::npos) << r;
  // The JSON report renders it: nothing aborted.
  EXPECT_NE(jsonReport(run).find(reason), std::string::npos);
}

} // namespace
} // namespace provcheck::testing
