// One line per patch, like `git log --oneline`, stable for scripts:
//   <short id> <category> <small-fix lines> [<verdict>] <subject>
// The short id is the 12-digit commit id, or "-" for mails; the category is "docs",
// "tests", "mechanical", "code", "core" or "mixed" ("-" when not classified); the verdict
// appears when the policy stage ran.
#pragma once

#include "tools/provcheck/Run.h"

#include <iosfwd>

namespace provcheck::render {

void renderOneline(const RunResult &, std::ostream &);

} // namespace provcheck::render
