// The policy on fixture repositories: commits read through libgit2, classified with QEMU's
// rules, owners from a fixture MAINTAINERS, judged with the built-in QEMU policy.
#include "analysis/GitSource.h"
#include "analysis/TreeViews.h"
#include "classify/Classifier.h"
#include "classify/PolicyEngine.h"
#include "maps/IncludeGraph.h"
#include "maps/OwnershipMap.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::FixtureRepo;

constexpr const char *kMaintainers = R"(QEMU Maintainers
=================

Main loop
M: Paolo Maintainer <paolo@example.org>
S: Maintained
F: util/main-loop.c
F: include/qemu/main-loop.h
F: include/qemu/timer.h

Misc devices
M: Marc Devices <marc@example.org>
S: Maintained
F: hw/misc/

Documentation
M: Doc Writer <doc@example.org>
S: Maintained
F: docs/
)";

std::string numbered(const char *format, int from, int to) {
  std::string out;
  char buf[256];
  for (int i = from; i < to; ++i) {
    std::snprintf(buf, sizeof buf, format, i, i * 7 % 13, i * 3 + 1);
    out += buf;
  }
  return out;
}

std::string deviceFile(const std::string &extra) {
  return "#include \"qemu/osdep.h\"\n\n"
         "typedef struct FooState {\n    int reg[64];\n    int flags;\n} FooState;\n\n"
         "static void foo_write(FooState *s, int addr, int val)\n{\n"
         "    s->reg[addr & 63] = val;\n" +
         extra + "}\n\nstatic int foo_read(FooState *s, int addr)\n{\n"
                 "    return s->reg[addr & 63];\n}\n";
}

