// The lexer-level include scan behind header includers and preamble reuse: which
// #include lines a file has, which source files are tried first for a header, and
// whether an image reaches a header through the tree's includes.
#include "analysis/clang/CompileFlags.h"
#include "analysis/clang/Includers.h"
#include "tests/analysis/AstTestSupport.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using namespace clangmap;
using testing::MemTree;
using testing::TempDir;
using Files = std::map<std::string, std::string>;

std::vector<std::string> names(const std::vector<IncludeLine> &lines) {
  std::vector<std::string> out;
  for (const IncludeLine &l : lines)
    out.push_back(std::to_string(l.line) + (l.angled ? " <" : " \"") + l.name + " " +
                  std::to_string(l.depth));
  return out;
}

TEST(AstIncluders, ScanFindsIncludesWithTheirDepthAndSkipsComments) {
  const char *text = "#include \"qemu/osdep.h\"\n"
                     "  #  include <glib.h>  /* system */\n"
                     "/*\n#include \"commented.h\"\n*/\n"
                     "#ifdef CONFIG_LINUX\n#include \"linux.h\"\n#endif\n"
                     "int x; /* open\n#include \"also-commented.h\"\n*/\n"
                     "#include_next \"next.h\"\n#define NOT_AN_INCLUDE \"x.h\"\n";
  EXPECT_EQ(names(scanIncludes(text)),
            (std::vector<std::string>{"1 \"qemu/osdep.h 0", "2 <glib.h 0", "7 \"linux.h 1",
                                      "12 \"next.h 0"}));
}

TEST(AstIncluders, HeaderPathsAreThoseADatabaseDoesNotCompile) {
  EXPECT_TRUE(isHeaderPath("include/qemu/osdep.h"));
  EXPECT_TRUE(isHeaderPath("target/arm/translate-a64.c.inc"));
  EXPECT_TRUE(isHeaderPath("include/Makefile"));
  EXPECT_FALSE(isHeaderPath("hw/core/qdev.c"));
  EXPECT_FALSE(isHeaderPath("tools/x.cpp"));
}

TEST(AstIncluders, SearchPathKeepsTheCompilersOrder) {
  SearchPath sp = searchPath({"cc", "-I../include", "-iquote", "q", "-isystem", "/usr/sys", "-Ibuild",
                              "-idirafter", "late", "-c", "x.c"},
                             "/src/build");
  EXPECT_EQ(sp.quote, (std::vector<std::string>{"/src/build/q"}));
  EXPECT_EQ(sp.angled, (std::vector<std::string>{"/src/include", "/src/build/build", "/usr/sys",
                                                 "/src/build/late"}));
}

TEST(AstIncluders, CandidatesNearTheHeaderComeFirst) {
  std::vector<std::string> sources{"accel/kvm.c", "hw/pci/pci.c", "hw/pci/msi.c", "hw/usb/hcd.c",
                                   "include/hw/pci/stub.c", "util/log.c"};
  EXPECT_EQ(rankCandidates(sources, "include/hw/pci/pci.h", ""),
            (std::vector<std::string>{"include/hw/pci/stub.c", "hw/pci/msi.c", "hw/pci/pci.c",
                                      "hw/usb/hcd.c", "accel/kvm.c", "util/log.c"}));
  EXPECT_EQ(rankCandidates(sources, "include/hw/pci/pci.h", "util/log.c").front(), "util/log.c");
}

TEST(AstIncluders, ReachesAHeaderThroughTheTreesIncludes) {
  TempDir root;
  Files files{{"include/a.h", "#include \"b.h\"\n"},
              {"include/b.h", "#ifdef X\n#include \"sub/c.h\"\n#endif\n"},
              {"include/sub/c.h", "int c;\n"},
              {"include/d.h", "#include <stdio.h>\n"},
              {"dev.c", "#include \"a.h\"\n"}};
  MemTree tree(files);
  AstOptions options;
  options.repoRoot = root.str();
  CompileFlags flags(options);
  CompileSetup setup = flags.forFile("dev.c", "dev.c", tree); // fallback: -iquote include
  auto abs = [&](const std::string &rel) { return root.str() + "/" + rel; };
  // Every branch is taken: c.h counts although it sits under an #ifdef.
  EXPECT_TRUE(flags.reachesAny(files["dev.c"], "dev.c", setup, tree, {abs("include/sub/c.h")}));
  EXPECT_FALSE(flags.reachesAny(files["dev.c"], "dev.c", setup, tree, {abs("include/d.h")}));
  EXPECT_FALSE(flags.reachesAny(files["dev.c"], "dev.c", setup, tree, {}));
}

} // namespace
} // namespace provcheck
