// moved: whole file-scope definitions and declarations taken from one place and put in
// another, in the same file or another file of the patch, unchanged. The proof reads the
// whole pre-image and post-image of the files involved: each is cut into its file-scope
// items (a function definition up to its closing brace, a declaration or a struct up to
// its ';', a directive line), each item keyed by its tokens (string and character
// literals byte for byte, directive ends marked) and by the conditional directives that
// enclose it. A hunk is moved when every item its changed code lines touch has the same
// key, as often, among the items of the other side: nothing changed but the items'
// places. Statements inside a function body are part of their function's item, so a
// statement moved inside a body, swapped with another or moved into an `if` changes the
// item; an item put under another #if changes its key. #include, #pragma and #undef lines
// keep their rank among such lines (their order is the program's). A cheap test first:
// every changed code line must appear, spaces aside, on the other side of the patch.
#include "classify/detect/Detectors.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace provcheck {
namespace {

std::string normalize(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(c);
  return out;
}

// A line long enough not to match another by chance ("return 0;" is not).
constexpr size_t kSubstantial = 24;

// Only braces and semicolons: a line the diff may take from either of two neighbours.
bool onlyBraces(std::string_view norm) {
  for (char c : norm)
    if (c != '{' && c != '}' && c != ';' && c != ')' && c != '(' && c != ',') return false;
  return true;
}

// Candidates: hunks with code changes whose every changed code line (but brace lines)
// appears, spaces aside, among the changed lines of the other side of the patch, one of
// them at least kSubstantial characters long.
std::vector<std::vector<bool>> candidates(const DetectContext &ctx) {
  std::unordered_set<std::string> removed, added;
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    if (!ctx.files[f].cFamily) continue;
    const FileChange &file = ctx.patch.files[f];
    for (size_t h = 0; h < file.hunks.size(); ++h)
      for (size_t i = 0; i < file.hunks[h].lines.size(); ++i) {
        const DiffLine &l = file.hunks[h].lines[i];
        if (l.kind == LineKind::Context || ctx.files[f].hunks[h].blank[i]) continue;
        (l.kind == LineKind::Removed ? removed : added).insert(normalize(l.text));
      }
  }
  std::vector<std::vector<bool>> out(ctx.files.size());
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileChange &file = ctx.patch.files[f];
    out[f].assign(file.hunks.size(), false);
    if (!ctx.files[f].cFamily) continue;
    for (size_t h = 0; h < file.hunks.size(); ++h) {
      const HunkFacts &hf = ctx.files[f].hunks[h];
      if (ctx.claimed(f, h) || !hf.hasCodeChange()) continue;
      bool all = true, some = false;
      for (size_t i = 0; i < file.hunks[h].lines.size() && all; ++i) {
        const DiffLine &l = file.hunks[h].lines[i];
        if (l.kind == LineKind::Context || hf.blank[i] || hf.commentOnly[i]) continue;
        std::string norm = normalize(l.text);
        if (onlyBraces(norm)) continue;
        all = (l.kind == LineKind::Removed ? added : removed).count(norm) > 0;
        some = some || norm.size() >= kSubstantial;
      }
      out[f][h] = all && some;
    }
  }
  return out;
}

struct Item {
  size_t file;
  bool old;
  int firstLine = 0, lastLine = 0; // 1-based lines of the image
  std::string key;                 // conditions + tokens
  std::string tokens;              // tokens only
  std::string name;                // the declared name, for reasons
  bool matched = false;
};

bool isConditional(std::string_view word) {
  return word == "if" || word == "ifdef" || word == "ifndef" || word == "elif" || word == "else" ||
         word == "endif" || word == "elifdef" || word == "elifndef";
}

// The file-scope items of one image, keyed.
void itemsOf(std::string_view text, const SourceStates &states, size_t file, bool old,
             Language lang, std::vector<Item> &out) {
  TokenStream ts = lexTokens(text, lang);
  const std::vector<Token> &tok = ts.code;
  int fixedRank = 0; // rank of order-sensitive directives (#include, #pragma, #undef)
  for (const FileItem &fi : fileItems(tok)) {
    Item item{file, old, fi.firstLine, fi.lastLine, {}, {}, fi.name, false};
    for (size_t q = fi.first; q <= fi.last; ++q) {
      item.tokens += tok[q].text;
      item.tokens += '\x01';
      if (tok[q].directive && (q + 1 == tok.size() || tok[q + 1].startOfLine))
        item.tokens += std::string(kEndOfDirective) + '\x01';
    }
    if (fi.directive) {
      std::string_view word = fi.first + 1 <= fi.last ? tok[fi.first + 1].text : std::string_view(item.tokens);
      if (word == "include" || word == "pragma" || word == "undef" || word == "include_next")
        item.tokens += "@rank " + std::to_string(fixedRank++);
    }
    item.key = states.conditionsAt(fi.firstLine) + '\x02' + item.tokens;
    // A conditional directive never moves: moved, it puts the items it passes under
    // another #if (those items' lines need not change at all).
    if (fi.directive && isConditional(fi.first + 1 <= fi.last ? tok[fi.first + 1].text : std::string_view()))
      item.key += '\x03' + std::string(old ? "old " : "new ") + std::to_string(file) + ':' +
                  std::to_string(fi.firstLine);
    out.push_back(std::move(item));
  }
}

