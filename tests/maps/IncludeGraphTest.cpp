// The dependency map of a fixture tree: include resolution like a compiler, transitive
// counts, symbol fan-in, the on-disk cache, and the lexer-level scan it rests on.
#include "maps/DependencyCache.h"
#include "maps/IncludeGraph.h"
#include "maps/SourceScan.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
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
  // Options that cache in `cache` and collect the notices.
  static DependencyOptions cachedIn(const testing::TempDir &cache,
                                    std::vector<std::string> &notices) {
    DependencyOptions opts;
    opts.cacheDir = cache.str();
    opts.notice = [&notices](const std::string &n) { notices.push_back(n); };
    return opts;
  }
  std::shared_ptr<IncludeGraph> build(DependencyOptions opts = {}) {
    return IncludeGraph::build(*directoryTreeView(dir.str()), opts);
  }
  testing::TempDir dir;
};

// The files that declare or define each symbol a header declares, also through the cache.
TEST_F(IncludeGraphTest, FilesDeclaringASymbol) {
  auto g = build();
  EXPECT_EQ(g->declaredIn("qemu_set_irq"), (std::vector<std::string>{"hw/core/irq.c", "include/hw/irq.h"}));
  EXPECT_TRUE(g->declaredIn("no_such_symbol").empty());
  auto again = IncludeGraph::deserialize(g->serialize("key"), "key");
  ASSERT_TRUE(again.ok()) << again.error().str();
  EXPECT_EQ((*again)->declaredIn("qemu_set_irq"), g->declaredIn("qemu_set_irq"));
  EXPECT_EQ((*again)->declaredIn("a_helper"), g->declaredIn("a_helper"));
}

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

// The cache file of `tree` in `cache`.
fs::path cacheFile(const testing::TempDir &cache, const TreeView &tree) {
  return cache.path() / ("deps-" + tree.id() + ".bin");
}

std::vector<std::string> filesIn(const fs::path &dir) {
  std::vector<std::string> out;
  for (const auto &e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// An edited count used to be trusted: a core header would have become ordinary code.
TEST_F(IncludeGraphTest, EditedCacheIsRebuiltWithANotice) {
  testing::TempDir cache;
  std::vector<std::string> notices;
  DependencyOptions opts = cachedIn(cache, notices);
  auto tree = directoryTreeView(dir.str());
  ASSERT_TRUE(loadDependencyMap(*tree, opts).ok());
  fs::path file = cacheFile(cache, *tree);
  std::string text = testing::readFile(file);
  size_t at = text.find("3\tinclude/qemu/osdep.h\n");
  ASSERT_NE(at, std::string::npos) << text;
  text[at] = '0';
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;

  auto again = loadDependencyMap(*tree, opts);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->includedBy("include/qemu/osdep.h"), 3);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0], "dependency cache " + file.string() + ":3: checksum mismatch: rebuilt");
  // Rewritten: the next run reads it without a word.
  auto third = loadDependencyMap(*tree, opts);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(dynamic_cast<const IncludeGraph *>(third->get())->stats().fromCache);
  EXPECT_EQ(notices.size(), 1u);
}

