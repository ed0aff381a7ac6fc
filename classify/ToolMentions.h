// Deterministic tools named in a commit message (sed, spatch, clang-format, a script):
// supporting evidence of a mechanical change, never the proof.
#pragma once

#include "classify/Rules.h"

#include <string>
#include <vector>

namespace provcheck {

// The text of each match of the rules' tool patterns in `message`, in pattern order,
// without repeats. The loader's compiled patterns are used when there are; otherwise the
// patterns are compiled here and one that does not compile is skipped (a policy file
// with such a pattern is an error when it is loaded).
std::vector<std::string> toolMentions(const ClassifyRules &rules, std::string_view message);

} // namespace provcheck
