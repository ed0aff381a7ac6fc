// A Patch as `git format-patch` text: mail headers, the message, "---" and the diff,
// rendered from the model. What get_maintainer.pl reads in patch mode (K: keywords
// match its headers and +/- lines).
#pragma once

#include "analysis/Patch.h"

#include <string>

namespace provcheck {

std::string formatPatchText(const Patch &patch);

} // namespace provcheck
