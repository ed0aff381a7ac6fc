// Diff text that libgit2 1.5.1 misreads, rejects or leaks on: a NUL byte inside a hunk
// line, a header naming a rename's source twice, and a git header that ends at its
// "index" line (an added or deleted empty file) before the next file's diff (libgit2 bug
// #6778; 7 of the last 5,000 QEMU commits have that shape).
#include "analysis/DiffReader.h"
#include "analysis/MailSource.h"
#include "analysis/Sources.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <fstream>

namespace provcheck {
namespace {

using testing::FixtureRepo;

const char kModified[] = "diff --git a/x.c b/x.c\n"
                         "index 1111111..2222222 100644\n"
                         "--- a/x.c\n"
                         "+++ b/x.c\n"
                         "@@ -1,2 +1,2 @@\n"
                         " int a;\n"
                         "-int b;\n"
                         "+int c;\n";

std::vector<FileChange> readText(const std::string &text) {
  PatchSet set;
  Status s = readMailText(text, "<stdin>", set);
  EXPECT_TRUE(s.ok()) << (s ? "" : s.error().str());
  if (!s || set.series.size() != 1 || set.series[0].patches.size() != 1) return {};
  return set.series[0].patches[0].files;
}

void expectModifiedX(const FileChange &f) {
  EXPECT_EQ(f.path(), "x.c");
  EXPECT_EQ(f.status, FileStatus::Modified);
  ASSERT_EQ(f.hunks.size(), 1u);
  EXPECT_EQ(f.added(), 1);
  EXPECT_EQ(f.removed(), 1);
  EXPECT_EQ(f.hunks[0].lines[2].text, "int c;");
}

TEST(DiffText, AddedEmptyFileBeforeAnotherFile) {
  auto files = readText(std::string("diff --git a/tests/data/EMPTY b/tests/data/EMPTY\n"
                                    "new file mode 100644\n"
                                    "index 0000000..e69de29\n") +
                        kModified);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path(), "tests/data/EMPTY");
  EXPECT_EQ(files[0].status, FileStatus::Added);
  EXPECT_EQ(files[0].newMode, 0100644u);
  EXPECT_EQ(files[0].newId, "e69de29");
  EXPECT_TRUE(files[0].hunks.empty());
  expectModifiedX(files[1]);
}

TEST(DiffText, DeletedEmptyFileBeforeAnotherFile) {
  auto files = readText(std::string("diff --git a/gone.err b/gone.err\n"
                                    "deleted file mode 100644\n"
                                    "index e69de29..0000000\n") +
                        kModified);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path(), "gone.err");
  EXPECT_EQ(files[0].status, FileStatus::Deleted);
  EXPECT_EQ(files[0].oldMode, 0100644u);
  expectModifiedX(files[1]);
}

TEST(DiffText, SeveralEmptyFilesInARowAndOneAtTheEnd) {
  auto files = readText(std::string("diff --git a/e1 b/e1\nnew file mode 100644\n"
                                    "index 0000000..e69de29\n"
                                    "diff --git a/e2 b/e2\nnew file mode 100644\n"
                                    "index 0000000..e69de29\n") +
                        kModified +
                        "diff --git a/e3 b/e3\ndeleted file mode 100644\n"
                        "index e69de29..0000000");
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].status, FileStatus::Added);
  EXPECT_EQ(files[1].status, FileStatus::Added);
  expectModifiedX(files[2]);
  EXPECT_EQ(files[3].path(), "e3");
  EXPECT_EQ(files[3].status, FileStatus::Deleted);
}

TEST(DiffText, ModeOnlyAndBinaryBeforeAnotherFile) {
  auto files = readText(std::string("diff --git a/run.sh b/run.sh\n"
                                    "old mode 100644\nnew mode 100755\n"
                                    "diff --git a/blob.bin b/blob.bin\n"
                                    "index 3333333..4444444 100644\n"
                                    "Binary files a/blob.bin and b/blob.bin differ\n") +
                        kModified);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].status, FileStatus::ModeChange);
  EXPECT_EQ(files[0].newMode, 0100755u);
  EXPECT_TRUE(files[1].binary);
  expectModifiedX(files[2]);
}

