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

// The owners of every patch are those of a map built from its own base, whatever the maps
// were made from: a directory that comes and goes under a pattern naming it (which then
// matches everything below it), an edited MAINTAINERS (some patterns new, most compiled
// already), and a patch with no base between two batches (its maps are HEAD's, which the
// next batch's first tree must not be mistaken for).
TEST(BaseMaps, OwnersFollowDirectoriesAndEditsAsAFullBuildOfEachBase) {
  FixtureRepo repo;
  auto section = [](const std::string &name, const std::string &patterns) {
    return name + "\nM: " + name + " Keeper <" + name + "@example.org>\nS: Maintained\n" + patterns + "\n";
  };
  std::string before = section("Top", "F: part/\n") + section("Sub", "F: part/sub\n") +
                       section("Glob", "F: part/*.c\nX: part/*x*\n");
  repo.write("MAINTAINERS", before);
  repo.write("part/sub.c", "int s;\n");
  repo.write("part/a.c", "int a;\n");
  repo.write("README", "text\n");
  std::vector<std::string> commits{repo.commit("first\n")};
  auto commit = [&](const std::string &what) { commits.push_back(repo.commit(what + "\n")); };
  repo.write("part/sub/x.c", "int x;\n");
  commit("part/sub becomes a directory");
  repo.write("README", "more text\n");
  commit("README");
  repo.remove("part/sub/x.c");
  commit("part/sub is a directory no more");
  repo.write("MAINTAINERS", section("New", "F: part/a*\n") + before.substr(0, before.find("Glob")) +
                                section("Glob", "F: part/*.h\nX: part/*x*\n"));
  repo.write("part/sub/y.c", "int y;\n");
  commit("MAINTAINERS edited, part/sub a directory again");
  repo.write("part/a.c", "int a2;\n");
  commit("a.c");
  const std::vector<std::string> paths{"part/sub/x.c", "part/sub.c", "part/a.c", "part/sub/y.c"};
  auto patchOn = [&](size_t k) {
    PatchTrees p;
    p.base = treeViewAt(repo.repo(), commits[k]);
    p.result = treeViewAt(repo.repo(), commits[k + 1]);
    p.paths = paths;
    return p;
  };
  PatchTrees noBase;
  noBase.paths = paths;
  auto head = treeViewAt(repo.repo(), commits.back());
  auto names = [](const std::vector<OwningSection> &sections) {
    std::vector<std::string> out;
    for (const OwningSection &o : sections) out.push_back(o.name);
    return out;
  };
  auto expectAsBuiltFrom = [&](const PatchMaps &m, const TreeView &tree, const std::string &what) {
    auto map = loadOwnershipMap(tree);
    ASSERT_TRUE(map.ok()) << what;
    ASSERT_EQ(m.owners.size(), paths.size()) << what;
    for (size_t i = 0; i < paths.size(); ++i)
      EXPECT_EQ(names(m.owners[i]), names(map->sectionsFor(paths[i]))) << what << " " << paths[i];
  };
  BaseMapsOptions options;
  options.jobs = 1;
  BaseMaps maps(head, options);
  std::vector<std::string> notices;
  auto first = maps.next({patchOn(0), noBase}, notices);
  ASSERT_TRUE(first.ok()) << first.error().str();
  expectAsBuiltFrom((*first)[0], *treeViewAt(repo.repo(), commits[0]), "base 0");
  expectAsBuiltFrom((*first)[1], *head, "no base");
  std::vector<PatchTrees> rest;
  for (size_t k = 1; k + 1 < commits.size(); ++k) rest.push_back(patchOn(k));
  auto second = maps.next(rest, notices);
  ASSERT_TRUE(second.ok()) << second.error().str();
  for (size_t k = 1; k + 1 < commits.size(); ++k)
    expectAsBuiltFrom((*second)[k - 1], *treeViewAt(repo.repo(), commits[k]), "base " + std::to_string(k));
  // What the answers should be, at the bases where part/sub is a directory and where not.
  EXPECT_EQ(names((*second)[0].owners[0]), (std::vector<std::string>{"Sub", "Top"})); // base 1
  EXPECT_EQ(names((*second)[2].owners[0]), (std::vector<std::string>{"Top"}));        // base 3
  EXPECT_EQ(names((*second)[1].owners[2]), (std::vector<std::string>{"Glob", "Top"}));
  EXPECT_EQ(names((*second)[3].owners[2]), (std::vector<std::string>{"New", "Top"}));
}

} // namespace
} // namespace provcheck::testing
