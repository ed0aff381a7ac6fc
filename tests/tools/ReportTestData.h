// A hand-built run for the report and request tests: one series of three AI-assisted
// patches touching core, code, mechanical, test and documentation files, with owners,
// classification and verdicts as the later stages would produce them.
#pragma once

#include "tools/provcheck/Risk.h"
#include "tools/provcheck/Run.h"

namespace provcheck::testing {

RunResult sampleRun();
// The history before sampleRun()'s patches, as readChangeHistory() would give it: the
// files' earlier changes, fixes among them, the authors.
ChangeHistory sampleHistory();
// A risk model over every feature, with weights set by hand (not fitted): the report
// tests do not change when the built-in model is refitted.
RiskModel sampleModel();
// The report of sampleRun() with sampleHistory() and sampleModel().
RiskReport sampleReport();

} // namespace provcheck::testing
