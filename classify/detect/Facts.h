// What the mechanical detectors read: every hunk of a patch seen as lines (blank,
// comment-only, code) and as lexer tokens of its removed and added code, computed once.
#pragma once

#include "analysis/Entities.h"
#include "analysis/Patch.h"
#include "analysis/Tokens.h"
#include "classify/Classification.h"

#include <optional>
#include <string>
#include <vector>

namespace provcheck {

// A token of a hunk's changed code; `line` is the index of its line in Hunk::lines.
struct HunkToken {
  TokenKind kind = TokenKind::Other;
  std::string text;
  int line = 0;
};

struct HunkFacts {
  std::vector<bool> blank;       // per Hunk::lines: only whitespace
  std::vector<bool> commentOnly; // per Hunk::lines: not blank, no code (comment text)
  std::vector<HunkToken> oldCode, newCode; // code tokens of removed / added lines
  std::vector<HunkToken> oldContext, newContext; // code tokens of context lines per side
  std::vector<std::string> oldComments, newComments; // comment tokens on changed lines
  bool hasCodeChange() const { return !oldCode.empty() || !newCode.empty(); }
};

struct FileFacts {
  bool candidate = false; // a code file (not docs/tests by path) with hunks to judge
  bool cFamily = false;   // lexed as C/C++
  std::vector<HunkFacts> hunks; // parallel to FileChange::hunks
};

// A detector's conclusion about one hunk: mechanical (or comment-only) with its reason.
struct Mechanical {
  Reason reason;
  bool commentOnly = false; // documentation: the category is docs, not mechanical
};

// Patch-wide view the detectors share. `claims` is parallel to files and hunks: a
// detector fills the slots of hunks it proves; a slot already filled is left alone.
struct DetectContext {
  const Patch &patch;
  const std::vector<FileEntities> *entities = nullptr; // may be null
  std::vector<FileFacts> files;                        // parallel to Patch::files
  int repeatedEditMinSites = 3;
  bool toolNamed = false; // the message names a deterministic tool (supporting evidence)
  std::vector<std::vector<std::optional<Mechanical>>> claims;

  bool claimed(size_t f, size_t h) const { return claims[f][h].has_value(); }
};

// Lexes and classifies the lines of every hunk of candidate files.
FileFacts computeFileFacts(const FileChange &file, bool candidate);

// Lines of a hunk that are added or removed and neither blank nor comment-only.
int codeLines(const Hunk &hunk, const HunkFacts &facts, LineKind kind);

// "path:line" of a hunk line (old line for removed lines, new line otherwise).
std::string lineLocation(const FileChange &file, const DiffLine &line);

} // namespace provcheck
