// The base of mailed patches and their images, applied in memory one after another.
#include "analysis/MailBase.h"
#include "analysis/MailSource.h"
#include "analysis/TreeViews.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::FixtureRepo;
using testing::CommandOutput;
using testing::runCommand;

std::vector<Patch *> pointers(Series &s) {
  std::vector<Patch *> out;
  for (Patch &p : s.patches) out.push_back(&p);
  return out;
}

Series readMail(const std::string &text) {
  PatchSet set;
  Status st = readMailText(text, "<stdin>", set);
  EXPECT_TRUE(st.ok()) << (st ? "" : st.error().str());
  EXPECT_EQ(set.series.size(), 1u);
  return set.series.empty() ? Series{} : set.series[0];
}

size_t countObjects(const FixtureRepo &repo) {
  size_t n = 0;
  for (auto &e : std::filesystem::recursive_directory_iterator(repo.path() / ".git/objects"))
    n += e.is_regular_file();
  return n;
}

TEST(MailBase, AppliedOnItsBaseWithoutWritingAnything) {
  FixtureRepo repo;
  repo.write("hw/dev.c", "int a;\nint b;\n");
  std::string base = repo.commit("Base\n");
  repo.write("hw/dev.c", "int a;\nint c;\n");
  repo.write("hw/new.h", "#define NEW 1\n");
  std::string change = repo.commit("Change b to c\n");
  std::string text = repo.formatPatch(change);
  repo.branch("at-base", base);
  repo.setHead("at-base");

  Series s = readMail(text);
  size_t before = countObjects(repo);
  std::vector<PatchImages> images = seriesImages(pointers(s), repo.repo());
  ASSERT_EQ(images.size(), 1u);
  const PatchImages &img = images[0];
  EXPECT_EQ(img.problem, "");
  EXPECT_EQ(img.base.from, PatchBase::From::IndexLines);
  EXPECT_EQ(img.base.commit, base);
  EXPECT_EQ(img.base.behindHead, 0);
  ASSERT_TRUE(img.oldTree && img.newTree);
  EXPECT_EQ(img.oldTree->read("hw/dev.c"), "int a;\nint b;\n");
  EXPECT_EQ(img.newTree->read("hw/dev.c"), "int a;\nint c;\n");
  EXPECT_EQ(img.newTree->read("hw/new.h"), "#define NEW 1\n");
  EXPECT_EQ(img.newTree->list("hw"), (std::vector<std::string>{"dev.c", "new.h"}));
  EXPECT_EQ(countObjects(repo), before);
  EXPECT_EQ(repo.read("hw/dev.c"), "int a;\nint c;\n"); // work tree untouched
}

// A mail whose change HEAD already has is checked where it was written, not refused.
TEST(MailBase, MailAlreadyInHeadIsCheckedOnItsBase) {
  FixtureRepo repo;
  repo.write("hw/dev.c", "int a;\nint b;\n");
  std::string base = repo.commit("Base\n");
  repo.write("hw/dev.c", "int a;\nint c;\n");
  std::string change = repo.commit("Change b to c\n");
  Series s = readMail(repo.formatPatch(change));
  std::vector<PatchImages> images = seriesImages(pointers(s), repo.repo());
  EXPECT_EQ(images.at(0).base.commit, base);
  EXPECT_EQ(images.at(0).base.behindHead, 1);
  EXPECT_EQ(images.at(0).newTree->read("hw/dev.c"), "int a;\nint c;\n");
}

