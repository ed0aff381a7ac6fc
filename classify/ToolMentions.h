// Deterministic tools named in a commit message (sed, spatch, clang-format, a script):
// supporting evidence of a mechanical change, never the proof.
#pragma once

#include "classify/Rules.h"

#include <string>
#include <vector>

namespace provcheck {

// The text of each match of the rules' tool patterns in `message`, in pattern order,
// without repeats. Patterns that do not compile are skipped (the policy loader reports
// them).
std::vector<std::string> toolMentions(const ClassifyRules &rules, std::string_view message);

} // namespace provcheck