// The item of `items` (one image, in line order) that holds `line`, or null.
Item *itemAt(const std::vector<Item *> &items, int line) {
  auto it = std::upper_bound(items.begin(), items.end(), line,
                             [](int l, const Item *i) { return l < i->firstLine; });
  if (it == items.begin()) return nullptr;
  --it;
  return (*it)->lastLine >= line ? *it : nullptr;
}

// The statements of an item (its tokens split at ';', '{' and '}'), to tell a reordering.
std::multiset<std::string> statements(const std::string &tokens) {
  std::multiset<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i + 1 < tokens.size(); ++i)
    if ((tokens[i] == ';' || tokens[i] == '{' || tokens[i] == '}') && tokens[i + 1] == '\x01' &&
        (i == 0 || tokens[i - 1] == '\x01')) {
      out.insert(tokens.substr(start, i + 1 - start));
      start = i + 2;
    }
  out.insert(tokens.substr(start));
  return out;
}

// Why an unmatched item is no move, from the items of the other side.
std::string whyNot(const Item &item, const std::vector<Item> &all) {
  std::string name = item.name.empty() ? "a declaration" : item.name;
  int before = 0, after = 0;
  for (const Item &o : all)
    if (o.key == item.key) (o.old ? before : after) += 1;
  if (before && after)
    return name + " is there " + std::to_string(before) + " times before the patch and " +
           std::to_string(after) + " after";
  for (const Item &o : all)
    if (o.old != item.old && !o.matched && o.tokens == item.tokens)
      return "the #if enclosing " + name + " changes";
  for (const Item &o : all) {
    if (o.old == item.old || o.matched || o.name != item.name || item.name.empty()) continue;
    if (statements(item.tokens) == statements(o.tokens)) return "statements reordered inside " + name;
    return name + " changes";
  }
  return name + " has no identical counterpart";
}

} // namespace

void detectCodeMotion(DetectContext &ctx) {
  std::vector<std::vector<bool>> cand = candidates(ctx);
  std::vector<size_t> files;
  for (size_t f = 0; f < cand.size(); ++f)
    for (bool c : cand[f])
      if (c) {
        files.push_back(f);
        break;
      }
  if (files.empty()) return;
  // The items of every image involved.
  std::vector<Item> items;
  for (size_t f : files) {
    const std::string *oldText = ctx.texts ? ctx.texts->oldText(f) : nullptr;
    const std::string *newText = ctx.texts ? ctx.texts->newText(f) : nullptr;
    if (!oldText || !newText) {
      for (size_t h = 0; h < cand[f].size(); ++h)
        if (cand[f][h]) ctx.refuse(f, h, "moved", "the whole pre-image and post-image are unknown");
      cand[f].assign(cand[f].size(), false);
      continue;
    }
    Language lang = languageOf(ctx.patch.files[f].path());
    itemsOf(*oldText, *ctx.texts->oldStates(f), f, true, lang, items);
    itemsOf(*newText, *ctx.texts->newStates(f), f, false, lang, items);
  }
  // Keys as often on both sides are matched.
  std::unordered_map<std::string, int> balance;
  for (const Item &it : items) balance[it.key] += it.old ? 1 : -1;
  std::unordered_map<std::string, const Item *> counterpart; // key -> an item of the new side
  for (Item &it : items) {
    it.matched = balance[it.key] == 0;
    if (!it.old) counterpart.emplace(it.key, &it);
  }
  std::unordered_map<std::string, const Item *> origin; // key -> an item of the old side
  for (const Item &it : items)
    if (it.old) origin.emplace(it.key, &it);
  for (size_t f : files) {
    const FileChange &file = ctx.patch.files[f];
    std::vector<Item *> oldItems, newItems;
    for (Item &it : items)
      if (it.file == f) (it.old ? oldItems : newItems).push_back(&it);
    for (size_t h = 0; h < file.hunks.size(); ++h) {
      if (!cand[f][h]) continue;
      const Hunk &hunk = file.hunks[h];
      const HunkFacts &hf = ctx.files[f].hunks[h];
      std::string from, to, why;
      for (size_t i = 0; i < hunk.lines.size() && why.empty(); ++i) {
        const DiffLine &l = hunk.lines[i];
        if (l.kind == LineKind::Context || hf.blank[i] || hf.commentOnly[i]) continue;
        bool old = l.kind == LineKind::Removed;
        Item *it = itemAt(old ? oldItems : newItems, old ? l.oldLine : l.newLine);
        if (!it) {
          why = "a changed line lies outside the file-scope items";
        } else if (!it->matched) {
          why = whyNot(*it, items);
        } else if (old && to.empty()) {
          const Item *o = counterpart[it->key];
          to = ctx.patch.files[o->file].path() + ":" + std::to_string(o->firstLine);
        } else if (!old && from.empty()) {
          const Item *o = origin[it->key];
          from = ctx.patch.files[o->file].oldPath + ":" + std::to_string(o->firstLine);
        }
      }
      if (!why.empty()) {
        ctx.refuse(f, h, "moved", why);
        continue;
      }
      std::string detail = !from.empty() ? "whole definitions moved from " + from
                                         : "whole definitions moved to " + to;
      ctx.claims[f][h] = Mechanical{{"moved", detail + " (file scope, same #if, tokens identical)"}, false};
    }
  }
}

} // namespace provcheck
