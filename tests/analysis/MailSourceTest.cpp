// Reading format-patch files, series directories and mboxes (tests/data/mail).
#include "analysis/MailSource.h"
#include "analysis/Sources.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <fstream>

namespace provcheck {
namespace {

using testing::testData;

std::string mail(const std::string &rel) { return testData("mail/" + rel).string(); }

PatchSet readOk(const std::string &path) {
  auto set = readSources({path}, SourceOptions{});
  EXPECT_TRUE(set.ok()) << (set ? "" : set.error().str());
  return set ? *set : PatchSet{};
}

Patch single(const PatchSet &set) {
  if (set.series.size() != 1 || set.series[0].patches.size() != 1) {
    ADD_FAILURE() << "expected one patch";
    return Patch{};
  }
  return set.series[0].patches[0];
}

TEST(MailSource, QuotedPrintableBodyAndEncodedWordAuthor) {
  PatchSet set = readOk(mail("quoted-printable.patch"));
  Patch p = single(set);
  EXPECT_EQ(p.origin.kind, Origin::Kind::PatchFile);
  EXPECT_EQ(p.author, (Person{"Marc-André Exemple", "marcandre@example.org"}));
  EXPECT_EQ(p.time, 1767709800);
  EXPECT_EQ(p.tzOffsetMinutes, -300);
  EXPECT_EQ(p.subject, "hw/misc/widget: document the reset state");
  EXPECT_EQ(p.message, "hw/misc/widget: document the reset state\n\n"
                       "The comment says what « power-on » means for this device — nothing "
                       "more.\n\nSigned-off-by: Marc-André Exemple <marcandre@example.org>\n");
  ASSERT_EQ(p.trailers.size(), 1u);
  EXPECT_EQ(p.trailers[0],
            (Trailer{"Signed-off-by", "Marc-André Exemple <marcandre@example.org>", 5}));
  ASSERT_EQ(p.files.size(), 1u);
  const FileChange &f = p.files[0];
  EXPECT_EQ(f.path(), "hw/misc/widget.c");
  EXPECT_EQ(f.oldId, "ca3b6c3");
  EXPECT_EQ(f.newId, "bb5c838");
  ASSERT_EQ(f.hunks.size(), 1u);
  EXPECT_EQ(f.hunks[0].section, "int widget_init(Widget *w)");
  EXPECT_EQ(f.hunks[0].lines[3],
            (DiffLine{LineKind::Added, 0, 14, "    /* Reset to the power-on state. */", false}));
  EXPECT_NE(p.rawText.find("From: Marc-André Exemple <marcandre@example.org>"), std::string::npos)
      << p.rawText;
  EXPECT_NE(p.rawText.find("+    /* Reset to the power-on state. */"), std::string::npos);
}

TEST(MailSource, Base64BodyWithADeletedFile) {
  PatchSet set = readOk(mail("deleted-base64.patch"));
  Patch p = single(set);
  EXPECT_EQ(p.subject, "include: drop legacy.h");
  EXPECT_EQ(p.message, "include: drop legacy.h\n\nNothing includes it any more.\n\n"
                       "Signed-off-by: Ada Lovelace <ada@example.org>\n");
  ASSERT_EQ(p.files.size(), 1u);
  EXPECT_EQ(p.files[0].status, FileStatus::Deleted);
  EXPECT_EQ(p.files[0].oldPath, "include/legacy.h");
  EXPECT_EQ(p.files[0].newPath, "include/legacy.h");
  EXPECT_EQ(p.files[0].oldMode, 0100644u);
  EXPECT_EQ(p.files[0].newMode, 0u);
  EXPECT_EQ(p.removed(), 1);
  EXPECT_EQ(p.added(), 0);
}

TEST(MailSource, Rename) {
  Patch p = single(readOk(mail("rename.patch")));
  ASSERT_EQ(p.files.size(), 1u);
  EXPECT_EQ(p.files[0].status, FileStatus::Renamed);
  EXPECT_EQ(p.files[0].oldPath, "include/widget.h");
  EXPECT_EQ(p.files[0].newPath, "include/hw-widget.h");
  EXPECT_EQ(p.files[0].similarity, 79);
  EXPECT_EQ(p.added(), 1);
}

TEST(MailSource, BinaryFile) {
  Patch p = single(readOk(mail("binary.patch")));
  ASSERT_EQ(p.files.size(), 1u);
  EXPECT_TRUE(p.files[0].binary);
  EXPECT_TRUE(p.files[0].hunks.empty());
  EXPECT_EQ(p.files[0].status, FileStatus::Modified);
  EXPECT_EQ(p.files[0].newId, "ce90e1d2236744d95c2775580e6ad8fa17e8ddd8");
}

void expectWidgetSeries(const Series &s) {
  EXPECT_EQ(s.title, "widget: a write handler");
  ASSERT_TRUE(s.coverLetter.has_value());
  EXPECT_EQ(s.coverLetter->series, (SeriesPosition{"PATCH v2 0/2", 2, 0, 2, false}));
  EXPECT_EQ(s.coverLetter->messageId, "cover.v2.widget@example.org");
  EXPECT_TRUE(s.coverLetter->files.empty());
  ASSERT_EQ(s.patches.size(), 2u);
  EXPECT_EQ(s.patches[0].series.index, 1);
  EXPECT_EQ(s.patches[0].subject, "hw/misc/widget: add a write handler");
  EXPECT_EQ(s.patches[0].inReplyTo, "cover.v2.widget@example.org");
  EXPECT_EQ(s.patches[0].baseCommit, "d2aa6f3131a918b2d0832c10d23601c975d6974e");
  ASSERT_EQ(s.patches[0].trailers.size(), 2u);
  EXPECT_EQ(s.patches[0].trailers[0], (Trailer{"AI-used-for", "code completion", 5}));
  EXPECT_EQ(s.patches[0].files[0].hunks.size(), 2u);
  EXPECT_EQ(s.patches[1].series.index, 2);
  EXPECT_EQ(s.patches[1].files[0].path(), "docs/widget.rst");
}

TEST(MailSource, SeriesDirectoryWithCoverLetter) {
  PatchSet set = readOk(mail("series-v2"));
  ASSERT_EQ(set.series.size(), 1u);
  expectWidgetSeries(set.series[0]);
  EXPECT_TRUE(set.skipped.empty());
  EXPECT_EQ(set.series[0].patches[0].origin.kind, Origin::Kind::PatchFile);
}

TEST(MailSource, ListArchiveGroupsByThreadAndSkipsReplies) {
  PatchSet set = readOk(mail("list-archive.mbox"));
  ASSERT_EQ(set.series.size(), 2u);
  expectWidgetSeries(set.series[0]);
  EXPECT_EQ(set.series[0].patches[0].origin,
            (Origin{Origin::Kind::Mbox, mail("list-archive.mbox"), 94}));
  EXPECT_EQ(set.series[0].patches[1].origin.line, 25);
  EXPECT_EQ(set.series[0].coverLetter->origin.line, 1);

  ASSERT_EQ(set.series[1].patches.size(), 1u);
  EXPECT_EQ(set.series[1].title, "include: rename widget.h to hw-widget.h");
  EXPECT_EQ(set.series[1].patches[0].messageId, "rename.include@example.org");

  ASSERT_EQ(set.skipped.size(), 1u);
  EXPECT_EQ(set.skipped[0].reason, "reply");
  EXPECT_EQ(set.skipped[0].origin.line, 52);
}

TEST(MailSource, MboxWithoutPatchIsAnError) {
  auto set = readSources({mail("no-patch.mbox")}, SourceOptions{});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().str(),
            mail("no-patch.mbox") + ": no patch found (2 messages read, none with a diff)");
}

TEST(MailSource, MalformedDiffIsAnError) {
  auto set = readSources({mail("malformed.patch")}, SourceOptions{});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().file, mail("malformed.patch"));
  EXPECT_TRUE(set.error().message.starts_with(
      "malformed diff in \"include: rename widget.h to hw-widget.h\""))
      << set.error().message;
}

