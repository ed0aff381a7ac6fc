// The small-fix measure the policy's line limit reads (see classify/README.md): changed
// lines of code outside tests and docs, blank and comment-only lines not counted,
// mechanical hunks not counted, a modified line counted once: per hunk, the larger of
// its added and removed code lines.
#pragma once

#include "analysis/Patch.h"
#include "classify/Classification.h"
#include "classify/detect/Facts.h"

namespace provcheck {

// The hunk's contribution, given the category it was classified in.
int smallFixLines(const Hunk &hunk, const HunkFacts &facts, Category category);

} // namespace provcheck
