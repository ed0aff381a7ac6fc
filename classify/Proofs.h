// Proofs that need the outside world: a tool the commit message quotes, replayed on
// copies of the pre-image, and the compiled code of both images. Running a tool and
// compiling are analysis; they live in analysis/ behind this interface, and
// classification asks it once per patch, after the token detectors, and sees only
// conclusions with their reasons. Plain data and one abstract class, header only (the
// implementations in analysis/ include it without linking classify/).
#pragma once

#include "analysis/Patch.h"
#include "classify/Classification.h"

#include <string>
#include <utility>
#include <vector>

namespace provcheck {

struct ProofRequest {
  const Patch &patch;
  // Parallel to patch.files and their hunks: the rule id that proved the hunk from
  // tokens ("formatting-only", "rename", ...), or "" when no detector claimed it.
  std::vector<std::vector<std::string>> tokenClaims;
  // Renames the tokens proved over the whole patch (old name, new name): compiled code
  // is compared modulo these.
  std::vector<std::pair<std::string, std::string>> renames;
};

enum class ProofOutcome {
  Proven,  // the hunk is mechanical: the reason names the proof
  Differs, // the hunk changes behaviour: no token claim on it may stand
};

struct HunkProof {
  size_t file = 0, hunk = 0; // indices into patch.files and FileChange::hunks
  ProofOutcome outcome = ProofOutcome::Proven;
  // "replayed": "sed -i 's/a/b/g' x.c"; "same-compiled-code": "functions f, g";
  // "compiled-code-differs": "function f".
  Reason reason;
};

struct ProofResult {
  std::vector<HunkProof> hunks;
  std::vector<ToolClaim> toolClaims; // every command the message quotes, in message order
};

class ProofProvider {
public:
  virtual ~ProofProvider() = default;
  virtual ProofResult prove(const ProofRequest &request) const = 0;
};

} // namespace provcheck
