// A hand-built run for the report and request tests: one series of three AI-assisted
// patches touching core, code, mechanical, test and documentation files, with owners,
// classification and verdicts as the later stages would produce them.
#pragma once

#include "tools/provcheck/Risk.h"
#include "tools/provcheck/Run.h"

namespace provcheck::testing {

RunResult sampleRun();
// Commits per path in a 90-day window, as recentChanges() would give them.
ChangeFrequency sampleHistory();
// The report of sampleRun() with sampleHistory().
RiskReport sampleReport();

} // namespace provcheck::testing