// One mail whose diff is malformed is skipped with its reason and the line where it
// starts; the other mails of the mbox are read.
TEST(MailSource, MalformedDiffInAnMboxIsSkippedAtItsLine) {
  PatchSet set = readOk(mail("malformed-second.mbox"));
  ASSERT_EQ(set.series.size(), 1u);
  EXPECT_EQ(set.series[0].patches.size(), 1u);
  EXPECT_EQ(set.series[0].patches[0].subject, "hw/misc/widget: add a write handler");
  ASSERT_EQ(set.skipped.size(), 1u);
  const Skipped &k = set.skipped[0];
  EXPECT_EQ(k.origin, (Origin{Origin::Kind::Mbox, mail("malformed-second.mbox"), 44}));
  EXPECT_EQ(k.subject, "include: rename widget.h to hw-widget.h");
  EXPECT_TRUE(k.error);
  EXPECT_TRUE(k.reason.starts_with(
      "malformed diff in \"include: rename widget.h to hw-widget.h\": "))
      << k.reason;
}

TEST(MailSource, UnreadableFileIsAnError) {
  testing::TempDir dir;
  std::string path = (dir.path() / "secret.patch").string();
  std::ofstream(path) << "x";
  std::filesystem::permissions(path, std::filesystem::perms::none);
  if (std::ifstream(path)) GTEST_SKIP() << "running with permissions that read anything";
  auto set = readSources({path}, SourceOptions{});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().str(), path + ": cannot read file: Permission denied");
}

