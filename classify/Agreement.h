// Who must agree to a change and whether they did: the owning MAINTAINERS sections of
// files grouped into agreement findings, and the evidence of agreement (Acked-by and
// Reviewed-by by one who may give it, --approved-by). Shared by patch and series
// judgement.
//
// Who may agree for a file (classify/POLICY.md, "Who may agree"):
//  1. the maintainers (M:) of the most specific sections that own the file by path (a
//     section matched only through K: keywords owns nothing here); sections without an
//     M: are passed over, so a file whose own section names no maintainer falls to the
//     enclosing sections that own it through their F: patterns of parent directories;
//  2. when no section with a maintainer owns it, the project's maintainers: the
//     project-wide sections MAINTAINERS names (OwnershipMap::projectSections, QEMU's
//     "General Project Administration");
//  3. the author never agrees to their own change: a level whose only maintainer is the
//     author is passed over for the next one.
// With nobody left, nothing counts as agreement: no address can be checked.
#pragma once

#include "analysis/Patch.h"
#include "classify/Policy.h"
#include "classify/PolicyEngine.h"
#include "classify/Verdict.h"
#include "maps/Ownership.h"

#include <string>
#include <vector>

namespace provcheck {

struct Agreers {
  std::vector<const OwningSection *> sections; // the sections whose M: may agree
  std::vector<Person> people;                  // their maintainers, without the author
  bool projectWide = false; // no section with a maintainer owns the file: the project's
  bool operator==(const Agreers &o) const;
};

// Who may agree to a change by `author` of a file owned by `owners`.
Agreers agreersFor(const std::vector<OwningSection> &owners, const Person &author,
                   const JudgeOptions &options);

// Files that need the agreement of the same people.
struct AgreementGroup {
  Agreers who;
  std::vector<FindingLocation> locations; // the files, each with its first line and entities
  int lines = 0;       // the line measure the group is about (small-fix lines)
};

// The group of `who` in `groups` (created when missing).
AgreementGroup &groupFor(std::vector<AgreementGroup> &groups, const Agreers &who);

std::vector<std::string> namesOf(const std::vector<const OwningSection *> &sections);

// "MAINTAINERS 'Main loop'", "MAINTAINERS 'General Project Administration' (project-wide:
// no section with a maintainer owns util/cutils.c)", or why nobody can agree.
std::string agreersText(const Agreers &who, const std::vector<std::string> &files);

// The evidence that one of `who` agreed: an agreement trailer among `trailers` ("Acked-by:
// A <a@x> (line 12)") or --approved-by; "" when none. The author's own trailers and
// address never count, nor anyone when `who` names nobody.
std::string agreementEvidence(const Agreers &who, const std::vector<Trailer> &trailers,
                              const Person &author, const Policy &policy,
                              const JudgeOptions &options);

// "A <a>, B <b>", or "a maintainer (MAINTAINERS names none)".
std::string peopleText(const std::vector<Person> &people);

// Fills needAgreementFrom, sections, locations, satisfied and satisfiedBy of a
// finding for `group`.
void describeAgreement(Finding &f, const AgreementGroup &group, const std::string &evidence);

// The one-sentence summary of a verdict whose kind and findings are set.
std::string verdictSummary(const Verdict &v, const Policy &policy);

} // namespace provcheck
