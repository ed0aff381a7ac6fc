// Who owns a path: the MAINTAINERS sections that match it, in get_maintainer.pl's order,
// with the people and lists they name. The answer later stages (core-code agreement,
// pre-approval requests, risk reports) work from.
#pragma once

#include "analysis/Patch.h"

#include <string>
#include <vector>

namespace provcheck {

struct OwningSection {
  std::string name;        // section title
  int index = 0;           // position in MAINTAINERS (tie-break order)
  int line = 0;            // line of the title in MAINTAINERS
  std::string status;      // S: as written, "" when absent
  int depth = 0;           // get_maintainer.pl's pattern depth of the match
  std::string pattern;     // the F: (or N:/K:) pattern that matched
  bool byKeyword = false;  // matched through K:, not a path
  std::vector<Person> maintainers; // M:, .mailmap applied, P: names filled in
  std::vector<Person> reviewers;   // R:
  std::vector<std::string> lists;  // L:, as written
};

} // namespace provcheck
