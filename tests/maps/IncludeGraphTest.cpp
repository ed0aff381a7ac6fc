// The dependency map of a fixture tree: include resolution like a compiler, transitive
// counts, symbol fan-in, the on-disk cache, and the lexer-level scan it rests on.
#include "maps/IncludeGraph.h"
#include "maps/SourceScan.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace provcheck {
namespace {

namespace fs = std::filesystem;

class IncludeGraphTest : public ::testing::Test {
protected:
  void SetUp() override {
    write("include/qemu/osdep.h", "#pragma once\n#include \"qemu/compiler.h\"\n#include <stdio.h>\n");
    write("include/qemu/compiler.h", "#pragma once\n#define QEMU_PACKED __attribute__((packed))\n");
    write("include/hw/irq.h", "#pragma once\ntypedef struct IRQState *qemu_irq;\n"
                              "void qemu_set_irq(qemu_irq irq, int level);\n");
    write("hw/core/irq.c", "#include \"qemu/osdep.h\"\n#include \"hw/irq.h\"\n"
                           "void qemu_set_irq(qemu_irq irq, int level)\n{\n}\n");
    write("hw/a/a.c", "#include \"qemu/osdep.h\"\n#include \"hw/irq.h\"\n#include \"a-internal.h\"\n"
                      "void a(qemu_irq i) { qemu_set_irq(i, 1); }\n");
    write("hw/a/a-internal.h", "/* #include \"hw/b/b.h\" is a comment */\nint a_helper(void);\n");
    write("hw/b/b.c", "#include <qemu/osdep.h>\n// qemu_set_irq in a comment\n"
                      "static const char *s = \"qemu_set_irq\";\n");
    write("target/arm/cpu.h", "int arm_thing;\n");
    write("target/arm/helper.c", "#include \"cpu.h\"\n");
    write("hw/arm/board.c", "#include \"cpu.h\"\n#include \"missing/gen.h\"\n");
  }
  void write(const std::string &rel, const std::string &text) {
    fs::create_directories((dir.path() / rel).parent_path());
    std::ofstream(dir.path() / rel) << text;
  }
  std::shared_ptr<IncludeGraph> build(DependencyOptions opts = {}) {
    return IncludeGraph::build(*directoryTreeView(dir.str()), opts);
  }
  testing::TempDir dir;
};

TEST_F(IncludeGraphTest, TransitiveIncluders) {
  auto g = build();
  EXPECT_EQ(g->includedBy("include/qemu/osdep.h"), 3);    // irq.c, a.c, b.c (angled)
  EXPECT_EQ(g->includedBy("include/qemu/compiler.h"), 4); // osdep.h and its three
  EXPECT_EQ(g->includedBy("include/hw/irq.h"), 2);
  EXPECT_EQ(g->includedBy("hw/a/a-internal.h"), 1);        // quote include, same directory
  EXPECT_EQ(g->includedBy("hw/b/b.h"), 0);                 // only in a comment
  // "cpu.h": target/arm/helper.c finds it beside itself; hw/arm/board.c through the
  // unique-suffix fallback (the build's -I target/arm).
  EXPECT_EQ(g->includedBy("target/arm/cpu.h"), 2);
  EXPECT_EQ(g->stats().files, 10u);
  EXPECT_EQ(g->stats().includes, 11u);
  EXPECT_EQ(g->stats().resolved, 9u); // <stdio.h> and missing/gen.h stay unresolved
}

TEST_F(IncludeGraphTest, ExactResolutionWithoutFallback) {
  DependencyOptions opts;
  opts.uniqueSuffixFallback = false;
  EXPECT_EQ(build(opts)->includedBy("target/arm/cpu.h"), 1);
}

TEST_F(IncludeGraphTest, SymbolFanIn) {
  auto g = build();
  // Used in a.c; irq.c defines it, irq.h declares it; b.c names it only in a comment and
  // a string.
  EXPECT_EQ(g->symbolFanIn("qemu_set_irq"), 1);
  EXPECT_EQ(g->symbolFanIn("qemu_irq"), 2); // a.c and irq.c use the typedef
  EXPECT_EQ(g->symbolFanIn("QEMU_PACKED"), 0);
}

TEST_F(IncludeGraphTest, CachedByTreeId) {
  testing::TempDir cache;
  DependencyOptions opts;
  opts.cacheDir = cache.str();
  auto tree = directoryTreeView(dir.str());
  auto first = loadDependencyMap(*tree, opts);
  ASSERT_TRUE(first.ok()) << first.error().str();
  fs::path file = cache.path() / ("deps-" + tree->id() + ".bin");
  ASSERT_TRUE(fs::exists(file)) << file;
  auto second = loadDependencyMap(*tree, opts);
  ASSERT_TRUE(second.ok());
  auto *graph = dynamic_cast<const IncludeGraph *>(second->get());
  ASSERT_NE(graph, nullptr);
  EXPECT_TRUE(graph->stats().fromCache);
  EXPECT_EQ((*second)->includedBy("include/qemu/osdep.h"), 3);
  EXPECT_EQ((*second)->symbolFanIn("qemu_irq"), 2);
}

TEST_F(IncludeGraphTest, MissingDirectoryIsAnError) {
  auto m = loadDependencyMap((dir.path() / "nope").string(), DependencyOptions{});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("not a directory"), std::string::npos);
}

TEST(SourceScan, DeclarationsAndIncludes) {
  SourceScan s = scanSource(
      "#include \"a.h\"\n#  include <b/c.h>\n#define MAX_X 4\n"
      "typedef struct Foo { int x; } Foo;\n"
      "typedef void (*FooFn)(Foo *f);\n"
      "enum Color { RED, GREEN = 2, BLUE };\n"
      "extern int foo_count;\n"
      "int foo_get(Foo *f) G_GNUC_WARN_UNUSED_RESULT;\n"
      "static inline int foo_twice(int v)\n{\n    return foo_get(0) * v;\n}\n");
  ASSERT_EQ(s.includes.size(), 2u);
  EXPECT_EQ(s.includes[0].target, "a.h");
  EXPECT_FALSE(s.includes[0].angled);
  EXPECT_EQ(s.includes[1].target, "b/c.h");
  EXPECT_TRUE(s.includes[1].angled);
  EXPECT_EQ(s.includes[1].line, 2);
  EXPECT_EQ(s.declared, (std::vector<std::string>{"BLUE", "Color", "Foo", "FooFn", "GREEN", "MAX_X",
                                                   "RED", "foo_count", "foo_get", "foo_twice"}));
  EXPECT_EQ(s.defined, std::vector<std::string>{"foo_twice"});
}

} // namespace
} // namespace provcheck
