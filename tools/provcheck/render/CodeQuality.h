// The policy findings of a report as a GitLab Code Quality report (artifacts:reports:
// codequality), shown in merge requests: a JSON array of issues
//   {"description", "check_name", "fingerprint", "severity", "location": {"path",
//    "lines": {"begin"}}}
// one per finding and file, placed like the SARIF results. severity: critical (error),
// major (warning), info (info). The fingerprint, stable across rebases, is a SHA-1 of
// the rule, the patch's subject and the path. Findings already agreed to are left out.
#pragma once

#include "tools/provcheck/Risk.h"

#include <string>

namespace provcheck::render {

std::string reportCodeQualityText(const RiskReport &report);

} // namespace provcheck::render
