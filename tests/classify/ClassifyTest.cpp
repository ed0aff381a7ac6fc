// Whole-patch classification: path rules, core rules (paths, include fan-in and symbol
// fan-in from a dependency map built on a fixture tree), the small-fix measure, mixed
// patches, and the accounting invariant.
#include "classify/Classifier.h"
#include "classify/PathRules.h"
#include "maps/IncludeGraph.h"
#include "tests/classify/ClassifyTestSupport.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace provcheck {
namespace {

using testing::expectAccounting;
using testing::filler;
using testing::makePatch;
using testing::modify;

ClassifyRules rules() {
  ClassifyRules r;
  r.pathRules = {{"tests-ci", "tests/docker/", Category::Code},
                 {"tests-dir", "tests/", Category::Tests},
                 {"docs-dir", "docs/", Category::Docs},
                 {"rst", "*.rst", Category::Docs}};
  r.corePaths = {{"core-util", "util/", Category::Core}, {"core-build", "/meson.build", Category::Core}};
  r.coreIncludedBy = 3;
  r.coreSymbolFanIn = 3;
  return r;
}

PatchClass run(const Patch &p, const DependencyMap *deps = nullptr) {
  PatchClass pc = classify({p, nullptr, deps}, rules());
  expectAccounting(p, pc);
  return pc;
}

TEST(ClassifyPathRules, Globs) {
  EXPECT_TRUE(matchPath("docs/", "docs/devel/a.rst"));
  EXPECT_FALSE(matchPath("docs/", "docs"));
  EXPECT_FALSE(matchPath("docs/", "hw/docs/a.rst"));
  EXPECT_TRUE(matchPath("**/tests/", "hw/xen/tests/a.c"));
  EXPECT_TRUE(matchPath("**/tests/", "tests/a.c"));
  EXPECT_TRUE(matchPath("*.rst", "docs/system/x.rst"));
  EXPECT_FALSE(matchPath("*.rst", "docs/system/x.rst.inc"));
  EXPECT_TRUE(matchPath("meson.build", "hw/arm/meson.build"));
  EXPECT_TRUE(matchPath("/meson.build", "meson.build"));
  EXPECT_FALSE(matchPath("/meson.build", "hw/meson.build"));
  EXPECT_TRUE(matchPath("hw/*/trace-events", "hw/arm/trace-events"));
  EXPECT_FALSE(matchPath("hw/*/trace-events", "hw/arm/sub/trace-events"));
  EXPECT_TRUE(matchPath("hw/**/trace-events", "hw/arm/sub/trace-events"));
  EXPECT_TRUE(matchPath("docs/**/meson.build", "docs/meson.build"));
  EXPECT_TRUE(matchPath("block?.c", "block2.c"));
  EXPECT_FALSE(matchPath("block?.c", "block/.c"));
}

TEST(ClassifyTest, DocsAndTestsByPath) {
  Patch p = makePatch({modify("docs/devel/style.rst", "Old text.\n", "New text.\n"),
                       modify("tests/qtest/foo-test.c", "int a;\n", "int b;\n")});
  PatchClass pc = run(p);
  EXPECT_EQ(pc.files[0].category, Category::Docs);
  EXPECT_EQ(pc.files[0].reasons[0], (Reason{"docs-dir", "docs/"}));
  EXPECT_EQ(pc.files[1].category, Category::Tests);
  EXPECT_EQ(pc.files[1].hunks[0].reasons[0], (Reason{"tests-dir", "tests/"}));
  EXPECT_TRUE(pc.mixed);
  EXPECT_EQ(pc.label(), "mixed");
  EXPECT_EQ(pc.smallFixLines, 0);
}

TEST(ClassifyTest, CiUnderTestsIsCode) {
  PatchClass pc = run(makePatch({modify("tests/docker/Makefile.include", "A = 1\n", "A = 2\n")}));
  EXPECT_EQ(pc.label(), "code");
  EXPECT_EQ(pc.smallFixLines, 1);
}

TEST(ClassifyTest, OneLineFixInDeviceModel) {
  std::string before = filler(3) + "static void foo_write(FooState *s, uint64_t val)\n{\n"
                       "    if (val > 4) {\n        return;\n    }\n    s->reg = val;\n}\n";
  std::string after = before;
  after.replace(after.find("val > 4"), 7, "val >= 4");
  Patch p = makePatch({modify("hw/misc/foo.c", before, after)}, "hw/misc/foo: Fix bound\n");
  PatchClass pc = run(p);
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Code);
  EXPECT_EQ(h.reasons[0].rule, "code");
  EXPECT_EQ(h.smallFixLines, 1);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_EQ(pc.smallFixLines, 1);
}

TEST(ClassifyTest, SmallFixCountsCodeLinesOnce) {
  // 3 removed and 5 added lines, of which one blank and one comment: max(3, 3) = 3.
  std::string before = filler(2) + "int f(int a)\n{\n    a += 1;\n    a *= 2;\n    a -= 3;\n    return a;\n}\n";
  std::string after = filler(2) + "int f(int a)\n{\n    a += 2;\n    /* double it */\n    a *= 3;\n\n    a -= 4;\n    return a;\n}\n";
  PatchClass pc = run(makePatch({modify("hw/misc/f.c", before, after)}));
  EXPECT_EQ(pc.byCategory[static_cast<int>(Category::Code)], (LineCounts{5, 3}));
  EXPECT_EQ(pc.smallFixLines, 3);
}

