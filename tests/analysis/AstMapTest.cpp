// The AST map on synthetic C and C++ files: each test asserts every changed line's
// attribution, and whether and how each image was parsed.
#include "analysis/AstMap.h"
#include "tests/analysis/AstTestSupport.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::changedLines;
using testing::diffFile;
using testing::MemTree;
using Files = std::map<std::string, std::string>;
using Lines = std::vector<std::string>;

const std::string kFallback = "no compilation database: fallback flags";

struct MapRun {
  Patch patch;
  std::vector<FileEntities> files;
};

// One changed file between two trees that are otherwise `common` (+ per-side extras).
MapRun mapOne(const std::string &path, const std::optional<std::string> &before,
           const std::optional<std::string> &after, Files oldExtra = {}, Files newExtra = {},
           AstOptions options = {}) {
  MapRun run;
  Files oldFiles = oldExtra, newFiles = newExtra;
  if (before) oldFiles[path] = *before;
  if (after) newFiles[path] = *after;
  run.patch.files.push_back(diffFile(path, before, after));
  PatchImages images{std::make_shared<MemTree>(oldFiles), std::make_shared<MemTree>(newFiles), ""};
  run.files = mapEntities(run.patch, images, options);
  return run;
}

const char *kAdd = R"(#include <stddef.h>

static int helper(int x)
{
    return x + 1;
}

int add(int a, int b)
{
    return a + b;
}
)";

