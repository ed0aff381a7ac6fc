// Applying one file's hunks to a text in memory, the way `git apply` does without fuzz:
// every context and removed line of a hunk must match the text exactly, but a hunk may
// apply a few lines away from where its header says (an offset), searched outwards from
// there. A hunk starting at line 1 must match at the beginning, a hunk without trailing
// context at the end, as in git.
#pragma once

#include "analysis/Patch.h"

#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

struct AppliedText {
  std::string text;          // the post-image
  std::vector<int> offsets;  // per hunk: where it applied minus where its header says
  bool moved() const;        // some hunk applied at an offset
};

struct ApplyFailure {
  int hunk = 0;         // 1-based index of the hunk that did not apply
  std::string why;      // "hunk 2 (@@ -40,6 +40,7 @@) does not match"
};

// The post-image of `file` applied to `preimage` (empty for an added file). Binary files
// and files without hunks come back unchanged.
struct ApplyOutcome {
  bool ok = false;
  AppliedText applied;
  ApplyFailure failure;
};
ApplyOutcome applyHunks(std::string_view preimage, const FileChange &file);

// Moves the line numbers of `file`'s hunks by the offsets at which they applied, so that
// they point into the text they were applied to.
void shiftHunks(FileChange &file, const std::vector<int> &offsets);

} // namespace provcheck
