// What the policy engine concludes: a verdict per patch (and per series) and the findings
// that led to it, each citing the policy clause it applies.
#pragma once

#include "analysis/Patch.h"

#include <string>
#include <vector>

namespace provcheck {

enum class VerdictKind { Ok, NeedsAgreement, Violation };
const char *toString(VerdictKind); // "ok", "needs-agreement", "violation"

enum class Severity { Info, Warning, Error };
const char *toString(Severity);

// One place a finding is about: a file of the patch, its first relevant line in the
// post-image (the pre-image for a deleted file; 0 when none) and the entities changed in
// that file that the finding is about.
struct FindingLocation {
  std::string file;
  int line = 0;
  std::vector<std::string> entities;
  bool operator==(const FindingLocation &) const = default;
};

struct Finding {
  std::string rule;     // stable id, e.g. "ai-trailer-malformed", "core-needs-agreement"
  std::string clause;   // the policy clause it applies (id from the policy file)
  Severity severity = Severity::Warning;
  VerdictKind effect = VerdictKind::Ok; // what the finding does to the verdict
  std::string message;  // one line, complete
  // The files it is about, each with its own line and entities; empty for a finding about
  // the message (messageLine) or the patch as a whole.
  std::vector<FindingLocation> locations;
  int messageLine = 0;  // line in the commit message (subject = 1) it is about, 0 if none
  int patchIndex = -1;  // series findings: the patch (0-based in the series) it comes from
  std::vector<Person> needAgreementFrom; // maintainers whose agreement is needed
  std::vector<std::string> sections;     // MAINTAINERS sections those come from
  bool satisfied = false;                // agreement found (Acked-by/Reviewed-by, --approved-by)
  std::string satisfiedBy;               // the evidence of agreement

  std::vector<std::string> files() const;    // the locations' files, in order
  std::vector<std::string> entities() const; // their entities, each once, in order
  // Adds `file` (once) with its line and entities, or the entities to its location.
  FindingLocation &at(const std::string &file);
};

// The AI-assisted lines of code (the small-fix measure) of one file, or of one function
// or other entity of it, across the patches of a series.
struct CodeTally {
  std::string file;
  std::string entity;        // "function foo_write", "near 'int foo(void)'"; "" for the file
  std::vector<int> perPatch; // lines per patch of the series, in order (0: none)
  int total() const;
  int patches() const;       // patches contributing lines
  bool operator==(const CodeTally &) const = default;
};

// An earlier version of a series, given in the same run, as its successor's verdict lists it.
struct EarlierVersion {
  int version = 1;
  std::string title;              // the series' title (its cover letter's subject)
  std::vector<CodeTally> codeLines; // its own AI-assisted code lines, per patch of it
  bool operator==(const EarlierVersion &) const = default;
};

struct Verdict {
  VerdictKind kind = VerdictKind::Ok;
  bool aiAssisted = false;          // a valid AI trailer was found, or --assume-ai
  bool assumed = false;             // --assume-ai
  bool limitsApplied = false;       // the policy's limits on AI-assisted patches were applied
  std::vector<std::string> aiUsedFor; // declared values: code, tests, docs, research
  std::string summary;              // one sentence
  std::vector<Finding> findings;
  // A series: the AI-assisted code lines per file and per entity, files first in patch
  // order, each followed by its entities. Empty for a patch.
  std::vector<CodeTally> codeLines;
  // A series whose earlier versions were given too (classify/SeriesVersions.h): theirs,
  // oldest first. Empty otherwise.
  std::vector<EarlierVersion> earlierVersions;
};

} // namespace provcheck
