// Small hand-written MAINTAINERS texts and trees for the matching tests.
#pragma once

#include "maps/GetMaintainer.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace provcheck::testing {

// A tree given by its files; its directories are their parents.
struct SmallTree {
  std::set<std::string, std::less<>> files, dirs;
  explicit SmallTree(std::vector<std::string> paths) {
    for (auto &p : paths) {
      files.insert(p);
      for (size_t s = p.find('/'); s != std::string::npos; s = p.find('/', s + 1))
        dirs.insert(p.substr(0, s));
    }
  }
  bool isDirectory(std::string_view p) const { return dirs.count(p) != 0; }
};

inline OwnershipMap buildMap(const std::string &text, const SmallTree &tree,
                             MaintainersOptions options = {}) {
  auto map = OwnershipMap::build(text, "MAINTAINERS",
                                 [&tree](std::string_view p) { return tree.isDirectory(p); },
                                 options);
  EXPECT_TRUE(map.ok()) << (map.ok() ? "" : map.error().str());
  return std::move(*map);
}

inline std::vector<std::string> sectionNames(const OwnershipMap &map, std::string_view path) {
  std::vector<std::string> out;
  for (const auto &s : map.sectionsFor(path)) out.push_back(s.name);
  return out;
}

inline std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    out.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

// get_maintainer.pl -f PATH... on the map.
inline std::vector<std::string> forFiles(const OwnershipMap &map, const SmallTree &tree,
                                         std::vector<std::string> paths,
                                         GetMaintainerOptions o = {}) {
  EXPECT_FALSE(validate(o));
  MaintainersInput in;
  in.fromFiles = true;
  in.paths = std::move(paths);
  in.isDirectory = [&tree](std::string_view p) { return tree.isDirectory(p); };
  in.readFile = [&tree](std::string_view p) -> std::optional<std::string> {
    if (tree.files.count(p)) return std::string("int x;\n");
    return std::nullopt;
  };
  auto r = getMaintainers(map, in, o);
  EXPECT_TRUE(r.ok());
  return r ? lines(renderText(*r, o)) : std::vector<std::string>{};
}

// get_maintainer.pl < PATCH on the map.
inline std::vector<std::string> forPatch(const OwnershipMap &map, const std::string &patch,
                                         GetMaintainerOptions o = {},
                                         const HistoryProvider *history = nullptr) {
  EXPECT_FALSE(validate(o));
  MaintainersInput in;
  in.patches.push_back({"test.patch", patch});
  in.history = history;
  auto r = getMaintainers(map, in, o);
  EXPECT_TRUE(r.ok());
  return r ? lines(renderText(*r, o)) : std::vector<std::string>{};
}

} // namespace provcheck::testing
