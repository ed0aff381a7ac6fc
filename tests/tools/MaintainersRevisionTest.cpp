// `provcheck maintainers REVISION`: the commits of a revision are matched as the
// `git format-patch` text get_maintainer.pl would read, so K: keywords see their
// subject and diff lines.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace provcheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MaintainersRevision, KeywordsMatchTheCommitsPatchText) {
  FixtureRepo repo;
  repo.write("MAINTAINERS", "Alpha\nM: A <a@example.org>\nS: Maintained\nF: a/\n\n"
                            "Magic\nM: K <k@example.org>\nS: Maintained\nK: \\bmagic_word\\b\n\n"
                            "Trivial\nM: T <t@example.org>\nS: Maintained\n"
                            "K: ^Subject:.*(?i)trivial\n");
  repo.write("a/x.c", "int x;\n");
  repo.commit("Base\n");
  repo.write("a/x.c", "int x;\nint magic_word;\n");
  std::string keyword = repo.commit("a: add a variable\n");
  repo.write("b/y.c", "int y;\n");
  std::string subject = repo.commit("a: a trivial fix\n");

  CommandResult r = runProvcheck({"-C", repo.str(), "maintainers", "--nogit-fallback", keyword});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("A <a@example.org> (maintainer:Alpha)"));
  EXPECT_THAT(r.out, HasSubstr("K <k@example.org> (maintainer:Magic)")); // a diff line
  EXPECT_THAT(r.out, Not(HasSubstr("t@example.org")));

  r = runProvcheck({"-C", repo.str(), "maintainers", "--nogit-fallback", subject});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("T <t@example.org> (maintainer:Trivial)")); // its subject
  EXPECT_THAT(r.out, Not(HasSubstr("k@example.org")));
}

} // namespace
} // namespace provcheck::testing
