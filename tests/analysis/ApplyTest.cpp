// Applying a file's hunks in memory like `git apply` without fuzz.
#include "analysis/Apply.h"
#include "analysis/DiffReader.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

std::string lines(int from, int to, const std::string &prefix = "line ") {
  std::string out;
  for (int i = from; i <= to; ++i) out += prefix + std::to_string(i) + "\n";
  return out;
}

// The one file of a unified diff between two texts, as a mail would carry it.
FileChange fileOf(const std::string &diff) {
  auto parsed = parseDiffText(diff, "test.patch");
  EXPECT_TRUE(parsed.ok()) << (parsed ? "" : parsed.error().str());
  auto files = readDiff(parsed->get(), "test.patch");
  EXPECT_TRUE(files.ok() && files->size() == 1u);
  return files->at(0);
}

const char *kChangeLine12 = "diff --git a/f.c b/f.c\n"
                            "--- a/f.c\n"
                            "+++ b/f.c\n"
                            "@@ -9,7 +9,7 @@\n"
                            " line 9\n line 10\n line 11\n-line 12\n+LINE 12\n line 13\n"
                            " line 14\n line 15\n";

TEST(Apply, AtItsLine) {
  ApplyOutcome out = applyHunks(lines(1, 20), fileOf(kChangeLine12));
  ASSERT_TRUE(out.ok) << out.failure.why;
  EXPECT_EQ(out.applied.text, lines(1, 11) + "LINE 12\n" + lines(13, 20));
  EXPECT_EQ(out.applied.offsets, std::vector<int>{0});
  EXPECT_FALSE(out.applied.moved());
}

TEST(Apply, AtAnOffsetAndTheHunkMovesThere) {
  std::string text = "new 1\nnew 2\nnew 3\n" + lines(1, 20);
  FileChange f = fileOf(kChangeLine12);
  ApplyOutcome out = applyHunks(text, f);
  ASSERT_TRUE(out.ok) << out.failure.why;
  EXPECT_EQ(out.applied.offsets, std::vector<int>{3});
  EXPECT_EQ(out.applied.text, "new 1\nnew 2\nnew 3\n" + lines(1, 11) + "LINE 12\n" + lines(13, 20));
  shiftHunks(f, out.applied.offsets);
  EXPECT_EQ(f.hunks[0].oldStart, 12);
  EXPECT_EQ(f.hunks[0].newStart, 12);
  EXPECT_EQ(f.hunks[0].lines[3], (DiffLine{LineKind::Removed, 15, 0, "line 12", false}));
  EXPECT_EQ(f.hunks[0].lines[4], (DiffLine{LineKind::Added, 0, 15, "LINE 12", false}));
}

TEST(Apply, NoFuzz) {
  std::string text = lines(1, 13) + "line 14 changed\n" + lines(15, 20);
  ApplyOutcome out = applyHunks(text, fileOf(kChangeLine12));
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.failure.hunk, 1);
  EXPECT_EQ(out.failure.why, "hunk 1 (@@ -9,7 +9,7 @@) of f.c does not match");
}

TEST(Apply, NearestOfTwoPlaces) {
  // The same lines twice: the copy nearest to the header's line wins.
  std::string text = lines(1, 20) + lines(1, 20);
  ApplyOutcome out = applyHunks(text, fileOf(kChangeLine12));
  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.applied.offsets, std::vector<int>{0});
  EXPECT_EQ(out.applied.text, lines(1, 11) + "LINE 12\n" + lines(13, 20) + lines(1, 20));
}

TEST(Apply, HunkAtLineOneMustMatchAtTheBeginning) {
  FileChange f = fileOf("diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n"
                        "@@ -1,3 +1,4 @@\n+first\n line 1\n line 2\n line 3\n");
  ASSERT_TRUE(applyHunks(lines(1, 5), f).ok);
  EXPECT_FALSE(applyHunks("zero\n" + lines(1, 5), f).ok);
}

TEST(Apply, HunkWithoutTrailingContextMustMatchAtTheEnd) {
  FileChange f = fileOf("diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n"
                        "@@ -3,3 +3,4 @@\n line 3\n line 4\n line 5\n+last\n");
  ApplyOutcome out = applyHunks(lines(1, 5), f);
  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.applied.text, lines(1, 5) + "last\n");
  EXPECT_FALSE(applyHunks(lines(1, 6), f).ok);
}

TEST(Apply, MissingNewlineAtEndOfFile) {
  FileChange f = fileOf("diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n"
                        "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n");
  ApplyOutcome out = applyHunks("a\nb", f);
  ASSERT_TRUE(out.ok) << out.failure.why;
  EXPECT_EQ(out.applied.text, "a\nc\n");
  EXPECT_FALSE(applyHunks("a\nb\n", f).ok); // the newline is part of the line
}

TEST(Apply, SecondHunkFollowsTheFirstOnesOffset) {
  FileChange f = fileOf("diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n"
                        "@@ -2,3 +2,3 @@\n line 2\n-line 3\n+LINE 3\n line 4\n"
                        "@@ -15,3 +15,4 @@\n line 15\n+inserted\n line 16\n line 17\n");
  std::string text = lines(1, 5) + "extra\nextra\n" + lines(6, 20);
  ApplyOutcome out = applyHunks(text, f);
  ASSERT_TRUE(out.ok) << out.failure.why;
  EXPECT_EQ(out.applied.offsets, (std::vector<int>{0, 2}));
  shiftHunks(f, out.applied.offsets);
  EXPECT_EQ(f.hunks[1].oldStart, 17);
  EXPECT_EQ(f.hunks[1].lines[1], (DiffLine{LineKind::Added, 0, 18, "inserted", false}));
}

TEST(Apply, AddedAndDeletedFiles) {
  FileChange added = fileOf("diff --git a/n.c b/n.c\nnew file mode 100644\n--- /dev/null\n"
                            "+++ b/n.c\n@@ -0,0 +1,2 @@\n+one\n+two\n");
  ApplyOutcome out = applyHunks("", added);
  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.applied.text, "one\ntwo\n");

  FileChange deleted = fileOf("diff --git a/n.c b/n.c\ndeleted file mode 100644\n--- a/n.c\n"
                              "+++ /dev/null\n@@ -1,2 +0,0 @@\n-one\n-two\n");
  EXPECT_TRUE(applyHunks("one\ntwo\n", deleted).ok);
  ApplyOutcome longer = applyHunks("one\ntwo\nthree\n", deleted);
  EXPECT_FALSE(longer.ok);
}

} // namespace
} // namespace provcheck
