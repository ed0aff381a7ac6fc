// QEMU's real MAINTAINERS, .mailmap and tree (tests/data/qemu) as test inputs.
#pragma once

#include "maps/OwnershipMap.h"

#include <set>
#include <string>
#include <vector>

namespace provcheck::testing {

struct QemuTree {
  std::set<std::string, std::less<>> files;       // blobs and submodules
  std::set<std::string, std::less<>> directories; // every directory (and submodule)
  std::vector<std::string> paths;                 // tree.tsv order
  bool isDirectory(std::string_view p) const { return directories.count(p) != 0; }
};

const QemuTree &qemuTree();
// QEMU's MAINTAINERS with its .mailmap, the tree's directories.
const OwnershipMap &qemuMap();

struct ReferenceCase {
  std::string kind, id, fallback;
  int orders = 1;
  bool keywords = false;
  std::vector<std::string> lines; // get_maintainer.pl's stdout lines
};
std::vector<ReferenceCase> referenceCases();

} // namespace provcheck::testing
