// A text's lines, as views into it.
#pragma once

#include <string_view>
#include <vector>

namespace provcheck {

// The lines of `text` without their '\n' (a '\r' before it is kept); a last line without
// '\n' counts, nothing follows a final '\n'.
inline std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    out.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

} // namespace provcheck
