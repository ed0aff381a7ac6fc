// Applies the outside proofs (classify/Proofs.h) to the token detectors' claims.
#pragma once

#include "classify/Proofs.h"
#include "classify/detect/Facts.h"

#include <optional>
#include <vector>

namespace provcheck {

struct MergedProofs {
  // Parallel to files and hunks: why a hunk is not mechanical (compiled code differs), a token claim withdrawn.
  std::vector<std::vector<std::vector<Reason>>> refuted;
  // Parallel to files and hunks: the proofs that also hold for a hunk another rule
  // claimed first (a replayed tool or the compiled code confirming a token claim).
  std::vector<std::vector<std::vector<Reason>>> confirmed;
  std::vector<ToolClaim> toolClaims;
};

// Asks `provider` once for the patch, then: a hunk a proof shows mechanical is claimed
// with that proof's reason when no detector claimed it (a detector's claim stays, and no
// longer yields to compiled code: the tool made the hunk); a hunk whose compiled code
// differs loses the claim the tokens made, and keeps the reason. Every other proof of a
// claimed hunk is kept in `confirmed`, so that the output names each proof.
MergedProofs applyOutsideProofs(const ProofProvider &provider, const Patch &patch,
                                std::vector<std::vector<std::optional<Mechanical>>> &claims);

} // namespace provcheck