TEST(DiffText, HeaderEndsAreAddedOnlyWhereNeeded) {
  EXPECT_FALSE(withHeaderEnds(kModified));
  EXPECT_FALSE(withHeaderEnds("diff --git a/e b/e\nnew file mode 100644\n"
                              "index 0000000..e69de29\n-- \n2.39.5\n"));
  auto fixed = withHeaderEnds(std::string("diff --git a/e b/e\nnew file mode 100644\n"
                                          "index 0000000..e69de29\n") +
                              kModified);
  ASSERT_TRUE(fixed);
  EXPECT_EQ(*fixed, std::string("diff --git a/e b/e\nnew file mode 100644\n"
                                "index 0000000..e69de29\n-- \n") +
                        kModified);
}

// The commit shapes of QEMU's 62c4dc4b69 (empty files deleted before another file's
// change) and 8d5613d2ee (an empty file added before a one-line change), synthetic: each
// commit and its format-patch file read the same.
TEST(DiffText, EmptyFileCommitsRoundTripThroughFormatPatch) {
  FixtureRepo repo;
  repo.write("tests/qapi/bad.err", "");
  repo.write("tests/qapi/bad.json", "{ 'command': 'x' }\n");
  repo.write("tests/qapi/bad.out", "");
  repo.write("tests/qapi/meson.build", "schemas = [\n  'bad.json',\n  'good.json',\n]\n");
  repo.write("tests/qtest/allowed-diff.h", "/* List of tables */\n");
  repo.commit("Base\n");
  repo.remove("tests/qapi/bad.err");
  repo.remove("tests/qapi/bad.json");
  repo.remove("tests/qapi/bad.out");
  repo.write("tests/qapi/meson.build", "schemas = [\n  'good.json',\n]\n");
  std::string deleted = repo.commit("qapi: drop a test\n\nSigned-off-by: A <a@b.c>\n");
  repo.write("tests/acpi/HEST", "");
  repo.write("tests/qtest/allowed-diff.h", "/* List of tables */\n\"tests/acpi/HEST\",\n");
  std::string added = repo.commit("tests: add an empty HEST file\n\nSigned-off-by: A <a@b.c>\n");

  testing::TempDir dir;
  for (const auto &[id, count] : {std::pair{deleted, 4u}, std::pair{added, 2u}}) {
    auto fromCommit = readSources({id}, SourceOptions{repo.str()});
    ASSERT_TRUE(fromCommit.ok()) << fromCommit.error().str();
    std::string file = (dir.path() / (id + ".patch")).string();
    std::ofstream(file, std::ios::binary) << repo.formatPatch(id);
    auto fromMail = readSources({file}, SourceOptions{repo.str()});
    ASSERT_TRUE(fromMail.ok()) << fromMail.error().str();
    const auto &a = fromCommit->series[0].patches[0].files;
    const auto &b = fromMail->series[0].patches[0].files;
    ASSERT_EQ(a.size(), count);
    ASSERT_EQ(b.size(), count);
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].path(), b[i].path());
      EXPECT_EQ(a[i].status, b[i].status);
      EXPECT_EQ(a[i].hunks, b[i].hunks);
    }
  }
}

// libgit2 copies a parsed line only up to a NUL byte but keeps its full length: reading
// the line's bytes past the NUL read the heap. Content with a NUL is binary to git, so
// the file is read as binary and says why; the next file is read as usual.
TEST(DiffText, NulByteInAHunkLineMakesTheFileBinary) {
  std::string text = "diff --git a/w.c b/w.c\n"
                     "index 5555555..6666666 100644\n"
                     "--- a/w.c\n"
                     "+++ b/w.c\n"
                     "@@ -1,2 +1,2 @@\n"
                     " int a;\n"
                     "-int b;\n"
                     "+int c;";
  text += '\0';
  text += std::string(200, 'X') + "\n";
  text += kModified;
  auto files = readText(text);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path(), "w.c");
  EXPECT_TRUE(files[0].binary);
  EXPECT_TRUE(files[0].hunks.empty());
  EXPECT_EQ(files[0].notes,
            std::vector<std::string>{"line 2 holds a NUL byte: read as a binary file, as git does"});
  expectModifiedX(files[1]);
  EXPECT_TRUE(files[1].notes.empty());
}

