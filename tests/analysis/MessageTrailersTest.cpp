// The trailer block of a commit message, found as git finds it when it reads a commit:
// one case per construct, the messages written after real QEMU commits' shapes.
#include "analysis/MessageTrailers.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

std::vector<std::string> keys(const std::vector<Trailer> &ts) {
  std::vector<std::string> out;
  for (const Trailer &t : ts) out.push_back(t.key + "@" + std::to_string(t.line));
  return out;
}

TEST(MessageTrailers, AScissorsLikeLineInTheBodyDoesNotEndTheMessage) {
  // A quotation between "---8<---" and "--->8---" lines, then the trailers.
  auto t = parseTrailers("block/rbd: add write zeroes support\n"
                         "\n"
                         "The rationale (citing the maintainer):\n"
                         "\n"
                         "---8<---\n"
                         "a) always unmap when the library is too old\n"
                         "--->8---\n"
                         "\n"
                         "Signed-off-by: Ada Lovelace <ada@example.org>\n"
                         "Reviewed-by: Charles Babbage <cb@example.org>\n"
                         "Message-Id: <20210702172356.11574-6-cb@example.org>\n"
                         "Signed-off-by: Kevin Maintainer <kevin@example.org>\n");
  EXPECT_EQ(keys(t), (std::vector<std::string>{"Signed-off-by@9", "Reviewed-by@10",
                                               "Message-Id@11", "Signed-off-by@12"}));
  EXPECT_EQ(t[0].value, "Ada Lovelace <ada@example.org>");
}

TEST(MessageTrailers, AQuotedDiffIsPartOfTheMessage) {
  auto t = parseTrailers("Drop _DSM 5 from expected DSDTs\n"
                         "\n"
                         "diff -rup /tmp/old/DSDT.dsl /tmp/new/DSDT.dsl\n"
                         "--- /tmp/old/DSDT.dsl\t2021-08-03\n"
                         "+++ /tmp/new/DSDT.dsl\t2021-08-03\n"
                         "@@ -1302,14 +1302,9 @@\n"
                         "-    0x21\n"
                         "+    0x01\n"
                         "\n"
                         "Signed-off-by: Michael Maintainer <mm@example.org>\n");
  EXPECT_EQ(keys(t), (std::vector<std::string>{"Signed-off-by@10"}));
}

TEST(MessageTrailers, ATripleDashLineIsText) {
  auto t = parseTrailers("Subject\n\nBody.\n---\nNotes a mail would cut here.\n\n"
                         "Signed-off-by: A <a@example.org>\n");
  EXPECT_EQ(keys(t), (std::vector<std::string>{"Signed-off-by@7"}));
}

TEST(MessageTrailers, OnlyTheLastParagraphOfASplitBlockIsTheTrailerBlock) {
  auto t = parseTrailers("qapi: add spaces after symbol declaration\n"
                         "\n"
                         "Adjust it for consistency.\n"
                         "\n"
                         "Signed-off-by: John Author <john@example.org>\n"
                         "\n"
                         "Message-Id: <20210930205716.1148693-5-john@example.org>\n"
                         "Reviewed-by: Markus Maintainer <markus@example.org>\n"
                         "Signed-off-by: Markus Maintainer <markus@example.org>\n");
  EXPECT_EQ(keys(t), (std::vector<std::string>{"Message-Id@7", "Reviewed-by@8",
                                               "Signed-off-by@9"}));
}

TEST(MessageTrailers, ASignedOffByMakesAMostlyProseParagraphATrailerBlock) {
  // git's rule: a paragraph with a line git itself writes needs 25% trailer lines.
  auto t = parseTrailers("Subject\n\nBody.\n\nThis line is prose.\nSo is this one.\n"
                         "Signed-off-by: A <a@example.org>\n");
  EXPECT_EQ(keys(t), (std::vector<std::string>{"Signed-off-by@7"}));
  // Without such a line, a single prose line disqualifies the paragraph.
  auto u = parseTrailers("Subject\n\nBody.\n\nFixes: 0123456789ab (\"x\")\nThis is prose.\n");
  EXPECT_TRUE(u.empty()) << keys(u).size();
}

TEST(MessageTrailers, ContinuationLinesAreUnfolded) {
  auto t = parseTrailers("Subject\n\nBody.\n\nFixes: 0123456789ab (\"a subject that\n"
                         "  goes on\")\nSigned-off-by: A <a@example.org>\n");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].value, "0123456789ab (\"a subject that goes on\")");
  EXPECT_EQ(t[0].line, 5);
  EXPECT_EQ(t[1].line, 7);
}

TEST(MessageTrailers, TitleCommentsAndScissors) {
  EXPECT_TRUE(parseTrailers("Signed-off-by: A <a@example.org>\n").empty()); // the title
  auto t = parseTrailers("Subject\n\nBody.\n\nSigned-off-by: A <a@example.org>\n"
                         "# Please enter the commit message\n"
                         "# ------------------------ >8 ------------------------\n"
                         "Reviewed-by: below the scissors <x@example.org>\n");
  EXPECT_EQ(keys(t), (std::vector<std::string>{"Signed-off-by@5"}));
  // Blanks before the separator are part of a key ("Key : value"), CRLF line ends too.
  auto u = parseTrailers("Subject\r\n\r\nBody.\r\n\r\nAcked-by : B <b@example.org>\r\n");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0], (Trailer{"Acked-by", "B <b@example.org>", 5}));
}

} // namespace
} // namespace provcheck
