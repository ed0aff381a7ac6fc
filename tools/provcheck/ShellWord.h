// A word for sh: the text as it is when sh reads it so ("qemu", "/a/b.toml", a commit id),
// else in single quotes, a quote inside written '\''. For the scripts provcheck writes
// (the git hook, the shell completions) and the commands it prints.
#pragma once

#include <string>
#include <string_view>

namespace provcheck {

inline std::string shellWord(std::string_view s) {
  bool plain = !s.empty();
  for (char c : s)
    plain &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             std::string_view("_./:@%+=,-").find(c) != std::string_view::npos;
  if (plain) return std::string(s);
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace provcheck
