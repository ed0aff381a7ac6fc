// The history of paths read from git: which commits changed them, who wrote them, and
// which commits later Fixes: trailers name (abbreviated ids, subjects, ambiguity).
#include "maps/ChangeHistory.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::Author;
using testing::FixtureRepo;

Author by(const std::string &name, const std::string &email, int64_t day) {
  Author a;
  a.name = name;
  a.email = email;
  a.time = 1767225600 + day * 86400;
  return a;
}
Author ada(int64_t day) { return by("Ada Lovelace", "ada@example.org", day); }
Author bob(int64_t day) { return by("Bob Builder", "bob@old.example.org", day); }

// A history with fixes named every way they are written.
struct Fixed {
  FixtureRepo repo;
  std::string add, reset, helper, tweak1, tweak2, fixById, fixBySubject, fixAmbiguous, cve;

  Fixed() {
    repo.write(".mailmap", "Bob Builder <bob@example.org> <bob@old.example.org>\n");
    repo.write("hw/frob.c", "int frob;\n");
    add = repo.commit("hw/frob: add the frob device\n", ada(0));
    repo.write("hw/frob.c", "int frob;\nvoid frob_reset(void);\n");
    reset = repo.commit("hw/frob: add reset\n", bob(10));
    repo.write("util/helper.c", "int helper;\n");
    helper = repo.commit("util: add a helper\n", ada(20));
    repo.write("hw/frob.c", "int frob = 1;\nvoid frob_reset(void);\n");
    // An abbreviated id, with its subject.
    fixById = repo.commit("hw/frob: initialise frob\n\nFixes: " + add.substr(0, 8) +
                              " (\"hw/frob: add the frob device\")\nSigned-off-by: Bob Builder "
                              "<bob@old.example.org>\n",
                          bob(30));
    repo.write("util/helper.c", "int helper = 2;\n");
    // The subject alone, wrapped over two lines.
    fixBySubject = repo.commit("util: fix the helper\n\nFixes: (\"util: add a\n helper\")\n",
                               ada(40));
    repo.write("docs/a.rst", "a\n");
    tweak1 = repo.commit("misc: tweak\n", ada(50));
    repo.write("docs/b.rst", "b\n");
    tweak2 = repo.commit("misc: tweak\n", ada(51));
    repo.write("docs/a.rst", "a2\n");
    // Two earlier commits have this subject: nothing tells them apart.
    fixAmbiguous = repo.commit("docs: fix\n\nFixes: (\"misc: tweak\")\n", ada(60));
    repo.write("hw/frob.c", "int frob = 2;\nvoid frob_reset(void);\n");
    // A fix that names no commit.
    cve = repo.commit("hw/frob: bounds\n\nFixes: CVE-2026-0001\n", bob(70));
  }
};

std::vector<std::string> ids(const ChangeHistory &h, const std::vector<int> &v) {
  std::vector<std::string> out;
  for (int k : v) out.push_back(h.commits()[k].id);
  return out;
}

TEST(FixRefs, EveryWayAFixIsWritten) {
  EXPECT_EQ(parseFixRef("0123456789ab (\"hw/misc/frob: add\")"),
            (FixRef{"0123456789ab", "hw/misc/frob: add"}));
  EXPECT_EQ(parseFixRef("commit ABCDEF1 (\"x: y\")"), (FixRef{"abcdef1", "x: y"}));
  EXPECT_EQ(parseFixRef("b93130 (\"intel_iommu: cleanup\")"), (FixRef{"b93130", "intel_iommu: cleanup"}));
  EXPECT_EQ(parseFixRef("3469a56fa3dc985 \"tmp_emulator: improve\""),
            (FixRef{"3469a56fa3dc985", "tmp_emulator: improve"}));
  EXPECT_EQ(parseFixRef("4203ea0247f (gitlab-ci: Add build tests)"),
            (FixRef{"4203ea0247f", "gitlab-ci: Add build tests"}));
  EXPECT_EQ(parseFixRef("f0f0136abba (\"target/i386: no single-step\", 2024-05-25)"),
            (FixRef{"f0f0136abba", "target/i386: no single-step"}));
  EXPECT_EQ(parseFixRef("552b25229c (\"vhost: fix \"used_memslot\" tracking\")"),
            (FixRef{"552b25229c", "vhost: fix \"used_memslot\" tracking"}));
  EXPECT_EQ(parseFixRef("2ad756383e1b (\xE2\x80\x9C" "accel/hvf: Restrict\xE2\x80\x9D)"),
            (FixRef{"2ad756383e1b", "accel/hvf: Restrict"}));
  EXPECT_EQ(parseFixRef("de38b5005e946aa3714963ea4c501e279e7d3666"),
            (FixRef{"de38b5005e946aa3714963ea4c501e279e7d3666", ""}));
  EXPECT_EQ(parseFixRef("(\"intel_iommu: support snoop control\")"),
            (FixRef{"", "intel_iommu: support snoop control"}));
  EXPECT_EQ(parseFixRef("\"spapr: Support ibm,drc\" patch"), (FixRef{"", "spapr: Support ibm,drc"}));
  EXPECT_EQ(parseFixRef("(a1666142db acpi-build: make ROMs resizeable)"),
            (FixRef{"a1666142db", "acpi-build: make ROMs resizeable"}));
  for (const char *none : {"CVE-2021-3544", "https://gitlab.com/qemu-project/qemu/-/issues/12",
                           "Coverity CID 1507929", "#1381", "LP:1914696", "",
                           "usb storage regression, vfio display ramfb bug", "deadbeefcafe1x"})
    EXPECT_FALSE(parseFixRef(none)) << none;
}