TEST(ClassifyTest, CorePath) {
  PatchClass pc = run(makePatch({modify("util/cutils.c", filler(2) + "int x = 1;\n", filler(2) + "int x = 2;\n")}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Core);
  EXPECT_EQ(pc.files[0].hunks[0].reasons[0], (Reason{"core-path", "core-util: util/"}));
  EXPECT_EQ(pc.label(), "core");
  EXPECT_EQ(pc.smallFixLines, 1);
}

TEST(ClassifyTest, RenameWithoutChangesProvesNothing) {
  // host/include/aarch64/host/atomic128-cas.h -> .h.inc: the same text, now found by an
  // #include that used to find the generic header. Nothing checks what names the file.
  FileChange moved;
  moved.oldPath = "host/include/aarch64/host/atomic128-cas.h";
  moved.newPath = "host/include/aarch64/host/atomic128-cas.h.inc";
  moved.status = FileStatus::Renamed;
  moved.similarity = 100;
  PatchClass pc = run(makePatch({moved}));
  EXPECT_EQ(pc.files[0].category, Category::Code);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_EQ(pc.files[0].reasons[0],
            (Reason{"renamed", "renamed from host/include/aarch64/host/atomic128-cas.h"}));
  ASSERT_EQ(pc.files[0].reasons.size(), 2u);
  EXPECT_EQ(pc.files[0].reasons[1].rule, "not-proven");
  EXPECT_NE(pc.files[0].reasons[1].detail.find("is not checked"), std::string::npos);
  // Under docs/ the path decides, as for any docs file.
  moved.oldPath = "docs/devel/old.rst";
  moved.newPath = "docs/devel/new.rst";
  EXPECT_EQ(run(makePatch({moved})).label(), "docs");
}

TEST(ClassifyTest, MixedCodeAndDocs) {
  Patch p = makePatch({modify("docs/system/board.rst", "A board.\n", "A board with 2 UARTs.\n"),
                       modify("hw/arm/board.c", filler(2) + "int uarts = 1;\n", filler(2) + "int uarts = 2;\n")});
  PatchClass pc = run(p);
  EXPECT_TRUE(pc.mixed);
  EXPECT_EQ(pc.byCategory[static_cast<int>(Category::Docs)], (LineCounts{1, 1}));
  EXPECT_EQ(pc.byCategory[static_cast<int>(Category::Code)], (LineCounts{1, 1}));
  EXPECT_EQ(pc.smallFixLines, 1);
}

// A fixture tree: hw/common/widely.h included by three files (one through another
// header), declaring widely_used(), defined in hw/common/leaf.c and called from three.
class FixtureTree : public ::testing::Test {
protected:
  void SetUp() override {
    write("hw/common/widely.h", "#pragma once\nint widely_used(int v);\n");
    write("hw/common/wrapper.h", "#pragma once\n#include \"widely.h\"\n");
    write("hw/common/leaf.c", "#include \"widely.h\"\nint widely_used(int v)\n{\n    return v;\n}\n");
    write("hw/a/a.c", "#include \"hw/common/wrapper.h\"\nint a(void) { return widely_used(1); }\n");
    write("hw/b/b.c", "#include \"../common/widely.h\"\nint b(void) { return widely_used(2); }\n");
    write("hw/c/c.c", "int widely_used(int);\nint c(void) { return widely_used(3); }\n");
    write("hw/lonely/lonely.c", "static int lonely(void) { return 0; }\n");
    DependencyOptions opts;
    opts.useCache = false;
    opts.includeDirs = {""};
    auto m = loadDependencyMap(dir.str(), opts);
    ASSERT_TRUE(m.ok()) << m.error().str();
    deps = *m;
  }
  void write(const std::string &rel, const std::string &text) {
    std::filesystem::create_directories((dir.path() / rel).parent_path());
    std::ofstream(dir.path() / rel) << text;
  }
  testing::TempDir dir;
  std::shared_ptr<const DependencyMap> deps;
};

TEST_F(FixtureTree, WidelyIncludedHeaderIsCore) {
  ASSERT_EQ(deps->includedBy("hw/common/widely.h"), 4); // wrapper.h, leaf.c, a.c, b.c
  Patch p = makePatch({modify("hw/common/widely.h", "#pragma once\nint widely_used(int v);\n",
                              "#pragma once\nint widely_used(int v);\nint widely_other(void);\n")});
  PatchClass pc = run(p, deps.get());
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Core);
  EXPECT_EQ(h.reasons[0], (Reason{"header-fan-in", "hw/common/widely.h included by 4 files"}));
  EXPECT_EQ(pc.label(), "core");
}

TEST_F(FixtureTree, WidelyUsedSymbolIsCore) {
  ASSERT_EQ(deps->symbolFanIn("widely_used"), 3); // a.c, b.c, c.c (not leaf.c, widely.h)
  std::string before = "#include \"widely.h\"\nint widely_used(int v)\n{\n    return v;\n}\n";
  std::string after = "#include \"widely.h\"\nint widely_used(int v)\n{\n    return v + 1;\n}\n";
  PatchClass pc = run(makePatch({modify("hw/common/leaf.c", before, after)}), deps.get());
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Core);
  EXPECT_EQ(h.reasons[0], (Reason{"symbol-fan-in", "widely_used used from 3 files"}));
}

TEST_F(FixtureTree, LeafDeviceModelIsCode) {
  std::string before = "static int lonely(void) { return 0; }\n";
  std::string after = "static int lonely(void) { return 1; }\n";
  PatchClass pc = run(makePatch({modify("hw/lonely/lonely.c", before, after)}), deps.get());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_EQ(pc.label(), "code");
}

} // namespace
} // namespace provcheck
