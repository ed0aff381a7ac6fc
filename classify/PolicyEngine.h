// The policy engine: a verdict for every patch and one for a series, from the patch's
// trailers, its classification and the ownership of its files, under a Policy.
//
// A patch is judged as AI-assisted when it carries the policy's AI trailer, when its
// trailers or message show AI use anyway (a misspelt or foreign trailer, an AI tool named
// where a person belongs), or with --assume-ai. Otherwise the AI limits do not apply and
// the verdict says so; trailers and sign-off are still checked.
//
// On an AI-assisted patch (policy with limits, as QEMU's):
//  - core lines (category core) need the agreement of an M: of each MAINTAINERS section
//    owning the core files: one finding per section;
//  - the small-fix measure (PatchClass::smallFixLines) above the limit needs agreement
//    from the M: of the sections owning the non-core code;
//  - categories outside the allowed ones need agreement;
//  - a declared scope the patch contradicts is a violation ('AI-used-for: docs' on a patch
//    without documentation changes);
//  - an `Acked-by:`/`Reviewed-by:` from an M: of a section, or --approved-by with the
//    address of one, satisfies that section's finding.
// "AI-used-for: research" alone means no AI output is in the patch: limits do not apply.
//
// A series is judged as a whole (classify/POLICY.md, "Series"): its verdict is the worst
// of its patches; per MAINTAINERS section, the small-fix lines of its AI-assisted patches
// are summed, and a section whose total passes the limit needs agreement even when every
// patch is within it; agreement given on any patch of the series for a section counts for
// the whole series.
#pragma once

#include "analysis/Patch.h"
#include "classify/Classification.h"
#include "classify/Policy.h"
#include "classify/Verdict.h"
#include "maps/MailAddress.h"
#include "maps/Ownership.h"

#include <memory>
#include <string>
#include <vector>

namespace provcheck {

struct JudgeOptions {
  bool assumeAi = false;               // judge as if the AI trailer were present
  std::vector<std::string> approvedBy; // addresses of maintainers who agreed elsewhere
  // The tree's .mailmap (may be null): authors, sign-offs and agreement are compared
  // through it.
  const Mailmap *mailmap = nullptr;
  // The project-wide sections of MAINTAINERS (OwnershipMap::projectSections): who agrees
  // for a file that no section with a maintainer owns.
  std::vector<OwningSection> projectSections;
};

// `owners` is parallel to patch.files (may be shorter or empty: no ownership known).
Verdict judgePatch(const Patch &patch, const PatchClass &classification,
                   const std::vector<std::vector<OwningSection>> &owners, const Policy &policy,
                   const JudgeOptions &options);

// A series judged one patch after another, keeping only what the series verdict needs
// (never the patches): add() each patch in order, then finish() once.
class SeriesJudge {
public:
  SeriesJudge(const Policy &policy, const JudgeOptions &options);
  ~SeriesJudge();
  SeriesJudge(const SeriesJudge &) = delete;
  SeriesJudge &operator=(const SeriesJudge &) = delete;
  // `owners` is parallel to patch.files, as for judgePatch; `verdict` is judgePatch's.
  void add(const Patch &patch, const PatchClass &classification, const Verdict &verdict,
           const std::vector<std::vector<OwningSection>> &owners);
  Verdict finish();
  // How many agreement trailers it keeps for the series' evidence: at most one per
  // distinct trailer text, however long the series.
  size_t agreementTrailersKept() const;

private:
  struct State;
  std::unique_ptr<State> state_;
};

// The vectors are parallel (one entry per patch of the series, in order).
Verdict judgeSeries(const std::vector<const Patch *> &patches,
                    const std::vector<const PatchClass *> &classifications,
                    const std::vector<Verdict> &patchVerdicts,
                    const std::vector<std::vector<std::vector<OwningSection>>> &owners,
                    const Policy &policy, const JudgeOptions &options);

} // namespace provcheck