TEST(FixRefs, TrailerValuesWithTheirContinuationLines) {
  std::string msg = "s: x\n\nSome text. Fixes: not a trailer\n"
                    "fixes: 3029fab64309 (\"hw/riscv: virt: Add support for generating\n"
                    "platform FDT\")\n"
                    "Fixes: abcdef12\n"
                    "Signed-off-by: A <a@b>\n"
                    "  Fixes: indented, not a trailer\n";
  EXPECT_EQ(fixTrailerValues(msg, {"Fixes"}),
            (std::vector<std::string>{
                "3029fab64309 (\"hw/riscv: virt: Add support for generating platform FDT\")",
                "abcdef12"}));
}

TEST(ChangeHistory, ResolvesAbbreviatedIdsAndSubjects) {
  Fixed f;
  auto h = readChangeHistory(f.repo.str(), {"hw/frob.c", "util/helper.c", "docs/a.rst"}, {});
  ASSERT_TRUE(h) << h.error().str();
  ASSERT_EQ(h->commits().size(), 9u);
  EXPECT_EQ(h->walked, 9);
  const auto &c = h->commits();
  int add = h->find(f.add), helper = h->find(f.helper), tweak1 = h->find(f.tweak1),
      tweak2 = h->find(f.tweak2);
  ASSERT_GE(add, 0);
  EXPECT_EQ(ids(*h, c[add].fixedBy), std::vector<std::string>{f.fixById});
  EXPECT_EQ(ids(*h, c[h->find(f.fixById)].fixes), std::vector<std::string>{f.add});
  EXPECT_EQ(ids(*h, c[helper].fixedBy), std::vector<std::string>{f.fixBySubject});
  EXPECT_TRUE(c[tweak1].fixedBy.empty());
  EXPECT_TRUE(c[tweak2].fixedBy.empty());
  EXPECT_TRUE(c[h->find(f.reset)].fixedBy.empty());
  EXPECT_EQ(h->resolution().refs, 3);
  EXPECT_EQ(h->resolution().byId, 1);
  EXPECT_EQ(h->resolution().bySubject, 1);
  EXPECT_EQ(h->resolution().ambiguous, 1);
  EXPECT_EQ(h->resolution().unresolved, 0);
  // Every commit carrying a Fixes: trailer is a fix, whatever it names.
  for (const std::string *id : {&f.fixById, &f.fixBySubject, &f.fixAmbiguous, &f.cve})
    EXPECT_TRUE(c[h->find(*id)].fix) << *id;
  EXPECT_FALSE(c[add].fix);
}

