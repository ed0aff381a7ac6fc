// Classification: every hunk, file and patch gets a category (docs, tests, mechanical,
// code, core) with the reasons that led to it. Rules run from most specific to most
// general: path rules (docs, tests), the mechanical detectors (proved from tokens), the
// outside proofs (a replayed tool, compiled code: classify/Proofs.h), core rules (paths,
// include fan-in, symbol fan-in), and code for the rest. Every changed line gets exactly
// one category; the totals equal the patch's diffstat.
#pragma once

#include "analysis/Entities.h"
#include "analysis/Images.h"
#include "analysis/Patch.h"
#include "classify/Classification.h"
#include "classify/Proofs.h"
#include "classify/Rules.h"
#include "maps/DependencyMap.h"

#include <vector>

namespace provcheck {

struct ClassifyInput {
  const Patch &patch;
  // Parallel to patch.files; null or empty entries when the AST map is not available.
  const std::vector<FileEntities> *entities = nullptr;
  const DependencyMap *deps = nullptr; // may be null: core by path rules only
  // Proofs from the outside world (replayed tools, compiled code), asked after the token
  // detectors; null: tokens only.
  const ProofProvider *proofs = nullptr;
  // The patch's pre-image and post-image trees; null or empty when unknown. The token
  // proofs read whole files from them (where a hunk starts, what a name meant before).
  const PatchImages *images = nullptr;
};

PatchClass classify(const ClassifyInput &input, const ClassifyRules &rules);

} // namespace provcheck
