#include "classify/ToolFindings.h"

namespace provcheck {

void addToolClaimFindings(const PatchClass &pc, const Policy &policy, std::vector<Finding> &out) {
  if (policy.toolsClause.empty()) return;
  // Of several commands, one that changes nothing here may be about other shapes of the
  // code (the others made the diff): no warning for it.
  bool anyMadeChanges = false;
  for (const ToolClaim &c : pc.toolClaims) anyMadeChanges = anyMadeChanges || c.madeChanges;
  for (const ToolClaim &c : pc.toolClaims) {
    Finding f;
    f.clause = policy.toolsClause;
    f.effect = VerdictKind::Ok;
    f.messageLine = c.line;
    std::string which = "the command of message line " + std::to_string(c.line);
    switch (c.status) {
    case ToolClaimStatus::Reproduced:
      f.rule = "tool-claim-reproduced";
      f.severity = Severity::Info;
      f.message = "replayed on the pre-image, " + which + " makes the diff (" + c.detail + "): " + c.command;
      break;
    case ToolClaimStatus::Partly:
    case ToolClaimStatus::NotReproduced:
      if (!c.madeChanges && anyMadeChanges) {
        f.rule = "tool-claim-no-change";
        f.severity = Severity::Info;
        f.message = which + " changes nothing in the patch's files (another command of the "
                            "message made the changes): " + c.command;
        break;
      }
      if (c.madeChanges && !c.meetsPatch) {
        // It rewrites other lines of the files (a command quoted to show how a problem
        // was found, say): not a claim about this diff.
        f.rule = "tool-claim-elsewhere";
        f.severity = Severity::Info;
        f.message = which + " changes only lines that the patch and its context leave alone (" +
                    c.detail + "); it is not how this diff was made: " + c.command;
        break;
      }
      f.rule = "tool-claim-not-reproduced";
      f.severity = Severity::Warning;
      f.message = which + " does not make the diff (" + c.detail +
                  "); the hunks it does not make are judged as written by hand: " + c.command;
      break;
    case ToolClaimStatus::NotReplayable:
      f.rule = "tool-claim-not-replayable";
      f.severity = Severity::Info;
      f.message = which + " was not replayed (" + c.detail + "): " + c.command;
      break;
    case ToolClaimStatus::Unavailable:
      f.rule = "tool-replay-unavailable";
      f.severity = Severity::Info;
      f.message = which + " was not replayed (" + c.detail + "): " + c.command;
      break;
    }
    out.push_back(std::move(f));
  }
}

} // namespace provcheck
