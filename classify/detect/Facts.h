// What the mechanical detectors read: every hunk of a patch seen as lines (blank,
// comment-only, code) and as lexer tokens of each whole side (context and changed
// lines), lexed from the state the side really starts in (inside a block comment, inside
// a directive continued from above), computed once.
#pragma once

#include "analysis/Entities.h"
#include "analysis/Patch.h"
#include "analysis/Tokens.h"
#include "classify/Classification.h"
#include "classify/detect/PatchTexts.h"
#include "maps/DependencyMap.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

// A token of a hunk; `line` is the index of its line in Hunk::lines. Besides the lexer's
// tokens, a side holds two markers that make a directive's extent part of the stream:
// kEndOfDirective after a directive's last token (moving a line across "#endif", or a
// token into a "#define" body, changes the stream), and kMacroParameters before the '('
// of a function-like macro's parameters ("#define F(x)" is not "#define F (x)").
// Its text views the lexed text of its side, which the HunkFacts holding it owns (a
// marker views its constant below).
struct HunkToken {
  std::string_view text;
  int line = 0;
  TokenKind kind = TokenKind::Other;
};
inline constexpr std::string_view kEndOfDirective = "<end of directive>";
inline constexpr std::string_view kMacroParameters = "<macro parameters>";

struct HunkFacts {
  std::vector<bool> blank;       // per Hunk::lines: only whitespace
  std::vector<bool> commentOnly; // per Hunk::lines: not blank, no code (comment text)
  std::vector<HunkToken> oldCode, newCode; // code tokens of removed / added lines
  std::vector<HunkToken> oldContext, newContext; // code tokens of context lines per side
  std::vector<std::string_view> oldComments, newComments; // comment tokens on changed lines
  // The texts the sides were lexed from, which the tokens and comments above view. Shared
  // and never changed: a copy or a move of the facts leaves every view valid.
  std::shared_ptr<const std::string> oldText, newText;
  // Both sides were lexed from the state the whole pre-image and post-image give at
  // their first line (or start at the top of the file).
  bool exact = false;
  // Without the images, the lines suggest that a side starts inside a block comment or
  // a directive continued from above: what is code and what is comment is a guess.
  bool uncertain = false;
  bool hasCodeChange() const { return !oldCode.empty() || !newCode.empty(); }
};

struct FileFacts {
  bool candidate = false; // a file with hunks to judge
  bool cFamily = false;   // lexed as C/C++
  bool exact = false;     // every hunk exact
  std::vector<HunkFacts> hunks; // parallel to FileChange::hunks
};

// A detector's conclusion about one hunk: mechanical (or comment-only) with its reason.
struct Mechanical {
  Reason reason;
  bool commentOnly = false; // documentation: the category is docs, not mechanical
};

// Patch-wide view the detectors share. `claims` is parallel to files and hunks: a
// detector fills the slots of hunks it proves; a slot already filled is left alone.
// `notProven` holds, per hunk, what a rule found close to a proof and why it is not one
// ("moved (statements reordered inside foo)"): the reasons of a hunk that stays code.
struct DetectContext {
  const Patch &patch;
  const std::vector<FileEntities> *entities = nullptr; // may be null
  std::vector<FileFacts> files;                        // parallel to Patch::files
  int repeatedEditMinSites = 3;
  std::vector<std::vector<std::optional<Mechanical>>> claims;
  std::vector<std::vector<std::vector<std::string>>> notProven;
  const PatchTexts *texts = nullptr;   // whole images, may know nothing
  const DependencyMap *deps = nullptr; // symbol index of the tree, may be null

  bool claimed(size_t f, size_t h) const { return claims[f][h].has_value(); }
  // Records why `rule` does not prove hunk h of file f ("rule (why)"), once.
  void refuse(size_t f, size_t h, std::string_view rule, std::string_view why);
};

// Lexes and classifies the lines of every hunk of candidate files. With the file's whole
// pre-image and post-image texts (their lineStates()), each side is lexed from its real
// starting state; without them, from a guess marked `uncertain` where it matters.
FileFacts computeFileFacts(const FileChange &file, bool candidate,
                           const SourceStates *oldStates = nullptr,
                           const SourceStates *newStates = nullptr);

// Lines of a hunk that are added or removed and neither blank nor comment-only.
int codeLines(const Hunk &hunk, const HunkFacts &facts, LineKind kind);

// "path:line" of a hunk line (old line for removed lines, new line otherwise).
std::string lineLocation(const FileChange &file, const DiffLine &line);

} // namespace provcheck
