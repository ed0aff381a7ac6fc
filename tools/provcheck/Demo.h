// The bundled demo: a small git repository laid out like QEMU (MAINTAINERS with a core
// section, a device model, docs and tests; C sources, docs, tests) and a branch of
// commits on top of its upstream, some declaring AI use with `AI-used-for:`.
#pragma once

#include "analysis/Error.h"

#include <string>

namespace provcheck {

struct DemoRepository {
  std::string path;     // work tree
  std::string upstream; // the branch the demo commits are on top of ("upstream")
  std::string range;    // "upstream..master": the demo commits, oldest first
  int commits = 0;      // number of demo commits in `range`
};

// Creates the demo repository in `dir`, which must not exist or be empty. The branch
// master tracks the local branch upstream, so `provcheck check` with no SOURCE checks
// the demo commits. Commit dates and authors are fixed: the ids are the same every time.
Expected<DemoRepository> createDemoRepository(const std::string &dir);

} // namespace provcheck
