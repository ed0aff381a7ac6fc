// The readable report: per patch its identity, trailers, a per-file table, totals per
// category, the small-fix measure, the verdict and findings, the entities changed.
#pragma once

#include "tools/provcheck/Run.h"

#include <iosfwd>

namespace provcheck::render {

struct TextOptions {
  bool verbose = false; // entities per hunk, reasons per hunk
};

void renderText(const RunResult &, const TextOptions &, std::ostream &);

} // namespace provcheck::render
