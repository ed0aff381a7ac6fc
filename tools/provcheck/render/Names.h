// Stable names of the model's enumerations as the reports print them.
#pragma once

#include "analysis/Entities.h"
#include "classify/Verdict.h"

namespace provcheck::render {

const char *verdictName(VerdictKind);   // "ok", "needs-agreement", "violation"
const char *severityName(Severity);     // "info", "warning", "error"
const char *entityKindName(EntityKind); // "function", "record", ...
const char *entityPartName(EntityPart); // "whole", "signature", "body", "comment"
const char *originKindName(Origin::Kind); // "commit", "patch-file", "mbox", "stdin"

} // namespace provcheck::render