TEST(ChangeHistory, AnAbbreviatedIdSharedByTwoCommitsIsToldApartBySubject) {
  ChangeHistory h;
  h.add({"abcd1234aaaa", 100, "a@x", "one", false, {}, {}, {}}, {"f.c"});
  h.add({"abcd1234bbbb", 200, "a@x", "two", false, {}, {}, {}}, {"f.c"});
  h.add({"cccc", 300, "a@x", "fix two", true, {{"abcd1234", "two"}}, {}, {}}, {"f.c"});
  h.add({"dddd", 400, "a@x", "fix?", true, {{"abcd1234", ""}}, {}, {}}, {"f.c"});
  h.add({"eeee", 500, "a@x", "fix gone", true, {{"99999999", ""}}, {}, {}}, {"f.c"});
  h.finish();
  EXPECT_EQ(ids(h, h.commits()[h.find("abcd1234bbbb")].fixedBy), std::vector<std::string>{"cccc"});
  EXPECT_TRUE(h.commits()[h.find("abcd1234aaaa")].fixedBy.empty());
  EXPECT_EQ(h.resolution().byId, 1);
  EXPECT_EQ(h.resolution().ambiguous, 1);  // "dddd": two commits, no subject
  EXPECT_EQ(h.resolution().unresolved, 1); // "eeee": not in the history read
}

TEST(ChangeHistory, PathsAuthorsAndMailmap) {
  Fixed f;
  auto h = readChangeHistory(f.repo.str(), {"hw/frob.c", "util/helper.c", "hw/none.c"}, {});
  ASSERT_TRUE(h) << h.error().str();
  EXPECT_EQ(ids(*h, h->touching("hw/frob.c")),
            (std::vector<std::string>{f.cve, f.fixById, f.reset, f.add}));
  EXPECT_EQ(ids(*h, h->touching("util/helper.c")),
            (std::vector<std::string>{f.fixBySubject, f.helper}));
  EXPECT_TRUE(h->touching("hw/none.c").empty());
  EXPECT_TRUE(h->touching("docs/a.rst").empty()); // not asked for
  // Bob's old address is mapped to his canonical one by the tip's .mailmap.
  EXPECT_EQ(h->identity(Person{"Bob", "BOB@old.example.org"}), "bob@example.org");
  EXPECT_EQ(ids(*h, h->byAuthor("bob@example.org")),
            (std::vector<std::string>{f.cve, f.fixById, f.reset}));
  EXPECT_EQ(h->byAuthor("ada@example.org").size(), 6u);
}

TEST(ChangeHistory, ReadsBackDaysBeforeTheEarliestQuestion) {
  Fixed f;
  HistoryOptions o;
  o.days = 25;
  o.asOf = 1767225600 + 40 * 86400; // day 40: history back to day 15
  auto h = readChangeHistory(f.repo.str(), {"hw/frob.c"}, o);
  ASSERT_TRUE(h) << h.error().str();
  EXPECT_EQ(h->commits().size(), 7u); // days 20 to 70
  EXPECT_EQ(h->find(f.reset), -1);
  // The fix of day 30 names a commit older than the history read.
  EXPECT_EQ(h->resolution().unresolved, 1);
}

TEST(ChangeHistory, FromAnOlderTip) {
  Fixed f;
  HistoryOptions o;
  o.tip = "HEAD~6";
  auto h = readChangeHistory(f.repo.str(), {"hw/frob.c"}, o);
  ASSERT_TRUE(h) << h.error().str();
  EXPECT_EQ(h->tip, f.helper);
  EXPECT_EQ(h->commits().size(), 3u);
}

TEST(ChangeHistory, Errors) {
  Fixed f;
  HistoryOptions o;
  o.tip = "no-such-branch";
  auto h = readChangeHistory(f.repo.str(), {"a.c"}, o);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().file, "no-such-branch");
  testing::TempDir dir;
  auto none = readChangeHistory(dir.str(), {"a.c"}, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().file, dir.str());
}

TEST(ChangeHistory, DefaultTipIsTheUpstreamBranch) {
  Fixed f;
  std::string why;
  // The fixture's HEAD is a branch without upstream.
  EXPECT_EQ(defaultHistoryTip(f.repo.str(), why), "HEAD");
  EXPECT_NE(why.find("has no upstream"), std::string::npos) << why;
  f.repo.branch("upstream", f.helper);
  git_reference *head = nullptr;
  ASSERT_EQ(git_repository_head(&head, f.repo.repo()), 0);
  git::Reference holder(head);
  ASSERT_EQ(git_branch_set_upstream(head, "upstream"), 0);
  EXPECT_EQ(defaultHistoryTip(f.repo.str(), why), "upstream");
  EXPECT_EQ(why, "");
}

} // namespace
} // namespace provcheck
