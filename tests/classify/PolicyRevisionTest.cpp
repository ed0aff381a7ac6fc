// The policy's revision against the tree's: fingerprints of the policy document, the
// notice when a run applies another revision, --policy auto. The texts here are written
// for the tests; QEMU's own revisions are checked against its history when
// PROVCHECK_QEMU_REPO names a clone of it.
#include "classify/PolicyRevision.h"

#include "analysis/Git.h"
#include "analysis/TreeViews.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace provcheck {
namespace {

using testing::FixtureRepo;

TEST(DocumentFingerprint, BlanksAndLineBreaksDoNotCountWordsDo) {
  // sha256("a b c")
  EXPECT_EQ(documentFingerprint("a b c"),
            "sha256:0e9f64031fcb2bc708b531c2a20441580425d151a38503f38592a7dd36019d3b");
  EXPECT_EQ(documentFingerprint("  a\tb\r\n\n   c\n"), documentFingerprint("a b c"));
  EXPECT_NE(documentFingerprint("a b d"), documentFingerprint("a b c"));
  EXPECT_NE(documentFingerprint("ab c"), documentFingerprint("a b c"));
}

constexpr const char *kRevisionA = "Our AI policy\n=============\n\nAI output is declined.\n";
constexpr const char *kRevisionB = "Our AI policy\n=============\n\nAI output is welcome.\n";

Policy examplePolicy() {
  std::string text = std::string("base = \"qemu\"\nname = \"example\"\n"
                                  "[document]\npath = \"docs/ai.rst\"\nrevision = \"revision A\"\n"
                                  "date = \"2026-01\"\n[[document.known]]\nfingerprint = \"") +
                     documentFingerprint(kRevisionA) +
                     "\"\ncommit = \"0123456789\"\ndate = \"2026-01-02\"\nnote = \"first\"\n";
  Expected<Policy> p = parsePolicy(text, "example.toml");
  EXPECT_TRUE(p) << p.error().str();
  return *p;
}

TEST(RevisionNotice, SaysWhenTheTreeHoldsAnotherRevision) {
  Policy p = examplePolicy();
  ASSERT_EQ(p.document.known.size(), 1u);
  FixtureRepo repo;
  repo.write("README", "x\n");
  repo.commit("No document\n");
  EXPECT_EQ(revisionNotice(p, *treeViewAt(repo.repo(), "HEAD")), "");

  repo.write("docs/ai.rst", kRevisionA);
  repo.commit("Revision A\n");
  EXPECT_EQ(revisionNotice(p, *treeViewAt(repo.repo(), "HEAD")), "");
  // Re-wrapped, still revision A.
  repo.write("docs/ai.rst", "Our AI policy\n=============\n\nAI output\nis declined.\n");
  repo.commit("Re-wrapped\n");
  EXPECT_EQ(revisionNotice(p, *treeViewAt(repo.repo(), "HEAD")), "");

  repo.write("docs/ai.rst", kRevisionB);
  repo.commit("Revision B\n");
  std::string notice = revisionNotice(p, *treeViewAt(repo.repo(), "HEAD"));
  EXPECT_EQ(notice.rfind("docs/ai.rst in the tree is a revision provcheck does not know (sha256:", 0),
            0u)
      << notice;
  EXPECT_NE(notice.find("this run applies 'example' (revision A)"), std::string::npos) << notice;
}

TEST(BuiltinRevisions, QemuPoliciesShareTheDocumentAndSplitItsRevisions) {
  Policy q = *builtinPolicy("qemu"), q25 = *builtinPolicy("qemu-2025");
  EXPECT_EQ(q.document.path, "docs/devel/code-provenance.rst");
  EXPECT_EQ(q25.document.path, q.document.path);
  EXPECT_TRUE(q.document.known.empty()); // the May 2026 text is not in the history read
  ASSERT_EQ(q25.document.known.size(), 6u);
  EXPECT_EQ(q25.document.known.back().commit, "cd64320e1e");
  EXPECT_GT(q.document.date, q25.document.date);
  EXPECT_TRUE(q25.limits.decline);
  EXPECT_EQ(builtinPolicy("linux")->document.path, "Documentation/process/coding-assistants.rst");
}

TEST(AutoPolicy, ChoosesByTheTreesDocument) {
  FixtureRepo repo;
  repo.write("README", "x\n");
  repo.commit("No document\n");
  std::vector<std::string> notices;
  Expected<Policy> none = resolvePolicy("auto", treeViewAt(repo.repo(), "HEAD").get(), &notices);
  ASSERT_TRUE(none) << none.error().str();
  EXPECT_EQ(none->name, "qemu");
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("the tree holds none of the documents the built-in policies encode "
                            "(docs/devel/code-provenance.rst, "
                            "Documentation/process/coding-assistants.rst)"),
            std::string::npos)
      << notices[0];

