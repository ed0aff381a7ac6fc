// Mbox framing as git mailsplit does it, and where a message ends: two shapes of the last
// 5,000 QEMU commits as one format-patch mbox that used to lose mails (synthetic here).
#include "analysis/MailSource.h"
#include "analysis/Mbox.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

std::string mail(int n, const std::string &subject, const std::string &body,
                 const std::string &diff) {
  return "From 96ae3f67a222197ae633225ba4543551126dbd9" + std::to_string(n) +
         " Mon Sep 17 00:00:00 2001\n"
         "From: Markus Armbruster <armbru@example.org>\n"
         "Date: Tue, 23 Sep 2025 11:09:57 +0200\n"
         "Subject: [PATCH " +
         std::to_string(n) + "/3] " + subject +
         "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
         "Content-Transfer-Encoding: 8bit\n\n" +
         body + "Signed-off-by: Markus Armbruster <armbru@example.org>\n---\n" +
         " ui/dbus.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n" + diff +
         "-- \n2.39.5\n\n\n";
}

const std::string kDiff = "diff --git a/ui/dbus.c b/ui/dbus.c\n"
                          "index 1111111..2222222 100644\n"
                          "--- a/ui/dbus.c\n"
                          "+++ b/ui/dbus.c\n"
                          "@@ -1 +1 @@\n"
                          "-GError *err;\n"
                          "+GError *err = NULL;\n";

TEST(Mbox, FromLinesAsGitMailsplitSeesThem) {
  EXPECT_TRUE(isFromLine("From 96ae3f67a222197ae633225ba4543551126dbd95 Mon Sep 17 00:00:00 2001\n"));
  EXPECT_TRUE(isFromLine("From ada@example.org Thu Jan  1 10:00:00 2026"));
  EXPECT_FALSE(isFromLine("From GLib \"Rules for use of GError\":\n"));
  EXPECT_FALSE(isFromLine("From the source frame, we initially need to copy out all fields\n"));
  EXPECT_FALSE(isFromLine("From 12:00:00 to 13:00:00 the lock is held\n"));
  EXPECT_FALSE(isFromLine("From: Ada <ada@example.org>\n"));
}

// A body starting with "From GLib ..." used to start a new message for GMime's mbox
// reader: the mail lost its diff, a phantom mail appeared, and a later one ended the
// read, every mail after it lost without a word.
TEST(Mbox, BodyLinesStartingWithFromStayInTheirMessage) {
  std::string text = mail(1, "ui/dbus: first", "Plain.\n\n", kDiff) +
                     mail(2, "ui/dbus: Clean up error checking",
                          "From GLib \"Rules for use of GError\":\n\n    A GError* must be "
                          "initialized to NULL.\n\n",
                          kDiff) +
                     mail(3, "hw/sd: avoid a confusing calculation",
                          "From the source frame, we initially need to copy out all fields\n"
                          "after data.\n\n",
                          kDiff);
  auto messages = splitMbox(text);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[1].line, 27);
  PatchSet set;
  ASSERT_TRUE(readMailText(text, "list.mbox", set).ok());
  ASSERT_EQ(set.series.size(), 1u);
  ASSERT_EQ(set.series[0].patches.size(), 3u);
  EXPECT_TRUE(set.skipped.empty());
  const Patch &p = set.series[0].patches[1];
  EXPECT_EQ(p.subject, "ui/dbus: Clean up error checking");
  EXPECT_EQ(p.origin.line, 27);
  EXPECT_TRUE(p.message.starts_with("ui/dbus: Clean up error checking\n\nFrom GLib \"Rules"))
      << p.message;
  EXPECT_EQ(p.files.size(), 1u);
  EXPECT_EQ(set.series[0].patches[2].subject, "hw/sd: avoid a confusing calculation");
  EXPECT_EQ(set.series[0].patches[2].files.size(), 1u);
}

// A message that quotes a diff ("--- /tmp/kdoc", "+++ scripts/kernel-doc", hunks) ended at
// the quote: the trailers were lost and the rest was rejected as a malformed diff.
TEST(Mbox, MessageQuotingADiffEndsAtItsOwnDashes) {
  std::string body = "This is the diff between the two:\n\n"
                     "--- /tmp/kdoc   2025-08-14 10:42:47.620331939 +0100\n"
                     "+++ scripts/kernel-doc  2025-02-17 10:44:34.528421457 +0000\n"
                     "@@ -1,2 +1,2 @@\n"
                     "-#!/usr/bin/env perl\n"
                     "+#!/usr/bin/perl\n"
                     " # SPDX-License-Identifier: GPL-2.0\n\n";
  PatchSet set;
  ASSERT_TRUE(readMailText(mail(1, "scripts/kernel-doc: delete", body, kDiff), "k.patch", set).ok());
  ASSERT_EQ(set.series.size(), 1u);
  const Patch &p = set.series[0].patches[0];
  EXPECT_NE(p.message.find("+++ scripts/kernel-doc"), std::string::npos) << p.message;
  ASSERT_EQ(p.trailers.size(), 1u) << p.message;
  EXPECT_EQ(p.trailers[0].key, "Signed-off-by");
  ASSERT_EQ(p.files.size(), 1u);
  EXPECT_EQ(p.files[0].path(), "ui/dbus.c");
}

TEST(Mbox, NulInAHeaderIsRemovedWithItsLine) {
  std::string message = "From: Ma";
  message += '\0';
  message += "gnus <m@x.org>\nSubject: a\n\nbody with a ";
  message += '\0';
  message += " stays\n";
  std::vector<std::string> notes;
  auto cleaned = withoutHeaderNuls(message, 7, notes);
  ASSERT_TRUE(cleaned);
  EXPECT_EQ(*cleaned, std::string("From: Magnus <m@x.org>\nSubject: a\n\nbody with a \0 stays\n", 55));
  EXPECT_EQ(notes, std::vector<std::string>{"its From header (line 7) holds a NUL byte: removed"});
  EXPECT_FALSE(withoutHeaderNuls("Subject: a\n\n\0", 1, notes));
}

} // namespace
} // namespace provcheck
