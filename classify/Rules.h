// The knowledge classification runs on, as data: path rules, core-code rules and the
// thresholds. QEMU's values are the built-in defaults; a policy file (classify/Policy.h)
// replaces any of them.
#pragma once

#include "classify/Classification.h"
#include "maps/Regex.h"

#include <string>
#include <vector>

namespace provcheck {

// A path rule: a glob over repository paths. Syntax: '*' matches within one path component,
// '**' across components, '?' one character; a pattern ending in '/' matches everything
// below that directory; a pattern without '/' matches the last component anywhere
// ("*.rst", "meson.build"); a leading '/' anchors a pattern at the top of the tree
// ("/meson.build" is the top-level file only).
struct PathRule {
  std::string id;        // stable id cited in reasons, e.g. "docs-dir"
  std::string pattern;
  Category category = Category::Code;
};

struct ClassifyRules {
  // Docs and tests by path: the first rule that matches decides; no match means code.
  std::vector<PathRule> pathRules;
  // Code under these paths is core ("that other things depend on").
  std::vector<PathRule> corePaths; // category is Core for each
  // A change to a header included (transitively) by at least this many files is core.
  int coreIncludedBy = 0;
  // A change to the signature/type of a symbol used from at least this many other files.
  int coreSymbolFanIn = 0;
  // The same token-level edit at this many sites or more is a mechanical repeated edit.
  int repeatedEditMinSites = 3;
  // Regular expressions (PCRE2 syntax, case-insensitive) naming deterministic tools in a
  // commit message: recorded as supporting evidence of a mechanical change, never as proof.
  std::vector<std::string> toolPatterns;
  // toolPatterns compiled, in the same order: the policy loader fills it (a pattern that
  // does not compile is an error there); rules built in code leave it empty and the
  // patterns are compiled on use.
  std::vector<Regex> toolRegexes;

  static ClassifyRules qemuDefaults();
};

} // namespace provcheck
