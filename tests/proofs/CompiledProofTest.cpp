// The compiled-code proof, through the AST map and classification, on synthetic C files
// with a compile_commands.json: equal compiled code proves what no token rule can
// (x = x + 1 -> x += 1), a difference withdraws a token claim, proven renames are
// applied, and a file without a database entry is skipped with the reason.
#include "analysis/AstMap.h"
#include "analysis/CompiledCompare.h"
#include "analysis/PatchProofs.h"
#include "classify/Classifier.h"
#include "tests/analysis/AstTestSupport.h"
#include "tests/classify/ClassifyTestSupport.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <fstream>

namespace provcheck {
namespace {

using testing::filler;
using testing::makePatch;
using testing::MemTree;
using testing::modify;
using Files = std::map<std::string, std::string>;

const char *kHeader = "#ifndef DEV_H\n#define DEV_H\ntypedef struct Dev {\n    int count;\n"
                      "    int flags;\n} Dev;\nvoid dev_log(int line, const char *what);\n"
                      "#define DEV_LOG(what) dev_log(__LINE__, what)\n#endif\n";

struct Mapped {
  Patch patch;
  std::vector<FileEntities> entities;
  PatchClass pc;
};

// `before` and `after` of hw/misc/dev.c (which includes hw/misc/dev.h), with a database
// that lists it (unless `listed` is false), mapped and classified with the outside proofs.
Mapped classifyDev(const std::string &before, const std::string &after, bool listed = true) {
  static testing::TempDir root; // the database is read once per test program
  static bool written = false;
  if (!written) {
    std::ofstream(root.path() / "compile_commands.json")
        << "[{\"directory\": \"" << root.str() << "\", \"file\": \"hw/misc/dev.c\", "
        << "\"arguments\": [\"cc\", \"-std=gnu11\", \"-O2\", \"-g\", \"-Iinclude\", \"-c\", "
           "\"hw/misc/dev.c\", \"-o\", \"dev.o\"]}]\n";
    written = true;
  }
  std::string path = listed ? "hw/misc/dev.c" : "hw/other/dev.c";
  Mapped r;
  r.patch = makePatch({modify(path, before, after)}, "hw/misc: tidy\n");
  PatchImages images{std::make_shared<MemTree>(Files{{path, before}, {"hw/misc/dev.h", kHeader}}),
                     std::make_shared<MemTree>(Files{{path, after}, {"hw/misc/dev.h", kHeader}}), ""};
  AstOptions options;
  options.repoRoot = root.str();
  r.entities = mapEntities(r.patch, images, options);
  PatchProofs proofs(images, &r.entities);
  static const testing::SymbolIndex index; // the tree declares no other name
  r.pc = classify(ClassifyInput{r.patch, &r.entities, &index, &proofs, &images}, testing::detectorRules());
  testing::expectAccounting(r.patch, r.pc);
  return r;
}

std::string dev(const std::string &body) {
  return "#include \"dev.h\"\n\n" + filler(2) + body;
}

std::string reasons(const HunkClass &h) {
  std::string s;
  for (const Reason &r : h.reasons) s += "{" + r.rule + ": " + r.detail + "} ";
  return s;
}

TEST(CompiledProof, CompoundAssignmentIsSameCode) {
  Mapped r = classifyDev(dev("int counter;\n\nvoid bump(void)\n{\n    counter = counter + 1;\n}\n"),
              dev("int counter;\n\nvoid bump(void)\n{\n    counter += 1;\n}\n"));
  ASSERT_TRUE(r.entities[0].compiled);
  const CompiledFile &cf = *r.entities[0].compiled;
  EXPECT_EQ(cf.skipped, "");
  EXPECT_TRUE(cf.oldImage.compiled) << cf.oldImage.problem;
  EXPECT_TRUE(cf.newImage.compiled) << cf.newImage.problem;
  EXPECT_GT(cf.compileSeconds, 0);
  const HunkClass &h = r.pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical) << reasons(h);
  ASSERT_FALSE(h.reasons.empty());
  EXPECT_EQ(h.reasons[0], (Reason{"same-compiled-code", "function bump"}));
  EXPECT_EQ(r.pc.label(), "mechanical");
}

TEST(CompiledProof, ThroughAPointerAndALineThatMoves) {
  // s->count loaded through s once or twice; a line break changes __LINE__ below it.
  Mapped r = classifyDev(dev("void tick(Dev *s)\n{\n    s->count = s->count + 2;\n    DEV_LOG(\"tick\");\n}\n"),
              dev("void tick(Dev *s)\n{\n    s->count +=\n        2;\n    DEV_LOG(\"tick\");\n}\n"));
  const HunkClass &h = r.pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical) << reasons(h);
  EXPECT_EQ(h.reasons[0], (Reason{"same-compiled-code", "function tick"}));
}

