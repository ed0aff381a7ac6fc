// The trailers of a commit message, found the way git finds them when it reads a commit
// (`git log --format=%(trailers)`, `git interpret-trailers --parse --no-divider`): the
// last paragraph after the title, when every line of it is a trailer or it holds a
// `Signed-off-by: ` (or `(cherry picked from commit `) line and at least a quarter of its
// lines are trailers. A commit message is not a mail: a `---` line, a quoted diff or a
// `--->8---` line is text like any other and never ends the message. (A mail's message is
// cut at its `---` line by the mail reader before it gets here.)
#pragma once

#include "analysis/Patch.h"

#include <string_view>
#include <vector>

namespace provcheck {

// Each trailer with its key as written (trimmed), its value unfolded (continuation lines
// joined with one space) and the 1-based line of its first line in `message`.
std::vector<Trailer> parseTrailers(std::string_view message);

} // namespace provcheck
