// Earlier versions of a series given in the same run: "[PATCH v2 0/3]" read together with
// the "[PATCH 0/3]" it replaces (one mbox of a list's archive, or several files). Which
// series are versions of one another, and what the latest version's verdict says of the
// AI-assisted code lines of the earlier ones (classify/POLICY.md, "Series").
#pragma once

#include "analysis/Patch.h"
#include "classify/Verdict.h"
#include "maps/MailAddress.h"

#include <string>
#include <vector>

namespace provcheck {

// What tells one series' versions from another series.
struct SeriesVersionKey {
  int version = 1;
  Person author;                     // the first patch's
  std::string cover;                 // the cover letter's subject, "" without one
  std::vector<std::string> subjects; // the patches' subjects
};
SeriesVersionKey versionKeyOf(const std::vector<const Patch *> &patches, const Patch *cover);

// For each series, the series of `keys` that are its earlier versions, oldest first: the
// same author (through the .mailmap), a lower version, and the same cover letter subject or
// at least one patch subject in common (blanks and case aside). Series read from a
// revision range are all version 1 and never earlier versions of one another.
std::vector<std::vector<size_t>> earlierVersionsOf(const std::vector<SeriesVersionKey> &keys,
                                                   const Mailmap *mailmap);

// Adds to `latest`, the verdict of a series, the code lines of its earlier versions
// (`earlier`, oldest first), and to its series-function-over-limit findings what each
// earlier version changed of the same function.
struct EarlierSeries {
  int version = 1;
  std::string title;
  const Verdict *verdict = nullptr;
};
void addEarlierVersions(Verdict &latest, const std::vector<EarlierSeries> &earlier);

} // namespace provcheck
