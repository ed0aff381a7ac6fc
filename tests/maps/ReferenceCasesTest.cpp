// provcheck's answer against get_maintainer.pl's real output on QEMU
// (tests/data/qemu/get_maintainer/cases.tsv), every file row.
#include "maps/GetMaintainer.h"
#include "tests/maps/QemuData.h"
#include "tests/maps/TestMaps.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

namespace provcheck::testing {
namespace {

// The lines of the script's output that come from MAINTAINERS: commit_signer lines
// dropped, commit_signer roles added to a maintainer's line cut off.
std::vector<std::string> maintainersDerived(std::vector<std::string> lines) {
  std::vector<std::string> out;
  for (auto &l : lines) {
    auto open = l.rfind(" (");
    if (open == std::string::npos) {
      out.push_back(l);
      continue;
    }
    std::string role = l.substr(open + 2, l.size() - open - 3);
    if (role.rfind("commit_signer:", 0) == 0) continue;
    auto cut = role.find(",commit_signer:");
    if (cut != std::string::npos) role = role.substr(0, cut);
    out.push_back(l.substr(0, open) + " (" + role + ")");
  }
  return out;
}

// Runs get_maintainers once per ordering of the equal-depth sections of each file
// (the script's Perl hash order) and calls `accept` with each output until it says yes.
bool anyTieOrder(const OwnershipMap &map, MaintainersInput input, const GetMaintainerOptions &o,
                 const std::function<bool(const std::vector<std::string> &)> &accept) {
  // Which files have ties: run once in file order.
  auto first = getMaintainers(map, input, o);
  if (!first) return false;
  std::vector<std::vector<std::vector<int>>> groups; // per file: groups of sections with ties
  for (const auto &f : first->files) {
    std::vector<std::vector<int>> g;
    for (size_t i = 0; i < f.sections.size();) {
      size_t j = i;
      std::vector<int> group;
      while (j < f.sections.size() && f.sections[j].depth == f.sections[i].depth)
        group.push_back(f.sections[j++].section);
      g.push_back(group);
      i = j;
    }
    groups.push_back(g);
  }
  std::vector<std::vector<int>> current; // per file, flat order of sections
  for (auto &g : groups) {
    std::vector<int> flat;
    for (auto &x : g) flat.insert(flat.end(), x.begin(), x.end());
    current.push_back(flat);
  }
  int budget = 20000;
  std::function<bool(size_t, size_t)> walk = [&](size_t file, size_t group) -> bool {
    if (--budget < 0) return false;
    if (file == groups.size()) {
      size_t index = 0;
      MaintainersInput in = input;
      in.reorder = [&](std::string_view, std::vector<SectionMatch> &m) {
        const auto &order = current[index++];
        std::vector<SectionMatch> out;
        for (int s : order)
          for (auto &x : m)
            if (x.section == s) out.push_back(x);
        m = out;
      };
      auto r = getMaintainers(map, in, o);
      return r && accept(lines(renderText(*r, o)));
    }
    if (group == groups[file].size()) return walk(file + 1, 0);
    auto &g = groups[file][group];
    size_t offset = 0;
    for (size_t k = 0; k < group; ++k) offset += groups[file][k].size();
    std::sort(g.begin(), g.end());
    do {
      std::copy(g.begin(), g.end(), current[file].begin() + offset);
      if (walk(file, group + 1)) return true;
    } while (std::next_permutation(g.begin(), g.end()));
    return false;
  };
  return walk(0, 0);
}

TEST(ReferenceCases, EveryFileRowMatchesGetMaintainerPl) {
  const OwnershipMap &map = qemuMap();
  const QemuTree &tree = qemuTree();
  GetMaintainerOptions options;
  ASSERT_FALSE(validate(options));
  int compared = 0, matched = 0;
  for (const ReferenceCase &c : referenceCases()) {
    if (c.kind != "file" && c.kind != "file-extra") continue;
    ++compared;
    MaintainersInput input;
    input.fromFiles = true;
    input.paths = {c.id};
    input.isDirectory = [&](std::string_view p) { return tree.isDirectory(p); };
    input.readFile = [&](std::string_view p) -> std::optional<std::string> {
      if (tree.files.count(p)) return std::string();
      return std::nullopt;
    };
    bool fallback = c.fallback.rfind("yes", 0) == 0;
    std::vector<std::string> expected = fallback ? maintainersDerived(c.lines) : c.lines;
    std::vector<std::string> got;
    bool ok = anyTieOrder(map, input, options, [&](const std::vector<std::string> &lines) {
      got = fallback ? maintainersDerived(lines) : lines;
      return got == expected;
    });
    if (ok) ++matched;
    EXPECT_TRUE(ok) << c.kind << " " << c.id << "\nexpected:\n"
                    << ::testing::PrintToString(expected) << "\ngot:\n"
                    << ::testing::PrintToString(got);
  }
  EXPECT_EQ(compared, 162); // 156 file + 6 file-extra rows
  EXPECT_EQ(matched, compared);
  std::cout << "[ reference ] file rows compared: " << compared << ", matched: " << matched << "\n";
}

} // namespace
} // namespace provcheck::testing

namespace provcheck::testing {
namespace {

TEST(ReferenceCases, QemuMaintainersReadsWithoutMalformedLines) {
  const OwnershipMap &map = qemuMap();
  EXPECT_EQ(map.file().dialect, "qemu");
  for (const auto &d : map.diagnostics()) ADD_FAILURE() << d.line << ": " << d.message;
  EXPECT_EQ(map.file().sections.size(), 448u); // runs of tag lines in the file
  // Sections of one real path, deepest first, with people resolved.
  auto owners = map.sectionsFor("hw/arm/virt.c");
  ASSERT_FALSE(owners.empty());
  EXPECT_EQ(owners.back().name, "All patches CC here");
}

} // namespace
} // namespace provcheck::testing
