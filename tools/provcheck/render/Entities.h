// Labels of the AST map's output for reports: what a changed line, a hunk or a file
// touches, in the words the AST map uses ("function foo (body)").
#pragma once

#include "analysis/Entities.h"
#include "analysis/Patch.h"

#include <string>
#include <vector>

namespace provcheck::render {

// What one changed line touches, or "top level".
std::string lineLabel(const FileEntities &, const LineAttribution &);
// The distinct labels of a hunk's changed lines, in order of first appearance.
std::vector<std::string> hunkLabels(const FileEntities &, size_t hunk);
// The distinct labels of a file's changed lines, in order of first appearance.
std::vector<std::string> fileLabels(const FileEntities &);
// What the compiled-code proof could look at in a file: "compiled code: 3 functions,
// 1 variable compiled in both images", or why not ("compiled code: not compared: ...");
// "" when the AST map did not consider it (no code changed, --no-ir).
std::string compiledLabel(const FileEntities &);
// "@@ -10,5 +10,6 @@"
std::string hunkRange(const Hunk &);

} // namespace provcheck::render