class PolicyOnRepo : public ::testing::Test {
protected:
  void SetUp() override {
    repo.write("MAINTAINERS", kMaintainers);
    repo.write("docs/devel/foo.rst", "Foo\n===\n\nThe foo device.\n");
    repo.write("hw/misc/foo.c", deviceFile(""));
    repo.write("include/qemu/timer.h",
               "#ifndef QEMU_TIMER_H\n#define QEMU_TIMER_H\n"
               "void qemu_timer_arm(int when);\nvoid qemu_timer_cancel(void);\n#endif\n");
    repo.write("include/qemu/main-loop.h",
               "#ifndef QEMU_MAIN_LOOP_H\n#define QEMU_MAIN_LOOP_H\n#include \"qemu/timer.h\"\n"
               "int main_loop_wait(int nonblocking);\n#endif\n");
    repo.write("util/main-loop.c",
               "#include \"qemu/main-loop.h\"\n\nint main_loop_wait(int nonblocking)\n{\n"
               "    int ret = 0;\n    if (nonblocking) {\n        qemu_timer_cancel();\n"
               "    } else {\n        qemu_timer_arm(10);\n    }\n    return ret;\n}\n");
    base = repo.commit("Base\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  }

  struct Judged {
    Patch patch;
    PatchClass pc;
    Verdict verdict;
  };

  Judged judgeHead(JudgeOptions options = {}) {
    PatchSet set;
    Status st = readRevisions(repo.repo(), "HEAD", set);
    EXPECT_TRUE(st) << st.error().str();
    Judged j;
    j.patch = set.series.at(0).patches.at(0);
    // Classified as check does: with the images and the tree's symbol index.
    auto tree = treeViewAt(repo.repo(), "HEAD");
    DependencyOptions opts;
    opts.useCache = false;
    auto deps = loadDependencyMap(*tree, opts);
    auto images = commitImages(j.patch, repo.repo());
    EXPECT_TRUE(deps.ok() && images.ok());
    j.pc = classify(ClassifyInput{j.patch, nullptr, deps.ok() ? deps->get() : nullptr, nullptr,
                                  images.ok() ? &*images : nullptr},
                    ClassifyRules::qemuDefaults());
    auto map = OwnershipMap::build(kMaintainers, "MAINTAINERS",
                                   [&](std::string_view p) { return tree->isDirectory(p); });
    EXPECT_TRUE(map) << map.error().str();
    std::vector<std::vector<OwningSection>> owners;
    for (const FileChange &f : j.patch.files) owners.push_back(map->sectionsFor(f.path()));
    j.verdict = judgePatch(j.patch, j.pc, owners, *builtinPolicy("qemu"), options);
    return j;
  }

  static std::string dump(const Judged &j) {
    std::string out = "class " + j.pc.label() + ", smallFix " + std::to_string(j.pc.smallFixLines) +
                      "\n" + toString(j.verdict.kind) + ": " + j.verdict.summary + "\n";
    for (const Finding &f : j.verdict.findings) out += "  " + f.rule + ": " + f.message + "\n";
    return out;
  }

  static const Finding *find(const Verdict &v, const std::string &rule) {
    for (const Finding &f : v.findings)
      if (f.rule == rule) return &f;
    return nullptr;
  }

  FixtureRepo repo;
  std::string base;
};

TEST_F(PolicyOnRepo, DocsOnlyAiPatchIsOk) {
  repo.write("docs/devel/foo.rst", "Foo\n===\n\nThe foo device, and how to program it.\n\n"
                                   "Registers\n---------\n\nSixty-four of them.\n");
  repo.commit("docs: describe the foo registers\n\nMore detail.\n\n"
              "AI-used-for: docs\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  Judged j = judgeHead();
  EXPECT_EQ(j.pc.label(), "docs") << dump(j);
  EXPECT_EQ(j.verdict.kind, VerdictKind::Ok) << dump(j);
  EXPECT_TRUE(j.verdict.limitsApplied);
}

TEST_F(PolicyOnRepo, FifteenLineFixInADeviceModelIsOk) {
  repo.write("hw/misc/foo.c",
             deviceFile(numbered("    if (addr == %d) {\n        s->flags |= %d << %d;\n    }\n", 0, 5)));
  repo.commit("hw/misc/foo: set the flags on write\n\nThe flags were never set.\n\n"
              "AI-used-for: code\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  Judged j = judgeHead();
  EXPECT_EQ(j.pc.label(), "code") << dump(j);
  EXPECT_EQ(j.pc.smallFixLines, 15) << dump(j);
  EXPECT_EQ(j.verdict.kind, VerdictKind::Ok) << dump(j);
  EXPECT_NE(find(j.verdict, "ai-small-fix"), nullptr) << dump(j);
}

TEST_F(PolicyOnRepo, FortyLineFixNeedsAgreementFromTheDeviceMaintainer) {
  repo.write("hw/misc/foo.c",
             deviceFile(numbered("    if (addr == %d) {\n        s->flags |= %d << %d;\n    }\n", 0, 13) +
                        "    s->flags &= 0xff;\n"));
  repo.commit("hw/misc/foo: set the flags on write\n\nThe flags were never set.\n\n"
              "AI-used-for: code\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  Judged j = judgeHead();
  EXPECT_EQ(j.pc.smallFixLines, 40) << dump(j);
  EXPECT_EQ(j.verdict.kind, VerdictKind::NeedsAgreement) << dump(j);
  const Finding *f = find(j.verdict, "ai-large-change");
  ASSERT_NE(f, nullptr) << dump(j);
  ASSERT_EQ(f->needAgreementFrom.size(), 1u);
  EXPECT_EQ(f->needAgreementFrom[0].email, "marc@example.org");
  EXPECT_EQ(f->sections, (std::vector<std::string>{"Misc devices"}));
  EXPECT_EQ(f->files(), (std::vector<std::string>{"hw/misc/foo.c"}));
}

TEST_F(PolicyOnRepo, ToolRenameAcrossCoreHeadersIsMechanicalAndOk) {
  auto rename = [](std::string text) {
    for (size_t pos; (pos = text.find("qemu_timer_arm")) != std::string::npos;)
      text.replace(pos, 14, "qemu_timer_schedule");
    return text;
  };
  for (const char *path : {"include/qemu/timer.h", "util/main-loop.c"})
    repo.write(path, rename(repo.read(path)));
  repo.commit("timer: rename qemu_timer_arm to qemu_timer_schedule\n\n"
              "Done with sed -i 's/qemu_timer_arm/qemu_timer_schedule/g'.\n\n"
              "AI-used-for: code\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  Judged j = judgeHead();
  EXPECT_EQ(j.pc.label(), "mechanical") << dump(j);
  EXPECT_EQ(j.verdict.kind, VerdictKind::Ok) << dump(j);
  EXPECT_EQ(find(j.verdict, "core-needs-agreement"), nullptr) << dump(j);
}

TEST_F(PolicyOnRepo, CoreChangeNeedsAgreementUntilTheMaintainerAcks) {
  std::string body = repo.read("util/main-loop.c");
  body.replace(body.find("    return ret;"), 15,
               "    if (ret < 0) {\n        qemu_timer_cancel();\n        ret = 0;\n    }\n"
               "    return ret;");
  repo.write("util/main-loop.c", body);
  const std::string message = "main-loop: recover from errors\n\nWhy.\n\nAI-used-for: code\n"
                              "Signed-off-by: Ada Lovelace <ada@example.org>\n";
  repo.commit(message);
  Judged j = judgeHead();
  EXPECT_EQ(j.pc.label(), "core") << dump(j);
  EXPECT_EQ(j.verdict.kind, VerdictKind::NeedsAgreement) << dump(j);
  const Finding *f = find(j.verdict, "core-needs-agreement");
  ASSERT_NE(f, nullptr) << dump(j);
  EXPECT_EQ(f->sections, (std::vector<std::string>{"Main loop"}));
  ASSERT_EQ(f->needAgreementFrom.size(), 1u);
  EXPECT_EQ(f->needAgreementFrom[0].email, "paolo@example.org");
  EXPECT_EQ(f->files(), (std::vector<std::string>{"util/main-loop.c"}));
  EXPECT_GT(f->locations.at(0).line, 0);

  // The same change on branches from the base, acked by the wrong maintainer, then by
  // the right one.
  repo.branch("wrong-ack", base);
  repo.setHead("wrong-ack");
  repo.commit(message + "Acked-by: Marc Devices <marc@example.org>\n");
  Judged wrong = judgeHead();
  EXPECT_EQ(wrong.pc.label(), "core") << dump(wrong);
  EXPECT_EQ(wrong.verdict.kind, VerdictKind::NeedsAgreement) << dump(wrong);
  repo.branch("right-ack", base);
  repo.setHead("right-ack");
  repo.commit(message + "Acked-by: Paolo Maintainer <paolo@example.org>\n");
  Judged acked = judgeHead();
  EXPECT_EQ(acked.verdict.kind, VerdictKind::Ok) << dump(acked);
  const Finding *g = find(acked.verdict, "core-needs-agreement");
  ASSERT_NE(g, nullptr);
  EXPECT_TRUE(g->satisfied);
}

TEST_F(PolicyOnRepo, MissingSignoffIsAViolation) {
  repo.write("docs/devel/foo.rst", "Foo\n===\n\nThe foo device, documented.\n");
  repo.commit("docs: foo\n\nWhy.\n\nAI-used-for: docs\n");
  Judged j = judgeHead();
  EXPECT_EQ(j.verdict.kind, VerdictKind::Violation) << dump(j);
  EXPECT_NE(find(j.verdict, "signoff-missing"), nullptr);
}

TEST_F(PolicyOnRepo, AReviewerAddedToMaintainersIsDocumentation) {
  std::string m = repo.read("MAINTAINERS");
  m.replace(m.find("S: Maintained\nF: hw/misc/"), 0, "R: Rita Reviewer <rita@example.org>\n");
  repo.write("MAINTAINERS", m);
  repo.commit("MAINTAINERS: add a reviewer for the misc devices\n\nRita offered to review.\n\n"
              "AI-used-for: docs\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  Judged j = judgeHead();
  EXPECT_EQ(j.pc.label(), "docs") << dump(j);
  EXPECT_EQ(j.pc.smallFixLines, 0) << dump(j);
  ASSERT_EQ(j.pc.files.size(), 1u);
  EXPECT_EQ(j.pc.files[0].reasons.at(0), (Reason{"docs-metadata", "/MAINTAINERS"}));
  EXPECT_EQ(j.verdict.kind, VerdictKind::Ok) << dump(j);
  EXPECT_EQ(find(j.verdict, "ai-undeclared-change"), nullptr) << dump(j);
  EXPECT_EQ(find(j.verdict, "ai-declared-unused"), nullptr) << dump(j);
}

TEST_F(PolicyOnRepo, AssistedByTrailerIsAViolation) {
  repo.write("docs/devel/foo.rst", "Foo\n===\n\nThe foo device, documented.\n");
  repo.commit("docs: foo\n\nWhy.\n\nAssisted-by: Claude:claude-opus-4\n"
              "Signed-off-by: Ada Lovelace <ada@example.org>\n");
  Judged j = judgeHead();
  EXPECT_EQ(j.verdict.kind, VerdictKind::Violation) << dump(j);
  const Finding *f = find(j.verdict, "ai-trailer-foreign");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->messageLine, 5);
  EXPECT_EQ(f->clause, "ai-foreign-trailers");
}

TEST_F(PolicyOnRepo, RepositoryPolicyWithASyntaxErrorNamesLineAndColumn) {
  repo.write(".provcheck.toml", "base = \"qemu\"\n[ai_limits]\nsmall_fix_lines = = 10\n");
  repo.commit("Add a policy\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  auto tree = treeViewAt(repo.repo(), "HEAD");
  Expected<Policy> p = resolvePolicy("", tree.get());
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().file, ".provcheck.toml");
  EXPECT_EQ(p.error().line, 3);
  EXPECT_EQ(p.error().column, 19);
  EXPECT_EQ(p.error().str().rfind(".provcheck.toml:3:19: invalid TOML", 0), 0u) << p.error().str();
}

} // namespace
} // namespace provcheck
