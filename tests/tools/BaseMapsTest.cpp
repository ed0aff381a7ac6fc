// The maps of each patch's base over a batch (tools/provcheck/BaseMaps.h).
#include "analysis/TreeViews.h"
#include "tests/support/Fixture.h"
#include "tools/provcheck/BaseMaps.h"

#include <gtest/gtest.h>

namespace provcheck::testing {
namespace {

std::string sectionFor(int k) {
  return "Part " + std::to_string(k) + "\nM: Part Keeper <p" + std::to_string(k) +
         "@example.org>\nS: Maintained\nF: part/p" + std::to_string(k) + ".c\n\n";
}

// A batch whose every patch changes MAINTAINERS needs one ownership map per patch's
// base. Each patch's owners are looked up in its own base's map, and the maps are let go
// of as the batch goes: BaseMaps holds the last few, not one per patch.
TEST(BaseMaps, OwnersOfEachBaseWithTheMapsHeldBounded) {
  FixtureRepo repo;
  std::string maintainers = "Top\nM: Top Keeper <top@example.org>\nS: Maintained\nF: part/\n\n";
  repo.write("MAINTAINERS", maintainers);
  repo.write("part/p0.c", "int p0;\n");
  std::vector<std::string> commits{repo.commit("part: first\n")};
  constexpr int kPatches = 12;
  for (int k = 1; k <= kPatches; ++k) {
    // Patch k gives part/p<k-1>.c its own section and adds part/p<k>.c.
    maintainers += sectionFor(k - 1);
    repo.write("MAINTAINERS", maintainers);
    repo.write("part/p" + std::to_string(k) + ".c", "int p" + std::to_string(k) + ";\n");
    commits.push_back(repo.commit("part: " + std::to_string(k) + "\n"));
  }
  std::vector<PatchTrees> patches;
  for (int k = 1; k <= kPatches; ++k) {
    PatchTrees p;
    p.base = treeViewAt(repo.repo(), commits[k - 1]);
    p.result = treeViewAt(repo.repo(), commits[k]);
    ASSERT_TRUE(p.base && p.result);
    p.paths = {"MAINTAINERS", "part/p1.c"};
    patches.push_back(std::move(p));
  }
  BaseMapsOptions options;
  options.jobs = 1;
  BaseMaps maps(treeViewAt(repo.repo(), commits.back()), options);
  std::vector<std::string> notices;
  auto out = maps.next(patches, notices);
  ASSERT_TRUE(out.ok()) << out.error().str();
  ASSERT_EQ(out->size(), size_t(kPatches));
  for (int k = 1; k <= kPatches; ++k) {
    const PatchMaps &m = (*out)[k - 1];
    ASSERT_EQ(m.owners.size(), 2u) << k;
    EXPECT_TRUE(m.owners[0].empty()) << k; // no section names MAINTAINERS
    // part/p1.c has a section of its own from patch 2 on: in the bases of patches 3 on.
    std::vector<std::string> names;
    for (const OwningSection &o : m.owners[1]) names.push_back(o.name);
    if (k < 3) EXPECT_EQ(names, std::vector<std::string>{"Top"}) << k;
    else EXPECT_EQ(names, (std::vector<std::string>{"Part 1", "Top"})) << k;
    ASSERT_NE(m.projectSections, nullptr);
  }
  // 12 distinct MAINTAINERS were read; only the last few maps are held.
  EXPECT_LE(maps.ownershipMapsHeld(), 4u);
  EXPECT_GE(maps.ownershipMapsHeld(), 1u);
}

} // namespace
} // namespace provcheck::testing
