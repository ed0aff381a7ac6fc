// Who must agree to a change and whether they did: the owning MAINTAINERS sections of
// files grouped into agreement findings, and the evidence of agreement (Acked-by and
// Reviewed-by by an M: of the section, --approved-by). Shared by patch and series
// judgement.
#pragma once

#include "analysis/Patch.h"
#include "classify/Policy.h"
#include "classify/PolicyEngine.h"
#include "classify/Verdict.h"
#include "maps/Ownership.h"

#include <string>
#include <vector>

namespace provcheck {

// The sections whose agreement a file needs: among the sections that own it by path and
// name a maintainer, the most specific ones (get_maintainer.pl's greatest depth). Empty
// when no section with a maintainer owns the file.
std::vector<const OwningSection *> agreementSections(const std::vector<OwningSection> &owners);

// Files that need the agreement of the same sections.
struct AgreementGroup {
  std::vector<const OwningSection *> sections; // empty: no maintainer known
  std::vector<std::string> files;
  std::vector<std::string> entities;
  int line = 0;        // first changed line in the post-image of files[0]
  int lines = 0;       // the line measure the group is about (small-fix lines)
};

// Adds `file` to the group of its sections in `groups` (creating it).
AgreementGroup &groupFor(std::vector<AgreementGroup> &groups,
                         const std::vector<const OwningSection *> &sections);

// Maintainers of the sections, without duplicates.
std::vector<Person> maintainersOf(const std::vector<const OwningSection *> &sections);
std::vector<std::string> namesOf(const std::vector<const OwningSection *> &sections);

// The evidence that one of `maintainers` agreed: an agreement trailer among `trailers`
// ("Acked-by: A <a@x> (line 12)"), or --approved-by; "" when none. With no maintainer
// known, any --approved-by counts.
std::string agreementEvidence(const std::vector<Person> &maintainers,
                              const std::vector<Trailer> &trailers, const Policy &policy,
                              const JudgeOptions &options);

// "A <a>, B <b>" or "a maintainer (no MAINTAINERS section names one)".
std::string peopleText(const std::vector<Person> &people);

// Fills needAgreementFrom, sections, satisfied and satisfiedBy of a finding for `group`.
void describeAgreement(Finding &f, const AgreementGroup &group, const std::string &evidence);

// The one-sentence summary of a verdict whose kind and findings are set.
std::string verdictSummary(const Verdict &v, const std::string &aiKey);

} // namespace provcheck
