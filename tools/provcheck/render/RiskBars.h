// The risk of the HTML report as ranked tables: one row per file (or patch), highest
// risk first, each score drawn as a bar split into its features (inline SVG). Formatting
// only: the scores and their parts come from the report model.
#pragma once

#include "tools/provcheck/Risk.h"

#include <string>

namespace provcheck::render {

// CSS classes of the bars' parts, one per feature group, and the legend.
extern const char *kRiskBarStyle;
std::string riskLegend();

// The ranked tables: files (the first `limit` rows) and patches.
std::string riskFileTable(const RiskReport &report, size_t limit);
std::string riskPatchTable(const RiskReport &report, size_t limit);

} // namespace provcheck::render
