// The entry point of patch reading: each SOURCE string is an existing file, a directory
// of patch files, "-" (stdin) or else a git revision / range of the repository.
#pragma once

#include "analysis/Error.h"
#include "analysis/GitSource.h"
#include "analysis/InputFile.h"
#include "analysis/Patch.h"

#include <string>
#include <vector>

namespace provcheck {

struct SourceOptions {
  std::string repoDir = "."; // like git -C: the repository, and the base of relative paths
  RangeOptions range;         // how revision ranges are read (threads, progress)
  size_t maxInputSize = kDefaultMaxInputSize; // bytes of one patch file, mbox or stdin
};

// Reads every SOURCE in order; no sources = the commits of the current branch that are
// not on its upstream. The first source that cannot be read is the Error.
Expected<PatchSet> readSources(const std::vector<std::string> &sources, const SourceOptions &);

} // namespace provcheck
