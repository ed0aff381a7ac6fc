// get_maintainer.pl's matching rules, one test per rule, on small MAINTAINERS texts.
#include "tests/maps/QemuData.h"
#include "tests/maps/TestMaps.h"

#include <algorithm>

namespace provcheck::testing {
namespace {

using V = std::vector<std::string>;

TEST(OwnershipMap, DotIsEscapedStarIsAnythingQuestionIsOneCharacter) {
  SmallTree tree({"abc", "a.c", "hw/x/foo.c", "hw/x/foo.h", "hw/y/bar.c"});
  auto map = buildMap("Dot\nF: a.c\n\nStar\nF: hw/*/foo.c\n\nQuestion\nF: hw/?/bar.c\n", tree);
  EXPECT_EQ(sectionNames(map, "a.c"), V{"Dot"});
  EXPECT_EQ(sectionNames(map, "abc"), V{});
  EXPECT_EQ(sectionNames(map, "hw/x/foo.c"), V{"Star"});
  EXPECT_EQ(sectionNames(map, "hw/x/foo.h"), V{});
  EXPECT_EQ(sectionNames(map, "hw/y/bar.c"), V{"Question"});
  EXPECT_EQ(globToRegex("a.b*c?"), "a\\.b.*c.");
}

TEST(OwnershipMap, OtherRegexSyntaxPassesThrough) {
  SmallTree tree({"lib/x.h", "lib/x.c", "lib/x.o"});
  auto map = buildMap("Brackets\nF: lib/x.[hc]\n", tree);
  EXPECT_EQ(sectionNames(map, "lib/x.h"), V{"Brackets"});
  EXPECT_EQ(sectionNames(map, "lib/x.c"), V{"Brackets"});
  EXPECT_EQ(sectionNames(map, "lib/x.o"), V{});
}

TEST(OwnershipMap, AnchoredAtTheStartOnlySoAFilePatternIsAPrefixWithinItsLevel) {
  SmallTree tree({"scripts/kernel-doc", "scripts/kernel-doc.py", "scripts/sub/kernel-doc.py"});
  auto map = buildMap("Doc\nF: scripts/kernel-doc\n", tree);
  EXPECT_EQ(sectionNames(map, "scripts/kernel-doc"), V{"Doc"});
  EXPECT_EQ(sectionNames(map, "scripts/kernel-doc.py"), V{"Doc"});
  EXPECT_EQ(sectionNames(map, "scripts/sub/kernel-doc.py"), V{});
}

TEST(OwnershipMap, ADirectoryOfTheTreeGetsATrailingSlash) {
  SmallTree tree({"hw/arm/virt.c", "hw/arm/sub/deep.c", "hw/armv7.c"});
  auto map = buildMap("ARM\nF: hw/arm\n", tree);
  // hw/arm names a directory: "hw/arm/" matches everything below it...
  EXPECT_EQ(sectionNames(map, "hw/arm/sub/deep.c"), V{"ARM"});
  EXPECT_EQ(sectionNames(map, "hw/arm/virt.c"), V{"ARM"});
  // ... and no longer the file next to it.
  EXPECT_EQ(sectionNames(map, "hw/armv7.c"), V{});
  // Not a directory of this tree: a prefix within one level.
  SmallTree flat({"hw/armv7.c"});
  auto map2 = buildMap("ARM\nF: hw/arm\n", flat);
  EXPECT_EQ(sectionNames(map2, "hw/armv7.c"), V{"ARM"});
  EXPECT_EQ(sectionNames(map2, "hw/arm/virt.c"), V{});
}

TEST(OwnershipMap, StarIsTopLevelFilesAndStarSlashIsEverythingBelow) {
  SmallTree tree({"README", "hw/x.c"});
  auto map = buildMap("Top\nF: *\n\nBelow\nF: */\n", tree);
  EXPECT_EQ(sectionNames(map, "README"), V{"Top"});
  EXPECT_EQ(sectionNames(map, "hw/x.c"), V{"Below"});
}

TEST(OwnershipMap, AnyExcludeDropsTheSectionWhereverItIs) {
  SmallTree tree({"net/a.c", "net/ipv6/b.c"});
  auto map = buildMap("Net\nF: net/\nX: net/ipv6/\n\nNet2\nX: net/ipv6/\nF: net/\n", tree);
  EXPECT_EQ(sectionNames(map, "net/a.c"), (V{"Net", "Net2"}));
  EXPECT_EQ(sectionNames(map, "net/ipv6/b.c"), V{});
}

TEST(OwnershipMap, DeepestFirstAndTheLastMatchingPatternSetsTheDepth) {
  SmallTree tree({"hw/arm/virt.c"});
  auto map = buildMap("Shallow\nF: hw/\n\n"
                      "LastWins\nF: hw/arm/virt.c\nF: hw/\n\n"
                      "Deep\nF: hw/arm/virt.c\n\n"
                      "Glob\nF: */arm/*\n",
                      tree);
  auto owners = map.sectionsFor("hw/arm/virt.c");
  ASSERT_EQ(owners.size(), 4u);
  EXPECT_EQ(owners[0].name, "Deep");
  EXPECT_EQ(owners[0].depth, 3);
  // "Shallow" and "LastWins" both have depth 1 (LastWins' last match is hw/); ties by
  // file order.
  EXPECT_EQ(owners[1].name, "Shallow");
  EXPECT_EQ(owners[2].name, "LastWins");
  EXPECT_EQ(owners[2].depth, 1);
  EXPECT_EQ(owners[2].pattern, "hw/");
  // A pattern starting with '*' has depth -1.
  EXPECT_EQ(owners[3].name, "Glob");
  EXPECT_EQ(owners[3].depth, -1);
}

TEST(OwnershipMap, PatternDepthLimitsHowFarAbovePatternsCount) {
  SmallTree tree({"a/b/c/d.c"});
  auto map = buildMap("Top\nF: a/\n\nNear\nF: a/b/c/\n", tree);
  EXPECT_EQ(map.match("a/b/c/d.c", 0).size(), 2u);
  auto near = map.match("a/b/c/d.c", 1);
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(map.file().sections[near[0].section].name, "Near");
}

TEST(OwnershipMap, OwningSectionsResolvePNamesAndMailmap) {
  SmallTree tree({"x.c"});
  MaintainersOptions options;
  options.mailmap = "Ada Lovelace <ada@new.example> <ada@old.example>\n";
  auto map = buildMap("X\nP: Bob Person\nM: bob@example.org\nM: Ada L <ada@old.example>\n"
                      "R: Rev <rev@example.org>\nL: list@example.org\nS: Maintained\nF: x.c\n",
                      tree, options);
  auto owners = map.sectionsFor("x.c");
  ASSERT_EQ(owners.size(), 1u);
  ASSERT_EQ(owners[0].maintainers.size(), 2u);
  EXPECT_EQ(owners[0].maintainers[0], (Person{"Bob Person", "bob@example.org"}));
  EXPECT_EQ(owners[0].maintainers[1], (Person{"Ada Lovelace", "ada@new.example"}));
  EXPECT_EQ(owners[0].reviewers[0], (Person{"Rev", "rev@example.org"}));
  EXPECT_EQ(owners[0].lists, V{"list@example.org"});
  EXPECT_EQ(owners[0].status, "Maintained");
}

TEST(OwnershipMap, LinuxNIsAPathRegexOfDepthZero) {
  SmallTree tree({"drivers/gpu/arm/x.c", "arch/arm64/y.c", "fs/z.c"});
  auto map = buildMap("# Linux\nARM\nM:\tA <a@x>\nN:\tarm\n\nTHE REST\nM:\tL <l@x>\nF:\t*\nF:\t*/\n",
                      tree);
  EXPECT_EQ(map.file().dialect, "linux");
  auto owners = map.sectionsFor("drivers/gpu/arm/x.c");
  ASSERT_EQ(owners.size(), 2u);
  EXPECT_EQ(owners[0].name, "ARM");
  EXPECT_EQ(owners[0].depth, 0);
  EXPECT_EQ(sectionNames(map, "fs/z.c"), V{"THE REST"});
  // In QEMU's dialect N: is an unknown tag: no path regex.
  auto qemu = buildMap("ARM\nM: A <a@x>\nN: arm\n", tree, MaintainersOptions{MaintainersDialect::Qemu});
  EXPECT_EQ(sectionNames(qemu, "drivers/gpu/arm/x.c"), V{});
}

TEST(OwnershipMap, BadRegexIsReportedWithItsLine) {
  SmallTree tree({"a.c"});
  auto map = buildMap("A\nF: a.c\nF: lib/[oops\nK: (unclosed\n", tree);
  ASSERT_EQ(map.diagnostics().size(), 2u);
  EXPECT_EQ(map.diagnostics()[0].line, 3);
  EXPECT_EQ(map.diagnostics()[1].line, 4);
  EXPECT_EQ(sectionNames(map, "a.c"), V{"A"});
}

TEST(OwnershipMap, IndexedMatchingAgreesWithTryingEveryPattern) {
  // Brute force: every pattern tried for every path, as the script does.
  SmallTree tree({"hw/arm/virt.c", "hw/arm/boot.c", "include/hw/arm/virt.h", "docs/a.rst",
                  "tests/qtest/arm-test.c", "Makefile", "target/arm/cpu.c"});
  auto map = buildMap("A\nF: hw/arm/\nX: hw/arm/boot.c\n\nB\nF: */arm/*\n\nC\nF: include/hw/*\n\n"
                      "D\nF: tests/qtest/*arm*\n\nE\nF: *\nF: */\n\nG\nF: target/[a-z]rm/\n",
                      tree);
  for (const auto &path : tree.files) {
    std::vector<int> brute;
    for (size_t i = 0; i < map.patterns().size(); ++i)
      if (OwnershipMap::patternMatches(map.patterns()[i], path)) brute.push_back(int(i));
    EXPECT_EQ(map.matchingPatterns(path), brute) << path;
  }
}

// A regex that backtracks without end used to answer "no match" without a word.
TEST(OwnershipMap, PatternHittingPcresMatchLimitIsReportedWithItsLine) {
  std::string path = std::string(40, 'a') + "!";
  SmallTree tree({path, "docs/x.rst"});
  auto map = buildMap("Docs\nF: docs/\n\nSlow\nN: (a+)+$\n", tree);
  EXPECT_EQ(sectionNames(map, "docs/x.rst"), V{"Docs"});
  EXPECT_TRUE(map.matchProblems().empty());
  EXPECT_EQ(sectionNames(map, path), V{});
  auto problems = map.matchProblems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 5);
  EXPECT_EQ(problems[0].message,
            "N: (a+)+$: PCRE2's match limit was hit on '" + path + "', taken as not matching");
}

// Maps built through one RegexCache compile each distinct pattern once and answer as maps
// compiled on their own; a pattern hitting PCRE2's limit in one map is that map's problem
// alone, though the other shares its compiled code.
TEST(OwnershipMap, MapsSharingCompiledPatternsAnswerAndReportAsTheirOwn) {
  std::string slow = std::string(40, 'a') + "!";
  SmallTree tree({slow, "docs/x.rst", "hw/arm/virt.c", "hw/arm/boot.c", "include/hw/arm/a.h"});
  std::string first = "Docs\nF: docs/*.rst\n\nArm\nF: hw/arm/*\nX: hw/*/boot.c\nK: ^Subject:.*arm\n\n"
                      "Slow\nN: (a+)+$\n";
  // An edited copy: one pattern changed, a section added before the others.
  std::string second = "Headers\nF: include/hw/*/*.h\n\nDocs\nF: docs/*.rst\n\nArm\nF: hw/arm/*\n"
                       "X: hw/*/virt.c\nK: ^Subject:.*arm\n\nSlow\nN: (a+)+$\n";
  RegexCache cache;
  MaintainersOptions shared;
  shared.regexes = &cache;
  OwnershipMap a = buildMap(first, tree, shared);
  cache.retire();
  size_t compiledForFirst = cache.compiled();
  OwnershipMap b = buildMap(second, tree, shared);
  cache.retire();
  // The second compiled only what the first did not have: its new F: and X:.
  EXPECT_EQ(cache.compiled(), compiledForFirst + 2);
  auto sameAsAlone = [&](const std::string &text, const OwnershipMap &map) {
    OwnershipMap alone = buildMap(text, tree);
    for (const std::string &path : tree.files) {
      if (path == slow) continue;
      EXPECT_EQ(sectionNames(map, path), sectionNames(alone, path)) << path;
    }
    EXPECT_EQ(map.keywordsIn("Subject: [PATCH] arm: fix").size(), 1u);
    EXPECT_EQ(alone.keywordsIn("Subject: [PATCH] arm: fix").size(), 1u);
  };
  sameAsAlone(first, a);
  sameAsAlone(second, b);
  EXPECT_EQ(sectionNames(a, slow), V{});
  ASSERT_EQ(a.matchProblems().size(), 1u);
  EXPECT_EQ(a.matchProblems()[0].line, 10);
  EXPECT_TRUE(b.matchProblems().empty()); // b never matched the slow path
  EXPECT_EQ(sectionNames(b, slow), V{});
  ASSERT_EQ(b.matchProblems().size(), 1u);
  EXPECT_EQ(b.matchProblems()[0].line, 13);
  // What the last round did not ask for is let go of.
  OwnershipMap c = buildMap("Docs\nF: docs/*.rst\n", tree, shared);
  cache.retire();
  EXPECT_EQ(cache.size(), 1u);
}

TEST(Regex, ACopyWithItsOwnLimitsSharesTheCodeNotTheReport) {
  auto re = Regex::compile("(a+)+$");
  ASSERT_TRUE(re.ok());
  Regex copy = re->withOwnLimits();
  std::string slow = std::string(40, 'a') + "!";
  EXPECT_FALSE(re->search(slow));
  EXPECT_TRUE(re->limitHit().has_value());
  EXPECT_FALSE(copy.limitHit().has_value());
  EXPECT_TRUE(copy.search("aaa"));
  EXPECT_FALSE(copy.search(slow));
  EXPECT_EQ(copy.limitHit(), re->limitHit());
}

// Who answers for files no section with a maintainer owns.
TEST(ProjectSections, TheFirstSectionNamingMaintainersAndNoFile) {
  // QEMU's own file: "General Project Administration" names Peter Maydell and no file;
  // the catch-all after it ("All patches CC here") names only a list.
  std::vector<OwningSection> project = qemuMap().projectSections();
  ASSERT_EQ(project.size(), 1u);
  EXPECT_EQ(project[0].name, "General Project Administration");
  ASSERT_EQ(project[0].maintainers.size(), 1u);
  EXPECT_EQ(project[0].maintainers[0].email, "peter.maydell@linaro.org");
  std::vector<OwningSection> cutils = qemuMap().sectionsFor("util/cutils.c");
  EXPECT_TRUE(std::none_of(cutils.begin(), cutils.end(),
                           [](const OwningSection &s) { return !s.maintainers.empty(); }));

  // A catch-all with a maintainer (Linux's THE REST) owns every path itself: none here.
  SmallTree tree({"kernel/fork.c"});
  auto linux = buildMap("THE REST\nM: Linus <torvalds@example.org>\nS: Buried alive\nF: *\nF: */\n",
                        tree);
  EXPECT_TRUE(linux.projectSections().empty());
  // A section with maintainers and a keyword only is no project-wide section either.
  auto keyword = buildMap("Trivial\nM: T <t@example.org>\nK: trivial\n\nOther\nM: O <o@example.org>\n",
                          tree);
  ASSERT_EQ(keyword.projectSections().size(), 1u);
  EXPECT_EQ(keyword.projectSections()[0].name, "Other");
}

} // namespace
} // namespace provcheck::testing
