// The dependency map followed over a sequence of trees: every version answers exactly
// as a full scan of its tree, whatever changed (includes, new and removed files, a new
// include directory, declarations); the state cache gives the same tracker.
#include "analysis/TreeViews.h"
#include "maps/DependencyTracker.h"
#include "maps/IncludeGraph.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

namespace provcheck {
namespace {

using testing::FixtureRepo;

struct History {
  FixtureRepo repo;
  std::vector<std::string> commits;

  void commit(const std::string &what) { commits.push_back(repo.commit(what + "\n")); }

  History() {
    repo.write("include/qemu/osdep.h", "#pragma once\n#include \"qemu/compiler.h\"\n#include <stdio.h>\n");
    repo.write("include/qemu/compiler.h", "#pragma once\n#define QEMU_PACKED __attribute__((packed))\n");
    repo.write("include/hw/irq.h", "#pragma once\ntypedef struct IRQState *qemu_irq;\n"
                                   "void qemu_set_irq(qemu_irq irq, int level);\n");
    repo.write("hw/core/irq.c", "#include \"qemu/osdep.h\"\n#include \"hw/irq.h\"\n"
                                "void qemu_set_irq(qemu_irq irq, int level)\n{\n}\n");
    repo.write("hw/a/a.c", "#include \"qemu/osdep.h\"\n#include \"hw/irq.h\"\n#include \"a-internal.h\"\n"
                           "void a(qemu_irq i) { qemu_set_irq(i, 1); }\n");
    repo.write("hw/a/a-internal.h", "int a_helper(void);\n");
    repo.write("hw/b/b.c", "#include <qemu/osdep.h>\nint b(void) { return a_helper(); }\n");
    repo.write("target/arm/cpu.h", "extern int arm_thing;\n");
    repo.write("target/arm/helper.c", "#include \"cpu.h\"\nint h(void) { return arm_thing; }\n");
    repo.write("hw/arm/board.c", "#include \"cpu.h\"\n#include \"missing/gen.h\"\n");
    repo.write("README", "text\n");
    commit("Base");
    repo.write("hw/b/b.c", "#include <qemu/osdep.h>\n#include \"hw/irq.h\"\n"
                           "int b(qemu_irq i) { qemu_set_irq(i, 0); return a_helper(); }\n");
    commit("b.c includes irq.h and uses it");
    repo.write("include/hw/new.h", "#pragma once\n#include \"hw/irq.h\"\nvoid new_thing(void);\n");
    repo.write("hw/n/n.c", "#include \"qemu/osdep.h\"\n#include \"hw/new.h\"\n"
                           "void n(void) { new_thing(); }\n");
    commit("A new header and its user");
    repo.remove("hw/a/a-internal.h");
    commit("The internal header goes; a.c's include no longer resolves");
    repo.write("hw/b/include/cpu.h", "int b_cpu;\n");
    commit("A second cpu.h in a new include directory");
    repo.rename("target/arm/cpu.h", "target/arm/cpu-arm.h");
    repo.write("target/arm/helper.c", "#include \"cpu-arm.h\"\nint h(void) { return arm_thing; }\n");
    commit("Rename cpu.h");
    repo.write("include/hw/irq.h", "#pragma once\ntypedef struct IRQState *qemu_irq;\n");
    repo.write("README", "more text\n");
    commit("irq.h no longer declares qemu_set_irq");
    repo.remove("hw/b/include/cpu.h");
    repo.write("hw/a/a-internal.h", "int a_helper(void);\n");
    commit("The include directory goes, the internal header comes back");
  }

