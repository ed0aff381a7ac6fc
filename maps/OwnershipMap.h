// MAINTAINERS turned into an index: which sections own a path, with exactly the
// semantics of QEMU's scripts/get_maintainer.pl (see maps/README.md), without trying
// every pattern of every section for every path.
#pragma once

#include "analysis/Error.h"
#include "maps/MailAddress.h"
#include "maps/Maintainers.h"
#include "maps/MaintainersParser.h"
#include "maps/Ownership.h"
#include "maps/Regex.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace provcheck {

class TreeView;

struct MaintainersOptions {
  MaintainersDialect dialect = MaintainersDialect::Auto;
  std::optional<std::string> mailmap; // .mailmap text; none: names as MAINTAINERS writes them
  std::string mailmapName = ".mailmap";
  // Where patterns are compiled, when a run builds maps of many versions of the file:
  // one compilation per distinct pattern (null: each map compiles its own).
  RegexCache *regexes = nullptr;
};

// One F:, X: or N: pattern as the script uses it.
struct PathPattern {
  int section = 0;
  int tagIndex = 0;        // position of the tag line in its section
  char tag = 'F';          // 'F', 'X' or the dialect's path-regex tag ('N')
  int line = 0;            // line in MAINTAINERS
  std::string written;     // the value as written
  std::string regex;       // the glob turned into a regex ('.' escaped, '*' -> '.*', '?' -> '.')
  std::string literal;     // the literal head of `regex` (used by the index)
  bool isLiteral = false;  // `regex` is all literal: matched without PCRE2
  int slashes = 0;         // '/' in `regex`
  int depth = 0;           // get_maintainer.pl's pattern depth
  std::optional<Regex> compiled; // PCRE2, when not literal
};

// A section matching one path.
struct SectionMatch {
  int section = 0;
  int depth = 0;
  const PathPattern *pattern = nullptr; // the F:/N: that set the depth (the last matching one)
  bool exact = false; // the script's "exact pattern match" (stops its git fallback)
};

// A K: keyword regex.
struct KeywordPattern {
  int section = 0;
  int line = 0;
  int ordinal = 0;      // the script's index of the line in its @typevalue (sort key)
  std::string written;
  std::optional<Regex> whole;   // m/$kw/x, for whole files (-f)
  std::optional<Regex> diffLine; // m/^[+-].*$kw/x, for patch lines after the first +++
};

class OwnershipMap {
public:
  // Parses MAINTAINERS text; `isDirectory(path)` tells whether a path names a directory
  // of the tree (provcheck asks the tree, not the filesystem).
  static Expected<OwnershipMap> build(std::string text, std::string fileName,
                                      std::function<bool(std::string_view)> isDirectory,
                                      const MaintainersOptions & = {});

  // Sections owning `path`, in get_maintainer.pl's order (deepest first; ties by file
  // order), with M:/R:/L: resolved (P: names, .mailmap when given).
  std::vector<OwningSection> sectionsFor(std::string_view path) const;

  // The lower level: matching sections with the pattern that decided each, in the same
  // order. `patternDepth` is --pattern-depth (0: all). `anyExact` is set when some
  // matching pattern is as deep as the path in a maintained section with an M:.
  std::vector<SectionMatch> match(std::string_view path, int patternDepth = 0,
                                  bool *anyExact = nullptr) const;

  // Every F:/X:/N: pattern matching `path` on its own (no exclusion, no depth), as
  // indexes into patterns(); for lint and explanations.
  std::vector<int> matchingPatterns(std::string_view path) const;
  static bool patternMatches(const PathPattern &pattern, std::string_view path);

  const MaintainersFile &file() const { return file_; }
  const DialectRules &rules() const { return *rules_; }
  const std::vector<PathPattern> &patterns() const { return patterns_; }
  const std::vector<KeywordPattern> &keywords() const { return keywords_; }
  // The keywords (K:, matched as m/$kw/x) that match somewhere in a file's text, in
  // file order: one search of all of them together answers for a text none matches (most
  // files), and only a text some keyword matches is searched keyword by keyword.
  std::vector<const KeywordPattern *> keywordsIn(std::string_view text) const;
  // True when no keyword can match a text that begins with `prefix` (all of them are
  // anchored at the start, as QEMU's `^Subject:` ones are): the rest of the file need not
  // be read. False when unsure.
  bool noKeywordAfter(std::string_view prefix) const;
  // True when every keyword is anchored at the start of a text (or there is none): a
  // file's first bytes answer for all of them, unless it begins like a match.
  bool keywordsAnchored() const { return keywords_.empty() || (anyKeyword_ && anyKeyword_->anchored()); }
  const Mailmap *mailmap() const { return mailmap_ ? &*mailmap_ : nullptr; }
  // Problems found while building (bad regexes), besides the parser's diagnostics.
  const std::vector<MaintainersDiagnostic> &diagnostics() const { return file_.diagnostics; }
  // Patterns (F:/X:/N:/K:) on which PCRE2 gave up while matching so far, by line: the
  // subject it gave up on was taken as not matching.
  std::vector<MaintainersDiagnostic> matchProblems() const;

  // The sections MAINTAINERS names for the project as a whole, the maintainers who answer
  // for a file no section with a maintainer owns: the first section that names
  // maintainers (M:) and no file at all (no F:, X:, N: or K:), as QEMU's "General Project
  // Administration" opens its MAINTAINERS. Empty when the file has none (Linux's "THE
  // REST" owns every path through F: patterns instead, so it is among a file's owners).
  std::vector<OwningSection> projectSections() const;

  // The section's title as get_maintainer.pl shows it in roles (cut after 17 bytes
  // when longer than 20).
  static std::string shortName(std::string_view title);
  OwningSection owningSection(const SectionMatch &m) const;

private:
  std::vector<int> candidates(std::string_view path) const;

  MaintainersFile file_;
  const DialectRules *rules_ = nullptr;
  std::vector<PathPattern> patterns_;
  std::vector<KeywordPattern> keywords_;
  std::optional<Regex> anyKeyword_; // (?:kw1)|(?:kw2)|..., when it means what they mean
  std::vector<int> alwaysTried_; // patterns without a literal head
  // The others by their literal head, as a trie: a path finds every pattern whose head
  // is one of its prefixes in one walk over its characters.
  struct LiteralNode {
    std::vector<std::pair<char, int>> next; // child node by the next character
    std::vector<int> patterns;              // patterns whose literal head ends here
  };
  std::vector<LiteralNode> literals_ = std::vector<LiteralNode>(1); // [0]: the root
  std::vector<char> maintained_, hasMaintainer_; // per section
  std::optional<Mailmap> mailmap_;
};

// Loads MAINTAINERS and .mailmap from a tree; directories are the tree's.
Expected<OwnershipMap> loadOwnershipMap(const TreeView &tree, const MaintainersOptions & = {});

// F:/X: glob to the script's regex: '.' -> '\.', '*' -> '.*', '?' -> '.'.
std::string globToRegex(std::string_view glob);

} // namespace provcheck
