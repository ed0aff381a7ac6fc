// Recent change frequency from libgit2 history, on fixture repositories.
#include "tests/support/Fixture.h"
#include "tools/provcheck/Risk.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::Author;
using testing::FixtureRepo;

Author at(int64_t day) {
  Author a;
  a.time = 1767225600 + day * 86400;
  return a;
}

// Day 0: a.c, lib/b.c and lib/c.c; then a.c on days 10 and 20, lib/b.c on day 20,
// docs on day 30, lib/c.c removed on day 40.
void makeHistory(FixtureRepo &repo) {
  repo.write("a.c", "int a;\n");
  repo.write("lib/b.c", "int b;\n");
  repo.write("lib/c.c", "int c;\n");
  repo.commit("initial", at(0));
  repo.write("a.c", "int a = 1;\n");
  repo.commit("a: one", at(10));
  repo.write("a.c", "int a = 2;\n");
  repo.write("lib/b.c", "int b = 2;\n");
  repo.commit("a and b", at(20));
  repo.write("docs/x.rst", "x\n");
  repo.commit("docs", at(30));
  repo.remove("lib/c.c");
  repo.commit("remove c", at(40));
}

TEST(ReportHistory, CountsCommitsTouchingEachPath) {
  FixtureRepo repo;
  makeHistory(repo);
  HistoryWindow w;
  w.days = 365;
  auto f = recentChanges(repo.str(), {"a.c", "lib/b.c", "lib/c.c", "lib/none.c", "docs/x.rst"}, w);
  ASSERT_TRUE(f) << f.error().str();
  EXPECT_EQ(f->walked, 5);
  EXPECT_EQ(f->commits["a.c"], 3);       // created, then changed twice
  EXPECT_EQ(f->commits["lib/b.c"], 2);
  EXPECT_EQ(f->commits["lib/c.c"], 2);   // created, removed
  EXPECT_EQ(f->commits["lib/none.c"], 0);
  EXPECT_EQ(f->commits["docs/x.rst"], 1);
}

TEST(ReportHistory, WindowInDays) {
  FixtureRepo repo;
  makeHistory(repo);
  HistoryWindow w;
  w.days = 25; // from day 40: days 15..40
  auto f = recentChanges(repo.str(), {"a.c", "lib/b.c", "lib/c.c"}, w);
  ASSERT_TRUE(f) << f.error().str();
  EXPECT_EQ(f->commits["a.c"], 1);
  EXPECT_EQ(f->commits["lib/b.c"], 1);
  EXPECT_EQ(f->commits["lib/c.c"], 1);
}

TEST(ReportHistory, WindowInCommits) {
  FixtureRepo repo;
  makeHistory(repo);
  HistoryWindow w;
  w.days = 365;
  w.maxCommits = 3; // days 40, 30, 20
  auto f = recentChanges(repo.str(), {"a.c", "lib/b.c"}, w);
  ASSERT_TRUE(f) << f.error().str();
  EXPECT_EQ(f->walked, 3);
  EXPECT_EQ(f->commits["a.c"], 1);
  EXPECT_EQ(f->commits["lib/b.c"], 1);
}

TEST(ReportHistory, FromAnOlderTip) {
  FixtureRepo repo;
  makeHistory(repo);
  HistoryWindow w;
  w.tip = "HEAD~3";
  w.days = 365;
  auto f = recentChanges(repo.str(), {"a.c"}, w);
  ASSERT_TRUE(f) << f.error().str();
  EXPECT_EQ(f->walked, 2);
  EXPECT_EQ(f->commits["a.c"], 2);
}

TEST(ReportHistory, UnknownRevisionIsAnError) {
  FixtureRepo repo;
  makeHistory(repo);
  HistoryWindow w;
  w.tip = "no-such-branch";
  auto f = recentChanges(repo.str(), {"a.c"}, w);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().file, "no-such-branch");
}

TEST(ReportHistory, NotARepositoryIsAnError) {
  testing::TempDir dir;
  auto f = recentChanges(dir.str(), {"a.c"}, HistoryWindow{});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().file, dir.str());
}

} // namespace
} // namespace provcheck
