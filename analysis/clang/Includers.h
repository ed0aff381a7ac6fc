// The includer of a header, as clangd finds one: a source file of the compilation
// database whose #include lines name the header directly. Its command parses the header
// in the context it is really compiled in, with the includes that precede the header's
// forced in first. A line scan of the #include directives, no preprocessing. Private to
// analysis/clang.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace provcheck::clangmap {

struct IncludeLine {
  std::string name; // as spelled between the quotes or the angle brackets
  bool angled = false;
  int line = 0;
  int depth = 0; // conditional groups open around the line (0: unconditional)
};

// The #include (and #include_next, #import) directives of a file, in order.
std::vector<IncludeLine> scanIncludes(std::string_view text);

// Whether a path names a header (or another file meant to be included), not a source
// file that a compilation database lists.
bool isHeaderPath(std::string_view path);

// The directories a command searches, absolute: quoted includes first look in the
// includer's directory, then `quote`, then `angled`; angled includes only in `angled`.
struct SearchPath {
  std::vector<std::string> quote;
  std::vector<std::string> angled;
};
// From the arguments of a command run in `directory` (-I, -iquote, -isystem, -idirafter).
SearchPath searchPath(const std::vector<std::string> &args, const std::string &directory);

// Source files ordered by how close they are to `header` (both relative to the root):
// the header's directory, then the one it mirrors outside include/, then by common
// leading directories; `hint` first when it is among them.
std::vector<std::string> rankCandidates(const std::vector<std::string> &sources,
                                        const std::string &header, const std::string &hint);

} // namespace provcheck::clangmap
