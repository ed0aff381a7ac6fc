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

struct Finding {
  std::string rule;     // stable id, e.g. "ai-trailer-malformed", "core-needs-agreement"
  std::string clause;   // the policy clause it applies (id from the policy file)
  Severity severity = Severity::Warning;
  VerdictKind effect = VerdictKind::Ok; // what the finding does to the verdict
  std::string message;  // one line, complete
  std::vector<std::string> files;
  std::vector<std::string> entities;
  int line = 0;         // first relevant line in the post-image of files[0] (SARIF), 0 if none
  int messageLine = 0;  // line in the commit message (subject = 1) it is about, 0 if none
  int patchIndex = -1;  // series findings: the patch (0-based in the series) it comes from
  std::vector<Person> needAgreementFrom; // maintainers whose agreement is needed
  std::vector<std::string> sections;     // MAINTAINERS sections those come from
  bool satisfied = false;                // agreement found (Acked-by/Reviewed-by, --approved-by)
  std::string satisfiedBy;               // the evidence of agreement
};

struct Verdict {
  VerdictKind kind = VerdictKind::Ok;
  bool aiAssisted = false;          // a valid AI trailer was found, or --assume-ai
  bool assumed = false;             // --assume-ai
  bool limitsApplied = false;       // the policy's limits on AI-assisted patches were applied
  std::vector<std::string> aiUsedFor; // declared values: code, tests, docs, research
  std::string summary;              // one sentence
  std::vector<Finding> findings;
};

} // namespace provcheck
