#include "analysis/PatchProofs.h"

namespace provcheck {

ProofResult PatchProofs::prove(const ProofRequest &request) const {
  ProofResult result;
  replay::ReplayOutcome replayed = replayQuotedTools(request.patch, images_, options_);
  result.hunks = std::move(replayed.proofs);
  result.toolClaims = std::move(replayed.claims);
  (void)entities_;
  return result;
}

} // namespace provcheck