// Every field is read whole: garbage that atoi used to read as a number is an error at its
// line, even under a valid checksum.
TEST_F(IncludeGraphTest, CacheCountsAreReadStrictly) {
  std::string sealed = build()->serialize("key");
  size_t bodyAt = 0;
  for (int i = 0; i < 3; ++i) bodyAt = sealed.find('\n', bodyAt) + 1;
  const std::string body = sealed.substr(bodyAt);
  ASSERT_TRUE(IncludeGraph::deserialize(sealed, "key").ok());
  auto edited = [&](const std::string &from, const std::string &to) {
    std::string b = body;
    size_t at = b.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) b.replace(at, from.size(), to);
    return sealCache(b, "key");
  };
  struct Case {
    std::string text;
    std::string error;
  } cases[] = {
      {edited("3\tinclude/qemu/osdep.h", "3x\tinclude/qemu/osdep.h"), ":9: malformed entry"},
      {edited("3\tinclude/qemu/osdep.h", "-3\tinclude/qemu/osdep.h"), ":9: malformed entry"},
      {edited("3\tinclude/qemu/osdep.h", "99999999999\tinclude/qemu/osdep.h"),
       ":9: malformed entry"},
      {edited("3\tinclude/qemu/osdep.h", "3\t"), ":9: malformed entry"},
      {edited("I 5", "I 50"), ":5: I table: fewer entries than announced"},
      {edited("I 5", "I5"), ":5: malformed I table header"},
      {edited("10 11 9", "10 11 9x"), ":4: malformed counts"},
      {edited("F 4", "F 4x"), ":14: malformed F table header"},
      {edited("D 4", "D 5"), ":19: malformed D table header"},
      {edited("1,2\tqemu_set_irq", "1,9\tqemu_set_irq"), ":23: malformed entry"},
      {edited("1,2\tqemu_set_irq", "1,\tqemu_set_irq"), ":23: malformed entry"},
      {edited("0\ta_helper", "2\tqemu_irq"), ":22: repeated entry"},
      {sealCache(body + "junk\n", "key"), ":24: data after the last table"},
      {sealCache(body.substr(0, body.size() - 1), "key"), ":23: no newline at the end"},
  };
  for (const Case &c : cases) {
    auto g = IncludeGraph::deserialize(c.text, "key");
    ASSERT_FALSE(g.ok()) << c.text;
    EXPECT_EQ(g.error().str(), c.error) << c.text;
  }
  bool stale = false;
  EXPECT_FALSE(IncludeGraph::deserialize(sealed, "other key", &stale).ok());
  EXPECT_TRUE(stale);
}

// The tables are read fastest in the order serialize writes them, and whatever their
// order: a cache whose entries are not sorted gives the same answers.
TEST_F(IncludeGraphTest, CacheEntriesOutOfOrderGiveTheSameAnswers) {
  std::shared_ptr<IncludeGraph> built = build();
  std::string sealed = built->serialize("key");
  size_t bodyAt = 0;
  for (int i = 0; i < 3; ++i) bodyAt = sealed.find('\n', bodyAt) + 1;
  std::vector<std::string> lines;
  for (size_t at = bodyAt; at < sealed.size();) {
    size_t end = sealed.find('\n', at);
    lines.push_back(sealed.substr(at, end - at));
    at = end + 1;
  }
  // Each table's entries reversed, between its header ("I 5") and the next one.
  auto isHeader = [](const std::string &l) {
    return l.size() > 2 && std::string("ISFD").find(l[0]) != std::string::npos && l[1] == ' ' &&
           l.find('\t') == std::string::npos;
  };
  int reversed = 0;
  for (size_t i = 1; i < lines.size();) {
    size_t end = i + 1;
    while (end < lines.size() && !isHeader(lines[end])) ++end;
    if (isHeader(lines[i]) && lines[i][0] != 'F' && end - i > 2) {
      std::reverse(lines.begin() + i + 1, lines.begin() + end);
      ++reversed;
    }
    i = end;
  }
  ASSERT_EQ(reversed, 3); // I, S and D
  std::string body;
  for (const std::string &l : lines) body += l + "\n";
  ASSERT_NE(sealCache(body, "key"), sealed);
  auto g = IncludeGraph::deserialize(sealCache(body, "key"), "key");
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_EQ((*g)->includedByAll(), built->includedByAll());
  EXPECT_EQ((*g)->fanInAll(), built->fanInAll());
  EXPECT_EQ((*g)->includedBy("include/qemu/osdep.h"), 3);
  for (const auto &[symbol, count] : built->fanInAll())
    EXPECT_EQ((*g)->declaredIn(symbol), built->declaredIn(symbol)) << symbol;
  EXPECT_EQ((*g)->serialize("key"), sealed);
}

TEST_F(IncludeGraphTest, CacheOfAnOlderFormatIsReplacedWithoutANotice) {
  testing::TempDir cache;
  std::vector<std::string> notices;
  DependencyOptions opts = cachedIn(cache, notices);
  auto tree = directoryTreeView(dir.str());
  fs::path file = cacheFile(cache, *tree);
  std::ofstream(file) << "provcheck-deps 1\nkey\n10 11 9 3\nI 1\n0\tinclude/qemu/osdep.h\nS 0\n";
  auto m = loadDependencyMap(*tree, opts);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)->includedBy("include/qemu/osdep.h"), 3);
  EXPECT_TRUE(notices.empty());
  EXPECT_TRUE(testing::readFile(file).starts_with("provcheck-deps 3\n"));
}

