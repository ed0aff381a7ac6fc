// get_maintainer.pl's selection and output on a small hand-written MAINTAINERS
// (tests/data/maps/MAINTAINERS). The expected outputs are what the script prints for
// the same tree, options and input.
#include "tests/maps/TestMaps.h"
#include "tests/support/Fixture.h"

namespace provcheck::testing {
namespace {

using V = std::vector<std::string>;

const SmallTree &tree() {
  static const SmallTree t({"COPYING", "Makefile", "VERSION", "README", "MAINTAINERS",
                            "hw/arm/virt.c", "hw/arm/boot.c", "hw/net/e1000.c",
                            "scripts/kernel-doc.py", "net/ipv6/a.c", "docs/x.rst"});
  return t;
}

const OwnershipMap &map() {
  static const OwnershipMap m = [] {
    MaintainersOptions o;
    o.mailmap = readFile(testData("maps/mailmap"));
    return buildMap(readFile(testData("maps/MAINTAINERS")), tree(), o);
  }();
  return m;
}

GetMaintainerOptions noFallback() {
  GetMaintainerOptions o;
  o.gitFallback = false;
  return o;
}

TEST(GetMaintainer, DuplicatesDroppedByLowerCasedNameOrAddressPNamesListRoles) {
  EXPECT_EQ(forFiles(map(), tree(), {"hw/arm/boot.c"}, noFallback()),
            (V{"Bob Boot <bob@example.org> (odd fixer:ARM boot)",
               "PETER MAYDELL <other@example.org> (reviewer:ARM boot)",
               "\"Alex Bennée\" <alex.bennee@linaro.org> (reviewer:ARM Machines with...)",
               "QEMU-ARM@nongnu.org (open list:ARM boot)",
               "closed@example.org (moderated list:ARM boot)",
               "qemu-devel@nongnu.org (open list:All patches CC here)"}));
}

TEST(GetMaintainer, SubscriberListsOnlyWithS) {
  GetMaintainerOptions o = noFallback();
  o.subscriberLists = true;
  auto out = forFiles(map(), tree(), {"hw/arm/boot.c"}, o);
  EXPECT_NE(std::find(out.begin(), out.end(), "subs@example.org (subscriber list:ARM boot)"),
            out.end());
}

TEST(GetMaintainer, LongSectionNamesAreCutAndNamesQuoted) {
  EXPECT_EQ(forFiles(map(), tree(), {"hw/arm/virt.c"}, noFallback()),
            (V{"Peter Maydell <peter.maydell@linaro.org> (maintainer:ARM Machines with...)",
               "\"Alex Bennée\" <alex.bennee@linaro.org> (reviewer:ARM Machines with...)",
               "qemu-arm@nongnu.org (open list:ARM Machines with...)",
               "qemu-devel@nongnu.org (open list:All patches CC here)"}));
  EXPECT_EQ(OwnershipMap::shortName("ARM Machines with a long name"), "ARM Machines with...");
  EXPECT_EQ(OwnershipMap::shortName("Exactly twenty chars"), "Exactly twenty chars");
  EXPECT_EQ(OwnershipMap::shortName("HPPA (PA-RISC) TCG CPUs"), "HPPA PA-RISC TC...");
}

TEST(GetMaintainer, ExcludedFilesFallToTheCatchAll) {
  EXPECT_EQ(forFiles(map(), tree(), {"net/ipv6/a.c"}, noFallback()),
            (V{"qemu-devel@nongnu.org (open list:All patches CC here)"}));
}

TEST(GetMaintainer, OrphanAndMailmap) {
  EXPECT_EQ(forFiles(map(), tree(), {"scripts/kernel-doc.py"}, noFallback()),
            (V{"Docs Person <docs@example.org> (orphan minder:Kernel doc)",
               "qemu-devel@nongnu.org (open list:All patches CC here)"}));
  EXPECT_EQ(forFiles(map(), tree(), {"hw/net/e1000.c"}, noFallback()),
            (V{"Jason Wang <jasowang@redhat.com> (supporter:Networking)",
               "New Name <new@example.org> (supporter:Networking)",
               "qemu-devel@nongnu.org (open list:All patches CC here)"}));
}

TEST(GetMaintainer, MissingFileIsAnError) {
  MaintainersInput in;
  in.fromFiles = true;
  in.paths = {"no/such/file.c"};
  in.isDirectory = [](std::string_view) { return false; };
  in.readFile = [](std::string_view) { return std::optional<std::string>(); };
  auto r = getMaintainers(map(), in, noFallback());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not found"), std::string::npos);
}

const V CompatPatchOutput = {
    "Peter Maydell <peter.maydell@linaro.org> (maintainer:ARM Machines with...)",
    "\"Alex Bennée\" <alex.bennee@linaro.org> (reviewer:ARM Machines with...)",
    "Michael Tokarev <mjt@tls.msk.ru> (obsolete minder:Trivial patches)",
    "Penguin <p@example.org> (chief penguin:Weird status)",
    "qemu-devel@nongnu.org (open list:All patches CC here)",
    "qemu-arm@nongnu.org (open list:ARM Machines with...)"};

TEST(GetMaintainer, CompatPatchModeIsTheScriptByteForByte) {
  GetMaintainerOptions o = noFallback();
  o.compat = true;
  // The deleted file is seen as "dev/null" (owned by */ only), the pure rename not at
  // all; K: fires on the Subject: and on a '-' line; keyword sections come last.
  EXPECT_EQ(forPatch(map(), readFile(testData("maps/deleted-and-renamed.patch")), o),
            CompatPatchOutput);
}

TEST(GetMaintainer, DeletedAndRenamedFilesGoToTheirOwnersByDefault) {
  EXPECT_EQ(forPatch(map(), readFile(testData("maps/deleted-and-renamed.patch")), noFallback()),
            (V{"Peter Maydell <peter.maydell@linaro.org> (maintainer:ARM Machines with...)",
               "\"Alex Bennée\" <alex.bennee@linaro.org> (reviewer:ARM Machines with...)",
               "Jason Wang <jasowang@redhat.com> (supporter:Networking)",
               "New Name <new@example.org> (supporter:Networking)",
               "Docs Person <docs@example.org> (orphan minder:Kernel doc)",
               "Michael Tokarev <mjt@tls.msk.ru> (obsolete minder:Trivial patches)",
               "Penguin <p@example.org> (chief penguin:Weird status)",
               "qemu-devel@nongnu.org (open list:All patches CC here)",
               "qemu-arm@nongnu.org (open list:ARM Machines with...)"}));
}

TEST(GetMaintainer, NoRolesNoRolestats) {
  GetMaintainerOptions o = noFallback();
  o.compat = true;
  o.roles = false;
  o.rolestats = false;
  EXPECT_EQ(forPatch(map(), readFile(testData("maps/deleted-and-renamed.patch")), o),
            (V{"Peter Maydell <peter.maydell@linaro.org>",
               "\"Alex Bennée\" <alex.bennee@linaro.org>", "Michael Tokarev <mjt@tls.msk.ru>",
               "Penguin <p@example.org>", "qemu-devel@nongnu.org", "qemu-arm@nongnu.org"}));
}

TEST(GetMaintainer, StatusScmWebAfterThePeople) {
  GetMaintainerOptions o = noFallback();
  o.compat = true;
  o.scm = o.status = o.web = true;
  V expected = CompatPatchOutput;
  expected.insert(expected.end(), {"Maintained", "Obsolete", "Buried alive in reporters"});
  EXPECT_EQ(forPatch(map(), readFile(testData("maps/deleted-and-renamed.patch")), o), expected);
  auto boot = forFiles(map(), tree(), {"hw/arm/boot.c"}, o);
  ASSERT_EQ(boot.size(), 10u);
  EXPECT_EQ(V(boot.begin() + 6, boot.end()),
            (V{"git https://example.org/arm.git", "Odd Fixes", "Maintained",
               "https://example.org/arm"}));
}

TEST(GetMaintainer, SectionsPrintsEachMatchingSectionWithGlobsRestored) {
  GetMaintainerOptions o = noFallback();
  o.compat = true;
  o.sections = true;
  auto out = forPatch(map(), readFile(testData("maps/deleted-and-renamed.patch")), o);
  V expected = {"All patches CC here", "L:\tqemu-devel@nongnu.org", "F:\t*", "F:\t*/", "",
                "ARM Machines with a long name",
                "M:\tPeter Maydell <peter.maydell@linaro.org>",
                "R:\tAlex Bennée <alex.bennee@linaro.org>", "L:\tqemu-arm@nongnu.org",
                "S:\tMaintained", "F:\thw/arm/", "", "All patches CC here",
                "L:\tqemu-devel@nongnu.org", "F:\t*", "F:\t*/", ""};
  EXPECT_EQ(out, expected);
}

TEST(GetMaintainer, NoKeywords) {
  GetMaintainerOptions o = noFallback();
  o.compat = true;
  o.keywords = false;
  EXPECT_EQ(forPatch(map(), readFile(testData("maps/deleted-and-renamed.patch")), o),
            (V{"Peter Maydell <peter.maydell@linaro.org> (maintainer:ARM Machines with...)",
               "\"Alex Bennée\" <alex.bennee@linaro.org> (reviewer:ARM Machines with...)",
               "qemu-devel@nongnu.org (open list:All patches CC here)",
               "qemu-arm@nongnu.org (open list:ARM Machines with...)"}));
}

TEST(GetMaintainer, KeywordsAfterTheFirstPlusPlusPlusOnlyOnChangedLines) {
  // "e1000" on a context line after +++ does not fire; before it, any line does.
  std::string patch = "Subject: [PATCH] net\n\n---\n"
                      "--- a/README\n+++ b/README\n@@ -1,2 +1,2 @@\n e1000\n-a\n+b\n";
  GetMaintainerOptions o = noFallback();
  EXPECT_EQ(forPatch(map(), patch, o),
            (V{"qemu-devel@nongnu.org (open list:All patches CC here)"}));
  std::string before = "Subject: [PATCH] e1000\n\n---\n"
                       "--- a/README\n+++ b/README\n@@ -1,2 +1,2 @@\n-a\n+b\n";
  EXPECT_EQ(forPatch(map(), before, o),
            (V{"Penguin <p@example.org> (chief penguin:Weird status)",
               "qemu-devel@nongnu.org (open list:All patches CC here)"}));
}

TEST(GetMaintainer, OptionCombinationsTheScriptRefuses) {
  GetMaintainerOptions o;
  o.email = false;
  EXPECT_EQ(validate(o).value_or(""), "Missing required option: email, scm, status, subsystem or web");
  GetMaintainerOptions p;
  p.maintainers = p.reviewers = p.lists = false;
  EXPECT_EQ(validate(p).value_or(""), "Please select at least 1 email option");
}

// The K: keywords of -f are searched on a file's text all at once; the answer is what
// each keyword alone answers: an inline (?i) ends with its keyword, a /x comment ends at
// its line, and a keyword using group numbers is never put in the alternation.
std::vector<std::string> keywordsIn(const OwnershipMap &m, std::string_view text) {
  std::vector<std::string> out;
  for (const KeywordPattern *k : m.keywordsIn(text)) out.push_back(k->written);
  return out;
}

std::vector<std::string> eachKeywordAlone(const OwnershipMap &m, std::string_view text) {
  std::vector<std::string> out;
  for (const KeywordPattern &k : m.keywords())
    if (k.whole && k.whole->search(text)) out.push_back(k.written);
  return out;
}

TEST(GetMaintainer, KeywordsOfAFileAreSearchedTogetherAndAnswerAsAlone) {
  SmallTree t({"a/x.c"});
  OwnershipMap m = buildMap("Alpha\nM: A <a@example.org>\nF: a/\nK: ^Subject:.*(?i)trivial\n\n"
                            "Beta\nM: B <b@example.org>\nF: b/\nK: CamelCase   # a comment\n\n"
                            "Gamma\nM: C <c@example.org>\nF: c/\nK: \\b e1000 \\b\n",
                            t);
  ASSERT_EQ(m.keywords().size(), 3u);
  EXPECT_EQ(keywordsIn(m, "int x;\n"), V{});
  EXPECT_EQ(keywordsIn(m, "Subject: a TRIVIAL fix\n"), V{"^Subject:.*(?i)trivial"});
  EXPECT_EQ(keywordsIn(m, "camelcase\n"), V{}); // the (?i) of Alpha stops with it
  EXPECT_EQ(keywordsIn(m, "the e1000 model\n"), V{"\\b e1000 \\b"}); // after the comment
  EXPECT_EQ(keywordsIn(m, "e1000 CamelCase\n"), (V{"CamelCase   # a comment", "\\b e1000 \\b"}));
  for (const char *text : {"", "Subject: trivial", "x e1000x", "CamelCase", "Subject:\ntrivial"})
    EXPECT_EQ(keywordsIn(m, text), eachKeywordAlone(m, text)) << text;
}

TEST(GetMaintainer, KeywordsWithBackreferencesAreSearchedOneByOne) {
  SmallTree t({"a/x.c"});
  OwnershipMap m = buildMap("Alpha\nM: A <a@example.org>\nF: a/\nK: (x)y\n\n"
                            "Beta\nM: B <b@example.org>\nF: b/\nK: (ab)\\1\n",
                            t);
  // In one alternation \1 would name Alpha's group.
  EXPECT_EQ(keywordsIn(m, "abab\n"), V{"(ab)\\1"});
  EXPECT_EQ(keywordsIn(m, "ab xy\n"), V{"(x)y"});
}

// -f with readFilePrefix: a file whose first bytes rule out every keyword (all anchored
// at the start, like QEMU's ^Subject: ones) is not read further; a file where one may
// still match, or any file when a keyword can match anywhere, is read whole, and its
// keywords are those of the whole text.
struct PrefixRun {
  int wholeReads = 0;
  std::vector<std::string> out;
};

PrefixRun runWithPrefix(const std::string &maintainers, const std::string &text) {
  SmallTree t({"a/x.c"});
  OwnershipMap m = buildMap(maintainers, t);
  GetMaintainerOptions o = noFallback();
  EXPECT_FALSE(validate(o));
  PrefixRun run;
  MaintainersInput in;
  in.fromFiles = true;
  in.paths = {"a/x.c"};
  in.isDirectory = [&t](std::string_view p) { return t.isDirectory(p); };
  in.readFile = [&](std::string_view) -> std::optional<std::string> {
    ++run.wholeReads;
    return text;
  };
  in.readFilePrefix = [&](std::string_view, size_t n) -> std::optional<std::string> {
    return text.substr(0, n);
  };
  auto r = getMaintainers(m, in, o);
  EXPECT_TRUE(r.ok());
  if (r) run.out = lines(renderText(*r, o));
  return run;
}

TEST(GetMaintainer, FirstBytesOfAFileAnswerWhenTheyRuleOutEveryKeyword) {
  const std::string anchored = "Alpha\nM: A <a@example.org>\nF: a/\n\n"
                               "Trivial\nM: T <t@example.org>\nK: ^Subject:.*(?i)trivial\n";
  PrefixRun plain = runWithPrefix(anchored, std::string(10000, 'x'));
  EXPECT_EQ(plain.wholeReads, 0);
  EXPECT_EQ(plain.out, V{"A <a@example.org> (unknown:Alpha)"});
  PrefixRun subject = runWithPrefix(anchored, "Subject: a Trivial fix\n" + std::string(10000, 'x'));
  EXPECT_EQ(subject.wholeReads, 1);
  EXPECT_EQ(subject.out, (V{"A <a@example.org> (unknown:Alpha)", "T <t@example.org> (unknown:Trivial)"}));

  const std::string anywhere = "Alpha\nM: A <a@example.org>\nF: a/\n\n"
                               "Deep\nM: D <d@example.org>\nK: deep_word\n";
  PrefixRun deep = runWithPrefix(anywhere, std::string(9000, 'x') + " deep_word\n");
  EXPECT_EQ(deep.wholeReads, 1);
  EXPECT_EQ(deep.out, (V{"A <a@example.org> (unknown:Alpha)", "D <d@example.org> (unknown:Deep)"}));
}

} // namespace
} // namespace provcheck::testing
