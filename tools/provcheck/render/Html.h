// The risk report as one self-contained HTML page: inline CSS and JavaScript, no network
// and no external asset. A sortable table of the files, charts of the risk by file (each
// bar split into the parts of its score) and by category in inline SVG, the findings.
#pragma once

#include "tools/provcheck/Risk.h"

#include <string>

namespace provcheck::render {

std::string reportHtml(const RiskReport &report);

} // namespace provcheck::render
