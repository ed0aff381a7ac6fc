// Tree views of a patch: git trees, and a base tree with a mail's patch applied in memory.
#include "analysis/MailSource.h"
#include "analysis/Sources.h"
#include "analysis/TreeViews.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <thread>

namespace provcheck {
namespace {

using testing::FixtureRepo;

struct Repo {
  FixtureRepo repo;
  std::string base, change;
  Repo() {
    repo.write("hw/dev.c", "int a;\nint b;\n");
    repo.write("docs/index.rst", "Docs\n");
    base = repo.commit("Base\n");
    repo.write("hw/dev.c", "int a;\nint c;\n");
    repo.write("hw/new.h", "#define NEW 1\n");
    change = repo.commit("Change b to c\n");
  }
};

Patch onlyPatch(const PatchSet &set) {
  EXPECT_EQ(set.series.size(), 1u);
  EXPECT_EQ(set.series.empty() ? 0u : set.series[0].patches.size(), 1u);
  return set.series.at(0).patches.at(0);
}

TEST(TreeView, GitTreeReadsFilesAndLists) {
  Repo r;
  auto view = treeViewAt(r.repo.repo(), "HEAD");
  ASSERT_TRUE(view);
  EXPECT_EQ(view->read("hw/dev.c"), std::optional<std::string>("int a;\nint c;\n"));
  EXPECT_EQ(view->read("hw/missing.c"), std::nullopt);
  EXPECT_EQ(view->read("hw"), std::nullopt);
  EXPECT_TRUE(view->isFile("hw/new.h"));
  EXPECT_FALSE(view->isFile("hw"));
  EXPECT_TRUE(view->isDirectory("hw"));
  EXPECT_TRUE(view->isDirectory(""));
  EXPECT_EQ(view->list(""), (std::vector<std::string>{"docs/", "hw/"}));
  EXPECT_EQ(view->list("hw"), (std::vector<std::string>{"dev.c", "new.h"}));
  EXPECT_EQ(view->id().size(), 40u);
  EXPECT_FALSE(treeViewAt(r.repo.repo(), "no-such-rev"));
}

TEST(TreeView, ReadsFromSeveralThreads) {
  Repo r;
  auto view = treeViewAt(r.repo.repo(), "HEAD");
  ASSERT_TRUE(view);
  std::vector<std::thread> threads;
  std::vector<int> good(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) good[t] += view->read("hw/dev.c") == "int a;\nint c;\n";
    });
  for (auto &t : threads) t.join();
  EXPECT_EQ(good, (std::vector<int>{200, 200, 200, 200}));
}

TEST(TreeView, CommitImagesAreParentAndCommitTrees) {
  Repo r;
  auto set = readSources({"HEAD"}, SourceOptions{r.repo.str()});
  ASSERT_TRUE(set.ok());
  auto images = imagesFor(onlyPatch(*set), r.repo.repo());
  ASSERT_TRUE(images.ok());
  ASSERT_TRUE(images->oldTree && images->newTree);
  EXPECT_EQ(images->oldTree->read("hw/dev.c"), "int a;\nint b;\n");
  EXPECT_FALSE(images->oldTree->isFile("hw/new.h"));
  EXPECT_EQ(images->newTree->read("hw/dev.c"), "int a;\nint c;\n");
  EXPECT_EQ(images->problem, "");
}

TEST(TreeView, MailIsAppliedOnItsBaseWithoutTouchingTheRepository) {
  Repo r;
  std::string text = r.repo.formatPatch(r.change);
  // Point HEAD at the base so that it does not already contain the change.
  r.repo.branch("at-base", r.base);
  r.repo.setHead("at-base");
  PatchSet set;
  ASSERT_TRUE(readMailText(text, "<stdin>", set).ok());
  Patch mail = onlyPatch(set);
  EXPECT_EQ(mail.baseCommit, "");

  auto countObjects = [&] {
    size_t n = 0;
    for (auto &e : std::filesystem::recursive_directory_iterator(r.repo.path() / ".git/objects"))
      n += e.is_regular_file();
    return n;
  };
  size_t before = countObjects();
  auto images = imagesFor(mail, r.repo.repo());
  ASSERT_TRUE(images.ok()) << images.error().str();
  EXPECT_EQ(images->problem, "");
  ASSERT_TRUE(images->oldTree && images->newTree);
  EXPECT_EQ(images->oldTree->read("hw/dev.c"), "int a;\nint b;\n");
  EXPECT_EQ(images->newTree->read("hw/dev.c"), "int a;\nint c;\n");
  EXPECT_EQ(images->newTree->read("hw/new.h"), "#define NEW 1\n");
  EXPECT_EQ(images->newTree->list("hw"), (std::vector<std::string>{"dev.c", "new.h"}));
  // The applied tree is the very tree of the commit it came from.
  EXPECT_EQ(images->newTree->id(), treeViewAt(r.repo.repo(), r.change)->id());
  EXPECT_EQ(countObjects(), before);
  EXPECT_EQ(r.repo.read("hw/dev.c"), "int a;\nint c;\n"); // work tree untouched
}

TEST(TreeView, MailUsesItsBaseCommitWhenPresent) {
  Repo r;
  std::string text = r.repo.formatPatch(r.change);
  text.replace(text.rfind("-- \n"), 0, "\nbase-commit: " + r.base + "\n");
  PatchSet set;
  ASSERT_TRUE(readMailText(text, "<stdin>", set).ok());
  Patch mail = onlyPatch(set);
  EXPECT_EQ(mail.baseCommit, r.base);
  auto images = imagesFor(mail, r.repo.repo()); // HEAD already has the change
  ASSERT_TRUE(images.ok());
  EXPECT_EQ(images->problem, "");
  ASSERT_TRUE(images->newTree);
  EXPECT_EQ(images->newTree->read("hw/dev.c"), "int a;\nint c;\n");
}

TEST(TreeView, PatchThatDoesNotApplySaysSo) {
  Repo r;
  std::string text = r.repo.formatPatch(r.change);
  PatchSet set;
  ASSERT_TRUE(readMailText(text, "<stdin>", set).ok());
  auto images = imagesFor(onlyPatch(set), r.repo.repo()); // HEAD already has it
  ASSERT_TRUE(images.ok());
  EXPECT_TRUE(images->oldTree);
  EXPECT_FALSE(images->newTree);
  EXPECT_TRUE(images->problem.starts_with("patch does not apply to HEAD: ")) << images->problem;
}

} // namespace
} // namespace provcheck