// A write that fails (here: past the file size limit, as on a full disk) is said, leaves
// neither a partial cache nor a temporary file, and the map is still the right one.
TEST_F(IncludeGraphTest, CacheWriteFailureIsANoticeAndLeavesNothing) {
  testing::TempDir cache;
  std::vector<std::string> notices;
  DependencyOptions opts = cachedIn(cache, notices);
  auto tree = directoryTreeView(dir.str());
  struct rlimit old {};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  auto oldSignal = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 64;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  auto m = loadDependencyMap(*tree, opts);
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, oldSignal);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)->includedBy("include/qemu/osdep.h"), 3);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0], "dependency cache not saved (the next run builds the map again): " +
                            cacheFile(cache, *tree).string() + ": cannot write: File too large");
  EXPECT_TRUE(filesIn(cache.path()).empty());
}

TEST(DependencyCache, PruningKeepsTheMostRecentlyUsed) {
  testing::TempDir cache;
  auto now = fs::file_time_type::clock::now();
  auto make = [&](const std::string &name, std::chrono::hours age) {
    std::ofstream(cache.path() / name) << "x";
    fs::last_write_time(cache.path() / name, now - age);
  };
  for (int i = 0; i < 6; ++i) make("deps-" + std::to_string(i) + ".bin", std::chrono::hours(i));
  make("deps-old.bin", std::chrono::hours(24 * 40));
  make("deps-current.bin", std::chrono::hours(24 * 50)); // in use: never removed
  make("deps-dead.bin.tmpAbC123", std::chrono::hours(48));
  make("deps-live.bin.tmpXyZ789", std::chrono::hours(0));
  make("other.txt", std::chrono::hours(24 * 90));
  EXPECT_EQ(pruneCache(cache.path(), cache.path() / "deps-current.bin", 4, 30), 5u);
  EXPECT_EQ(filesIn(cache.path()),
            (std::vector<std::string>{"deps-0.bin", "deps-1.bin", "deps-2.bin",
                                      "deps-current.bin", "deps-live.bin.tmpXyZ789",
                                      "other.txt"}));
  EXPECT_EQ(pruneCache(cache.path(), cache.path() / "deps-current.bin", 8, 0), 3u);
}

TEST(DependencyCache, AtomicWriteReplacesTheFileAndLeavesNoTemporary) {
  testing::TempDir cache;
  fs::path file = cache.path() / "sub" / "deps-x.bin";
  ASSERT_TRUE(writeFileAtomically(file, "first\n").ok());
  ASSERT_TRUE(writeFileAtomically(file, "second\n").ok());
  EXPECT_EQ(testing::readFile(file), "second\n");
  EXPECT_EQ(filesIn(file.parent_path()), std::vector<std::string>{"deps-x.bin"});
  fs::path underAFile = file / "deps-y.bin"; // its directory would be a regular file
  auto s = writeFileAtomically(underAFile, "x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, file.string());
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
  auto uses = [&](const char *name) {
    return std::binary_search(s.identifiers.begin(), s.identifiers.end(), symbolHash(name));
  };
  EXPECT_TRUE(uses("foo_get"));
  EXPECT_TRUE(uses("G_GNUC_WARN_UNUSED_RESULT"));
  EXPECT_TRUE(uses("v"));
  EXPECT_FALSE(uses("c")); // "b/c.h" is a path, not a use
}

TEST(SourceScan, CommentsAndLiteralsUseNothing) {
  SourceScan s = scanSource("/* hidden_a */ int x; // hidden_b\nconst char *s = \"hidden_c\";\n"
                            "char c = 'h';\n");
  for (const char *name : {"hidden_a", "hidden_b", "hidden_c", "h"})
    EXPECT_FALSE(std::binary_search(s.identifiers.begin(), s.identifiers.end(), symbolHash(name)))
        << name;
  EXPECT_TRUE(std::binary_search(s.identifiers.begin(), s.identifiers.end(), symbolHash("x")));
  EXPECT_EQ(symbolHash("x"), 0xaf63f54c86021707ull); // FNV-1a: the same on every run
}

} // namespace
} // namespace provcheck
