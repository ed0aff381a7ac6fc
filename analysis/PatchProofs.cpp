#include "analysis/PatchProofs.h"

#include "analysis/CompiledCompare.h"

namespace provcheck {

ProofResult PatchProofs::prove(const ProofRequest &request) const {
  ProofResult result;
  replay::ReplayOutcome replayed = replayQuotedTools(request.patch, images_, options_);
  std::vector<std::vector<bool>> byTool(request.patch.files.size());
  for (size_t f = 0; f < byTool.size(); ++f) byTool[f].assign(request.patch.files[f].hunks.size(), false);
  for (const HunkProof &p : replayed.proofs)
    if (p.file < byTool.size() && p.hunk < byTool[p.file].size()) byTool[p.file][p.hunk] = true;
  result.hunks = std::move(replayed.proofs);
  result.toolClaims = std::move(replayed.claims);
  if (entities_)
    for (HunkProof &p : compareCompiled(request, *entities_, byTool)) result.hunks.push_back(std::move(p));
  return result;
}

} // namespace provcheck
