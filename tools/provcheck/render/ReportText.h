// The risk report as a text table for a terminal: one row per file, highest score first,
// then the parts of each score, the findings and the notices.
#pragma once

#include "tools/provcheck/Risk.h"

#include <string>

namespace provcheck::render {

std::string reportText(const RiskReport &report);

} // namespace provcheck::render
