// The outside proofs' place in classification (classify/Proofs.h), with a provider that
// answers what each test needs: a proof claims an unclaimed hunk, a compiled-code
// difference withdraws a token claim, a replayed tool stands against it, and what the
// token detectors proved reaches the provider.
#include "classify/Classifier.h"
#include "tests/classify/ClassifyTestSupport.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::classifyChecked;
using testing::filler;
using testing::makePatch;
using testing::modify;

class ScriptedProofs : public ProofProvider {
public:
  ProofResult answer;
  mutable std::vector<std::vector<std::string>> seenClaims;
  mutable std::vector<std::pair<std::string, std::string>> seenRenames;
  mutable int calls = 0;

  ProofResult prove(const ProofRequest &request) const override {
    ++calls;
    seenClaims = request.tokenClaims;
    seenRenames = request.renames;
    return answer;
  }
};

PatchClass classifyWith(const Patch &p, const ProofProvider &proofs) {
  PatchClass pc = classify(ClassifyInput{p, nullptr, nullptr, &proofs}, testing::detectorRules());
  testing::expectAccounting(p, pc);
  return pc;
}

// One function whose statement changes: no token rule proves it.
Patch compoundAssignment() {
  std::string before = filler(2) + "void bump(int *count)\n{\n    *count = *count + 2;\n}\n";
  std::string after = filler(2) + "void bump(int *count)\n{\n    *count += 2;\n}\n";
  return makePatch({modify("hw/misc/bump.c", before, after)}, "hw/misc: use +=\n");
}

// A re-indented function: formatting-only by tokens.
Patch reindented() {
  std::string before = filler(2) + "int twice(int v)\n{\n  return v * 2;\n}\n";
  std::string after = filler(2) + "int twice(int v)\n{\n    return v * 2;\n}\n";
  return makePatch({modify("hw/misc/twice.c", before, after)}, "hw/misc: indent\n");
}

TEST(ProofHook, WithoutProviderTokensDecide) {
  PatchClass pc = classifyChecked(compoundAssignment());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(pc.toolClaims.empty());
}

TEST(ProofHook, ProofClaimsUnclaimedHunk) {
  Patch p = compoundAssignment();
  ScriptedProofs proofs;
  proofs.answer.hunks.push_back(
      {0, 0, ProofOutcome::Proven, {"same-compiled-code", "functions bump"}});
  PatchClass pc = classifyWith(p, proofs);
  EXPECT_EQ(proofs.calls, 1);
  ASSERT_EQ(proofs.seenClaims.size(), 1u);
  EXPECT_EQ(proofs.seenClaims[0], std::vector<std::string>{""}); // no token claim
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical);
  ASSERT_EQ(h.reasons.size(), 1u);
  EXPECT_EQ(h.reasons[0], (Reason{"same-compiled-code", "functions bump"}));
  EXPECT_EQ(pc.label(), "mechanical");
  EXPECT_EQ(pc.smallFixLines, 0);
}

TEST(ProofHook, CompiledDifferenceWithdrawsTokenClaim) {
  Patch p = reindented();
  ScriptedProofs proofs;
  proofs.answer.hunks.push_back(
      {0, 0, ProofOutcome::Differs, {"compiled-code-differs", "function twice"}});
  PatchClass pc = classifyWith(p, proofs);
  EXPECT_EQ(proofs.seenClaims[0], std::vector<std::string>{"formatting-only"});
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Code);
  ASSERT_GE(h.reasons.size(), 2u);
  EXPECT_EQ(h.reasons[0].rule, "compiled-code-differs");
  EXPECT_EQ(h.reasons[0].detail,
            "function twice (overrules formatting-only: whole-hunk token streams identical "
            "(whitespace and layout only))");
  EXPECT_EQ(h.reasons[1].rule, "code");
  EXPECT_EQ(pc.label(), "code");
  EXPECT_GT(pc.smallFixLines, 0);
}

TEST(ProofHook, ReplayedToolStandsAgainstCompiledDifference) {
  // The message's tool made the hunk: mechanical by the policy's terms, whatever the
  // compiled code says.
  Patch p = compoundAssignment();
  ScriptedProofs proofs;
  proofs.answer.hunks = {
      {0, 0, ProofOutcome::Differs, {"compiled-code-differs", "function bump"}},
      {0, 0, ProofOutcome::Proven, {"replayed", "sed -i 's/= \\*count +/+=/' hw/misc/bump.c"}}};
  proofs.answer.toolClaims.push_back({"sed", "sed -i 's/= \\*count +/+=/' hw/misc/bump.c", 3,
                                      ToolClaimStatus::Reproduced, "1 of 1 hunks", 1});
  PatchClass pc = classifyWith(p, proofs);
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical);
  EXPECT_EQ(h.reasons[0].rule, "replayed");
  ASSERT_EQ(pc.toolClaims.size(), 1u);
  EXPECT_EQ(pc.toolClaims[0].status, ToolClaimStatus::Reproduced);
}

TEST(ProofHook, DifferenceOnUnclaimedHunkIsItsReason) {
  Patch p = compoundAssignment();
  ScriptedProofs proofs;
  proofs.answer.hunks.push_back(
      {0, 0, ProofOutcome::Differs, {"compiled-code-differs", "function bump"}});
  PatchClass pc = classifyWith(p, proofs);
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Code);
  EXPECT_EQ(h.reasons[0], (Reason{"compiled-code-differs", "function bump"}));
}

TEST(ProofHook, ProvenRenamesReachTheProvider) {
  std::string before = filler(2) + "void foo_init(int *d)\n{\n    *d = 1;\n}\n" + filler(3, "mid") +
                       "void board(int *d)\n{\n    foo_init(d);\n}\n";
  std::string after = filler(2) + "void foo_realize(int *d)\n{\n    *d = 1;\n}\n" +
                      filler(3, "mid") + "void board(int *d)\n{\n    foo_realize(d);\n}\n";
  // A rename is proven with the images (what the names meant before and after).
  testing::TextPatch tp;
  tp.modify("hw/misc/foo.c", before, after);
  Patch p = tp.patch();
  PatchImages images = tp.images();
  testing::SymbolIndex index;
  ScriptedProofs proofs;
  PatchClass pc = classify(ClassifyInput{p, nullptr, &index, &proofs, &images}, testing::detectorRules());
  testing::expectAccounting(p, pc);
  ASSERT_EQ(pc.files[0].hunks[0].category, Category::Mechanical);
  ASSERT_EQ(pc.files[0].hunks[0].reasons[0].rule, "rename");
  ASSERT_EQ(proofs.seenRenames.size(), 1u);
  EXPECT_EQ(proofs.seenRenames[0], (std::pair<std::string, std::string>{"foo_init", "foo_realize"}));
}

TEST(ProofHook, OutOfRangeProofsAreIgnored) {
  Patch p = compoundAssignment();
  ScriptedProofs proofs;
  proofs.answer.hunks.push_back({3, 0, ProofOutcome::Proven, {"replayed", "x"}});
  proofs.answer.hunks.push_back({0, 7, ProofOutcome::Proven, {"replayed", "x"}});
  PatchClass pc = classifyWith(p, proofs);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
}

} // namespace
} // namespace provcheck
