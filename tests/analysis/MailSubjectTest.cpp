// Subject prefixes: "[PATCH v2 3/7]", "[RFC PATCH 0/3]", list tags, replies.
#include "analysis/MailMessage.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

TEST(MailSubject, VersionIndexTotal) {
  SubjectParts s = parseSubject("[PATCH v2 3/7] hw/misc: fix the widget");
  EXPECT_EQ(s.subject, "hw/misc: fix the widget");
  EXPECT_EQ(s.series, (SeriesPosition{"PATCH v2 3/7", 2, 3, 7, false}));
  EXPECT_FALSE(s.reply);
}

TEST(MailSubject, RfcCoverLetter) {
  SubjectParts s = parseSubject("[RFC PATCH 0/3] widget: new device");
  EXPECT_EQ(s.subject, "widget: new device");
  EXPECT_EQ(s.series, (SeriesPosition{"RFC PATCH 0/3", 1, 0, 3, true}));
}

TEST(MailSubject, ListTagBeforeThePatchPrefixAndFolding) {
  SubjectParts s = parseSubject("[Qemu-devel] [PATCH for-10.0 v12 12/14] target/arm: a very\n"
                                " long subject");
  EXPECT_EQ(s.subject, "target/arm: a very long subject");
  EXPECT_EQ(s.series.prefix, "PATCH for-10.0 v12 12/14");
  EXPECT_EQ(s.series.version, 12);
  EXPECT_EQ(s.series.index, 12);
  EXPECT_EQ(s.series.total, 14);
}

TEST(MailSubject, SinglePatchAndReply) {
  SubjectParts single = parseSubject("[PATCH] docs: typo");
  EXPECT_EQ(single.series, (SeriesPosition{"PATCH", 1, 0, 0, false}));
  SubjectParts reply = parseSubject("Re: [PATCH v3 1/2] docs: typo");
  EXPECT_TRUE(reply.reply);
  EXPECT_EQ(reply.subject, "docs: typo");
  EXPECT_EQ(reply.series.version, 3);
  SubjectParts plain = parseSubject("widget questions");
  EXPECT_EQ(plain.subject, "widget questions");
  EXPECT_EQ(plain.series.prefix, "");
}

// Numbers past an int are no series position (they used to end the run with "stoi").
TEST(MailSubject, AbsurdNumbersAreNoSeriesPosition) {
  SubjectParts total = parseSubject("[PATCH 1/99999999999] widget: fix");
  EXPECT_EQ(total.subject, "widget: fix");
  EXPECT_EQ(total.series, (SeriesPosition{"PATCH 1/99999999999", 1, 0, 0, false}));
  SubjectParts version = parseSubject("[PATCH v99999999999 2/3] widget: fix");
  EXPECT_EQ(version.series, (SeriesPosition{"PATCH v99999999999 2/3", 1, 2, 3, false}));
  SubjectParts index = parseSubject("[PATCH v2 99999999999999999999/3] widget: fix");
  EXPECT_EQ(index.series, (SeriesPosition{"PATCH v2 99999999999999999999/3", 2, 0, 0, false}));
  SubjectParts largest = parseSubject("[PATCH v2147483647 2147483647/2147483647] x");
  EXPECT_EQ(largest.series,
            (SeriesPosition{"PATCH v2147483647 2147483647/2147483647", 2147483647, 2147483647,
                            2147483647, false}));
}

} // namespace
} // namespace provcheck
