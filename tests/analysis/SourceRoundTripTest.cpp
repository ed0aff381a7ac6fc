// The same commit read from the repository and from its `git format-patch` file gives
// the same model.
#include "analysis/MailSource.h"
#include "analysis/Sources.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <fstream>

namespace provcheck {
namespace {

using testing::FixtureRepo;

std::string numbered(int from, int to, const std::string &word) {
  std::string out;
  for (int i = from; i <= to; ++i) out += word + " " + std::to_string(i) + ";\n";
  return out;
}

// Blob ids of a format-patch file are abbreviated: compare the common prefix.
void expectSameFile(const FileChange &commit, const FileChange &mail) {
  SCOPED_TRACE(commit.path());
  EXPECT_EQ(commit.oldPath, mail.oldPath);
  EXPECT_EQ(commit.newPath, mail.newPath);
  EXPECT_EQ(commit.status, mail.status);
  EXPECT_EQ(commit.binary, mail.binary);
  EXPECT_EQ(commit.oldMode, mail.oldMode);
  EXPECT_EQ(commit.newMode, mail.newMode);
  // libgit2 and git estimate the similarity of an edited rename differently.
  EXPECT_NEAR(commit.similarity, mail.similarity, 5);
  EXPECT_EQ(commit.similarity == 100, mail.similarity == 100);
  EXPECT_TRUE(commit.oldId.starts_with(mail.oldId)) << commit.oldId << " vs " << mail.oldId;
  EXPECT_TRUE(commit.newId.starts_with(mail.newId)) << commit.newId << " vs " << mail.newId;
  EXPECT_EQ(commit.hunks, mail.hunks);
}

void expectSamePatch(const Patch &commit, const Patch &mail) {
  EXPECT_EQ(commit.subject, mail.subject);
  EXPECT_EQ(commit.message, mail.message);
  EXPECT_EQ(commit.author, mail.author);
  EXPECT_EQ(commit.time, mail.time);
  EXPECT_EQ(commit.tzOffsetMinutes, mail.tzOffsetMinutes);
  EXPECT_EQ(commit.trailers, mail.trailers);
  ASSERT_EQ(commit.files.size(), mail.files.size());
  for (size_t i = 0; i < commit.files.size(); ++i) expectSameFile(commit.files[i], mail.files[i]);
  EXPECT_EQ(commit.added(), mail.added());
  EXPECT_EQ(commit.removed(), mail.removed());
}

Patch only(const Expected<PatchSet> &set) {
  EXPECT_TRUE(set.ok()) << (set ? "" : set.error().str());
  if (!set || set->series.size() != 1 || set->series[0].patches.size() != 1) {
    ADD_FAILURE() << "expected exactly one patch";
    return Patch{};
  }
  return set->series[0].patches[0];
}

TEST(SourceRoundTrip, CommitAndFormatPatchFileGiveTheSameModel) {
  FixtureRepo repo;
  repo.write("hw/dev.c", numbered(1, 40, "int a"));
  repo.write("docs/old-name.rst", numbered(1, 20, "text"));
  repo.write("include/gone.h", "#define GONE 1\n");
  repo.write("tail.txt", "no newline at end");
  repo.write("blob.bin", std::string("\0\1\2\3binary", 10));
  repo.commit("Base\n");

  std::string dev = numbered(1, 40, "int a");
  dev.replace(dev.find("int a 3;"), 8, "int b 3;");
  dev.replace(dev.find("int a 30;"), 9, "long a 30;");
  dev += "int added;\n";
  repo.write("hw/dev.c", dev);
  repo.rename("docs/old-name.rst", "docs/new-name.rst");
  repo.write("docs/new-name.rst", numbered(1, 19, "text") + "text changed;\n");
  repo.remove("include/gone.h");
  repo.write("tail.txt", "no newline at end, still");
  repo.write("tests/new_test.c", "int main(void) { return 0; }\n");
  repo.write("blob.bin", std::string("\0\1\2\4binary!", 11));
  std::string id = repo.commit(
      "hw/dev: rework the device with a long subject line that goes on and on past the "
      "usual limits\n\n"
      "The body explains why.\nIt has two lines.\n\n"
      "Reviewed-by: Reviewer Name <reviewer@example.org>\n"
      "AI-used-for: code completion\n"
      "Signed-off-by: Ada Lovelace <ada@example.org>\n",
      testing::Author{"Ada Lovelace", "ada@example.org", 1767232800, -300});

  Patch fromCommit = only(readSources({id}, SourceOptions{repo.str()}));
  testing::TempDir dir;
  std::string file = (dir.path() / "0001-rework.patch").string();
  std::ofstream(file, std::ios::binary) << repo.formatPatch(id);
  Patch fromMail = only(readSources({file}, SourceOptions{repo.str()}));

  EXPECT_EQ(fromCommit.origin.kind, Origin::Kind::Commit);
  EXPECT_EQ(fromMail.origin.kind, Origin::Kind::PatchFile);
  EXPECT_EQ(fromMail.origin.name, file);
  EXPECT_EQ(fromCommit.files.size(), 6u);
  EXPECT_EQ(fromCommit.trailers.size(), 3u);
  EXPECT_EQ(fromMail.series.index, 0);
  EXPECT_EQ(fromMail.series.prefix, "PATCH");
  expectSamePatch(fromCommit, fromMail);

  // And the mail's raw text carries the headers get_maintainer.pl reads.
  EXPECT_NE(fromMail.rawText.find("Subject: [PATCH] hw/dev: rework"), std::string::npos);
  EXPECT_NE(fromMail.rawText.find("\n+int added;\n"), std::string::npos);
}

TEST(SourceRoundTrip, SameModelFromStdinText) {
  FixtureRepo repo;
  repo.write("a.c", "int x;\n");
  repo.commit("Base\n");
  repo.write("a.c", "int y;\n");
  std::string id = repo.commit("Rename x to y\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  Patch fromCommit = only(readSources({id}, SourceOptions{repo.str()}));
  PatchSet set;
  ASSERT_TRUE(readMailText(repo.formatPatch(id), "<stdin>", set).ok());
  ASSERT_EQ(set.series.size(), 1u);
  const Patch &fromMail = set.series[0].patches[0];
  EXPECT_EQ(fromMail.origin.kind, Origin::Kind::Stdin);
  expectSamePatch(fromCommit, fromMail);
}

// The diff lines of a commit's rawText are those of `git format-patch` for it.
TEST(SourceRoundTrip, CommitRawTextHasTheDiffLinesOfFormatPatch) {
  FixtureRepo repo;
  repo.write("a.c", numbered(1, 12, "int a"));
  repo.write("b.txt", "tail");
  repo.commit("Base\n");
  std::string a = numbered(1, 12, "int a");
  a.replace(a.find("int a 7;"), 8, "int b 7;");
  repo.write("a.c", a);
  repo.write("b.txt", "tail\n");
  repo.write("c/new.h", "#define NEW 1\n");
  std::string id = repo.commit("Several files\n\nWith a body.\n");
  SourceOptions options{repo.str()};
  options.range.patchText = true;
  Patch p = only(readSources({id}, options));
  auto diffLines = [](const std::string &text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      std::string l = text.substr(pos, end - pos);
      if (l.starts_with("diff --git") || l.starts_with("@@") || l.starts_with("+") ||
          (l.starts_with("-") && l != "-- ") || l.starts_with("\\") || l.starts_with("new file"))
        out.push_back(l);
      if (end == std::string::npos) break;
      pos = end + 1;
    }
    return out;
  };
  std::string git = repo.formatPatch(id);
  EXPECT_EQ(diffLines(p.rawText), diffLines(git));
  EXPECT_NE(p.rawText.find("From: Ada Lovelace <ada@example.org>\nDate: Thu, 1 Jan 2026 00:01:00 +0000\n"
                           "Subject: [PATCH] Several files\n\nWith a body.\n---\n"),
            std::string::npos)
      << p.rawText;
}

} // namespace
} // namespace provcheck