std::string replace(std::string s, const std::string &from, const std::string &to) {
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(AstMap, FunctionBodyChange) {
  auto run = mapOne("add.c", kAdd, replace(kAdd, "return a + b;", "return helper(a) + b;"));
  const FileEntities &fe = run.files[0];
  EXPECT_EQ(changedLines(fe), (Lines{"-10 function add (body)", "+10 function add (body)"}));
  EXPECT_TRUE(fe.parsedOld);
  EXPECT_TRUE(fe.parsedNew);
  EXPECT_EQ(fe.flagsSource, "fallback");
  EXPECT_EQ(fe.degradedReasons, Lines{kFallback});
  const Entity &add = fe.newEntities[fe.hunks[0].lines[1].entity];
  EXPECT_EQ(add, (Entity{EntityKind::Function, "add", "definition", 8, 11, false}));
}

TEST(AstMap, FunctionSignatureChange) {
  auto run = mapOne("add.c", kAdd, replace(kAdd, "int add(int a, int b)", "long add(long a, int b)"));
  EXPECT_EQ(changedLines(run.files[0]),
            (Lines{"-8 function add (signature)", "+8 function add (signature)"}));
}

TEST(AstMap, StructFieldAdded) {
  const char *before = "struct point {\n    int x;\n    int y;\n};\n\ntypedef struct point Point;\n";
  auto run = mapOne("point.h", before, replace(before, "    int y;\n", "    int y;\n    int z;\n"));
  const FileEntities &fe = run.files[0];
  EXPECT_EQ(changedLines(fe), (Lines{"+4 field z in struct point"}));
  const LineAttribution &la = fe.hunks[0].lines[0];
  ASSERT_EQ(la.enclosing.size(), 1u);
  EXPECT_EQ(fe.newEntities[la.enclosing[0]],
            (Entity{EntityKind::Record, "point", "struct", 1, 5, false}));
}

TEST(AstMap, MacroChanged) {
  const char *before = "#define LIMIT 10\n#define CLAMP(x) \\\n    ((x) > LIMIT ? LIMIT : (x))\n"
                       "int clamp(int v) { return CLAMP(v); }\n";
  std::string after = replace(replace(before, "LIMIT 10", "LIMIT 20"), "? LIMIT :", "? (LIMIT) :");
  auto run = mapOne("limit.c", before, after);
  EXPECT_EQ(changedLines(run.files[0]), (Lines{"-1 macro LIMIT", "+1 macro LIMIT", "-3 macro CLAMP",
                                               "+3 macro CLAMP"}));
}

TEST(AstMap, CommentOnlyChangeIsNotParsed) {
  const char *before = "/* Adds two numbers. */\nint add(int a, int b)\n{\n    /* plain sum */\n"
                       "    return a + b;\n}\n";
  std::string after = replace(replace(before, "Adds two", "Adds both"), "plain sum", "the sum");
  auto run = mapOne("add.c", before, after);
  const FileEntities &fe = run.files[0];
  EXPECT_FALSE(fe.parsedOld);
  EXPECT_FALSE(fe.parsedNew);
  EXPECT_FALSE(fe.degraded);
  EXPECT_EQ(changedLines(fe),
            (Lines{"-1 function add (comment)", "+1 function add (comment)",
                   "-4 comment in function add", "+4 comment in function add"}));
}

TEST(AstMap, ChangeInsideIfZero) {
  const char *before = "int used(void)\n{\n    return 0;\n}\n\n#if 0\nstatic int unused(void)\n{\n"
                       "    return 1;\n}\n#endif\n";
  auto run = mapOne("dead.c", before, replace(before, "return 1;", "return 2;"));
  const FileEntities &fe = run.files[0];
  EXPECT_TRUE(fe.parsedNew);
  EXPECT_EQ(changedLines(fe), (Lines{"-9 function unused (body, inactive)",
                                     "+9 function unused (body, inactive)"}));
  const LineAttribution &la = fe.hunks[0].lines[1];
  ASSERT_EQ(la.enclosing.size(), 1u);
  EXPECT_EQ(fe.newEntities[la.enclosing[0]],
            (Entity{EntityKind::Conditional, "#if 0", "#if 0", 6, 11, true}));
}

TEST(AstMap, IncludeAdded) {
  Files both{{"util.h", "int twice(int);\n"}};
  const char *before = "#include <stddef.h>\n\nint f(void) { return 1; }\n";
  auto run = mapOne("f.c", before, replace(before, "<stddef.h>\n", "<stddef.h>\n#include \"util.h\"\n"),
                    both, both);
  EXPECT_EQ(changedLines(run.files[0]), (Lines{"+2 #include \"util.h\""}));
  EXPECT_FALSE(run.files[0].parsedOld); // only lines were added: the pre-image is not needed
  EXPECT_TRUE(run.files[0].parsedNew);
}

TEST(AstMap, FileAddedAndFileDeleted) {
  MapRun run;
  const char *added = "#include \"gone.h\"\nenum mode { MODE_A, MODE_B };\n";
  const char *deleted = "int legacy;\n";
  run.patch.files.push_back(diffFile("new.c", std::nullopt, added));
  run.patch.files.push_back(diffFile("old.c", deleted, std::nullopt));
  run.patch.files.push_back(diffFile("README", "a\n", "b\n"));
  PatchImages images{std::make_shared<MemTree>(Files{{"old.c", deleted}, {"README", "a\n"}}),
                     std::make_shared<MemTree>(Files{{"new.c", added}, {"README", "b\n"}}), ""};
  AstOptions options;
  options.jobs = 2;
  run.files = mapEntities(run.patch, images, options);
  ASSERT_EQ(run.files.size(), 3u);
  EXPECT_EQ(changedLines(run.files[0]), (Lines{"+1 #include \"gone.h\"", "+2 enum mode"}));
  EXPECT_EQ(run.files[0].degradedReasons,
            (Lines{kFallback, "post-image: missing header: 'gone.h' file not found"}));
  EXPECT_EQ(changedLines(run.files[1]), (Lines{"-1 variable legacy"}));
  EXPECT_TRUE(run.files[1].parsedOld);
  EXPECT_FALSE(run.files[1].parsedNew);
  EXPECT_EQ(run.files[2].path, "README");
  EXPECT_TRUE(run.files[2].hunks[0].lines.empty());
}

TEST(AstMap, PreImageSeesItsOwnHeaders) {
  // The old header declares struct old_api and version 1; the new one the other way.
  Files oldTree{{"api.h", "#define API_VERSION 1\nstruct old_api { int x; };\n"}};
  Files newTree{{"api.h", "#define API_VERSION 2\nstruct new_api { int x; };\n"}};
  const char *before = "#include \"api.h\"\n\nint get(struct old_api *p)\n{\n    return p->x;\n}\n\n"
                       "#if API_VERSION >= 2\nint version(void)\n{\n    return 2;\n}\n#else\n"
                       "int version(void)\n{\n    return 1;\n}\n#endif\n";
  std::string after = replace(replace(before, "struct old_api", "struct new_api"), "return 1;",
                              "return 10;");
  auto run = mapOne("get.c", before, after, oldTree, newTree);
  const FileEntities &fe = run.files[0];
  // No "incomplete type" errors: each image saw the header of its own tree.
  EXPECT_EQ(fe.degradedReasons, Lines{kFallback});
  EXPECT_EQ(changedLines(fe),
            (Lines{"-3 function get (signature)", "+3 function get (signature)",
                   "-16 function version (body)", "+16 function version (body, inactive)"}));
}

TEST(AstMap, MissingHeaderIsDegradedButEntitiesAreFound) {
  const char *before = "#include \"hw/nowhere.h\"\n\nint area(int w, int h)\n{\n    return w * h;\n}\n";
  auto run = mapOne("area.c", before, replace(before, "w * h", "h * w"));
  const FileEntities &fe = run.files[0];
  EXPECT_TRUE(fe.degraded);
  // Both images miss it: said once.
  EXPECT_EQ(fe.degradedReasons,
            (Lines{kFallback, "missing header: 'hw/nowhere.h' file not found"}));
  EXPECT_EQ(changedLines(fe), (Lines{"-5 function area (body)", "+5 function area (body)"}));
}

TEST(AstMap, HeaderErrorInThePreambleIsReportedOnce) {
  // The pre-image reuses the post-image's preamble: the header's error is one diagnostic.
  Files both{{"broken.h", "struct half {\n    int a b;\n};\n"}};
  const char *before = "#include \"broken.h\"\n\nint size(void)\n{\n    return 1;\n}\n";
  auto run = mapOne("size.c", before, replace(before, "return 1;", "return 2;"), both, both);
  const FileEntities &fe = run.files[0];
  EXPECT_EQ(fe.degradedReasons,
            (Lines{kFallback, "1 parse error, first: /provcheck-tree/broken.h:2: expected ';' at "
                              "end of declaration list"}));
  EXPECT_EQ(changedLines(fe), (Lines{"-5 function size (body)", "+5 function size (body)"}));
}

TEST(AstMap, MissingHeadersAreListedInTheOrderOfTheFileWithAPreamble) {
  // The include block (the preamble both images share) misses one header, the code
  // after it another: listed as the file names them, as a parse without a preamble does.
  const char *before = "#include \"first/missing.h\"\n\nint size(void)\n{\n    return 1;\n}\n"
                       "#include \"second/missing.h\"\n";
  auto run = mapOne("size.c", before, replace(before, "return 1;", "return 2;"));
  EXPECT_EQ(run.files[0].degradedReasons,
            (Lines{kFallback, "missing header: 'first/missing.h' file not found",
                   "missing header: 'second/missing.h' file not found"}));
}

TEST(AstMap, ParseErrorOfOneImageNamesIt) {
  const char *before = "int size(void)\n{\n    return 1;\n}\n";
  auto run = mapOne("size.c", before, replace(before, "size(void)", "size(int x y)"));
  EXPECT_EQ(run.files[0].degradedReasons,
            (Lines{kFallback, "post-image: 1 parse error, first: /provcheck-tree/size.c:1: expected "
                              "')'"}));
}

// An unknown name is an error, not a guess: no "did you mean" (a correction Clang would
// go on with, found by comparing the name with every identifier it knows).
TEST(AstMap, UnknownTypeNameIsNotCorrected) {
  const char *before = "typedef int widget_t;\n\nint size(void)\n{\n    return 1;\n}\n";
  auto run = mapOne("size.c", before, replace(before, "int size(void)", "widgt_t size(void)"));
  EXPECT_EQ(run.files[0].degradedReasons,
            (Lines{kFallback, "post-image: 1 parse error, first: /provcheck-tree/size.c:3: unknown "
                              "type name 'widgt_t'"}));
  EXPECT_EQ(changedLines(run.files[0]),
            (Lines{"-3 function size (signature)", "+3 function size (signature)"}));
}

TEST(AstMap, BlankLinesChangeNoEntity) {
  const char *before = "int one(void)\n{\n    return 1;\n}\n\nint two(void)\n{\n    return 2;\n}\n";
  std::string after = replace(replace(before, "}\n\nint two", "}\n\n  \n\nint two"),
                              "    return 2;\n", "\n    return 2;\n");
  auto run = mapOne("num.c", before, after);
  const FileEntities &fe = run.files[0];
  ASSERT_EQ(fe.hunks.size(), 1u);
  EXPECT_EQ(changedLines(fe), Lines{});
  // With a code change beside them, only the code line counts.
  auto mixed = mapOne("num.c", before, replace(after, "return 2;", "return 3;"));
  EXPECT_EQ(changedLines(mixed.files[0]),
            (Lines{"-8 function two (body)", "+11 function two (body)"}));
}

const char *kGuarded = "#ifndef UTIL_H\n#define UTIL_H\n\nint twice(int x);\n\n#endif\n";

TEST(AstMap, IncludeGuardHoldsOnlyItsOwnLines) {
  std::string after = replace(kGuarded, "int twice(int x);\n",
                              "#define UTIL_MAX 64\n\nint twice(int x);\nint thrice(int x);\n");
  auto run = mapOne("util.h", kGuarded, after);
  const FileEntities &fe = run.files[0];
  EXPECT_EQ(changedLines(fe), (Lines{"+4 macro UTIL_MAX", "+7 function thrice (signature)"}));
  // Nothing inside the guard lists it around the line either.
  for (const LineAttribution &la : fe.hunks[0].lines) EXPECT_TRUE(la.enclosing.empty());
}

TEST(AstMap, IncludeGuardRenamedIsTheGuardChange) {
  std::string after = replace(replace(kGuarded, "#ifndef UTIL_H", "#ifndef QEMU_UTIL_H"),
                              "#define UTIL_H", "#define QEMU_UTIL_H");
  auto run = mapOne("util.h", kGuarded, after + "/* end */\n");
  EXPECT_EQ(changedLines(run.files[0]),
            (Lines{"-1 #ifndef UTIL_H", "-2 macro UTIL_H", "+1 #ifndef QEMU_UTIL_H",
                   "+2 macro QEMU_UTIL_H", "+7 comment"}));
}

TEST(AstMap, NotAGuardWhenCodeFollowsTheEndif) {
  std::string before = std::string(kGuarded) + "int after;\n";
  auto run = mapOne("util.h", before, replace(before, "int twice(int x);", "int twice(long x);"));
  const FileEntities &fe = run.files[0];
  EXPECT_EQ(changedLines(fe),
            (Lines{"-4 function twice (signature)", "+4 function twice (signature)"}));
  // An ordinary conditional: the line is inside it.
  const LineAttribution &la = fe.hunks[0].lines[1];
  ASSERT_EQ(la.enclosing.size(), 1u);
  EXPECT_EQ(fe.newEntities[la.enclosing[0]],
            (Entity{EntityKind::Conditional, "#ifndef UTIL_H", "#ifndef UTIL_H", 1, 6, false}));
}

// Without a compilation database CONFIG_* is unknown, not false: lines under it are still
// attributed, but not claimed inactive; the reasons say the branch was not evaluated.
TEST(AstMap, FallbackDoesNotClaimConfigBranchesInactive) {
  const char *before = "#include <stddef.h>\n\nstatic void trim(void)\n{\n"
                       "#if defined(CONFIG_MALLOC_TRIM)\n    malloc_trim(0);\n#endif\n}\n\n"
                       "#if defined(CONFIG_MALLOC_TRIM)\nstatic int trim_enabled(void)\n{\n"
                       "    return 1;\n}\n#endif\n\n#ifdef __NOT_A_COMPILER_MACRO\n"
                       "static int never(void)\n{\n    return 0;\n}\n#endif\n";
  std::string after = replace(replace(replace(before, "malloc_trim(0)", "malloc_trim(4096)"),
                                      "return 1;", "return 2;"),
                              "return 0;", "return -1;");
  auto run = mapOne("trim.c", before, after);
  const FileEntities &fe = run.files[0];
  EXPECT_EQ(changedLines(fe),
            (Lines{"-6 #if defined(CONFIG_MALLOC_TRIM) in function trim",
                   "+6 #if defined(CONFIG_MALLOC_TRIM) in function trim",
                   "-13 function trim_enabled (body)", "+13 function trim_enabled (body)",
                   "-20 function never (body, inactive)", "+20 function never (body, inactive)"}));
  EXPECT_EQ(fe.degradedReasons,
            (Lines{kFallback,
                   "not evaluated without a compilation database: #if defined(CONFIG_MALLOC_TRIM)"}));
}

TEST(AstMap, FunctionAfterAnnotationMacroWithPrelude) {
  const char *before = "static void coroutine_fn G_GNUC_PRINTF(1, 2) co_log(const char *fmt, ...)\n{\n"
                       "    (void)fmt;\n}\n\nint QEMU_WARN_UNUSED_RESULT co_ready(void)\n{\n"
                       "    return 0;\n}\n";
  std::string after = replace(replace(before, "(void)fmt;", "(void)*fmt;"), "return 0;", "return 1;");
  auto run = mapOne("co.c", before, after);
  EXPECT_EQ(changedLines(run.files[0]),
            (Lines{"-3 function co_log (body)", "+3 function co_log (body)",
                   "-8 function co_ready (body)", "+8 function co_ready (body)"}));
  // Without the prelude the annotated definitions do not parse as functions.
  AstOptions bare;
  bare.annotationMacros.clear();
  auto without = mapOne("co.c", before, after, {}, {}, bare);
  EXPECT_NE(changedLines(without.files[0]), changedLines(run.files[0]));
}

TEST(AstMap, CxxNamespaceAndClassMethod) {
  const char *before = "namespace store {\nclass Cache {\npublic:\n  int size() const\n  {\n"
                       "    return n_;\n  }\n  void add(int v);\n\nprivate:\n  int n_ = 0;\n};\n\n"
                       "void Cache::add(int v)\n{\n  n_ += v;\n}\n} // namespace store\n";
  std::string after = replace(replace(before, "return n_;", "return n_ + 0;"), "n_ += v;", "n_ -= v;");
  auto run = mapOne("cache.cpp", before, after);
  const FileEntities &fe = run.files[0];
  EXPECT_EQ(changedLines(fe),
            (Lines{"-6 function store::Cache::size (body)", "+6 function store::Cache::size (body)",
                   "-16 function store::Cache::add (body)", "+16 function store::Cache::add (body)"}));
  const LineAttribution &la = fe.hunks[0].lines[1];
  ASSERT_EQ(la.enclosing.size(), 2u);
  EXPECT_EQ(fe.newEntities[la.enclosing[0]],
            (Entity{EntityKind::Record, "store::Cache", "class", 2, 12, false}));
  EXPECT_EQ(fe.newEntities[la.enclosing[1]],
            (Entity{EntityKind::Namespace, "store", "", 1, 18, false}));
}

TEST(AstMap, DescribeNamesKindAndPart) {
  Entity f{EntityKind::Function, "foo", "definition", 1, 3, false};
  EXPECT_EQ(describe(f, EntityPart::Body), "function foo (body)");
  Entity c{EntityKind::Conditional, "#ifdef CONFIG_KVM", "#else", 4, 9, true};
  EXPECT_EQ(describe(c, EntityPart::Whole), "#else of #ifdef CONFIG_KVM (inactive)");
  Entity i{EntityKind::Include, "<stdio.h>", "#include", 1, 1, false};
  EXPECT_EQ(describe(i, EntityPart::Whole), "#include <stdio.h>");
}

TEST(AstMap, PreludeDefinesAnnotationsEmpty) {
  EXPECT_EQ(annotationPrelude({"coroutine_fn", "G_GNUC_PRINTF(...)", "TSA_*"}),
            "/* annotation macros defined empty: no compilation database */\n"
            "#ifndef coroutine_fn\n#define coroutine_fn\n#endif\n"
            "#ifndef G_GNUC_PRINTF\n#define G_GNUC_PRINTF(...)\n#endif\n");
}

} // namespace
} // namespace provcheck
