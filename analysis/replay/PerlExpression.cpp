// perl -p expressions made only of substitutions and transliterations, the shapes
// that rewrite text and run nothing else.
#include "analysis/replay/ToolScripts.h"

#include <cctype>

namespace provcheck::replay {
namespace {

char closing(char open) {
  switch (open) {
  case '(': return ')';
  case '[': return ']';
  case '{': return '}';
  case '<': return '>';
  default: return open;
  }
}

class PerlParser {
public:
  explicit PerlParser(std::string_view s) : s_(s) {}

  std::string run() {
    int statements = 0;
    while (problem_.empty()) {
      skip();
      while (peek() == ';') {
        ++i_;
        skip();
      }
      if (at_end()) break;
      statement();
      ++statements;
      skip();
      if (!at_end() && peek() != ';' && problem_.empty())
        problem_ = "more than s/// and y/// statements";
    }
    if (problem_.empty() && statements == 0) problem_ = "no s/// or y/// statement";
    return problem_;
  }

private:
  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  void skip() {
    while (!at_end()) {
      if (std::isspace(static_cast<unsigned char>(s_[i_]))) {
        ++i_;
      } else if (s_[i_] == '#') { // a comment
        while (!at_end() && s_[i_] != '\n') ++i_;
      } else {
        break;
      }
    }
  }

  // One delimited part starting at the opening delimiter; returns its body.
  bool part(char open, std::string &body) {
    char close = closing(open);
    int depth = 1;
    while (!at_end()) {
      char c = s_[i_++];
      if (c == '\\' && !at_end()) {
        body += c;
        body += s_[i_++];
        continue;
      }
      if (close != open && c == open) ++depth;
      if (c == close && --depth == 0) return true;
      body += c;
    }
    return false;
  }

  // Interpolation in a pattern or a replacement: only match variables, and a '$'
  // ending the pattern or before ')' or '|' (an anchor).
  void interpolation(const std::string &body, bool pattern) {
    for (size_t k = 0; k < body.size() && problem_.empty(); ++k) {
      char c = body[k];
      if (c == '\\') {
        ++k;
        continue;
      }
      if (pattern && c == '(' && k + 2 < body.size() && body[k + 1] == '?' &&
          (body[k + 2] == '{' || (body[k + 2] == '?' && k + 3 < body.size() && body[k + 3] == '{')))
        problem_ = "code in a pattern ((?{ }))";
      if (pattern && c == '(' && k + 2 < body.size() && body[k + 1] == '*' && body[k + 2] == '{')
        problem_ = "code in a pattern ((*{ }))";
      if (c == '@' && k + 1 < body.size() &&
          (body[k + 1] == '{' || body[k + 1] == '_' || std::isalpha(static_cast<unsigned char>(body[k + 1]))))
        problem_ = "an array interpolated (@...)";
      if (c != '$') continue;
      size_t n = k + 1;
      if (n >= body.size() || body[n] == ')' || body[n] == '|' || (pattern && std::isspace(static_cast<unsigned char>(body[n]))))
        continue; // an anchor
      if (std::isdigit(static_cast<unsigned char>(body[n])) || body[n] == '&') continue;
      if (body[n] == '{' && n + 1 < body.size() && std::isdigit(static_cast<unsigned char>(body[n + 1]))) {
        size_t m = n + 1;
        while (m < body.size() && std::isdigit(static_cast<unsigned char>(body[m]))) ++m;
        if (m < body.size() && body[m] == '}') continue;
      }
      problem_ = "a variable interpolated ($" + body.substr(n, 8) + ")";
    }
  }

  void statement() {
    size_t start = i_;
    while (!at_end() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
    std::string_view op = s_.substr(start, i_ - start);
    bool subst = op == "s";
    if (!subst && op != "y" && op != "tr") {
      problem_ = "more than s/// and y/// statements";
      return;
    }
    skip();
    if (at_end() || std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_') {
      problem_ = "a statement without a delimiter";
      return;
    }
    char open = s_[i_++];
    std::string pattern, replacement;
    if (!part(open, pattern)) {
      problem_ = "an unterminated " + std::string(op);
      return;
    }
    char second = open;
    if (closing(open) != open) { // s{...}{...}: the replacement has its own delimiters
      skip();
      if (at_end()) {
        problem_ = "an unterminated " + std::string(op);
        return;
      }
      second = s_[i_++];
    }
    if (!part(second, replacement)) {
      problem_ = "an unterminated " + std::string(op);
      return;
    }
    std::string flags;
    while (!at_end() && std::isalpha(static_cast<unsigned char>(peek()))) flags += s_[i_++];
    std::string_view allowed = subst ? "msixpodualngcr" : "cdsr";
    for (char f : flags) {
      if (subst && f == 'e') {
        problem_ = "the e flag evaluates the replacement as code";
        return;
      }
      if (allowed.find(f) == std::string_view::npos) {
        problem_ = std::string("unknown flag '") + f + "'";
        return;
      }
    }
    if (open == '\'') return; // single quotes: no interpolation
    interpolation(pattern, true);
    if (subst) interpolation(replacement, false);
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string problem_;
};

} // namespace

std::string checkPerlExpression(std::string_view expression) {
  return PerlParser(expression).run();
}

} // namespace provcheck::replay