  // A revision of QEMU's document that no built-in policy lists: the latest one applies.
  repo.write("docs/devel/code-provenance.rst", kRevisionB);
  repo.commit("An unknown revision\n");
  notices.clear();
  Expected<Policy> unknown = resolvePolicy("auto", treeViewAt(repo.repo(), "HEAD").get(), &notices);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->name, "qemu");
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("a revision provcheck does not know"), std::string::npos) << notices[0];
  EXPECT_NE(notices[0].find("the latest revision provcheck knows"), std::string::npos) << notices[0];

  // A kernel tree's document: the linux policy.
  repo.write("Documentation/process/coding-assistants.rst", kRevisionA);
  repo.remove("docs/devel/code-provenance.rst");
  repo.commit("A kernel tree\n");
  Expected<Policy> kernel = resolvePolicy("auto", treeViewAt(repo.repo(), "HEAD").get(), &notices);
  ASSERT_TRUE(kernel);
  EXPECT_EQ(kernel->name, "linux");

  // Without auto, the notice comes with the policy applied.
  notices.clear();
  Expected<Policy> linux = resolvePolicy("linux", treeViewAt(repo.repo(), "HEAD").get(), &notices);
  ASSERT_TRUE(linux);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("this run applies 'linux' (first revision, December 2025)"),
            std::string::npos)
      << notices[0];
}

// QEMU's real revisions, from its history (skipped without one).
TEST(QemuHistory, EveryRevisionOfTheDocumentIsRecognised) {
  const char *dir = std::getenv("PROVCHECK_QEMU_REPO");
  if (!dir) GTEST_SKIP() << "PROVCHECK_QEMU_REPO is not set: no QEMU history to read";
  Expected<git::Repository> repo = git::openRepository(dir);
  ASSERT_TRUE(repo) << repo.error().str();
  Policy q25 = *builtinPolicy("qemu-2025");
  for (const DocumentRevision &r : q25.document.known) {
    auto tree = treeViewAt(repo->get(), r.commit);
    ASSERT_TRUE(tree) << r.commit;
    std::optional<TreeDocument> d = readTreeDocument(*tree, q25.document.path);
    ASSERT_TRUE(d) << r.commit;
    EXPECT_EQ(d->policy, "qemu-2025") << r.commit;
    EXPECT_EQ(d->revision.commit, r.commit);
  }
  // ece408818d (2026-02-13) holds cd64320e1e's text: the default policy gets a notice and
  // auto chooses qemu-2025.
  auto ref = treeViewAt(repo->get(), "ece408818d27f745ef1b05fb3cc99a1e7a5bf580");
  ASSERT_TRUE(ref);
  std::vector<std::string> notices;
  ASSERT_TRUE(resolvePolicy("", ref.get(), &notices));
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0],
            "docs/devel/code-provenance.rst in the tree is the revision of 2025-09-22 "
            "(cd64320e1e), which the built-in policy 'qemu-2025' encodes; this run applies "
            "'qemu' (revision of May 2026) (--policy qemu-2025 or --policy auto judges by the "
            "tree's text)");
  EXPECT_EQ(resolvePolicy("auto", ref.get())->name, "qemu-2025");
  // Before the document existed: nothing said.
  auto old = treeViewAt(repo->get(), "2b0e4ecd94^");
  ASSERT_TRUE(old);
  notices.clear();
  ASSERT_TRUE(resolvePolicy("", old.get(), &notices));
  EXPECT_TRUE(notices.empty());
}

} // namespace
} // namespace provcheck
