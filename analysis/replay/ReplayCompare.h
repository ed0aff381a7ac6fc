// A replayed file against the patch: which hunks the replay made exactly, which it did
// not, and what it changed that the patch leaves alone; and what that means for each
// command's claim.
#pragma once

#include "analysis/Images.h"
#include "analysis/Patch.h"
#include "classify/Classification.h"

#include <cstddef>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace provcheck::replay {

struct FileComparison {
  static constexpr size_t kNotInPatch = std::numeric_limits<size_t>::max();
  size_t fileIndex = kNotInPatch; // index in patch.files, or kNotInPatch
  std::string path;
  std::vector<size_t> reproduced; // hunks the replay made exactly
  // Hunks it made up to layout: in a C-family file, the same tokens (comments with their
  // spaces collapsed, string literals byte for byte), lines broken or indented otherwise.
  std::vector<size_t> layout;
  // Hunks whose code it made, token for token, but whose comments differ from the
  // post-image's: the author kept, wrote or reworded a comment the tool did not.
  std::vector<size_t> comments;
  std::vector<size_t> missed;     // hunks where it differs from the post-image
  std::string firstMissed;        // "hw/x.c @@ -10,7 +10,7 @@" of the first of them
  std::vector<int> extraLines;    // lines (of the post-image) it changes outside every hunk
  // Whether what the replay changed meets a hunk of the patch (its lines, context
  // included): when nothing does, the command was about other lines of the file.
  bool editsMeetHunks = false;
  std::string problem;            // why there was nothing to compare with, or ""
};

// `replayed` is the file at `path` (its pre-image path, whose text was `preimage`) after
// the replay; a path the patch does not change is compared with its pre-image (every
// difference is then an extra change), a file the patch renames with its post-image at the
// new path.
FileComparison compareWithPatch(const Patch &patch, const PatchImages &images,
                                const std::string &path, const std::string &preimage,
                                const std::string &replayed);

// The claim of a command that ran: reproduced when it made every hunk of the files it
// changed (exactly, up to layout or up to comments) and nothing else, partly when some, not reproduced
// when none (or when it changed nothing). `meetsPatch` says whether what it changed meets
// a hunk of the patch at all.
void accountJob(const std::set<std::string> &changed,
                const std::map<std::string, FileComparison> &compared,
                const std::vector<std::string> &files, ToolClaim &claim);

} // namespace provcheck::replay