TEST(MailSource, ReadErrorIsAnError) {
  testing::TempDir dir;
  PatchSet set;
  Status s = readMailFile(dir.str(), set);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().str(), dir.str() + ": cannot read file: Is a directory");
}

TEST(MailSource, MissingPathOutsideARepositoryIsAnError) {
  testing::TempDir dir;
  auto set = readSources({"does-not-exist.patch"}, SourceOptions{dir.str()});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().file, "does-not-exist.patch");
  EXPECT_EQ(set.error().message, "no such file");
  // Not named like a file: it could have been a revision.
  auto rev = readSources({"no-such-thing"}, SourceOptions{dir.str()});
  ASSERT_FALSE(rev.ok());
  EXPECT_TRUE(rev.error().message.starts_with("no such file, and not a revision ("))
      << rev.error().message;
}

// A missing patch file is said in the user's words, never as a revision (libgit2 would
// answer "Invalid pattern '/series/0001.patch'").
TEST(MailSource, MissingPatchFileInARepository) {
  testing::FixtureRepo repo;
  repo.write("a.c", "int a;\n");
  repo.commit("A\n");
  auto read = [&](const std::string &source) {
    auto set = readSources({source}, SourceOptions{repo.str()});
    EXPECT_FALSE(set.ok());
    return set ? std::string() : set.error().str();
  };
  EXPECT_EQ(read("/series/0001.patch"), "/series/0001.patch: no such file: directory /series does not exist");
  EXPECT_EQ(read("0001-fix.patch"), "0001-fix.patch: no such file");
  EXPECT_EQ(read("mails/"), "mails/: no such directory");
  EXPECT_EQ(read("v2.mbox"), "v2.mbox: no such file");
  EXPECT_TRUE(read("HEAD~5").starts_with("HEAD~5: unknown revision"));
}

TEST(MailSource, BareDiffOnStdinText) {
  PatchSet set;
  std::string diff = "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-int a;\n+int b;\n";
  ASSERT_TRUE(readMailText(diff, "<stdin>", set).ok());
  Patch p = single(set);
  EXPECT_EQ(p.origin.kind, Origin::Kind::Stdin);
  EXPECT_EQ(p.files[0].path(), "x.c");
  EXPECT_EQ(p.added(), 1);
  EXPECT_NE(p.rawText.find("\n+int b;\n"), std::string::npos);
}

TEST(MailSource, InBodyFromNamesTheAuthor) {
  std::string text =
      "From: Sender <sender@example.org>\n"
      "Date: Wed, 7 Jan 2026 10:00:00 +0000\n"
      "Subject: [PATCH] a.c: use b\n"
      "Message-Id: <inbody@example.org>\n"
      "\n"
      "From: Real Author <author@example.org>\n"
      "\n"
      "Use b instead of a.\n"
      "\n"
      "Signed-off-by: Real Author <author@example.org>\n"
      "---\n"
      "diff --git a/a.c b/a.c\n"
      "--- a/a.c\n"
      "+++ b/a.c\n"
      "@@ -1 +1 @@\n"
      "-int a;\n"
      "+int b;\n";
  PatchSet set;
  ASSERT_TRUE(readMailText(text, "<stdin>", set).ok());
  Patch p = single(set);
  EXPECT_EQ(p.author, (Person{"Real Author", "author@example.org"}));
  EXPECT_EQ(p.messageId, "inbody@example.org");
  EXPECT_EQ(p.message, "a.c: use b\n\nUse b instead of a.\n\n"
                       "Signed-off-by: Real Author <author@example.org>\n");
  ASSERT_EQ(p.trailers.size(), 1u);
  EXPECT_EQ(p.trailers[0].line, 5);
  EXPECT_EQ(p.added(), 1);
}

TEST(MailSource, EmptyDirectoryIsAnError) {
  testing::TempDir dir;
  auto set = readSources({dir.str()}, SourceOptions{});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().str(),
            dir.str() + ": no patch files (*.patch, *.diff, *.eml, *.mbox) in directory");
}

} // namespace
} // namespace provcheck
