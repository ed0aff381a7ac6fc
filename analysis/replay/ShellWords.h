// A shell command line as a commit message quotes it, split the way a POSIX shell would
// split it — quotes, backslashes, line continuations, pipelines and lists — without
// running anything: no expansion takes place; a word only records what it would expand.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace provcheck::replay {

struct ShellWord {
  std::string text;          // after quote removal; expansions kept as written
  bool quoted = false;       // some part of it was quoted
  bool glob = false;         // an unquoted *, ? or [ (a pattern the shell would expand)
  bool variable = false;     // a $NAME or ${...} outside single quotes
  bool substitution = false; // a $(...) or `...` command substitution
  std::string inner;         // the text of the (first) command substitution
  bool brace = false;        // an unquoted {a,b} the shell would expand
  bool operator==(const ShellWord &) const = default;
};

// One simple command: its words, without redirections.
struct SimpleCommand {
  std::vector<ShellWord> words;
  bool redirected = false; // had a redirection (>, <, >>, 2>&1)
};

// Commands joined by '|'.
struct Pipeline {
  std::vector<SimpleCommand> commands;
};

struct ShellLine {
  std::vector<Pipeline> pipelines; // joined by ';', '&&', '||', '&' or a newline inside $()
  size_t end = 0;                  // offset just past the line (its unquoted newline)
  std::string problem;             // why the text is not a complete command ("" when it is)
};

// Splits the command that starts at `start` of `text`; it ends at the first newline
// outside quotes, substitutions and line continuations (a backslash before the
// newline), or at the end of the text. A here-document or an unterminated quote is a
// problem, reported with the command's words so far.
ShellLine splitShell(std::string_view text, size_t start = 0);

// The words a brace expansion makes of `text` ("a/{b,c}.c" -> "a/b.c", "a/c.c"), in
// order; `text` itself when it has none.
std::vector<std::string> expandBraces(const std::string &text);

// The words of `w` joined with spaces, as one line (for messages).
std::string joinWords(const std::vector<ShellWord> &w);

} // namespace provcheck::replay
