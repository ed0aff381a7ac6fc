// The risk report as Markdown, for a merge-request comment or a mailing-list reply: a
// table of the files by score, the parts of each score and the findings.
#pragma once

#include "tools/provcheck/Risk.h"

#include <string>

namespace provcheck::render {

std::string reportMarkdown(const RiskReport &report);

} // namespace provcheck::render
