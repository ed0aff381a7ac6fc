// The whole classification of a fixture repository's history, read through libgit2 as
// `provcheck check A..B` reads it, against tests/data/classify/history.txt
// (PROVCHECK_UPDATE_GOLDEN=1 rewrites it).
#include "analysis/GitSource.h"
#include "analysis/TreeViews.h"
#include "classify/Classifier.h"
#include "maps/IncludeGraph.h"
#include "tests/classify/ClassifyTestSupport.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <sstream>

namespace provcheck {
namespace {

using testing::filler;

ClassifyRules rules() {
  ClassifyRules r;
  r.pathRules = {{"tests-dir", "tests/", Category::Tests},
                 {"docs-dir", "docs/", Category::Docs},
                 {"rst", "*.rst", Category::Docs}};
  r.corePaths = {{"core-util", "util/", Category::Core}, {"core-include", "include/qemu/", Category::Core}};
  r.toolPatterns = {R"(\bsed\b.*\bs/)"};
  return r;
}

std::string render(const Patch &p, const PatchClass &pc) {
  std::ostringstream os;
  os << p.subject << "\n  " << pc.label() << ", small-fix " << pc.smallFixLines;
  for (int c = 0; c < kCategoryCount; ++c)
    if (pc.byCategory[c].added + pc.byCategory[c].removed)
      os << ", " << toString(static_cast<Category>(c)) << " +" << pc.byCategory[c].added << "/-"
         << pc.byCategory[c].removed;
  for (const std::string &t : pc.tools) os << ", tool: " << t;
  os << "\n";
  for (const FileClass &f : pc.files) {
    os << "  " << f.path << ": " << toString(f.category) << "\n";
    for (const HunkClass &h : f.hunks) {
      os << "    +" << h.lines.added << "/-" << h.lines.removed << " " << toString(h.category)
         << " [" << h.smallFixLines << "]";
      for (const Reason &r : h.reasons) os << " {" << r.rule << ": " << r.detail << "}";
      os << "\n";
    }
  }
  return os.str();
}

TEST(ClassifyGoldenTest, FixtureHistory) {
  testing::FixtureRepo repo;
  std::string foo = filler(2) + "void foo_init(FooState *s)\n{\n    s->ready = 1;\n}\n\n" +
                    filler(2, "mid") + "int foo_read(FooState *s, int reg)\n{\n    if (reg > 4) {\n"
                    "        return 0;\n    }\n    return s->regs[reg];\n}\n\n" + filler(2, "late") +
                    "void foo_board(FooState *s)\n{\n    foo_init(s);\n}\n";
  repo.write("hw/misc/foo.c", foo);
  repo.write("include/hw/misc/foo.h", "void foo_init(FooState *s);\nint foo_read(FooState *s, int reg);\n");
  repo.write("docs/devices/foo.rst", "Foo\n===\n\nThe foo device.\n");
  repo.write("tests/qtest/foo-test.c", filler(2, "t") + "static void test_foo(void)\n{\n    g_assert(1);\n}\n");
  repo.write("util/cutils.c", filler(3, "util"));
  std::string base = repo.commit("Initial import\n");

  repo.write("docs/devices/foo.rst", "Foo\n===\n\nThe foo device, with four registers.\n");
  repo.commit("docs: describe foo's registers\n");

  std::string renamed = foo;
  for (size_t at; (at = renamed.find("foo_init")) != std::string::npos;) renamed.replace(at, 8, "foo_realize");
  repo.write("hw/misc/foo.c", renamed);
  repo.write("include/hw/misc/foo.h", "void foo_realize(FooState *s);\nint foo_read(FooState *s, int reg);\n");
  repo.commit("hw/misc/foo: rename foo_init to foo_realize\n\nsed -i 's/foo_init/foo_realize/g'\n");

  std::string fixed = renamed;
  fixed.replace(fixed.find("reg > 4"), 7, "reg >= 4");
  repo.write("hw/misc/foo.c", fixed);
  repo.commit("hw/misc/foo: fix out-of-bounds register read\n");

  repo.write("tests/qtest/foo-test.c", filler(2, "t") + "static void test_foo(void)\n{\n    g_assert(2);\n}\n");
  repo.write("docs/devices/foo.rst", "Foo\n===\n\nThe foo device, with four registers (tested).\n");
  repo.write("hw/misc/foo.c", fixed + "/* the end */\n");
  repo.commit("foo: test, document and annotate\n");

  repo.write("util/cutils.c", filler(3, "util") + "int qemu_strtoi(const char *s)\n{\n    return 0;\n}\n");
  std::string last = repo.commit("util: add qemu_strtoi\n");

  PatchSet set;
  Status st = readRevisions(repo.repo(), base + ".." + last, set);
  ASSERT_TRUE(st.ok()) << st.error().str();
  ASSERT_EQ(set.series.size(), 1u);
  // Classified as check does: with each commit's images and the tree's symbol index.
  DependencyOptions opts;
  opts.useCache = false;
  auto deps = loadDependencyMap(*treeViewAt(repo.repo(), "HEAD"), opts);
  ASSERT_TRUE(deps.ok()) << deps.error().str();
  std::string out;
  for (const Patch &p : set.series[0].patches) {
    auto images = commitImages(p, repo.repo());
    ASSERT_TRUE(images.ok()) << images.error().str();
    PatchClass pc = classify({p, nullptr, deps->get(), nullptr, &*images}, rules());
    testing::expectAccounting(p, pc);
    out += render(p, pc);
  }
  EXPECT_EQ(testing::compareGolden("classify/history.txt", out), "");
}

} // namespace
} // namespace provcheck
