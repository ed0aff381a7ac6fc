#include "classify/PathRules.h"

namespace provcheck {
namespace {

// Glob over a whole string: '*' stays within a component, "**" crosses components
// ("**/" also matches no directory at all), '?' is one character other than '/'.
// Patterns are short: plain recursion is enough.
bool globMatch(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.starts_with("**/")) {
      std::string_view rest = p.substr(3);
      for (size_t i = 0;; ) {
        if (globMatch(rest, s.substr(i))) return true;
        size_t slash = s.find('/', i);
        if (slash == std::string_view::npos) return false;
        i = slash + 1;
      }
    }
    if (p.starts_with("**")) {
      std::string_view rest = p.substr(2);
      for (size_t i = 0; i <= s.size(); ++i)
        if (globMatch(rest, s.substr(i))) return true;
      return false;
    }
    if (p[0] == '*') {
      std::string_view rest = p.substr(1);
      for (size_t i = 0; i <= s.size(); ++i) {
        if (globMatch(rest, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') return false;
      }
      return false;
    }
    if (s.empty()) return false;
    if (p[0] == '?' ? s[0] == '/' : p[0] != s[0]) return false;
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

} // namespace

bool matchPath(std::string_view pattern, std::string_view path) {
  while (pattern.starts_with("./")) pattern.remove_prefix(2);
  // A leading '/' anchors the pattern at the top of the tree.
  bool anchored = pattern.starts_with('/');
  if (anchored) pattern.remove_prefix(1);
  if (pattern.empty()) return false;
  if (pattern.ends_with('/')) {
    // A directory: everything below it. Any prefix of the path ending before a '/'.
    std::string_view dir = pattern.substr(0, pattern.size() - 1);
    for (size_t i = 0; i < path.size(); ++i)
      if (path[i] == '/' && globMatch(dir, path.substr(0, i))) return true;
    return false;
  }
  if (!anchored && pattern.find('/') == std::string_view::npos) {
    size_t slash = path.rfind('/');
    std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
    return globMatch(pattern, base);
  }
  return globMatch(pattern, path);
}

const PathRule *firstMatch(const std::vector<PathRule> &rules, std::string_view path) {
  for (const PathRule &r : rules)
    if (matchPath(r.pattern, path)) return &r;
  return nullptr;
}

} // namespace provcheck
