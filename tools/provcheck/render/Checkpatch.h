// checkpatch.pl's output style, which b4 (prep-perpatch-check-cmd, am-perpatch-check-cmd)
// and patchwork's checks show as they are: one line per finding,
//   [<path>:<line>: ]<LEVEL>:<RULE>: <message>
// LEVEL is ERROR (severity error), WARNING (warning) or CHECK (info); RULE is the finding's
// rule in checkpatch's type spelling (core-needs-agreement -> CORE_NEEDS_AGREEMENT). Then,
// per patch, checkpatch's summary line
//   total: N errors, M warnings, K checks, L lines checked
// where L counts the lines of the patch's hunks (context included), as checkpatch does.
// With several patches, each starts with "i/n Checking commit <id> (<subject>)" and a
// series' own findings follow its patches. Findings already agreed to are CHECK lines
// ending in "(agreed: <evidence>)". Without the summary and the CHECK lines, an ok patch
// prints nothing (what b4's check commands expect of a patch that passes).
#pragma once

#include "tools/provcheck/Run.h"

#include <iosfwd>

namespace provcheck::render {

struct CheckpatchOptions {
  bool summary = true; // the "total:" line; b4 takes every line it gets as a finding
  bool checks = true;  // the CHECK lines; without them an ok patch prints nothing
};

void renderCheckpatch(const RunResult &, const CheckpatchOptions &, std::ostream &);

// "CORE_NEEDS_AGREEMENT" for "core-needs-agreement".
std::string checkpatchType(const std::string &rule);

} // namespace provcheck::render