TEST(CompiledProof, ChangedConstantDiffers) {
  Mapped r = classifyDev(dev("int counter;\n\nvoid bump(void)\n{\n    counter = counter + 1;\n}\n"),
              dev("int counter;\n\nvoid bump(void)\n{\n    counter += 2;\n}\n"));
  const HunkClass &h = r.pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Code);
  EXPECT_EQ(h.reasons[0], (Reason{"compiled-code-differs", "function bump compiles differently"}));
}

TEST(CompiledProof, SwappedCallsAreCode) {
  // Two calls with side effects swapped: whatever the tokens say, the code differs.
  std::string before = dev("void dev_reset_all_state(Dev *s)\n{\n    dev_log(1, \"first the registers\");\n"
                           "    dev_log(2, \"and then the interrupt\");\n}\n");
  std::string after = dev("void dev_reset_all_state(Dev *s)\n{\n    dev_log(2, \"and then the interrupt\");\n"
                          "    dev_log(1, \"first the registers\");\n}\n");
  Mapped r = classifyDev(before, after);
  for (const HunkClass &h : r.pc.files[0].hunks) EXPECT_EQ(h.category, Category::Code) << reasons(h);
  EXPECT_EQ(r.pc.label(), "code");
}

TEST(CompiledProof, TokenClaimWhoseCodeDiffersIsWithdrawn) {
  // The provider alone, told that tokens claimed the hunk: the claim cannot stand.
  Mapped r = classifyDev(dev("void swap(Dev *s)\n{\n    s->count = 1;\n    s->flags = 2;\n}\n"),
              dev("void swap(Dev *s)\n{\n    s->flags = 2;\n    s->count = 1;\n}\n"));
  ProofRequest request{r.patch, {{"moved"}}, {}};
  std::vector<HunkProof> proofs = compareCompiled(request, r.entities, {});
  ASSERT_EQ(proofs.size(), 1u);
  EXPECT_EQ(proofs[0].outcome, ProofOutcome::Differs);
  EXPECT_EQ(proofs[0].reason, (Reason{"compiled-code-differs", "function swap compiles differently"}));
  // Another hunk no token rule proved touching the function explains the difference.
  ProofRequest unclaimed{r.patch, {{""}}, {}};
  ASSERT_EQ(compareCompiled(unclaimed, r.entities, {}).size(), 1u);
  EXPECT_EQ(compareCompiled(unclaimed, r.entities, {})[0].outcome, ProofOutcome::Differs);
}

TEST(CompiledProof, ReindentedFunctionStaysMechanical) {
  Mapped r = classifyDev(dev("int clamp(int v, int hi)\n{\n  if (v > hi) { return hi; }\n  return v;\n}\n"),
              dev("int clamp(int v, int hi)\n{\n    if (v > hi) {\n        return hi;\n    }\n    return v;\n}\n"));
  const HunkClass &h = r.pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical) << reasons(h);
  EXPECT_EQ(h.reasons[0].rule, "formatting-only");
}

