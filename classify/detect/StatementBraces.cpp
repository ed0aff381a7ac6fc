// Braces added around, or removed from, the single statement of an if, else, for or
// while: `if (c) x;` and `if (c) { x; }` are the same program, unless the statement
// calls a function-like macro (a name in capitals), which may expand to several
// statements. Used by formatting-only.
#include "classify/detect/Detectors.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace provcheck {
namespace {

// A name written in capitals and called, a function-like macro by convention: it may
// expand to several statements, which braces would all put under the condition.
bool macroCall(const std::vector<SideToken> &s, size_t k) {
  std::string_view t = s[k].token->text;
  if (s[k].token->kind != TokenKind::Identifier || k + 1 >= s.size() || s[k + 1].token->text != "(")
    return false;
  bool letter = false;
  for (char c : t) {
    if (c >= 'a' && c <= 'z') return false;
    letter = letter || (c >= 'A' && c <= 'Z');
  }
  return letter;
}

// The first token of a statement that braces would change: a nested if (its else would
// attach differently), another control statement or a label.
bool unsafeFirst(const std::vector<SideToken> &s, size_t k) {
  static constexpr std::array<std::string_view, 8> words = {"if", "else", "for", "while",
                                                            "do", "switch", "case", "default"};
  std::string_view t = s[k].token->text;
  if (std::find(words.begin(), words.end(), t) != words.end()) return true;
  return k + 1 < s.size() && s[k + 1].token->text == ":";
}

// Whether `more` is `less` with braces inserted around single statements only. The
// inserted braces are changed tokens; everything else aligns one to one.
bool bracesInserted(const std::vector<SideToken> &more, const std::vector<SideToken> &less) {
  std::vector<bool> inserted(more.size(), false);
  size_t i = 0, j = 0;
  bool any = false;
  while (i < more.size() || j < less.size()) {
    if (i < more.size() && j < less.size() && more[i].token->text == less[j].token->text) {
      ++i, ++j;
    } else if (i < more.size() && more[i].changed &&
               (more[i].token->text == "{" || more[i].token->text == "}")) {
      inserted[i++] = true;
      any = true;
    } else {
      return false;
    }
  }
  if (!any) return false;
  for (size_t k = 0; k < more.size(); ++k) {
    if (!inserted[k]) continue;
    if (more[k].token->text == "}") return false; // not closed by a '{' before it
    // After the condition's ')' or after else.
    if (k == 0 || (more[k - 1].token->text != ")" && more[k - 1].token->text != "else")) return false;
    if (k + 1 >= more.size() || more[k + 1].token->text == ";" || unsafeFirst(more, k + 1)) return false;
    int depth = 0;
    size_t close = k;
    for (size_t q = k; q < more.size(); ++q) {
      std::string_view t = more[q].token->text;
      if (t == "{") ++depth;
      if (t == "}" && --depth == 0) {
        close = q;
        break;
      }
      // One statement: its only ';' at the braces' level is its last token.
      if (t == ";" && depth == 1 && (q + 1 >= more.size() || more[q + 1].token->text != "}")) return false;
      if (macroCall(more, q)) return false;
    }
    if (close == k || !inserted[close] || more[close - 1].token->text != ";") return false;
    inserted[k] = inserted[close] = false; // a matched pair
  }
  // A '}' inserted without its '{' is left over.
  return std::find(inserted.begin(), inserted.end(), true) == inserted.end();
}

} // namespace

bool onlyStatementBraces(const HunkFacts &hf) {
  std::vector<SideToken> oldSide = sideStream(hf.oldCode, hf.oldContext);
  std::vector<SideToken> newSide = sideStream(hf.newCode, hf.newContext);
  return bracesInserted(newSide, oldSide) || bracesInserted(oldSide, newSide);
}

} // namespace provcheck
