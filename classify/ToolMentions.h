// Deterministic tools named in a commit message (sed, spatch, clang-format, a script):
// supporting evidence of a mechanical change, never the proof.
#pragma once

#include "classify/Rules.h"

#include <string>
#include <vector>

namespace provcheck {

// The tool each of the rules' tool patterns finds in `message`, in pattern order, each
// once: the text of the pattern's first group when it has one (the tool's name, e.g.
// "sed" for '\b(sed)\s+-[A-Za-z]*i'), else the whole match, its blanks folded to one
// space. The loader's compiled patterns are used when there are; otherwise the
// patterns are compiled here and one that does not compile is skipped (a policy file
// with such a pattern is an error when it is loaded).
std::vector<std::string> toolMentions(const ClassifyRules &rules, std::string_view message);

} // namespace provcheck
