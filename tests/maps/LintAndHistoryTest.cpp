// MAINTAINERS lint, and the git fallback over a fixture repository's history.
#include "maps/GitHistory.h"
#include "maps/MaintainersLint.h"
#include "tests/maps/TestMaps.h"
#include "tests/support/Fixture.h"

#include <algorithm>

namespace provcheck::testing {
namespace {

using V = std::vector<std::string>;

std::vector<std::string> rules(const std::vector<LintFinding> &findings) {
  std::vector<std::string> out;
  for (const auto &f : findings)
    out.push_back(f.rule + "@" + (f.line ? std::to_string(f.line) : f.path));
  return out;
}

TEST(MaintainersLint, FindsStaleAndIncompleteEntries) {
  SmallTree tree({"hw/a.c", "hw/b.c", "README", "orphan/x.c"});
  auto map = buildMap("All\nL: list@example.org\nF: *\nF: */\n\n"      // 1-4
                      "A\nM: A <a@x>\nS: Maintained\nF: hw/a.c\nF: hw/gone.c\n\n" // 6-10
                      "A\nM: B <b@x>\nF: hw/b.c\nF: hw/b.c\n\n"          // 12-15
                      "NoM\nS: Odd Fixes\nF: README\n",                 // 17-19
                      tree);
  EXPECT_EQ(rules(lintMaintainers(map, V(tree.files.begin(), tree.files.end()))),
            (V{"unmatched-pattern@10", "duplicate-section@12", "no-status@12",
               "duplicate-pattern@15", "no-maintainer@17", "catch-all-only@orphan/x.c"}));
}

TEST(GitFallback, SignersOfTheFileHistoryWithRolestats) {
  FixtureRepo repo;
  repo.write("MAINTAINERS", "Docs\nM: D <d@example.org>\nS: Maintained\nF: docs/\n");
  repo.write("src/old.c", "int a;\n");
  repo.commit("Add old.c\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  repo.rename("src/old.c", "src/new.c");
  repo.commit("Rename\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n"
              "Reviewed-by: Bob <bob@example.org>\n");
  repo.write("src/new.c", "int b;\n");
  repo.commit("Change\n\nSigned-off-by: Carol <carol@example.org>\n"
              "Signed-off-by: Ada Lovelace <ada@example.org>\n");
  repo.write("docs/x.rst", "x\n");
  repo.commit("Docs only\n\nSigned-off-by: Dan <dan@example.org>\n");

  HistoryProvider history = gitHistory(repo.repo(), 0);
  auto log = history("src/new.c");
  EXPECT_EQ(std::count_if(log.begin(), log.end(),
                          [](const std::string &l) { return l.rfind("GitCommit: ", 0) == 0; }),
            3); // the rename is followed back to old.c; the docs commit is not there

  SmallTree tree({"MAINTAINERS", "src/new.c", "docs/x.rst"});
  auto map = buildMap(repo.read("MAINTAINERS"), tree);
  MaintainersInput in;
  in.fromFiles = true;
  in.paths = {"src/new.c"};
  in.isDirectory = [&tree](std::string_view p) { return tree.isDirectory(p); };
  in.readFile = [](std::string_view) { return std::optional<std::string>(""); };
  in.history = &history;
  GetMaintainerOptions o;
  validate(o);
  auto r = getMaintainers(map, in, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(lines(renderText(*r, o)),
            (V{"Ada Lovelace <ada@example.org> (commit_signer:3/3=100%)",
               "Bob <bob@example.org> (commit_signer:1/3=33%)",
               "Carol <carol@example.org> (commit_signer:1/3=33%)"}));
  ASSERT_FALSE(r->warnings.empty());
  EXPECT_EQ(r->warnings[0], "get_maintainer.pl: No maintainers found, printing recent contributors.");

  o.gitMinPercent = 50;
  auto few = getMaintainers(map, in, o);
  EXPECT_EQ(lines(renderText(*few, o)),
            (V{"Ada Lovelace <ada@example.org> (commit_signer:3/3=100%)"}));
  // A maintained file: no fallback.
  in.paths = {"docs/x.rst"};
  auto docs = getMaintainers(map, in, o);
  EXPECT_EQ(lines(renderText(*docs, o)), (V{"D <d@example.org> (maintainer:Docs)"}));
}

TEST(GitFallback, SinceReadsRelativeAndAbsoluteDates) {
  auto t = parseSince("2025-02-13 10:30:08", 0);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, 1739442608);
  auto rel = parseSince("1-year-ago", 1770978608); // 2026-02-13 10:30:08 UTC
  ASSERT_TRUE(rel.ok());
  EXPECT_EQ(*rel, 1739442608);
  EXPECT_FALSE(parseSince("yesterday-ish", 0).ok());
}

TEST(GitFallback, SinceEpochSecondsAreReadStrictly) {
  auto t = parseSince("@1739442608", 0);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, 1739442608);
  for (const char *bad : {"@", "@abc", "@12x", "@99999999999999999999999"}) {
    auto e = parseSince(bad, 0);
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.error().str(), std::string("--git-since: cannot read date '") + bad + "'");
  }
}

} // namespace
} // namespace provcheck::testing
