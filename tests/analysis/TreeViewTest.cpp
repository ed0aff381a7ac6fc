// Tree views of a patch: git trees, and a base tree with a mail's patch applied in memory.
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
  auto images = commitImages(onlyPatch(*set), r.repo.repo());
  ASSERT_TRUE(images.ok());
  ASSERT_TRUE(images->oldTree && images->newTree);
  EXPECT_EQ(images->oldTree->read("hw/dev.c"), "int a;\nint b;\n");
  EXPECT_FALSE(images->oldTree->isFile("hw/new.h"));
  EXPECT_EQ(images->newTree->read("hw/dev.c"), "int a;\nint c;\n");
  EXPECT_EQ(images->problem, "");
}

TEST(TreeView, OverlayReplacesAddsAndDeletes) {
  Repo r;
  auto base = treeViewAt(r.repo.repo(), "HEAD");
  Overlay files;
  files["hw/dev.c"] = {OverlayFile::State::Text, "int z;\n"};
  files["hw/new.h"] = {OverlayFile::State::Deleted, ""};
  files["hw/sub/more.c"] = {OverlayFile::State::Text, "int m;\n"};
  files["docs/index.rst"] = {OverlayFile::State::Deleted, ""};
  files["img.png"] = {OverlayFile::State::Unknown, ""};
  auto view = overlayTree(base, files);
  EXPECT_EQ(view->read("hw/dev.c"), "int z;\n");
  EXPECT_FALSE(view->isFile("hw/new.h"));
  EXPECT_EQ(view->read("hw/new.h"), std::nullopt);
  EXPECT_TRUE(view->isFile("img.png"));
  EXPECT_EQ(view->read("img.png"), std::nullopt); // contents unknown
  EXPECT_TRUE(view->isDirectory("hw/sub"));
  EXPECT_FALSE(view->isDirectory("docs")); // its only file is deleted
  EXPECT_EQ(view->list(""), (std::vector<std::string>{"hw/", "img.png"}));
  EXPECT_EQ(view->list("hw"), (std::vector<std::string>{"dev.c", "sub/"}));
  EXPECT_NE(view->id(), base->id());
  EXPECT_EQ(view->id(), overlayTree(base, files)->id());
  // An overlay of an overlay is one level over the git tree.
  auto again = overlayTree(view, Overlay{{"hw/dev.c", {OverlayFile::State::Text, "int y;\n"}}});
  EXPECT_EQ(again->read("hw/dev.c"), "int y;\n");
  EXPECT_EQ(again->read("hw/sub/more.c"), "int m;\n");
  EXPECT_EQ(base->read("hw/dev.c"), "int a;\nint c;\n");
}

TEST(TreeView, ChangedPathsBetweenTreesAndOverlays) {
  Repo r;
  auto before = treeViewAt(r.repo.repo(), r.base), after = treeViewAt(r.repo.repo(), r.change);
  EXPECT_EQ(changedPaths(*before, *after), (std::vector<std::string>{"hw/dev.c", "hw/new.h"}));
  EXPECT_EQ(changedPaths(*after, *after), std::vector<std::string>{});
  auto over = overlayTree(after, Overlay{{"docs/x.rst", {OverlayFile::State::Text, "x\n"}}});
  EXPECT_EQ(changedPaths(*before, *over),
            (std::vector<std::string>{"docs/x.rst", "hw/dev.c", "hw/new.h"}));
  // File keys: git's blob id for a file of the tree, also under an overlay that leaves it;
  // a key of its contents for a file made in memory; none for a directory.
  git_oid id;
  ASSERT_EQ(git_odb_hash(&id, "int a;\nint c;\n", 14, GIT_OBJECT_BLOB), 0);
  EXPECT_EQ(after->fileKey("hw/dev.c"), git::toHex(id));
  EXPECT_EQ(over->fileKey("hw/dev.c"), git::toHex(id));
  ASSERT_TRUE(over->fileKey("docs/x.rst"));
  EXPECT_NE(over->fileKey("docs/x.rst"), after->fileKey("hw/dev.c"));
  EXPECT_EQ(after->fileKey("hw"), std::nullopt);
  // Entries: the tree's where the overlay leaves them, the overlay's where it reaches.
  auto names = [](const std::vector<TreeEntry> &es) {
    std::vector<std::string> out;
    for (const TreeEntry &e : es) out.push_back(e.name + (e.kind == TreeEntryKind::Directory ? "/" : ""));
    return out;
  };
  EXPECT_EQ(over->entries("hw"), after->entries("hw"));
  EXPECT_EQ(names(over->entries("")), (std::vector<std::string>{"docs/", "hw/"}));
  EXPECT_EQ(names(over->entries("docs")), (std::vector<std::string>{"index.rst", "x.rst"}));
  EXPECT_EQ(over->entries("docs").at(0), after->entries("docs").at(0));
  EXPECT_EQ(over->entries("docs").at(1).key, *over->fileKey("docs/x.rst"));
  auto edited = overlayTree(after, Overlay{{"hw/dev.c", {OverlayFile::State::Text, "int z;\n"}}});
  EXPECT_EQ(edited->entries("").at(0), after->entries("").at(0)); // docs/
  EXPECT_NE(edited->entries("").at(1).key, after->entries("").at(1).key); // hw/ changed
  EXPECT_EQ(names(edited->entries("hw")), names(after->entries("hw")));
}

} // namespace
} // namespace provcheck
