// Perl-compatible regular expressions through PCRE2: the MAINTAINERS patterns (F:/X:
// globs turned into regexes, K: and N: Perl regexes) are Perl syntax, not ECMAScript.
#pragma once

#include "analysis/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace provcheck {

class Regex {
public:
  enum Flags : unsigned { None = 0, Extended = 1, Caseless = 2, DotAll = 4 };
  // Compiles `pattern`; the Error carries PCRE2's message and the offset in the pattern.
  static Expected<Regex> compile(std::string_view pattern, unsigned flags = None);

  // True when the pattern matches somewhere in `subject` (like Perl's m//).
  bool search(std::string_view subject) const;
  // Like search, and returns the captures (0 = whole match); empty when no match.
  std::vector<std::string> captures(std::string_view subject) const;

  // Searches from `offset` (anchors still see the whole subject); on a match, `spans`
  // holds [begin, end) of the match and of each capture (npos for unset ones).
  bool findAt(std::string_view subject, size_t offset,
              std::vector<std::pair<size_t, size_t>> &spans) const;
  // Perl's s/pattern/replacement/g: every non-overlapping match replaced; `$1` in
  // `replacement` names a capture.
  std::string replaceAll(std::string_view subject, std::string_view replacement) const;

  const std::string &pattern() const { return pattern_; }

  // True when no text that begins with `prefix` can match: the pattern is anchored at
  // the start of the subject (every alternative begins with ^ or \A, without /m) and
  // PCRE2's hard partial matching fails on the prefix. A file can then be judged by its
  // first bytes. False when unsure (not anchored, a partial match, a limit hit).
  bool excludedByPrefix(std::string_view prefix) const;
  // True when the pattern is anchored at the start of the subject (as above).
  bool anchored() const;

  // A search that PCRE2 gave up (its match, depth or heap limit: catastrophic
  // backtracking) answers "no match". The first such subject is kept (shared by the
  // copies of the Regex), so that whoever owns the pattern can report it with its line.
  std::optional<std::string> limitHit() const;
  // A copy that shares the compiled pattern and keeps a record of its own of the
  // subjects PCRE2 gave up on (what limitHit() answers).
  Regex withOwnLimits() const;

private:
  struct Code;
  struct Limits;
  // pcre2_match's result: a match, or not (a limit hit is remembered).
  bool matched(int rc, std::string_view subject) const;
  std::shared_ptr<const Code> code_;
  std::shared_ptr<Limits> limits_;
  std::string pattern_;
};

// Patterns compiled once for a sequence of compilations that repeat most of them (the
// MAINTAINERS of consecutive trees: its sections change a few at a time). Each answer
// shares the compiled code of the first and has its own record of limits hit, as if
// compiled anew. retire() lets go of what was not asked for since the call before, so
// that the cache holds one compilation's patterns and the last change's.
class RegexCache {
public:
  Expected<Regex> compile(std::string_view pattern, unsigned flags = Regex::None);
  void retire();
  size_t size() const { return byText_.size(); }
  size_t compiled() const { return compiled_; } // patterns compiled, since the start

private:
  struct Entry {
    Regex regex;
    unsigned round = 0;
  };
  std::unordered_map<std::string, Entry> byText_; // by pattern, '\0', flags
  unsigned round_ = 0;
  size_t compiled_ = 0;
};

} // namespace provcheck
