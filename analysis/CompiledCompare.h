// The compiled-code proof: per hunk of a C/C++ file compiled in both images
// (FileEntities::compiled), the functions and variables its changed lines lie in compared
// modulo the renames the tokens proved. All equal, every changed code line inside them:
// the hunk is proven ("same-compiled-code"; also for a hunk another rule already proved,
// so that the output names both proofs). One differs: no token claim on the hunk stands
// ("compiled-code-differs"), unless a hunk no token rule proved (one a replayed tool
// made, or one still unproven) touches the same function and explains the difference;
// a hunk a replayed tool made is never refuted.
#pragma once

#include "analysis/Entities.h"
#include "classify/Proofs.h"

#include <vector>

namespace provcheck {

// `replayed`: the hunks a replayed tool made, parallel to files and hunks (may be empty).
std::vector<HunkProof> compareCompiled(const ProofRequest &request,
                                       const std::vector<FileEntities> &entities,
                                       const std::vector<std::vector<bool>> &replayed);

} // namespace provcheck
