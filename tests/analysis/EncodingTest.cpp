// Text that is not UTF-8 (Latin-1 mails, commits with an `encoding` header like six edk2
// commits of 2019 in QEMU's history, b1625c660f94 for one) and NUL bytes in mail headers:
// decoded by what the input declares, else replaced by U+FFFD, and always said.
#include "analysis/MailSource.h"
#include "analysis/Sources.h"
#include "analysis/Utf8.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::FixtureRepo;
using Notes = std::vector<std::string>;

const std::string kDiff = "---\n"
                          " roms/Makefile | 1 +\n"
                          "\n"
                          "diff --git a/roms/Makefile b/roms/Makefile\n"
                          "index 1111111..2222222 100644\n"
                          "--- a/roms/Makefile\n"
                          "+++ b/roms/Makefile\n"
                          "@@ -1 +1,2 @@\n"
                          " all:\n"
                          "+# Caf\xe9\n";

Patch readOne(const std::string &text) {
  PatchSet set;
  Status s = readMailText(text, "<stdin>", set);
  EXPECT_TRUE(s.ok()) << (s ? "" : s.error().str());
  if (!s || set.series.size() != 1 || set.series[0].patches.size() != 1) return {};
  return set.series[0].patches[0];
}

std::string mail(const std::string &headers, const std::string &body) {
  return "From: Laszlo Ersek <lersek@example.org>\n"
         "Subject: [PATCH] roms: define feature test macros\n"
         "Date: Thu, 6 Jun 2019 11:59:09 +0200\n" +
         headers + "\n" + body + kDiff + "-- \n2.19.1\n";
}

const std::string kBody = "Cc: Philippe Mathieu-Daud\xe9 <philmd@example.org>\n"
                          "Signed-off-by: Laszlo Ersek <lersek@example.org>\n";

TEST(Encoding, MailMessageIsDecodedByItsCharset) {
  Patch p = readOne(mail("Content-Type: text/plain; charset=ISO-8859-1\n", kBody));
  EXPECT_NE(p.message.find("Philippe Mathieu-Daud\u00e9 <philmd@example.org>"), std::string::npos)
      << p.message;
  EXPECT_TRUE(isUtf8(p.message));
  EXPECT_TRUE(p.notes.empty()) << ::testing::PrintToString(p.notes);
  ASSERT_EQ(p.trailers.size(), 2u);
  EXPECT_EQ(p.trailers[0].value, "Philippe Mathieu-Daud\u00e9 <philmd@example.org>");
  // The diff keeps its bytes: a Latin-1 source file is patched as it is.
  ASSERT_EQ(p.files.size(), 1u);
  EXPECT_EQ(p.files[0].hunks[0].lines[1].text, "# Caf\xe9");
  EXPECT_EQ(p.files[0].notes,
            Notes{"1 diff line is not UTF-8 (JSON shows U+FFFD for their invalid bytes)"});
}

TEST(Encoding, UndeclaredLatin1IsReplacedAndSaid) {
  for (const std::string &headers :
       {std::string(), std::string("Content-Type: text/plain; charset=UTF-8\n")}) {
    Patch p = readOne(mail(headers, kBody));
    EXPECT_NE(p.message.find("Philippe Mathieu-Daud\uFFFD <philmd@example.org>"),
              std::string::npos)
        << p.message;
    EXPECT_EQ(p.notes, Notes{"message: 1 byte is not UTF-8, replaced by U+FFFD"}) << headers;
    EXPECT_EQ(p.files[0].hunks[0].lines[1].text, "# Caf\xe9");
  }
}

TEST(Encoding, UnknownCharsetIsReadAsUtf8AndSaid) {
  Patch p = readOne(mail("Content-Type: text/plain; charset=x-no-such-charset\n",
                         "Signed-off-by: Laszlo Ersek <lersek@example.org>\n"));
  EXPECT_EQ(p.notes, Notes{"message: unknown charset \"x-no-such-charset\", read as UTF-8"});
}

TEST(Encoding, ConversionReplacesWhatTheCharsetDoesNotDefine) {
  Utf8Text shiftJis = toUtf8("a\x82\xa0" "b\x82", "Shift_JIS"); // "a", HIRAGANA A, "b", cut
  EXPECT_EQ(shiftJis.text, "a\u3042b\uFFFD");
  EXPECT_EQ(shiftJis.replaced, 1u);
  Utf8Text utf8 = toUtf8(std::string("ok\xff\0z", 5));
  EXPECT_EQ(utf8.text, std::string("ok\uFFFD\0z", 7));
  EXPECT_TRUE(isUtf8(std::string("a\0b", 3)));
  EXPECT_FALSE(isUtf8("\xc3"));
}

