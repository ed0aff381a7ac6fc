// Stable names of the model's enumerations as the reports print them.
#pragma once

#include "analysis/Entities.h"
#include "classify/Verdict.h"

namespace provcheck::render {

const char *originKindName(Origin::Kind); // "commit", "patch-file", "mbox", "stdin"

} // namespace provcheck::render
