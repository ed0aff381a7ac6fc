// GNU sed's script syntax (sed/compile.c), enough to find every command of a script and
// refuse those that run programs or touch other files.
#include "analysis/replay/ToolScripts.h"

#include <cctype>

namespace provcheck::replay {
namespace {

class SedParser {
public:
  explicit SedParser(std::string_view s) : s_(s) {}

  SedCheck run() {
    SedCheck out;
    int depth = 0;
    while (problem_.empty()) {
      skipSpaceAnd(";\n");
      if (at_end()) break;
      if (peek() == '#') {
        skipLine();
        continue;
      }
      if (!address()) break;
      skipSpace();
      while (peek() == '!') {
        ++i_;
        skipSpace();
      }
      if (at_end()) {
        fail("an address without a command");
        break;
      }
      char cmd = s_[i_++];
      ++out.commands;
      if (cmd == '{') {
        ++depth;
        continue;
      }
      if (cmd == '}') {
        if (--depth < 0) fail("an unmatched }");
        endOfCommand();
        continue;
      }
      command(cmd);
    }
    if (problem_.empty() && depth > 0) fail("an unmatched {");
    out.problem = problem_;
    return out;
  }

private:
  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  void fail(std::string why) {
    if (problem_.empty()) problem_ = std::move(why);
  }
  void skipSpace() {
    while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  void skipSpaceAnd(std::string_view more) {
    while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\t' || more.find(s_[i_]) != std::string_view::npos))
      ++i_;
  }
  void skipLine() {
    while (!at_end() && s_[i_] != '\n') ++i_;
  }
  void number() {
    while (std::isdigit(static_cast<unsigned char>(peek()))) ++i_;
  }

  // Through the next unescaped `delim` (escapes and newlines after '\' kept).
  bool delimited(char delim) {
    while (!at_end()) {
      char c = s_[i_++];
      if (c == '\\') {
        if (at_end()) return false;
        ++i_;
        continue;
      }
      if (c == delim) return true;
      if (c == '\n' && delim != '\n') return false;
    }
    return false;
  }

  bool regexAddress() {
    char delim = '/';
    if (peek() == '\\') {
      ++i_;
      if (at_end() || s_[i_] == '\n' || s_[i_] == '\\') return false;
      delim = s_[i_];
    }
    ++i_;
    if (!delimited(delim)) return false;
    while (peek() == 'I' || peek() == 'M') ++i_;
    return true;
  }

  // One address; false (with a problem) when malformed; true also when there is none.
  bool oneAddress(bool second) {
    char c = peek();
    if (std::isdigit(static_cast<unsigned char>(c))) {
      number();
      if (peek() == '~') {
        ++i_;
        number();
      }
      return true;
    }
    if (c == '$') {
      ++i_;
      return true;
    }
    if (c == '/' || c == '\\') {
      if (!regexAddress()) {
        fail("an unterminated address regex");
        return false;
      }
      return true;
    }
    if (second && (c == '+' || c == '~')) {
      ++i_;
      number();
      return true;
    }
    if (second) fail("a missing second address");
    return !second;
  }

  bool address() {
    size_t before = i_;
    if (!oneAddress(false)) return false;
    if (i_ == before) return true;
    skipSpace();
    if (peek() == ',') {
      ++i_;
      skipSpace();
      if (!oneAddress(true)) return false;
    }
    return true;
  }

  void endOfCommand() {
    skipSpace();
    if (at_end() || peek() == ';' || peek() == '\n' || peek() == '}' || peek() == '#') return;
    fail(std::string("unexpected '") + peek() + "' after a command");
  }

  // a, i, c: "a\" then lines, each but the last ending in '\'; or GNU's "a text".
  void text() {
    skipSpace();
    if (peek() == '\\') {
      ++i_;
      skipSpace();
      if (peek() == '\n') ++i_;
    }
    while (!at_end() && s_[i_] != '\n') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_; // an escaped newline continues the text
      ++i_;
    }
  }

  // b, t, T, v, ':' labels: up to ';' or the end of the line.
  void label() {
    skipSpace();
    while (!at_end() && s_[i_] != '\n' && s_[i_] != ';') ++i_;
  }

  void substitute() {
    if (at_end() || s_[i_] == '\n' || s_[i_] == '\\') {
      fail("an s command without a delimiter");
      return;
    }
    char delim = s_[i_++];
    if (!delimited(delim) || !delimited(delim)) {
      fail("an unterminated s command");
      return;
    }
    while (!at_end()) {
      char f = s_[i_];
      if (f == 'g' || f == 'p' || f == 'i' || f == 'I' || f == 'm' || f == 'M' ||
          std::isdigit(static_cast<unsigned char>(f))) {
        ++i_;
        continue;
      }
      if (f == 'e') return fail("the s command's e flag runs the pattern space as a command");
      if (f == 'w') return fail("the s command's w flag writes a file");
      break;
    }
    endOfCommand();
  }

  void transliterate() {
    if (at_end() || s_[i_] == '\n' || s_[i_] == '\\') {
      fail("a y command without a delimiter");
      return;
    }
    char delim = s_[i_++];
    if (!delimited(delim) || !delimited(delim)) {
      fail("an unterminated y command");
      return;
    }
    endOfCommand();
  }

  void command(char cmd) {
    switch (cmd) {
    case '=': case 'd': case 'D': case 'g': case 'G': case 'h': case 'H': case 'n':
    case 'N': case 'p': case 'P': case 'x': case 'z': case 'F':
      return endOfCommand();
    case 'l': case 'L': case 'q': case 'Q':
      skipSpace();
      number();
      return endOfCommand();
    case 'a': case 'i': case 'c':
      return text();
    case ':':
      skipSpace();
      if (at_end() || peek() == '\n' || peek() == ';') return fail("':' without a label");
      return label();
    case 'b': case 't': case 'T': case 'v':
      return label();
    case 's':
      return substitute();
    case 'y':
      return transliterate();
    case 'e':
      return fail("the e command runs a shell command");
    case 'r': case 'R':
      return fail(std::string("the ") + cmd + " command reads another file");
    case 'w': case 'W':
      return fail(std::string("the ") + cmd + " command writes a file");
    default:
      return fail(std::string("unknown command '") + cmd + "'");
    }
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string problem_;
};

} // namespace

SedCheck checkSedScript(std::string_view script) { return SedParser(script).run(); }

} // namespace provcheck::replay
