// Earlier versions of a series given in the same run: which series are versions of one
// another, and what the latest version's verdict says of the earlier ones.
#include "classify/SeriesVersions.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

const Person kAda{"Ada Lovelace", "ada@example.org"};

Patch mail(const std::string &subject, int version, Person author = kAda) {
  Patch p;
  p.author = std::move(author);
  p.subject = subject;
  p.series.version = version;
  return p;
}

SeriesVersionKey key(const std::vector<Patch> &patches, const Patch *cover = nullptr) {
  std::vector<const Patch *> ps;
  for (const Patch &p : patches) ps.push_back(&p);
  return versionKeyOf(ps, cover);
}

TEST(SeriesVersions, ASharedSubjectOrCoverLetterBySameAuthorLinksTheVersions) {
  std::vector<Patch> v1 = {mail("hw/misc/foo: fix the write path", 1)};
  // v2 reworded the subject's case and spacing, and split the fix.
  std::vector<Patch> v2 = {mail("hw/misc/foo:  Fix the write path", 2),
                           mail("hw/misc/foo: check the register index", 2)};
  std::vector<Patch> v3 = {mail("hw/misc/foo: check the register index", 3)};
  std::vector<Patch> other = {mail("hw/net: an unrelated fix", 2)};
  std::vector<Patch> stranger = {mail("hw/misc/foo: fix the write path", 2,
                                      {"Charles Babbage", "cb@example.org"})};
  Patch cover1 = mail("foo: register fixes", 1), cover4 = mail("Foo: register fixes", 4);
  std::vector<Patch> v4 = {mail("hw/misc/foo: all new subjects", 4)};
  std::vector<SeriesVersionKey> keys = {key(v3), key(v1, &cover1), key(v2), key(other),
                                        key(stranger), key(v4, &cover4)};
  std::vector<std::vector<size_t>> earlier = earlierVersionsOf(keys, nullptr);
  ASSERT_EQ(earlier.size(), keys.size());
  EXPECT_EQ(earlier[0], (std::vector<size_t>{2}));    // v3 <- v2 (its 2nd patch)
  EXPECT_TRUE(earlier[1].empty());                    // v1 has nothing earlier
  EXPECT_EQ(earlier[2], (std::vector<size_t>{1}));    // v2 <- v1
  EXPECT_TRUE(earlier[3].empty());                    // no subject in common
  EXPECT_TRUE(earlier[4].empty());                    // another author
  EXPECT_EQ(earlier[5], (std::vector<size_t>{1}));    // v4 <- v1 by the cover letter
}

TEST(SeriesVersions, TheAuthorThroughTheMailmapAndEqualVersionsNeverLinked) {
  Expected<Mailmap> mm = Mailmap::parse("Ada Lovelace <ada@example.org> <ada@old.example>\n");
  ASSERT_TRUE(mm) << mm.error().str();
  std::vector<Patch> v1 = {mail("util: fix", 1, {"A. Lovelace", "ada@old.example"})};
  std::vector<Patch> v2 = {mail("util: fix", 2)};
  std::vector<Patch> v2again = {mail("util: fix", 2)};
  std::vector<SeriesVersionKey> keys = {key(v1), key(v2), key(v2again)};
  EXPECT_TRUE(earlierVersionsOf(keys, nullptr)[1].empty());
  std::vector<std::vector<size_t>> earlier = earlierVersionsOf(keys, &*mm);
  EXPECT_EQ(earlier[1], (std::vector<size_t>{0}));
  EXPECT_EQ(earlier[2], (std::vector<size_t>{0})); // two v2s are not versions of each other
}

TEST(SeriesVersions, TheLatestVerdictCarriesTheEarlierNumbers) {
  Verdict v1;
  v1.codeLines = {{"hw/misc/foo.c", "", {35}}, {"hw/misc/foo.c", "function foo_write", {35}}};
  Verdict v2;
  v2.codeLines = {{"hw/misc/foo.c", "", {15, 20}},
                  {"hw/misc/foo.c", "function foo_write", {15, 20}}};
  Finding f;
  f.rule = "series-function-over-limit";
  f.message = "function foo_write in hw/misc/foo.c: 2 AI-assisted small fixes change 15 + 20 = "
              "35 lines of it";
  f.locations = {FindingLocation{"hw/misc/foo.c", 0, {"function foo_write"}}};
  v2.findings.push_back(f);
  addEarlierVersions(v2, {{1, "[PATCH] hw/misc/foo: fix the write path", &v1}});
  ASSERT_EQ(v2.earlierVersions.size(), 1u);
  EXPECT_EQ(v2.earlierVersions[0].version, 1);
  EXPECT_EQ(v2.earlierVersions[0].codeLines, v1.codeLines);
  EXPECT_EQ(v2.findings[0].message,
            f.message + " (earlier versions: v1 changed it by 35 lines in 1 patch)");
  EXPECT_EQ(v2.kind, VerdictKind::Ok); // the numbers inform; they judge nothing by themselves
}

} // namespace
} // namespace provcheck
