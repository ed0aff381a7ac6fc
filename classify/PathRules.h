// Glob matching of repository paths, with the syntax documented in classify/Rules.h:
// '*' matches within one path component, '**' across components, '?' one character;
// a pattern ending in '/' matches everything below that directory; a pattern without
// '/' matches the last component anywhere ("*.rst", "meson.build"); a leading '/' anchors
// a pattern at the top of the tree ("/configure").
#pragma once

#include "classify/Rules.h"

#include <string_view>
#include <vector>

namespace provcheck {

// True when `path` (relative, '/'-separated, no leading "./") matches `pattern`.
bool matchPath(std::string_view pattern, std::string_view path);

// The first rule of `rules` whose pattern matches `path`, or nullptr.
const PathRule *firstMatch(const std::vector<PathRule> &rules, std::string_view path);

} // namespace provcheck
