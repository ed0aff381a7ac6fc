// `provcheck maintainers --lint`: what is wrong or stale in MAINTAINERS against a tree.
#pragma once

#include "maps/OwnershipMap.h"

#include <string>
#include <vector>

namespace provcheck {

struct LintFinding {
  std::string rule;    // "malformed", "unmatched-pattern", "duplicate-section",
                       // "duplicate-pattern", "no-status", "no-maintainer", "catch-all-only"
  int line = 0;        // line in MAINTAINERS (0 for a file of the tree)
  std::string path;    // the file of the tree, for catch-all-only
  std::string message;
};

// `treeFiles` are every file of the tree. A catch-all section is one whose F: patterns
// include "*" and "*/" (QEMU's "All patches CC here", Linux's "THE REST").
std::vector<LintFinding> lintMaintainers(const OwnershipMap &map,
                                         const std::vector<std::string> &treeFiles);

} // namespace provcheck
