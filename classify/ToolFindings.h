// Findings about the tools a commit message quotes, from their replay
// (PatchClass::toolClaims): a quoted command whose result is not the diff, one that
// could not be replayed, and one that makes the diff.
#pragma once

#include "classify/Classification.h"
#include "classify/Policy.h"
#include "classify/Verdict.h"

#include <vector>

namespace provcheck {

// One finding per claim, citing the policy's tools clause; none when the policy has no
// tools clause. They apply to every patch: a message says how a change was made
// whether AI was used or not.
void addToolClaimFindings(const PatchClass &pc, const Policy &policy, std::vector<Finding> &out);

} // namespace provcheck
