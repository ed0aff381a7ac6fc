// Reading an input whole (a patch file, an mbox, stdin, a policy file), with a limit on
// its size: an input past it (say /dev/zero given as a source) is an error before memory
// runs out, not a run that never ends.
#pragma once

#include "analysis/Error.h"

#include <cstdio>
#include <string>

namespace provcheck {

// The default limit: far above any series or patch file; a large list archive may need
// --max-input-size.
inline constexpr size_t kDefaultMaxInputSize = size_t(256) << 20; // 256 MiB

// The whole file at `path` (a regular file is refused by its size before it is read).
// Errors name `path`.
Expected<std::string> readInputFile(const std::string &path, size_t limit = kDefaultMaxInputSize);
// The rest of `stream`, named `name` in errors.
Expected<std::string> readInputStream(std::FILE *stream, const std::string &name,
                                      size_t limit = kDefaultMaxInputSize);

// "512 MiB", "1 GiB", "300 bytes": a size for messages.
std::string sizeText(size_t bytes);
// "1G", "512M", "64k", "1000": a size given on the command line; false when malformed.
bool parseSize(const std::string &text, size_t &out);

} // namespace provcheck
