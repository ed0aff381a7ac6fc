// Cover letters kept in git by b4: `b4 prep` keeps the cover letter of a series as an
// empty commit at the start of the branch, its message ending in a tracking section
// ("--- b4-submit-tracking ---" and JSON: the series' revision and subject prefixes).
// Such a commit is the series' cover letter, never a patch.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace provcheck {

struct B4Tracking {
  int revision = 1;  // the series version ("v2" is 2)
  bool rfc = false;  // "RFC" among its prefixes
  std::string cover; // the message without the tracking section
};

// The tracking section of a message, or nullopt when it has none.
std::optional<B4Tracking> b4Tracking(std::string_view message);

} // namespace provcheck
