// The shared precompiled first include (analysis/clang/SharedPreamble.h): files that open
// with the same header and have the same flags parse on one compile of it; a header
// that changed, other flags, a #define in front of the include or a header without a
// guard get their own compile or none; the entities are those of a parse without it.
// And function bodies: skipped by the parse, found by their braces, the same entities.
#include "analysis/AstMap.h"
#include "tests/analysis/AstTestSupport.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>

namespace provcheck {
namespace {

using testing::changedLines;
using testing::diffFile;
using testing::dump;
using testing::MemTree;
using testing::TempDir;
using Files = std::map<std::string, std::string>;
using Lines = std::vector<std::string>;

// A guarded common header whose meaning rests on a flag (-DFAST) and on its own text.
std::string commonHeader(int version) {
  return "#ifndef COMMON_H\n#define COMMON_H\n#include <stdint.h>\n"
         "#ifdef FAST\n#define MODE 2\n#else\n#define MODE " + std::to_string(version) +
         "\n#endif\ntypedef uint32_t reg_t;\n#endif\n";
}

// A source file opening with `first` (its leading lines), then two functions, one of
// them only when MODE is 1.
std::string source(const std::string &first, const std::string &name, int value) {
  return "/* " + name + ": a device */\n" + first + "\nreg_t " + name +
         "_read(void)\n{\n    return " + std::to_string(value) + ";\n}\n\n#if MODE == 1\n"
         "static reg_t " + name + "_slow(void)\n{\n    return 7;\n}\n#endif\n";
}

const std::string kInclude = "#include \"common.h\"\n";

struct Repo {
  TempDir root;
  AstOptions options;
  // Every source file with -Iinclude; fast.c with -DFAST too.
  explicit Repo(const std::vector<std::string> &sources) {
    std::ofstream db(root.path() / "compile_commands.json");
    db << "[";
    for (size_t i = 0; i < sources.size(); ++i)
      db << (i ? ",\n" : "") << "{\"directory\": \"" << root.str() << "\", \"file\": \""
         << sources[i] << "\", \"arguments\": [\"cc\", \"-Iinclude\", "
         << (sources[i] == "fast.c" ? "\"-DFAST\", " : "") << "\"-c\", \"" << sources[i]
         << "\"]}";
    db << "]\n";
    options.repoRoot = root.str();
    options.compiledCode = false;
  }
};

struct Step {
  Patch patch;
  PatchImages images;
};

Step step(const Files &before, const Files &after) {
  Step st;
  for (const auto &[path, text] : after)
    if (before.at(path) != text) st.patch.files.push_back(diffFile(path, before.at(path), text));
  st.images = {std::make_shared<MemTree>(before), std::make_shared<MemTree>(after), ""};
  return st;
}

// Maps the patches in one session; expects each file's entities to be those of the
// patch mapped without any preamble.
// Whether the entity `name` of `list` is inactive; nothing when there is no such entity.
std::optional<bool> inactive(const std::vector<Entity> &list, const std::string &name) {
  for (const Entity &e : list)
    if (e.name == name) return e.inactive;
  return std::nullopt;
}

std::vector<std::vector<FileEntities>> mapAndCompare(AstSession &session, const AstOptions &options,
                                                     const std::vector<Step> &steps) {
  AstOptions alone = options;
  alone.preamble = false;
  std::vector<std::vector<FileEntities>> out;
  for (size_t i = 0; i < steps.size(); ++i) {
    out.push_back(session.map(steps[i].patch, steps[i].images));
    std::vector<FileEntities> fresh = mapEntities(steps[i].patch, steps[i].images, alone);
    EXPECT_EQ(fresh.size(), out.back().size());
    for (size_t f = 0; f < fresh.size() && f < out.back().size(); ++f) {
      EXPECT_FALSE(out.back()[f].degraded) << dump(out.back()[f]);
      EXPECT_EQ(dump(out.back()[f]), dump(fresh[f])) << "patch " << i + 1;
    }
  }
  return out;
}

TEST(AstSharedPreamble, FilesWithTheSameFlagsShareOneCompileOfTheirFirstInclude) {
  Repo s({"a.c", "b.c"});
  Files v0{{"include/common.h", commonHeader(1)},
           {"a.c", source(kInclude, "a", 1)},
           {"b.c", source(kInclude, "b", 1)}};
  Files v1 = v0;
  v1["a.c"] = source(kInclude, "a", 2);
  v1["b.c"] = source(kInclude, "b", 2);
  Files v2 = v1;
  v2["a.c"] = source(kInclude, "a", 3);
  AstSession session(s.options);
  auto out = mapAndCompare(session, s.options, {step(v0, v1), step(v1, v2)});
  // One compile of common.h for both files, both images, both patches. The second
  // patch's pre-image of a.c is the first's post-image, in the same tree: not parsed
  // again.
  AstSession::Stats stats = session.stats();
  EXPECT_EQ(stats.parses, 5u);
  EXPECT_EQ(stats.resultReuses, 1u);
  EXPECT_EQ(stats.sharedBuilds, 1u);
  EXPECT_EQ(stats.sharedUses, 5u);
  EXPECT_EQ(stats.preambleBuilds, 0u);
  // MODE is 1: the header's macro reached the file through the shared compile.
  ASSERT_EQ(out[0].size(), 2u);
  EXPECT_EQ(changedLines(out[0][0]),
            (Lines{"-6 function a_read (body)", "+6 function a_read (body)"}));
  EXPECT_FALSE(out[0][0].newEntities.empty());
  bool slowActive = false;
  for (const Entity &e : out[0][0].newEntities)
    if (e.name == "a_slow") slowActive = !e.inactive;
  EXPECT_TRUE(slowActive);
}

// The parse processes hand the shared first include one compiled to the others: a
// later session whose files parse in two processes at once compiles nothing.
TEST(AstSharedPreamble, OneCompileServesEveryParseProcess) {
  Repo s({"a.c", "b.c", "c.c"});
  Files v0{{"include/common.h", commonHeader(1)},
           {"a.c", source(kInclude, "a", 1)},
           {"b.c", source(kInclude, "b", 1)},
           {"c.c", source(kInclude, "c", 1)}};
  Files v1 = v0;
  v1["a.c"] = source(kInclude, "a", 2);
  Files v2 = v1;
  v2["b.c"] = source(kInclude, "b", 2);
  v2["c.c"] = source(kInclude, "c", 2);
  AstOptions one = s.options;
  one.jobs = 1;
  AstSession first(one);
  mapAndCompare(first, one, {step(v0, v1)});
  EXPECT_EQ(first.stats().sharedBuilds, 1u);
  AstOptions two = s.options;
  two.jobs = 2;
  two.parseProcesses = 2;
  AstSession second(two);
  mapAndCompare(second, two, {step(v1, v2)});
  EXPECT_EQ(second.stats().sharedBuilds, 0u);
  EXPECT_EQ(second.stats().sharedUses, 4u);
}

TEST(AstSharedPreamble, AChangedHeaderIsCompiledAgain) {
  Repo s({"a.c"});
  Files v0{{"include/common.h", commonHeader(1)}, {"a.c", source(kInclude, "a", 1)}};
  Files v1 = v0;
  v1["a.c"] = source(kInclude, "a", 2);
  Files v2 = v1; // MODE becomes 3: a_slow is left out
  v2["include/common.h"] = commonHeader(3);
  Files v3 = v2;
  v3["a.c"] = source(kInclude, "a", 4);
  AstSession session(s.options);
  auto out = mapAndCompare(session, s.options, {step(v0, v1), step(v2, v3)});
  AstSession::Stats stats = session.stats();
  EXPECT_EQ(stats.sharedBuilds, 2u); // the one of v0/v1 does not fit v2/v3
  EXPECT_EQ(stats.sharedUses, 4u);
  ASSERT_EQ(out[1].size(), 1u);
  EXPECT_EQ(inactive(out[1][0].newEntities, "a_slow"), true);
}

TEST(AstSharedPreamble, OtherFlagsGetTheirOwnCompile) {
  Repo s({"a.c", "fast.c"});
  Files v0{{"include/common.h", commonHeader(1)},
           {"a.c", source(kInclude, "a", 1)},
           {"fast.c", source(kInclude, "fast", 1)}};
  Files v1 = v0;
  v1["a.c"] = source(kInclude, "a", 2);
  v1["fast.c"] = source(kInclude, "fast", 2);
  AstSession session(s.options);
  auto out = mapAndCompare(session, s.options, {step(v0, v1)});
  AstSession::Stats stats = session.stats();
  EXPECT_EQ(stats.sharedBuilds, 2u);
  EXPECT_EQ(stats.sharedUses, 4u);
  // -DFAST makes MODE 2 in fast.c alone.
  ASSERT_EQ(out[0].size(), 2u);
  EXPECT_EQ(inactive(out[0][0].newEntities, "a_slow"), false);
  EXPECT_EQ(inactive(out[0][1].newEntities, "fast_slow"), true);
}

TEST(AstSharedPreamble, NotSharedWhenCodeComesFirstOrTheHeaderHasNoGuard) {
  Repo s({"a.c", "b.c"});
  // a.c defines FAST before the include: common.h means something else there.
  std::string defineFirst = "#define FAST 1\n" + kInclude;
  std::string unguarded = "#include <stdint.h>\n#define MODE 1\ntypedef uint32_t reg_t;\n";
  Files v0{{"include/common.h", commonHeader(1)},
           {"include/plain.h", unguarded},
           {"a.c", source(defineFirst, "a", 1)},
           {"b.c", source("#include \"plain.h\"\n", "b", 1)}};
  Files v1 = v0;
  v1["a.c"] = source(defineFirst, "a", 2);
  v1["b.c"] = source("#include \"plain.h\"\n", "b", 2);
  AstSession session(s.options);
  auto out = mapAndCompare(session, s.options, {step(v0, v1)});
  AstSession::Stats stats = session.stats();
  EXPECT_EQ(stats.sharedUses, 0u);
  EXPECT_EQ(stats.sharedBuilds, 0u); // plain.h was compiled, but cannot be shared
  EXPECT_EQ(stats.parses, 4u);
  ASSERT_EQ(out[0].size(), 2u);
  EXPECT_EQ(inactive(out[0][0].newEntities, "a_slow"), true);
}

// A header parsed after its includer's includes: the first of them is shared.
TEST(AstSharedPreamble, AHeaderParsedAfterItsIncludersIncludesSharesTheFirstOne) {
  Repo s({"a.c"});
  std::string dev0 = "#ifndef DEV_H\n#define DEV_H\nreg_t dev_read(void);\n#endif\n";
  std::string dev1 = "#ifndef DEV_H\n#define DEV_H\nreg_t dev_read(int n);\n#endif\n";
  Files v0{{"include/common.h", commonHeader(1)},
           {"include/dev.h", dev0},
           {"a.c", source(kInclude + "#include \"dev.h\"\n", "a", 1)}};
  Files v1 = v0;
  v1["include/dev.h"] = dev1;
  v1["a.c"] = source(kInclude + "#include \"dev.h\"\n", "a", 2);
  AstSession session(s.options);
  auto out = mapAndCompare(session, s.options, {step(v0, v1)});
  ASSERT_EQ(out[0].size(), 2u);
  ASSERT_EQ(out[0][1].path, "include/dev.h");
  EXPECT_EQ(out[0][1].flagsSource, "includer a.c");
  EXPECT_EQ(changedLines(out[0][1]),
            (Lines{"-3 function dev_read (signature)", "+3 function dev_read (signature)"}));
  AstSession::Stats stats = session.stats();
  EXPECT_EQ(stats.sharedBuilds, 1u);
  EXPECT_EQ(stats.sharedUses, 4u);
}

// Bodies are skipped by the parse (an error inside one is not seen) and located by their
// braces: every changed line is attributed as a whole parse attributes it.
TEST(AstSkippedBodies, EntitiesOfChangedLinesAreThoseOfAWholeParse) {
  Repo s({"dev.c"});
  auto dev = [](bool post) {
    std::string t = "#include <stddef.h>\n\n/* The registers. */\nstruct regs {\n    int a;\n";
    t += post ? "    int b;\n" : "";
    t += "};\n\n#define REG(n) ((n) * 4)\n\nstatic int first(struct regs *r)\n{\n"
         "    return r->a + undeclared_name;\n}\n\n";
    t += post ? "static int second(struct regs *r, int n)\n" : "static int second(struct regs *r)\n";
    t += "{\n    if (r->a) {\n        return REG(1);\n    }\n";
    t += post ? "    return REG(n);\n" : "    return 0;\n";
    t += "}\n\n/* Unchanged. */\nint third(void)\n{\n    return 3;\n}\n";
    return t;
  };
  Files v0{{"dev.c", dev(false)}}, v1{{"dev.c", dev(true)}};
  Step st = step(v0, v1);
  AstOptions whole = s.options;
  whole.skipFunctionBodies = false;
  FileEntities skipped = mapEntities(st.patch, st.images, s.options).at(0);
  FileEntities full = mapEntities(st.patch, st.images, whole).at(0);
  EXPECT_EQ(changedLines(skipped), changedLines(full));
  EXPECT_EQ(changedLines(skipped),
            (Lines{"+6 field b in struct regs", "-15 function second (signature)",
                   "+16 function second (signature)", "-20 function second (body)",
                   "+21 function second (body)"}));
  ASSERT_EQ(skipped.newEntities.size(), full.newEntities.size());
  for (size_t i = 0; i < full.newEntities.size(); ++i)
    EXPECT_EQ(skipped.newEntities[i], full.newEntities[i]) << full.newEntities[i].name;
  // The error in first()'s body: seen by the whole parse alone.
  EXPECT_FALSE(skipped.degraded) << dump(skipped);
  EXPECT_TRUE(full.degraded);
}

} // namespace
} // namespace provcheck