  std::shared_ptr<const TreeView> tree(size_t i) const { return treeViewAt(repo.repo(), commits[i]); }
};

DependencyOptions noCache() {
  DependencyOptions opts;
  opts.useCache = false;
  opts.jobs = 2;
  return opts;
}

DependencyOptions cachedIn(const testing::TempDir &dir) {
  DependencyOptions opts = noCache();
  opts.useCache = true;
  opts.cacheDir = dir.str();
  return opts;
}

void expectSameAsFullScan(const DependencyTracker &t, int version, const TreeView &tree) {
  auto full = IncludeGraph::build(tree, noCache());
  EXPECT_EQ(t.includedByAll(version), full->includedByAll()) << "version " << version;
  EXPECT_EQ(t.fanInAll(version), full->fanInAll()) << "version " << version;
  DependencyTracker fresh(tree, noCache());
  EXPECT_EQ(t.declaredInAll(version), fresh.declaredInAll(0)) << "version " << version;
  for (const auto &[name, files] : fresh.declaredInAll(0))
    EXPECT_EQ(full->declaredIn(name), files) << name;
}

TEST(DependencyTracker, EveryVersionAnswersAsAFullScan) {
  History h;
  DependencyTracker t(*h.tree(0), noCache());
  for (size_t i = 1; i < h.commits.size(); ++i) {
    auto from = h.tree(i - 1), to = h.tree(i);
    t.advance(*from, *to, *changedPaths(*from, *to));
    EXPECT_EQ(t.version(), static_cast<int>(i));
  }
  for (size_t i = 0; i < h.commits.size(); ++i) expectSameAsFullScan(t, static_cast<int>(i), *h.tree(i));
  auto last = IncludeGraph::build(*h.tree(h.commits.size() - 1), noCache());
  EXPECT_EQ(t.stats().files, last->stats().files);
  EXPECT_EQ(t.stats().includes, last->stats().includes);
  EXPECT_EQ(t.stats().resolved, last->stats().resolved);
  EXPECT_EQ(t.stats().symbols, last->stats().symbols);

  // The answers the changes should give, read through the versions' maps.
  EXPECT_EQ(t.mapAt(0)->includedBy("include/hw/irq.h"), 2);
  EXPECT_EQ(t.mapAt(1)->includedBy("include/hw/irq.h"), 3);  // b.c
  EXPECT_EQ(t.mapAt(2)->includedBy("include/hw/irq.h"), 5);  // new.h and n.c through it
  EXPECT_EQ(t.mapAt(0)->symbolFanIn("qemu_set_irq"), 1);
  EXPECT_EQ(t.mapAt(1)->symbolFanIn("qemu_set_irq"), 2);
  EXPECT_EQ(t.mapAt(6)->symbolFanIn("qemu_set_irq"), 0);     // no header declares it
  EXPECT_EQ(t.mapAt(2)->includedBy("hw/a/a-internal.h"), 1);
  EXPECT_EQ(t.mapAt(3)->includedBy("hw/a/a-internal.h"), 0);
  EXPECT_EQ(t.mapAt(7)->includedBy("hw/a/a-internal.h"), 1);
  EXPECT_EQ(t.mapAt(3)->includedBy("target/arm/cpu.h"), 2);
  using Files = std::vector<std::string>;
  EXPECT_EQ(t.mapAt(0)->declaredIn("qemu_set_irq"), (Files{"hw/core/irq.c", "include/hw/irq.h"}));
  EXPECT_EQ(t.mapAt(6)->declaredIn("qemu_set_irq"), Files{}); // no header declares it
  EXPECT_EQ(t.mapAt(1)->declaredIn("new_thing"), Files{});
  EXPECT_EQ(t.mapAt(2)->declaredIn("new_thing"), Files{"include/hw/new.h"});
  EXPECT_EQ(t.mapAt(2)->declaredIn("a_helper"), Files{"hw/a/a-internal.h"});
  EXPECT_EQ(t.mapAt(3)->declaredIn("a_helper"), Files{});
  EXPECT_EQ(t.mapAt(7)->declaredIn("a_helper"), Files{"hw/a/a-internal.h"});
  EXPECT_EQ(t.mapAt(4)->declaredIn("arm_thing"), Files{"target/arm/cpu.h"});
  EXPECT_EQ(t.mapAt(5)->declaredIn("arm_thing"), Files{"target/arm/cpu-arm.h"});
}

// Steps where only .c files include other files than before (the counts then move by
// what each reaches now and what it reached), where a changed file's includes do not
// change (its lines move, its body changes), and where a header's or an included .c
// file's includes change with them: every version answers as a full scan.
TEST(DependencyTracker, IncludeEditsOfFilesNoneIncludesAnswerAsAFullScan) {
  FixtureRepo repo;
  std::vector<std::string> commits;
  auto commit = [&](const std::string &what) { commits.push_back(repo.commit(what + "\n")); };
  repo.write("include/a.h", "#pragma once\n#include \"b.h\"\nint a_fn(void);\n");
  repo.write("include/b.h", "#pragma once\n#include \"c.h\"\nint b_fn(void);\n");
  repo.write("include/c.h", "#pragma once\nint c_fn(void);\n");
  repo.write("include/d.h", "#pragma once\n#include \"c.h\"\n");
  repo.write("x.c", "#include \"a.h\"\nint x(void) { return a_fn(); }\n");
  repo.write("y.c", "#include \"b.h\"\nint y(void) { return b_fn(); }\n");
  repo.write("m.c", "#include \"gen.c.inc\"\n");
  repo.write("gen.c.inc", "#include \"d.h\"\nint g;\n");
  commit("base");
  repo.write("x.c", "#include \"a.h\"\n#include \"c.h\"\nint x(void) { return a_fn() + c_fn(); }\n");
  repo.write("y.c", "#include \"c.h\"\nint y(void) { return c_fn(); }\n");
  commit("x.c includes what it reached already, y.c includes c.h for b.h");
  repo.write("x.c", "/* x */\n\n#include \"a.h\"\n#include \"c.h\"\nint x(void) { return 1; }\n");
  commit("x.c's includes move down and its body changes");
  repo.write("x.c", "#include \"d.h\"\n#include \"b.h\"\nint x(void) { return b_fn(); }\n");
  repo.write("y.c", "#include \"a.h\"\n#include \"d.h\"\nint y(void) { return a_fn(); }\n");
  commit("both .c files change what they include");
  repo.write("include/a.h", "#pragma once\n#include \"d.h\"\nint a_fn(void);\n");
  repo.write("x.c", "#include \"a.h\"\nint x(void) { return a_fn(); }\n");
  commit("a header and a .c file change what they include");
  repo.write("gen.c.inc", "#include \"b.h\"\nint g;\n");
  commit("an included .c file changes what it includes");
  repo.write("y.c", "int y(void) { return 0; }\n");
  commit("y.c includes nothing");
  repo.write("z.c", "#include \"e.h\"\n#include \"a.h\"\n");
  repo.write("include/e.h", "#pragma once\n#include \"c.h\"\n");
  commit("a new .c file, and a new header only it includes");
  repo.remove("x.c");
  commit("x.c goes");
  DependencyTracker t(*treeViewAt(repo.repo(), commits[0]), noCache());
  for (size_t i = 1; i < commits.size(); ++i) {
    auto from = treeViewAt(repo.repo(), commits[i - 1]), to = treeViewAt(repo.repo(), commits[i]);
    t.advance(*from, *to, *changedPaths(*from, *to));
  }
  for (size_t i = 0; i < commits.size(); ++i)
    expectSameAsFullScan(t, static_cast<int>(i), *treeViewAt(repo.repo(), commits[i]));
  // The counts the steps should give.
  EXPECT_EQ(t.mapAt(0)->includedBy("include/c.h"), 7); // a.h b.h d.h x.c y.c gen m
  EXPECT_EQ(t.mapAt(0)->includedBy("include/b.h"), 3);
  EXPECT_EQ(t.mapAt(1)->includedBy("include/b.h"), 2); // y.c no longer
  EXPECT_EQ(t.mapAt(2)->includedBy("include/b.h"), 2);
  EXPECT_EQ(t.mapAt(3)->includedBy("include/a.h"), 1); // y.c, not x.c
  EXPECT_EQ(t.mapAt(3)->includedBy("include/d.h"), 4); // x.c y.c gen m
  EXPECT_EQ(t.mapAt(6)->includedBy("include/b.h"), 2); // gen m
  EXPECT_EQ(t.mapAt(7)->includedBy("include/e.h"), 1);
  EXPECT_EQ(t.mapAt(7)->includedBy("include/d.h"), 3); // a.h x.c z.c
  EXPECT_EQ(t.mapAt(8)->includedBy("include/d.h"), 2);
}

// The steps taken together (their files read and scanned as one batch) give the same
// versions as one step at a time.
TEST(DependencyTracker, StepsTakenTogether) {
  History h;
  std::vector<std::shared_ptr<const TreeView>> trees;
  std::vector<std::vector<std::string>> changed(h.commits.size());
  for (size_t i = 0; i < h.commits.size(); ++i) trees.push_back(h.tree(i));
  std::vector<DependencyTracker::Step> steps;
  for (size_t i = 1; i < trees.size(); ++i) {
    changed[i] = *changedPaths(*trees[i - 1], *trees[i]);
    steps.push_back({trees[i - 1].get(), trees[i].get(), &changed[i]});
  }
  DependencyTracker t(*trees[0], noCache());
  t.advance(steps);
  EXPECT_EQ(t.version(), static_cast<int>(steps.size()));
  for (size_t i = 0; i < trees.size(); ++i) expectSameAsFullScan(t, static_cast<int>(i), *trees[i]);
  size_t together = t.footprint().largestBatch;
  EXPECT_GE(together, 8u); // the versions of all the steps' C files, in one batch

  // With a bound on the file versions scanned together, the steps are taken a few at a
  // time: no batch holds more than the bound and one step's files, and every version
  // answers the same.
  DependencyTracker few(*trees[0], noCache());
  few.scanAtOnce(2);
  few.advance(steps);
  EXPECT_EQ(few.version(), static_cast<int>(steps.size()));
  size_t largestStep = 0;
  for (size_t i = 1; i < trees.size(); ++i) {
    DependencyTracker one(*trees[i - 1], noCache());
    one.advance({steps[i - 1]});
    largestStep = std::max(largestStep, one.footprint().largestBatch);
  }
  EXPECT_LE(few.footprint().largestBatch, 1 + largestStep);
  EXPECT_LT(few.footprint().largestBatch, together);
  for (size_t i = 0; i < trees.size(); ++i) expectSameAsFullScan(few, static_cast<int>(i), *trees[i]);
}

// A tracker that lets go of its old versions, as a long range does batch after batch,
// still answers every later version as a full scan.
TEST(DependencyTracker, ForgettingOldVersionsKeepsTheLaterOnes) {
  History h;
  DependencyTracker t(*h.tree(0), noCache());
  for (size_t i = 1; i < h.commits.size(); ++i) {
    t.forgetBefore(t.version());
    auto from = h.tree(i - 1), to = h.tree(i);
    t.advance(*from, *to, *changedPaths(*from, *to));
    int now = static_cast<int>(i);
    expectSameAsFullScan(t, now - 1, *h.tree(i - 1));
    expectSameAsFullScan(t, now, *h.tree(i));
  }
  EXPECT_EQ(t.mapAt(7)->includedBy("hw/a/a-internal.h"), 1);
  EXPECT_EQ(t.mapAt(6)->symbolFanIn("qemu_set_irq"), 0);
}

// A range with merged branches goes back to older versions of the files a branch changed
// (from the branch's last tree to the next branch's base): the file versions it had just
// before are not scanned again, and every version answers as a full scan.
TEST(DependencyTracker, GoingBackToTheVersionBeforeScansNothingAgain) {
  History h;
  // b.c changes between trees 0 and 1; going back to tree 0 and on to tree 1 again needs
  // its two versions only, both kept.
  std::vector<std::shared_ptr<const TreeView>> trees{h.tree(0), h.tree(1), h.tree(0), h.tree(1), h.tree(0)};
  DependencyTracker t(*trees[0], noCache());
  std::vector<size_t> scanned;
  for (size_t i = 1; i < trees.size(); ++i) {
    t.advance(*trees[i - 1], *trees[i], *changedPaths(*trees[i - 1], *trees[i]));
    scanned.push_back(t.footprint().scanned);
  }
  EXPECT_EQ(scanned, (std::vector<size_t>{2, 2, 2, 2})); // b.c before and after, once each
  for (size_t i = 0; i < trees.size(); ++i) expectSameAsFullScan(t, static_cast<int>(i), *trees[i]);
}

// A tracker that keeps the last scan of one changed file only scans the others again
// in their before versions, and answers every version as a full scan.
TEST(DependencyTracker, KeepingFewScansChangesNoAnswer) {
  History h;
  DependencyTracker t(*h.tree(0), noCache());
  t.keepScans(1);
  for (size_t i = 1; i < h.commits.size(); ++i) {
    auto from = h.tree(i - 1), to = h.tree(i);
    t.advance(*from, *to, *changedPaths(*from, *to));
  }
  for (size_t i = 0; i < h.commits.size(); ++i) expectSameAsFullScan(t, static_cast<int>(i), *h.tree(i));
}

// A long sequence that keeps declaring new names and changing the same files, its old
// versions let go of as a range does batch after batch: the tracker holds what its last
// versions need (names, answers, kept scans), as much after 60 versions as after 20, and
// still answers as a full scan.
TEST(DependencyTracker, LongSequenceKeepsItsTablesBounded) {
  FixtureRepo repo;
  std::vector<std::string> commits;
  auto version = [&](int i) {
    std::string n = std::to_string(i), next = std::to_string(i + 1);
    repo.write("include/gen.h", "#pragma once\nint gen_" + n + "(void);\nint gen_" + next +
                                    "(void);\nstruct state_" + n + " { int x; };\n");
    repo.write("hw/user.c", "#include \"gen.h\"\nint user(void) { return gen_" + n + "(); }\n");
    repo.write("hw/other" + std::to_string(i % 3) + ".c",
               "#include \"gen.h\"\nint other_" + n + "(void) { return gen_" + next + "(); }\n");
    commits.push_back(repo.commit("version " + n + "\n"));
  };
  for (int i = 0; i <= 60; ++i) version(i);
  auto tree = [&](int i) { return treeViewAt(repo.repo(), commits[i]); };

  DependencyTracker t(*tree(0), noCache());
  constexpr size_t kScanBytes = 1500; // a few scans
  t.keepScans(kScanBytes);
  DependencyTracker::Footprint at20;
  for (int i = 1; i <= 60; ++i) {
    t.forgetBefore(t.version());
    auto from = tree(i - 1), to = tree(i);
    t.advance(*from, *to, *changedPaths(*from, *to));
    EXPECT_LE(t.footprint().recentBytes, kScanBytes) << "version " << i;
    if (i == 20) at20 = t.footprint();
  }
  DependencyTracker::Footprint at60 = t.footprint();
  EXPECT_EQ(at60.paths, at20.paths);
  EXPECT_EQ(at60.names, at20.names);     // each version declared two names of its own
  EXPECT_EQ(at60.symbols, at20.symbols);
  EXPECT_EQ(at60.answers, at20.answers);
  EXPECT_EQ(at60.changes, at20.changes);
  EXPECT_GT(at60.recent, 0u);
  expectSameAsFullScan(t, 59, *tree(59));
  expectSameAsFullScan(t, 60, *tree(60));
  EXPECT_EQ(t.mapAt(60)->symbolFanIn("gen_60"), 2); // user.c, other2.c
  EXPECT_EQ(t.mapAt(60)->declaredIn("gen_61"), std::vector<std::string>{"include/gen.h"});
}

// Trees of overlays (a series applied in memory) are followed the same way.
TEST(DependencyTracker, FollowsOverlays) {
  History h;
  auto base = h.tree(0);
  auto next = overlayTree(base, Overlay{{"hw/z.c", {OverlayFile::State::Text,
                                                    "#include \"hw/irq.h\"\nqemu_irq z;\n"}}});
  DependencyTracker t(*base, noCache());
  t.advance(*base, *next, *changedPaths(*base, *next));
  expectSameAsFullScan(t, 1, *next);
  EXPECT_EQ(t.mapAt(1)->includedBy("include/hw/irq.h"), 3);
}

// A tree that counts the files read through it.
class CountingTree : public TreeView {
public:
  explicit CountingTree(std::shared_ptr<const TreeView> t) : t_(std::move(t)) {}
  std::optional<std::string> read(std::string_view path) const override {
    ++reads;
    return t_->read(path);
  }
  bool isFile(std::string_view p) const override { return t_->isFile(p); }
  bool isDirectory(std::string_view p) const override { return t_->isDirectory(p); }
  std::vector<std::string> list(std::string_view d) const override { return t_->list(d); }
  std::string id() const override { return t_->id(); }
  std::vector<TreeEntry> entries(std::string_view d) const override { return t_->entries(d); }
  std::optional<std::string> fileKey(std::string_view p) const override { return t_->fileKey(p); }
  mutable std::atomic<int> reads{0};

private:
  std::shared_ptr<const TreeView> t_;
};

// The scans kept on disk by blob id: a tracker reading them answers every version as a
// full scan, and a tree whose file versions were all scanned before reads no file.
TEST(DependencyTracker, ScansFromTheDiskCacheGiveTheSameAnswers) {
  History h;
  testing::TempDir cache;
  DependencyOptions opts = cachedIn(cache);
  {
    DependencyTracker cold(*h.tree(0), opts);
    for (size_t i = 1; i < h.commits.size(); ++i) {
      auto from = h.tree(i - 1), to = h.tree(i);
      cold.advance(*from, *to, *changedPaths(*from, *to));
    }
    for (size_t i = 0; i < h.commits.size(); ++i) expectSameAsFullScan(cold, static_cast<int>(i), *h.tree(i));
  }
  ASSERT_TRUE(std::filesystem::is_directory(cache.path() / "scans"));

  // Every version of every source file is on disk now: nothing is read, neither for the
  // first tree nor for the steps, even with no scan kept in memory.
  std::vector<std::shared_ptr<CountingTree>> trees;
  for (size_t i = 0; i < h.commits.size(); ++i) trees.push_back(std::make_shared<CountingTree>(h.tree(i)));
  DependencyTracker warm(*trees[0], opts);
  warm.keepScans(0);
  for (size_t i = 1; i < trees.size(); ++i)
    warm.advance(*trees[i - 1], *trees[i], *changedPaths(*h.tree(i - 1), *h.tree(i)));
  for (const auto &t : trees) EXPECT_EQ(t->reads, 0);
  for (size_t i = 0; i < h.commits.size(); ++i) expectSameAsFullScan(warm, static_cast<int>(i), *h.tree(i));

  // A corrupt scan is scanned again from the file, with the same answers.
  auto tree0 = std::make_shared<CountingTree>(h.tree(0));
  std::string key = *tree0->fileKey("hw/a/a.c");
  std::filesystem::path file = cache.path() / "scans" / key.substr(0, 2) / (key.substr(2) + ".bin");
  ASSERT_TRUE(std::filesystem::exists(file));
  std::ofstream(file, std::ios::binary | std::ios::app) << "x";
  DependencyTracker repaired(*tree0, opts);
  EXPECT_EQ(tree0->reads, 1);
  expectSameAsFullScan(repaired, 0, *h.tree(0));
  DependencyTracker again(*tree0, opts);
  EXPECT_EQ(tree0->reads, 1); // written again
}

TEST(DependencyTracker, StateCacheGivesTheSameTracker) {
  History h;
  testing::TempDir cache;
  DependencyOptions opts = cachedIn(cache);
  auto first = DependencyTracker::open(*h.tree(0), opts);
  EXPECT_FALSE(first->stats().fromCache);
  auto second = DependencyTracker::open(*h.tree(0), opts);
  EXPECT_TRUE(second->stats().fromCache);
  EXPECT_EQ(second->includedByAll(0), first->includedByAll(0));
  EXPECT_EQ(second->fanInAll(0), first->fanInAll(0));
  EXPECT_EQ(second->declaredInAll(0), first->declaredInAll(0));
  EXPECT_EQ(second->stats().includes, first->stats().includes);
  EXPECT_EQ(second->stats().resolved, first->stats().resolved);
  for (size_t i = 1; i < h.commits.size(); ++i) {
    auto from = h.tree(i - 1), to = h.tree(i);
    second->advance(*from, *to, *changedPaths(*from, *to));
    expectSameAsFullScan(*second, static_cast<int>(i), *to);
  }
}

} // namespace
} // namespace provcheck
