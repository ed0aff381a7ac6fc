// Replaying the tools a commit message quotes: each command (analysis/replay/
// QuotedCommands.h), in message order, on copies of the pre-image of the files it works
// on, in a scratch directory, through the sandbox (analysis/replay/Sandbox.h); then the
// result compared with the post-image, hunk by hunk. A hunk the replay makes exactly is
// proven mechanical; a command whose result is not the diff is reported.
#pragma once

#include "analysis/Images.h"
#include "analysis/Patch.h"
#include "analysis/replay/Sandbox.h"
#include "classify/Proofs.h"

#include <string>
#include <vector>

namespace provcheck::replay {

struct ReplayOptions {
  SandboxLimits limits;             // for sed and perl, per command
  int spatchSeconds = 300;          // spatch parses C: more time, per command
  // Macro files given to spatch when the tree has them (its own command may name more).
  std::vector<std::string> spatchMacroFiles = {"scripts/cocci-macro-file.h"};
  // Where the tools are looked for; "" = the system's program directories.
  std::string toolDir;
  // Where what each command did is kept for the next run (ReplayCache.h); "" = nowhere.
  std::string cacheDir;
};

struct ReplayOutcome {
  std::vector<HunkProof> proofs;     // hunks the replay makes exactly ("replayed")
  std::vector<ToolClaim> claims;     // one per quoted command, in message order
};

// Never fails: a command that cannot run is a claim with its reason.
ReplayOutcome replayQuotedTools(const Patch &patch, const PatchImages &images,
                                const ReplayOptions &options = {});

} // namespace provcheck::replay