// git_commit_create with an encoding, as `git -c i18n.commitEncoding=latin2 commit` makes.
std::string commitWithEncoding(FixtureRepo &repo, const char *encoding, const std::string &name,
                               const std::string &message) {
  git_oid headId, id;
  EXPECT_EQ(git_reference_name_to_id(&headId, repo.repo(), "HEAD"), 0);
  git_commit *head = nullptr;
  EXPECT_EQ(git_commit_lookup(&head, repo.repo(), &headId), 0);
  git_tree *tree = nullptr;
  EXPECT_EQ(git_commit_tree(&tree, head), 0);
  git_signature *sig = nullptr;
  EXPECT_EQ(git_signature_new(&sig, name.c_str(), "lersek@example.org", 1559815149, 120), 0);
  const git_commit *parents[] = {head};
  EXPECT_EQ(git_commit_create(&id, repo.repo(), "HEAD", sig, sig, encoding, message.c_str(),
                              tree, 1, parents),
            0);
  git_signature_free(sig);
  git_tree_free(tree);
  git_commit_free(head);
  return git::toHex(id);
}

TEST(Encoding, CommitIsDecodedByItsEncodingHeader) {
  FixtureRepo repo;
  repo.write("a.txt", "a\n");
  repo.commit("Base\n");
  std::string id = commitWithEncoding(
      repo, "latin2", "Laszl\xf3 Ersek",
      "roms: define macros\n\nTested-by: Philippe Mathieu-Daud\xe9 <philmd@example.org>\n");
  auto set = readSources({id}, SourceOptions{repo.str()});
  ASSERT_TRUE(set.ok()) << set.error().str();
  const Patch &p = set->series[0].patches[0];
  EXPECT_EQ(p.author.name, "Laszl\u00f3 Ersek");
  EXPECT_EQ(p.message,
            "roms: define macros\n\nTested-by: Philippe Mathieu-Daud\u00e9 <philmd@example.org>\n");
  EXPECT_TRUE(p.notes.empty()) << ::testing::PrintToString(p.notes);
}

TEST(Encoding, CommitWithoutEncodingButNotUtf8IsReplacedAndSaid) {
  FixtureRepo repo;
  repo.write("a.txt", "a\n");
  repo.commit("Base\n");
  std::string id = commitWithEncoding(repo, nullptr, "Laszlo Ersek",
                                      "roms: caf\xe9\n\nSigned-off-by: Laszlo Ersek <l@e.org>\n");
  auto set = readSources({id}, SourceOptions{repo.str()});
  ASSERT_TRUE(set.ok()) << set.error().str();
  const Patch &p = set->series[0].patches[0];
  EXPECT_EQ(p.subject, "roms: caf\uFFFD");
  EXPECT_EQ(p.notes, Notes{"message: 1 byte is not UTF-8, replaced by U+FFFD"});
}

// GMime ends a header's value at a NUL byte: "Ma\0gnus" read as the address "<Ma>" and
// the subject cut, which then looked like an author who did not sign off.
TEST(Encoding, NulByteInAHeaderIsRemovedAndSaid) {
  std::string text = "From Magnus Mon Sep 17 00:00:00 2001\n"
                     "From: Ma";
  text += '\0';
  text += "gnus Damm <magnus@example.org>\n"
          "Subject: [PATCH] hw/widget: fix the";
  text += '\0';
  text += " reset\n"
          "Date: Thu, 1 Jan 2026 10:00:00 +0000\n"
          "\n"
          "Signed-off-by: Magnus Damm <magnus@example.org>\n" +
          kDiff + "\nFrom Other Mon Sep 17 00:00:00 2001\n"
          "From: Ada Lovelace <ada@example.org>\n"
          "Subject: [PATCH] docs: a clean one\n"
          "\n"
          "Signed-off-by: Ada Lovelace <ada@example.org>\n" +
          kDiff;
  PatchSet set;
  ASSERT_TRUE(readMailText(text, "series.mbox", set).ok());
  ASSERT_EQ(set.series.size(), 2u);
  const Patch &p = set.series[0].patches[0];
  EXPECT_EQ(p.author, (Person{"Magnus Damm", "magnus@example.org"}));
  EXPECT_EQ(p.subject, "hw/widget: fix the reset");
  EXPECT_EQ(p.notes, (Notes{"its From header (line 2) holds a NUL byte: removed",
                            "its Subject header (line 3) holds a NUL byte: removed"}));
  const Patch &q = set.series[1].patches[0];
  EXPECT_EQ(q.author, (Person{"Ada Lovelace", "ada@example.org"}));
  EXPECT_TRUE(q.notes.empty());
}

} // namespace
} // namespace provcheck