TEST(CompiledProof, ProvenRenameIsAppliedToTheCompiledCode) {
  std::string before = dev("static int dev_old_count(Dev *s)\n{\n    DEV_LOG(__func__);\n    return s->count;\n}\n" +
                           filler(3, "mid") +
                           "int dev_total(Dev *s)\n{\n    return dev_old_count(s) + s->flags;\n}\n");
  std::string after = dev("static int dev_new_count(Dev *s)\n{\n    DEV_LOG(__func__);\n    return s->count;\n}\n" +
                          filler(3, "mid") +
                          "int dev_total(Dev *s)\n{\n    return dev_new_count(s) + s->flags;\n}\n");
  Mapped r = classifyDev(before, after);
  ASSERT_EQ(r.pc.files[0].hunks.size(), 2u);
  const char *fn[] = {"function dev_new_count", "function dev_total"};
  for (size_t i = 0; i < 2; ++i) {
    const HunkClass &h = r.pc.files[0].hunks[i];
    EXPECT_EQ(h.category, Category::Mechanical) << reasons(h);
    ASSERT_EQ(h.reasons.size(), 2u) << reasons(h);
    EXPECT_EQ(h.reasons[0].rule, "rename") << reasons(h);
    // The compiled code confirms the tokens' claim, and the output names both proofs.
    EXPECT_EQ(h.reasons[1], (Reason{"same-compiled-code", fn[i]})) << reasons(h);
  }
  // Without the rename the caller differs (it calls another name) and the renamed
  // function has no counterpart: no conclusion on it.
  ProofRequest bare{r.patch, {{"rename", "rename"}}, {}};
  std::vector<HunkProof> withoutRename = compareCompiled(bare, r.entities, {});
  ASSERT_EQ(withoutRename.size(), 1u);
  EXPECT_EQ(withoutRename[0].hunk, 1u);
  EXPECT_EQ(withoutRename[0].outcome, ProofOutcome::Differs);
  ProofRequest renamed{r.patch, {{"rename", "rename"}}, {{"dev_old_count", "dev_new_count"}}};
  std::vector<HunkProof> withRename = compareCompiled(renamed, r.entities, {});
  ASSERT_EQ(withRename.size(), 2u);
  for (const HunkProof &p : withRename) EXPECT_EQ(p.outcome, ProofOutcome::Proven);
}

TEST(CompiledProof, WithoutDatabaseEntryItIsSkippedWithTheReason) {
  Mapped r = classifyDev(dev("int counter;\n\nvoid bump(void)\n{\n    counter = counter + 1;\n}\n"),
              dev("int counter;\n\nvoid bump(void)\n{\n    counter += 1;\n}\n"), false);
  ASSERT_TRUE(r.entities[0].compiled);
  EXPECT_EQ(r.entities[0].compiled->skipped,
            "no compilation database entry of its own (flags: inferred from hw/misc/dev.c)");
  EXPECT_EQ(r.pc.files[0].hunks[0].category, Category::Code);
}

TEST(CompiledProof, ChangeInABranchTheBuildLeavesOutProvesNothing) {
  Mapped r = classifyDev(dev("int counter;\n\nvoid bump(void)\n{\n#ifdef CONFIG_NEVER\n    counter = counter + 1;\n#endif\n}\n"),
              dev("int counter;\n\nvoid bump(void)\n{\n#ifdef CONFIG_NEVER\n    counter = counter + 7;\n#endif\n}\n"));
  const CompiledFile &cf = *r.entities[0].compiled;
  ASSERT_EQ(cf.hunks.size(), 1u);
  EXPECT_EQ(cf.hunks[0].outside, "line 18 of the pre-image is in code the preprocessor leaves out");
  EXPECT_EQ(r.pc.files[0].hunks[0].category, Category::Code);
}

} // namespace
} // namespace provcheck
