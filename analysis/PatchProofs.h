// The outside proofs of one patch, as classification asks for them (classify/Proofs.h):
// the tools its message quotes, replayed on copies of the pre-image
// (analysis/replay/Replay.h), and the compiled code of its C files compared.
#pragma once

#include "analysis/Entities.h"
#include "analysis/Images.h"
#include "analysis/replay/Replay.h"
#include "classify/Proofs.h"

#include <vector>

namespace provcheck {

class PatchProofs : public ProofProvider {
public:
  // `entities` (parallel to the patch's files, may be null) carries the compiled images
  // of the AST stage.
  PatchProofs(const PatchImages &images, const std::vector<FileEntities> *entities,
              replay::ReplayOptions options = {})
      : images_(images), entities_(entities), options_(std::move(options)) {}

  ProofResult prove(const ProofRequest &request) const override;

private:
  const PatchImages &images_;
  const std::vector<FileEntities> *entities_;
  replay::ReplayOptions options_;
};

} // namespace provcheck
