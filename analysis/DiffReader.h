// libgit2 diffs -> FileChange/Hunk/DiffLine. Both a diff computed between two trees
// and a diff parsed from text (git_diff_from_buffer) go through the same reader, so a
// commit and its format-patch file give the same model.
#pragma once

#include "analysis/Error.h"
#include "analysis/Git.h"
#include "analysis/Patch.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

// Every delta of `diff` with its hunks and lines. `source` names the input in errors.
Expected<std::vector<FileChange>> readDiff(git_diff *diff, const std::string &source);

// Appends the hunks and lines of one libgit2 patch to `file` (the reader readDiff uses
// for each delta; also for a patch made with git_patch_from_buffers).
Status readPatchHunks(git_patch *patch, FileChange &file, const std::string &source);

// `text` with a "-- " line after every git header that ends at its "index" line (an
// added or deleted empty file) where another file's "diff --git" or the end of the text
// follows. libgit2 1.5.1 rejects such a header as "invalid patch header" (its bug #6778,
// fixed upstream later) and accepts it when the "-- " of format-patch's signature
// follows; `git apply` reads both. nullopt when nothing needs adding.
std::optional<std::string> withHeaderEnds(std::string_view text);

// Parses unified diff text (anything before the first "diff --git" is skipped) with
// libgit2. Errors name `source` and `line` (where the text starts in that input).
Expected<git::Diff> parseDiffText(std::string_view text, const std::string &source,
                                  int line = 0);

// True when `text` holds at least one line starting with "diff --git " or "--- "
// followed by "+++ " and "@@", i.e. something parseDiffText should be given.
bool containsDiff(std::string_view text);

} // namespace provcheck