// A rename or copy line whose path libgit2 1.5.1 cannot read (empty, or quoted with no
// closing quote, a bad escape, nothing inside) made it leak the bytes it had read: found
// by fuzz_diff on `rename to "ocsoc.p,y`. Such a line is refused before libgit2, naming
// it; a path quoted the way git quotes one is read.
TEST(DiffText, RenameLineWithoutAReadablePathIsRefused) {
  auto renamed = [](const std::string &to) {
    return "diff --git a/x.c b/y.c\n"
           "similarity index 100%\n"
           "rename from x.c\n"
           "rename to " + to + "\n";
  };
  for (const std::string to : {"\"ocsoc.p,y", "\"\"", "", "  y.c", "\"a\\qb\"", "\"a\\01\"",
                               "\"a\\\"", "\"a\\9bc\""}) {
    auto diff = parseDiffText(renamed(to), "m.patch", 7);
    ASSERT_FALSE(diff) << to;
    EXPECT_EQ(diff.error().str(), "m.patch:7: malformed diff: no path that can be read in a "
                                  "\"rename to\" line at line 4 of the diff")
        << to;
  }
  auto copy = parseDiffText("diff --git a/x.c b/y.c\nsimilarity index 100%\ncopy from \n"
                            "copy to y.c\n",
                            "m.patch");
  ASSERT_FALSE(copy);
  EXPECT_NE(copy.error().message.find("\"copy from\" line at line 3"), std::string::npos);

  auto files = readText(renamed("\"sp ace\\303\\251\\\"q\\\\.c\""));
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].status, FileStatus::Renamed);
  EXPECT_EQ(files[0].oldPath, "x.c");
  EXPECT_EQ(files[0].newPath, "sp ace\xc3\xa9\"q\\.c");
}

// git never writes two "rename from" (or "copy from", "rename to", "copy to") lines in
// one file's header. libgit2 1.5.1 keeps the last and leaks the path read before, so
// the header is refused, naming the line, before libgit2 reads it (the sanitizer build
// fails this test on the leak if it is not). One rename per file, file after file, is
// read as usual.
TEST(DiffText, SecondRenameLineInOneHeaderIsRefused) {
  const std::string rename = "similarity index 90%\n"
                             "rename from x.h\n"
                             "rename to y.h\n";
  const std::string rest = "index 1111111..2222222 100644\n"
                           "--- a/x.h\n"
                           "+++ b/y.h\n"
                           "@@ -1 +1 @@\n"
                           "-int a;\n"
                           "+int b;\n";
  auto twice = parseDiffText("diff --git a/x.h b/y.h\n" + rename + rename + rest, "m.patch", 12);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().str(), "m.patch:12: malformed diff: a second \"rename from\" line in "
                                 "one file's header at line 6 of the diff");
  auto copyAfterRename = parseDiffText("diff --git a/x.h b/y.h\n" + rename +
                                           "similarity index 90%\ncopy from z.h\ncopy to y.h\n" +
                                           rest,
                                       "m.patch");
  ASSERT_FALSE(copyAfterRename);
  EXPECT_NE(copyAfterRename.error().message.find("a second \"copy from\" line in one file's "
                                                 "header at line 6 of the diff"),
            std::string::npos);

  std::string secondRest = rest;
  secondRest.replace(secondRest.find("--- a/x.h\n+++ b/y.h"), 19, "--- a/y.h\n+++ b/z.h");
  auto files = readText("diff --git a/x.h b/y.h\n" + rename + rest + "diff --git a/y.h b/z.h\n" +
                        "similarity index 90%\nrename from y.h\nrename to z.h\n" + secondRest);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].status, FileStatus::Renamed);
  EXPECT_EQ(files[0].oldPath, "x.h");
  EXPECT_EQ(files[0].newPath, "y.h");
  EXPECT_EQ(files[1].status, FileStatus::Renamed);
  EXPECT_EQ(files[1].oldPath, "y.h");
  EXPECT_EQ(files[1].newPath, "z.h");
}

} // namespace
} // namespace provcheck
