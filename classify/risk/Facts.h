// Gathering the facts of a change (RiskFacts) from what the stages computed: the patch,
// its classification, owners and AST entities, and the history read from git.
#pragma once

#include "analysis/Entities.h"
#include "analysis/Patch.h"
#include "classify/Classification.h"
#include "classify/risk/Model.h"
#include "classify/risk/RiskFacts.h"
#include "maps/ChangeHistory.h"
#include "maps/Ownership.h"

#include <cstdint>
#include <vector>

namespace provcheck {

// One file of a change, with what the stages said about it; null where a stage did not
// run.
struct RiskFile {
  const FileChange *change = nullptr;
  const FileClass *classification = nullptr;
  const std::vector<OwningSection> *owners = nullptr;
  const FileEntities *entities = nullptr;
};

// A patch, or the part of it that touches some of its files.
struct RiskChange {
  const Patch *patch = nullptr;
  std::vector<RiskFile> files;
  bool classified = false;     // the classify stage ran
  bool ownersKnown = false;    // the owners stage ran
  bool entitiesKnown = false;  // the AST map ran
};

// The facts of a change; history facts when `history` is given, as of the change's own
// time (asOf()).
RiskFacts riskFacts(const RiskChange &change, const ChangeHistory *history,
                    const RiskModel &model);

// The time a patch is judged as of: its commit's time when the history holds it (only
// earlier commits count), else just after the history's tip (all of it counts).
int64_t asOf(const Patch &patch, const ChangeHistory &history);

// The history facts of changing `paths` by `author` (canonical address) at time `t`.
HistoryFacts historyFacts(const ChangeHistory &history, const std::vector<std::string> &paths,
                          const std::string &author, int64_t t, const RiskModel &model);

} // namespace provcheck
