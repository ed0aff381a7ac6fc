// The AST map on C sources written to hurt it: sizes and shapes that made it quadratic,
// crash or run out of memory. Each test is the input that did, at its size; they assert
// what the map says about it, not how fast it says it (see tests/bench/ast_bench.cpp).
#include "analysis/AstMap.h"
#include "tests/analysis/AstTestSupport.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <fstream>

namespace provcheck {
namespace {

using testing::changedLines;
using testing::diffFile;
using testing::MemTree;
using testing::TempDir;
using Files = std::map<std::string, std::string>;
using Lines = std::vector<std::string>;

// A patch adding one file.
std::vector<FileEntities> mapAdded(const std::string &path, const std::string &text,
                                   AstOptions options = {}) {
  Patch patch;
  patch.files.push_back(diffFile(path, std::nullopt, text));
  PatchImages images{std::make_shared<MemTree>(Files{}),
                     std::make_shared<MemTree>(Files{{path, text}}), ""};
  return mapEntities(patch, images, options);
}

std::string repeat(const std::string &s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Every line sits inside every #if opened before it: the innermost conditional is what
// the line is about, and only the nearest few around it are listed.
TEST(AstHostile, HundredThousandNestedConditionals) {
  constexpr int kDepth = 100000;
  auto out = mapAdded("ifs.c", repeat("#if 1\n", kDepth) + "int z;\n" + repeat("#endif\n", kDepth));
  const FileEntities &fe = out[0];
  ASSERT_EQ(fe.hunks.size(), 1u);
  const std::vector<LineAttribution> &lines = fe.hunks[0].lines;
  ASSERT_EQ(lines.size(), 2u * kDepth + 1);
  EXPECT_TRUE(fe.parsedNew);
  // The declaration in the middle: the variable, in the innermost conditionals.
  const LineAttribution &z = lines[kDepth];
  EXPECT_EQ(describe(fe, z), "variable z");
  ASSERT_EQ(z.enclosing.size(), kMaxEnclosing);
  for (size_t i = 0; i < kMaxEnclosing; ++i)
    EXPECT_EQ(fe.newEntities[z.enclosing[i]].beginLine, kDepth - static_cast<int>(i));
  // The k-th #if (from the outside) and its #endif: its own branch.
  for (int k : {1, 2, kDepth / 2, kDepth}) {
    const Entity &open = fe.newEntities[lines[k - 1].entity];
    EXPECT_EQ(open, (Entity{EntityKind::Conditional, "#if 1", "#if 1", k, 2 * kDepth + 2 - k,
                            false}));
    EXPECT_EQ(lines[2 * kDepth + 1 - k].entity, lines[k - 1].entity);
    EXPECT_EQ(lines[k - 1].enclosing.size(), std::min<size_t>(k - 1, kMaxEnclosing));
  }
}

// Each added line is one function: each is found, and the sweep stays linear.
TEST(AstHostile, TwoHundredThousandOneLineFunctions) {
  constexpr int kCount = 200000;
  std::string text;
  for (int i = 0; i < kCount; ++i)
    text += "int f" + std::to_string(i) + "(void) { return " + std::to_string(i) + "; }\n";
  auto out = mapAdded("funcs.c", text);
  const FileEntities &fe = out[0];
  EXPECT_TRUE(fe.parsedNew);
  Lines expected;
  for (int i = 0; i < kCount; ++i)
    expected.push_back("+" + std::to_string(i + 1) + " function f" + std::to_string(i) +
                       " (signature)");
  EXPECT_EQ(changedLines(fe), expected);
  EXPECT_EQ(fe.newEntities.size(), static_cast<size_t>(kCount));
}

// Thousands of comments, each above a declaration that takes it: the attachment is a
// lookup, not a scan of every entity per comment.
TEST(AstHostile, FiftyThousandCommentedDeclarations) {
  constexpr int kCount = 50000;
  std::string text;
  for (int i = 0; i < kCount; ++i)
    text += "/* counter " + std::to_string(i) + " */\nint c" + std::to_string(i) + ";\n";
  auto out = mapAdded("counters.c", text);
  const FileEntities &fe = out[0];
  const std::vector<LineAttribution> &lines = fe.hunks[0].lines;
  ASSERT_EQ(lines.size(), 2u * kCount);
  for (int i : {0, 1, kCount / 2, kCount - 1}) {
    EXPECT_EQ(describe(fe, lines[2 * i]), "variable c" + std::to_string(i) + " (comment)");
    EXPECT_EQ(describe(fe, lines[2 * i + 1]), "variable c" + std::to_string(i));
  }
}

// An image over the size limit is neither lexed nor parsed: the file says why.
TEST(AstHostile, OversizedImageIsSkippedWithItsReason) {
  AstOptions options;
  options.maxImageBytes = 1 << 20;
  std::string text = "int t[] = {" + repeat("1,", (1 << 20) / 2) + "1};\n";
  auto out = mapAdded("init.c", text, options);
  const FileEntities &fe = out[0];
  EXPECT_FALSE(fe.parsedNew);
  EXPECT_TRUE(fe.newEntities.empty());
  EXPECT_EQ(fe.degradedReasons,
            Lines{"post-image of init.c is 1.0 MiB, over the 1 MiB limit of the AST map: "
                  "neither lexed nor parsed"});
  ASSERT_EQ(fe.hunks[0].lines.size(), 1u);
  EXPECT_EQ(describe(fe, fe.hunks[0].lines[0]), "top level");
}

// Ten thousand headers that do not exist: ten are named, the rest counted.
TEST(AstHostile, ThousandsOfMissingHeadersAreCounted) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "#include \"missing" + std::to_string(i) + ".h\"\n";
  auto out = mapAdded("missing.c", text + "int x;\n");
  const FileEntities &fe = out[0];
  ASSERT_EQ(fe.degradedReasons.size(), 12u) << ::testing::PrintToString(fe.degradedReasons);
  EXPECT_EQ(fe.degradedReasons[1], "post-image: missing header: 'missing0.h' file not found");
  EXPECT_EQ(fe.degradedReasons[11], "post-image: 9990 more missing headers");
}

// `1+1+...+1`: Sema's checks recurse once per operator. Clang's own 8 MiB stack overflows
// on 2 MB of it; the parse's thread has a larger one.
std::string sum(size_t terms) { return "int x = " + repeat("1+", terms) + "1;\n"; }

TEST(AstHostile, DeepExpressionParsesOnTheParseStack) {
  auto out = mapAdded("plus.c", sum(200000));
  const FileEntities &fe = out[0];
  EXPECT_TRUE(fe.parsedNew);
  EXPECT_EQ(changedLines(fe), Lines{"+1 variable x"});
}

// Past the stack, the parse crashes: its file is degraded with the reason, and the next
// file of the patch is parsed by a fresh worker.
TEST(AstHostile, StackOverflowCostsOneImage) {
  AstOptions options;
  options.limits.stackBytes = size_t{4} << 20;
  Patch patch;
  std::string plus = sum(1 << 20); // 2 MB
  const char *fine = "int ok(void)\n{\n    return 1;\n}\n";
  patch.files.push_back(diffFile("plus.c", std::nullopt, plus));
  patch.files.push_back(diffFile("fine.c", std::nullopt, fine));
  PatchImages images{std::make_shared<MemTree>(Files{}),
                     std::make_shared<MemTree>(Files{{"plus.c", plus}, {"fine.c", fine}}), ""};
  auto out = mapEntities(patch, images, options);
  EXPECT_FALSE(out[0].parsedNew);
  EXPECT_EQ(out[0].degradedReasons,
            (Lines{"no compilation database: fallback flags",
                   "post-image: the parse crashed (signal 11: Segmentation fault)"}));
  EXPECT_EQ(changedLines(out[0]), Lines{"+1 top level"});
  EXPECT_TRUE(out[1].parsedNew);
  EXPECT_EQ(changedLines(out[1]), (Lines{"+1 function ok (signature)", "+2 function ok (body)",
                                         "+3 function ok (body)", "+4 function ok (body)"}));
}

// Each expansion doubles the tokens of the one inside it: 2^40 tokens. The parse runs
// out of its memory; the macros are still known from the lexer.
TEST(AstHostile, ExponentialMacrosRunOutOfMemory) {
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PROVCHECK_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(PROVCHECK_UNDER_ASAN)
  GTEST_SKIP() << "under AddressSanitizer the worker's address-space limit is hit by the "
                  "sanitizer's own allocator, which ends the process instead of the parse";
#endif
  AstOptions options;
  options.limits.memoryBytes = size_t{256} << 20;
  auto out = mapAdded("macros.c",
                      "#define A(x) x x\n#define B(x) A(A(A(A(A(A(A(A(A(A(x))))))))))\n"
                      "int y = B(B(B(B(1))));\n",
                      options);
  const FileEntities &fe = out[0];
  EXPECT_FALSE(fe.parsedNew);
  EXPECT_EQ(fe.degradedReasons,
            (Lines{"no compilation database: fallback flags",
                   "post-image: the parse ran out of memory (the AST map's limit is 256 MiB a "
                   "parse)"}));
  EXPECT_EQ(changedLines(fe), (Lines{"+1 macro A", "+2 macro B", "+3 top level"}));
}

// 2^40 empty statements in a body: no memory, endless time.
std::string endless() {
  std::string text = "#define A0 ;\n";
  for (int i = 1; i <= 40; ++i)
    text += "#define A" + std::to_string(i) + " A" + std::to_string(i - 1) + " A" +
            std::to_string(i - 1) + "\n";
  return text + "void f(void) { A40 }\n";
}

// The parse skips the body, and still expands its macros: the kernel stops the worker at
// the CPU limit.
TEST(AstHostile, EndlessParseStopsAtTheCpuLimit) {
  AstOptions options;
  options.limits.cpuSeconds = 2;
  std::string text = endless();
  auto out = mapAdded("loop.c", text, options);
  const FileEntities &fe = out[0];
  EXPECT_FALSE(fe.parsedNew);
  EXPECT_EQ(fe.degradedReasons,
            (Lines{"no compilation database: fallback flags",
                   "post-image: the parse was stopped after 2 s of CPU time (the AST map's "
                   "limit)"}));
  EXPECT_EQ(changedLines(fe).back(), "+42 function f (signature)"); // from the lexer
}

// The compiled-code proof compiles in provcheck itself, bodies included: it waits for the
// bounded parse of both images, and does not compile a file whose parse did not finish.
TEST(AstHostile, CompiledCodeIsNotTriedWhenTheParseDidNotFinish) {
  TempDir root;
  std::ofstream(root.path() / "compile_commands.json")
      << "[{\"directory\": \"" << root.str() << "\", \"file\": \"loop.c\", \"arguments\": "
      << "[\"cc\", \"-c\", \"loop.c\"]}]\n";
  AstOptions options;
  options.repoRoot = root.str();
  options.limits.cpuSeconds = 2;
  std::string before = "void f(void) { }\n", after = endless();
  Patch patch;
  patch.files.push_back(diffFile("loop.c", before, after));
  PatchImages images{std::make_shared<MemTree>(Files{{"loop.c", before}}),
                     std::make_shared<MemTree>(Files{{"loop.c", after}}), ""};
  auto out = mapEntities(patch, images, options);
  const FileEntities &fe = out[0];
  EXPECT_TRUE(fe.parsedOld);
  EXPECT_FALSE(fe.parsedNew);
  ASSERT_TRUE(fe.compiled);
  EXPECT_EQ(fe.compiled->skipped, "its parse did not finish (the parse was stopped after 2 s of "
                                  "CPU time (the AST map's limit))");
  EXPECT_FALSE(fe.compiled->oldImage.compiled);
  EXPECT_FALSE(fe.compiled->newImage.compiled);
}

} // namespace
} // namespace provcheck