// Renames, additions and deletions chain through a series: patch 2 reads the renamed
// file patch 1 left, patch 3 deletes the file patch 1 added.
TEST(MailBase, SeriesOfRenamesAdditionsAndDeletions) {
  FixtureRepo repo;
  std::string body;
  for (int i = 1; i <= 12; ++i) body += "int v" + std::to_string(i) + ";\n";
  repo.write("a/old.c", body);
  repo.write("keep.c", "int keep;\n");
  std::string base = repo.commit("Base\n");
  repo.rename("a/old.c", "b/new.c");
  repo.write("tmp.h", "#define TMP 1\n");
  std::string one = repo.commit("Rename and add\n");
  repo.write("b/new.c", "int v0;\n" + body);
  std::string two = repo.commit("Edit the renamed file\n");
  repo.remove("tmp.h");
  std::string three = repo.commit("Drop tmp.h\n");
  CommandOutput mbox = runCommand("git -C '" + repo.str() + "' format-patch --stdout -3 " + three);
  ASSERT_EQ(mbox.rc, 0);
  repo.branch("old", base);
  repo.setHead("old");

  Series s = readMail(mbox.text);
  ASSERT_EQ(s.patches.size(), 3u);
  std::vector<PatchImages> images = seriesImages(pointers(s), repo.repo());
  for (const PatchImages &img : images) {
    EXPECT_EQ(img.problem, "");
    EXPECT_EQ(img.base.commit, base);
    EXPECT_TRUE(img.base.exact);
  }
  EXPECT_EQ(images[0].newTree->read("b/new.c"), body);
  EXPECT_FALSE(images[0].newTree->isFile("a/old.c"));
  EXPECT_FALSE(images[0].newTree->isDirectory("a"));
  EXPECT_EQ(images[1].oldTree->read("b/new.c"), body);
  EXPECT_EQ(images[1].newTree->read("b/new.c"), "int v0;\n" + body);
  EXPECT_TRUE(images[2].oldTree->isFile("tmp.h"));
  EXPECT_FALSE(images[2].newTree->isFile("tmp.h"));
  EXPECT_EQ(images[2].newTree->read("keep.c"), "int keep;\n");
  EXPECT_EQ(images[2].base.summary.substr(12, 17), " + patches 1-2 (f");
}

// A series whose second patch does not apply anywhere: the first is checked, the second
// degraded with the reason, the third applies on the first.
TEST(MailBase, PatchThatDoesNotApplyIsLeftOutOfTheChain) {
  FixtureRepo repo;
  repo.write("x.c", "int x;\n");
  repo.write("y.c", "int y1;\nint y2;\nint y3;\n");
  std::string base = repo.commit("Base\n");
  repo.write("x.c", "int x2;\n");
  repo.commit("One\n");
  repo.write("y.c", "int y1;\nint Y2;\nint y3;\n");
  repo.commit("Two\n");
  repo.write("x.c", "int x3;\n");
  std::string three = repo.commit("Three\n");
  CommandOutput mbox = runCommand("git -C '" + repo.str() + "' format-patch --stdout -3 " + three);
  ASSERT_EQ(mbox.rc, 0);
  // Patch 2 as if written against another y.c: its context matches nothing.
  std::string text = mbox.text;
  size_t at = text.find(" int y1;\n");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 9, " int y0;\n");
  at = text.find("index ", text.find("Subject: [PATCH 2/3]"));
  text.replace(at, text.find('\n', at) - at, "index 1111111..2222222 100644");
  repo.branch("old", base);
  repo.setHead("old");

  Series s = readMail(text);
  std::vector<PatchImages> images = seriesImages(pointers(s), repo.repo());
  ASSERT_EQ(images.size(), 3u);
  EXPECT_EQ(images[0].base.from, PatchBase::From::Head);
  EXPECT_EQ(images[1].base.from, PatchBase::From::None);
  EXPECT_FALSE(images[1].oldTree);
  EXPECT_FALSE(images[1].newTree);
  EXPECT_EQ(images[1].problem, "patch 2 does not apply to HEAD " + base.substr(0, 12) +
                                   " + patch 1: hunk 1 (@@ -1,3 +1,3 @@) of y.c does not match");
  EXPECT_EQ(images[2].base.summary.substr(12),
            " + patch 1 (from fuzzless application to HEAD)");
  EXPECT_EQ(images[2].newTree->read("x.c"), "int x3;\n");
  EXPECT_EQ(images[0].base.steps,
            (std::vector<std::string>{"index lines: the pre-image blob 1111111 of y.c is not in "
                                      "the repository"}));
}

} // namespace
} // namespace provcheck
