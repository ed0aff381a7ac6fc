// named-constant: a macro written for the tokens it stands for, or those tokens for the
// macro ("pos + 1" -> "pos + PCI_CAP_LIST_NEXT", where "#define PCI_CAP_LIST_NEXT 1").
// The preprocessor replaces an object-like macro by its body wherever it is expanded, so
// the two sides compile to the same token stream, and to the same program, when:
// - the body is a value, an expression or a type, and more than one name: balanced in
//   its parentheses and brackets, no ';' or brace (a statement is no constant), and a
//   name standing for another name is a rename or a substitution of names, the rename
//   rule's to judge;
// - each whole hunk side (context included, directive ends and literals byte for byte)
//   is the other's but for such substitutions, each body matched token for token (a
//   body "(1 << 3)" is not "1 << 3", nor "0x1" a body "1");
// - the name means that body wherever the file may see it: every definition the tree's
//   pre-image (the files the dependency map says declare it) and the patch's images (the
//   changed files before and after) give is object-like with that body and outside every
//   #if (but an include guard), at least one exists, none is #undef'd, and the tree
//   declares the name no other way (an enumerator or a variable of that name would be
//   another value; "#ifndef O_BINARY / #define O_BINARY 0" leaves the system's where it
//   has one);
// - the file sees one of those definitions where the name stands (the post-image for a
//   name the patch writes, the pre-image for one it spells out), whatever the
//   configuration: it holds one, or includes a header of the tree that does through
//   includes outside every #if, directly or not (without it, the name would be a local of
//   that name, or a system header's macro: "sigjmp_buf" is a macro of os-win32.h only
//   where qemu/osdep.h includes that header, on Windows);
// - the token is expanded where it stands: not in a directive (#ifdef and defined() read
//   the name, not its value) and not in an argument of a function-like macro that
//   stringifies or pastes it ("assert(n == 1)" prints its text; "glue(x, 1)" makes a new
//   name). Every call around the site must be of a function whose declaration in the
//   tree the file sees (or that it defines), or of a macro of the tree the file sees
//   whose body has no '#' or '##' (its arguments are expanded before they are
//   substituted, so what it passes on is the body either way); a call of a name the file
//   sees no declaration of in the tree (a system macro such as assert) or one begun
//   before the hunk proves nothing.
// A name whose definition sits only in a system or generated header is not read, and
// the proof then holds nothing. Evidence: "PCI_CAP_LIST_NEXT for 1 (defined at
// include/standard-headers/linux/pci_regs.h:221)".
#include "classify/detect/Detectors.h"
#include "classify/detect/KeptByBlob.h"

#include "analysis/TextLines.h"
#include "classify/detect/SourceState.h"
#include "maps/IncludeResolver.h"

#include <array>
#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

namespace provcheck {
namespace {

// The #define and #undef lines of one text, by the name they define, and the #include
// lines it has outside every #if (an include guard aside).
struct Definition {
  int line = 0;
  bool undef = false;
  bool conditional = false; // under an #if other than the include guard
  bool functionLike = false;
  bool pastes = false; // its body has '#' or '##'
  std::vector<std::string> body;
};
struct TextDirectives {
  std::unordered_map<std::string, std::vector<Definition>> defines;
  std::vector<std::string> includes; // targets with their delimiters: "x.h" or <x.h>
};

// Reads the directives of a text from its directive lines alone: a one-pass scan
// (lineStates) finds the lines that start outside a comment with '#' (or with a comment,
// which a directive may follow), and only those, with the lines they continue into, are
// lexed. A file's code is never lexed here: most files a patch touches define nothing
// it writes.
TextDirectives textDirectives(const std::string &path, const std::string &text, const SourceStates *states) {
  SourceStates own;
  if (!states || states->lines.size() < 2) {
    own = lineStates(text);
    states = &own;
  }
  std::vector<std::string_view> lines = splitLines(text);
  TextDirectives out;
  int depth = 0, seen = 0, guardDepth = 0;
  std::string pendingGuard; // a first "#ifndef X", a guard when "#define X" follows
  for (size_t i = 0; i < lines.size() && i < states->lines.size(); ++i) {
    const LineState &at = states->lines[i];
    if (at.inComment || at.inDirective) continue;
    size_t first = lines[i].find_first_not_of(" \t\f\v\r");
    if (first == std::string_view::npos || (lines[i][first] != '#' && lines[i][first] != '/')) continue;
    size_t last = i;
    while (last + 1 < lines.size() && last + 1 < states->lines.size() && states->lines[last + 1].inDirective) ++last;
    std::string_view chunk(lines[i].data(), size_t(lines[last].data() + lines[last].size() - lines[i].data()));
    TokenStream ts = lexTokens(chunk, languageOf(path));
    const std::vector<Token> &tok = ts.code;
    int line = int(i) + 1; // the directive's first line
    i = last;
    if (tok.size() < 2 || tok[0].kind != TokenKind::Hash) continue;
    std::string_view word = tok[1].text;
    ++seen;
    bool named = tok.size() > 2 && tok[2].kind == TokenKind::Identifier;
    if (word == "if" || word == "ifdef" || word == "ifndef") {
      ++depth;
      if (seen == 1 && word == "ifndef" && named) pendingGuard = std::string(tok[2].text);
    } else if (word == "endif") {
      depth = std::max(0, depth - 1);
    } else if (word == "include" && depth == guardDepth && tok.size() > 2) {
      // The target as the lexer gives it: a string literal, or '<' ... '>'.
      std::string target(tok[2].text);
      if (target == "<")
        for (size_t q = 3; q < tok.size(); ++q) {
          target += std::string(tok[q].spaceBefore ? " " : "") + std::string(tok[q].text);
          if (tok[q].text == ">") break;
        }
      out.includes.push_back(std::move(target));
    } else if ((word == "define" || word == "undef") && named) {
      if (seen == 2 && word == "define" && tok[2].text == pendingGuard && depth == 1) {
        guardDepth = 1;
        continue;
      }
      Definition d;
      d.line = line;
      d.undef = word == "undef";
      d.conditional = depth > guardDepth;
      d.functionLike = !d.undef && tok.size() > 3 && tok[3].text == "(" && !tok[3].spaceBefore;
      for (size_t b = 3; !d.undef && b < tok.size(); ++b) {
        d.body.emplace_back(tok[b].text);
        d.pastes = d.pastes || tok[b].text == "#" || tok[b].text == "##" || tok[b].text == "%:";
      }
      out.defines[std::string(tok[2].text)].push_back(std::move(d));
    }
  }
  return out;
}

// Whether `text` may hold a #define or #undef of `name`: some occurrence of the whole
// word has a '#' before it on its logical line (lines joined by a final backslash), or the end
// of a comment (a directive may go on after a comment spanning lines). Cheap, and never
// false where the lexer would find a definition: a text for which it is false needs no
// lexing.
bool mayDefine(std::string_view text, std::string_view name) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t pos = text.find(name); pos != std::string_view::npos; pos = text.find(name, pos + 1)) {
    if ((pos > 0 && word(text[pos - 1])) || (pos + name.size() < text.size() && word(text[pos + name.size()])))
      continue;
    size_t end = pos;
    while (true) {
      size_t start = text.rfind('\n', end == 0 ? 0 : end - 1);
      start = start == std::string_view::npos || end == 0 ? 0 : start + 1;
      std::string_view before = text.substr(start, end - start);
      if (before.find('#') != std::string_view::npos || before.find("*/") != std::string_view::npos) return true;
      if (start < 2) break;
      // The line before ends with a backslash (before its line end): it goes on here.
      size_t last = start - 2;
      if (text[last] == '\r' && last > 0) --last;
      if (text[last] != '\\') break;
      end = start - 1;
    }
  }
  return false;
}

// What the tree and the patch's images say a name is as a macro.
struct MacroFacts {
  // Where a definition was read: a changed file's pre-image or post-image, or a file of
  // the tree the patch leaves alone (the same in both trees).
  enum class From { OldImage, NewImage, Tree };
  struct Where {
    std::string path;
    const Definition *definition;
    From from;
  };
  std::vector<Where> definitions;
  bool undef = false;     // #undef'd somewhere
  bool otherwise = false; // a file the tree says declares the name has no #define of it
  std::vector<std::string> declarers; // those files
  bool unread = false;    // such a file could not be read

  // The one object-like body every definition gives, unconditionally; null when there is
  // none, or several, or one under an #if. `why` says which.
  const Definition *constant(std::string &why, const std::string &name) const {
    if (definitions.empty()) return nullptr;
    const Definition *first = definitions.front().definition;
    for (const Where &w : definitions) {
      const Definition &d = *w.definition;
      if (d.functionLike || d.body != first->body || first->functionLike) {
        why = name + " is defined more than one way in the tree";
        return nullptr;
      }
      if (d.conditional) {
        why = name + " is defined under an #if at " + w.path + ":" + std::to_string(d.line) +
              ": where it is not, it means something else";
        return nullptr;
      }
    }
    if (undef) why = name + " is #undef'd in the tree";
    else if (otherwise) why = name + " is declared otherwise too in the tree (not only as a macro)";
    else if (unread) why = "a file declaring " + name + " cannot be read";
    return why.empty() ? first : nullptr;
  }
  std::string where() const {
    return definitions.front().path + ":" + std::to_string(definitions.front().definition->line);
  }
};

class Macros {
public:
  explicit Macros(const DetectContext &ctx) : ctx_(ctx) {}

  const MacroFacts &facts(const std::string &name) {
    auto it = cache_.find(name);
    if (it != cache_.end()) return it->second;
    MacroFacts m;
    // The changed files, before and after, then the tree's declarers of the name.
    std::set<std::string> changed;
    for (size_t f = 0; f < ctx_.patch.files.size(); ++f)
      for (bool old : {true, false}) {
        changed.insert(path(f, old));
        const std::string *text = old ? ctx_.texts->oldText(f) : ctx_.texts->newText(f);
        if (text && mayDefine(*text, name))
          if (const TextDirectives *d = imageDirectives(f, old))
            add(name, path(f, old), *d, old ? MacroFacts::From::OldImage : MacroFacts::From::NewImage, m);
      }
    if (ctx_.deps && ctx_.texts->oldTree())
      for (const std::string &path : ctx_.deps->declaredIn(name)) {
        const TextDirectives *d = treeDirectives(path, true);
        if (!d) m.unread = true;
        // A declarer without a #define of the name declares it some other way.
        else if (!d->defines.count(name)) {
          m.otherwise = true;
          m.declarers.push_back(path);
        }
        else if (!changed.count(path)) add(name, path, *d, MacroFacts::From::Tree, m);
      }
    return cache_.emplace(name, std::move(m)).first->second;
  }

  // Whether a call of `name` in file f's image hands its arguments on expanded: a
  // function-like macro of the tree that the file sees, none of whose definitions
  // stringifies or pastes; or a function the file sees declared in a header of the tree,
  // or defines itself. A name the file sees no declaration of (a system one: assert,
  // which prints its argument's text) proves nothing.
  bool expandsArguments(const std::string &name, size_t f, bool old) {
    const MacroFacts &m = facts(name);
    for (const MacroFacts::Where &w : m.definitions)
      if (!w.definition->functionLike || w.definition->pastes) return false;
    if (visible(f, old, m)) return true;
    const std::set<std::string> &seen = reached(f, old);
    for (const std::string &p : m.declarers)
      if (seen.count(p)) return true;
    return fileNames(f, old).count(name) > 0;
  }

  // The definition of `m` that file f, before the patch (`old`) or after it, holds or
  // reaches in a header of the same tree through includes outside every #if; null when
  // it sees none.
  const MacroFacts::Where *visible(size_t f, bool old, const MacroFacts &m) {
    const std::set<std::string> &seen = reached(f, old);
    auto image = old ? MacroFacts::From::OldImage : MacroFacts::From::NewImage;
    for (const MacroFacts::Where &w : m.definitions)
      if ((w.from == image || w.from == MacroFacts::From::Tree) && seen.count(w.path)) return &w;
    return nullptr;
  }

private:
  const std::string &path(size_t f, bool old) const {
    return old ? ctx_.patch.files[f].oldPath : ctx_.patch.files[f].newPath;
  }
  const TextDirectives *imageDirectives(size_t f, bool old) {
    const std::string *text = old ? ctx_.texts->oldText(f) : ctx_.texts->newText(f);
    if (!text) return nullptr;
    std::string key = (old ? "old image:" : "new image:") + path(f, old);
    auto it = directives_.find(key);
    if (it == directives_.end()) {
      const SourceStates *states = old ? ctx_.texts->oldStates(f) : ctx_.texts->newStates(f);
      it = directives_.emplace(key, textDirectives(path(f, old), *text, states)).first;
    }
    return &it->second;
  }
  // A file of the pre-image (or post-image) tree, or null when it holds none at `path`.
  // A file of the pre-image (or post-image) tree, or null when it holds none at `path`.
  const TextDirectives *treeDirectives(const std::string &path, bool old) {
    std::string key = (old ? "old tree:" : "new tree:") + path;
    if (auto it = tree_.find(key); it != tree_.end()) return it->second.get();
    const TreeView *tree = old ? ctx_.texts->oldTree() : ctx_.texts->newTree();
    std::shared_ptr<const TextDirectives> d;
    if (std::optional<std::string> blob = tree ? tree->fileKey(path) : std::nullopt) {
      d = kept().find(*blob);
      if (!d)
        if (std::optional<std::string> text = tree->read(path))
          d = kept().keep(*blob, textDirectives(path, *text, nullptr));
    }
    return tree_.emplace(key, std::move(d)).first->second.get();
  }

  // The directives of header versions, kept for the process (a range's patches read the
  // same headers again and again).
  static KeptByBlob<TextDirectives> &kept() {
    static auto *files = new KeptByBlob<TextDirectives>(8192);
    return *files;
  }

  // The file itself and the headers of its tree it includes outside every #if, directly
  // or not: a quoted include from the includer's directory first, then from the root and
  // include/ (as QEMU's -I options), an angled one from the root and include/.
  const std::set<std::string> &reached(size_t f, bool old) {
    auto key = std::make_pair(f, old);
    if (auto it = reached_.find(key); it != reached_.end()) return it->second;
    std::set<std::string> seen = {path(f, old)};
    std::vector<std::pair<std::string, const TextDirectives *>> todo = {{path(f, old), imageDirectives(f, old)}};
    while (!todo.empty() && seen.size() < 4096) {
      auto [from, d] = todo.back();
      todo.pop_back();
      if (!d) continue;
      std::string dir = from.substr(0, from.rfind('/') == std::string::npos ? 0 : from.rfind('/') + 1);
      for (const std::string &target : d->includes) {
        if (target.size() < 3) continue;
        std::string name = target.substr(1, target.size() - 2);
        std::vector<std::string> candidates = {name, "include/" + name};
        if (target[0] == '"') candidates.insert(candidates.begin(), dir + name);
        for (const std::string &c : candidates) {
          std::string p = normalizePath(c);
          if (p.empty()) continue;
          if (const TextDirectives *next = treeDirectives(p, old)) {
            if (seen.insert(p).second) todo.emplace_back(p, next);
            break;
          }
        }
      }
    }
    return reached_.emplace(key, std::move(seen)).first->second;
  }

  // The names of the file-scope items of file f's image (its functions, declarations).
  const std::set<std::string> &fileNames(size_t f, bool old) {
    auto key = std::make_pair(f, old);
    auto it = names_.find(key);
    if (it == names_.end()) {
      std::set<std::string> found;
      const std::string *text = old ? ctx_.texts->oldText(f) : ctx_.texts->newText(f);
      if (text) {
        TokenStream ts = lexTokens(*text, languageOf(ctx_.patch.files[f].path()));
        for (const FileItem &item : fileItems(ts.code))
          if (!item.directive && !item.name.empty()) found.insert(item.name);
      }
      it = names_.emplace(key, std::move(found)).first;
    }
    return it->second;
  }

  // Adds what one file says of `name`.
  static void add(const std::string &name, const std::string &path, const TextDirectives &d, MacroFacts::From from,
                  MacroFacts &m) {
    auto it = d.defines.find(name);
    if (it == d.defines.end()) return;
    for (const Definition &def : it->second) {
      if (def.undef) m.undef = true;
      else m.definitions.push_back({path, &def, from});
    }
  }

  const DetectContext &ctx_;
  std::map<std::string, MacroFacts> cache_;
  // Keyed "old image:" or "new image:" + path, and "old tree:" or "new tree:" + path;
  // never erased, so that the definitions MacroFacts points to stay.
  std::unordered_map<std::string, TextDirectives> directives_;
  std::unordered_map<std::string, std::shared_ptr<const TextDirectives>> tree_;
  std::map<std::pair<size_t, bool>, std::set<std::string>> reached_; // reached() per image
  std::map<std::pair<size_t, bool>, std::set<std::string>> names_;   // fileNames() per image
};

std::string joined(const std::vector<std::string> &words) {
  std::string out;
  for (const std::string &w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// Whether the token at `k` of a side lies in a directive: a directive's end marker
// comes before the next directive's '#'.
std::vector<bool> inDirective(const std::vector<SideToken> &side) {
  std::vector<bool> out(side.size(), false);
  bool directive = false; // scanning backwards: an end marker seen, no '#' yet
  for (size_t k = side.size(); k-- > 0;) {
    const HunkToken &t = *side[k].token;
    if (t.text == kEndOfDirective) directive = true;
    out[k] = directive;
    if (t.kind == TokenKind::Hash) directive = false;
  }
  return out;
}

// The parentheses around each token of a side: for each token the '(' that holds it
// innermost (-1 at the top), for each '(' the one that holds it; a '(' right after a name
// opens that name's call ("if (", "sizeof (" and a group or a cast open none). `unseen`:
// the token lies inside a parenthesis opened before the side begins (a ')' later on
// closes nothing the side opened).
struct Parens {
  std::vector<int> holder;  // per token
  std::vector<bool> unseen; // per token
};

Parens parens(const std::vector<SideToken> &side) {
  Parens p;
  p.holder.assign(side.size(), -1);
  p.unseen.assign(side.size(), false);
  std::vector<int> open;
  size_t lastUnmatched = 0; // one past the last ')' that closes nothing the side opened
  for (size_t k = 0; k < side.size(); ++k) {
    std::string_view t = side[k].token->text;
    if (t == ")") {
      if (open.empty()) lastUnmatched = k + 1;
      else open.pop_back();
    }
    p.holder[k] = open.empty() ? -1 : open.back();
    if (t == "(") open.push_back(int(k));
  }
  for (size_t k = 0; k + 1 < lastUnmatched; ++k) p.unseen[k] = true;
  return p;
}

// The names of the calls whose arguments hold token k, innermost first.
std::vector<std::string_view> callsAround(const std::vector<SideToken> &side, const Parens &p, size_t k) {
  std::vector<std::string_view> out;
  for (int o = p.holder[k]; o >= 0; o = p.holder[size_t(o)])
    if (o > 0 && side[size_t(o) - 1].token->kind == TokenKind::Identifier) out.push_back(side[size_t(o) - 1].token->text);
  return out;
}

// Each side's tokens as one stream.
struct SideView {
  std::vector<SideToken> tokens;
  std::vector<bool> directive;
  Parens parens;
};

SideView makeSide(std::vector<SideToken> tokens) {
  SideView s;
  s.tokens = std::move(tokens);
  s.directive = inDirective(s.tokens);
  s.parens = parens(s.tokens);
  return s;
}

// Whether a run of tokens can be what a named constant stands for: a value, an
// expression or a type, balanced in its parentheses and brackets, with no statement in it
// (';', '{', '}') and no directive's end.
class RunShape {
public:
  // Adds the run's next token; false once no longer run can be a body.
  bool add(std::string_view t) {
    if (t == ";" || t == "{" || t == "}" || t == kEndOfDirective) return false;
    if (t == "(" || t == "[") ++open_;
    if (t == ")" || t == "]") --open_;
    return open_ >= 0;
  }
  bool balanced() const { return open_ == 0; }

private:
  int open_ = 0;
};

// Whether the two sides could be one token stream but for names standing, on either
// side, for runs of at most kMaxBody tokens on the other, each of a body's shape and
// other than one name: what the walk of detectNamedConstant needs, checked before any
// name is looked up, so that a hunk that changes code costs no read of the files that
// define names. Gives up (false) past kMaxStates steps or kMaxSites names in a row.
constexpr size_t kMaxBody = 64, kMaxStates = 100'000, kMaxSites = 256;

bool bodyShaped(const std::vector<SideToken> &side, size_t k, size_t len) {
  RunShape shape;
  for (size_t q = k; q < k + len; ++q)
    if (!shape.add(side[q].token->text)) return false;
  return shape.balanced() && !(len == 1 && side[k].token->kind == TokenKind::Identifier);
}

bool couldSubstitute(const std::vector<SideToken> &a, const std::vector<SideToken> &b) {
  std::set<std::pair<size_t, size_t>> failed;
  size_t steps = 0;
  auto same = [&](size_t i, size_t j) { return a[i].token->text == b[j].token->text; };
  auto name = [](const std::vector<SideToken> &side, size_t k) { return side[k].token->kind == TokenKind::Identifier; };
  std::function<bool(size_t, size_t, size_t)> from = [&](size_t i, size_t j, size_t sites) -> bool {
    while (i < a.size() && j < b.size() && same(i, j)) ++i, ++j;
    if (i == a.size() && j == b.size()) return true;
    if (sites >= kMaxSites || ++steps > kMaxStates || failed.count({i, j})) return false;
    // The run a name stands for ends where the two sides agree again.
    auto tryRuns = [&](const std::vector<SideToken> &spelled, size_t s, bool namedIsNew) {
      RunShape shape;
      for (size_t len = 1; len <= kMaxBody && s + len <= spelled.size(); ++len) {
        if (!shape.add(spelled[s + len - 1].token->text)) return false;
        if (!shape.balanced() || (len == 1 && name(spelled, s))) continue;
        if (namedIsNew ? from(i + len, j + 1, sites + 1) : from(i + 1, j + len, sites + 1)) return true;
      }
      return false;
    };
    if (j < b.size() && name(b, j) && tryRuns(a, i, true)) return true;
    if (i < a.size() && name(a, i) && tryRuns(b, j, false)) return true;
    failed.insert({i, j});
    return false;
  };
  return from(0, 0, 0);
}

} // namespace

void detectNamedConstant(DetectContext &ctx) {
  if (!ctx.texts) return;
  Macros macros(ctx);
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate || !ff.cFamily) continue;
    for (size_t h = 0; h < ff.hunks.size(); ++h) {
      const HunkFacts &hf = ff.hunks[h];
      if (ctx.claimed(f, h) || !hf.hasCodeChange()) continue;
      std::vector<SideToken> oldSide = sideStream(hf.oldCode, hf.oldContext);
      std::vector<SideToken> newSide = sideStream(hf.newCode, hf.newContext);
      if (!couldSubstitute(oldSide, newSide)) continue;
      SideView a = makeSide(std::move(oldSide)), b = makeSide(std::move(newSide));
      // Walks both sides; at a difference, a name of one side must be the macro whose
      // body the other side spells there.
      std::set<std::string> uses; // "NAME for BODY (defined at where)"
      std::string why;
      size_t i = 0, j = 0;
      auto substitutes = [&](const SideView &named, size_t n, const SideView &spelled, size_t s, size_t &len) -> bool {
        const HunkToken &t = *named.tokens[n].token;
        if (t.kind != TokenKind::Identifier) return false;
        std::string name(t.text);
        const MacroFacts &m = macros.facts(name);
        if (m.definitions.empty()) return false;
        const Definition &def = *m.definitions.front().definition;
        // A body of one name makes the name an alias of another: a rename or a
        // substitution of names, which the rename rule judges. A body that is no value,
        // expression or type (a statement) is no constant.
        if (def.functionLike || def.body.empty() || !bodyShaped(spelled.tokens, s, std::min(def.body.size(), spelled.tokens.size() - s)))
          return false;
        const std::vector<std::string> &body = def.body;
        bool spells = s + body.size() <= spelled.tokens.size();
        for (size_t q = 0; spells && q < body.size(); ++q) spells = spelled.tokens[s + q].token->text == body[q];
        if (!spells) {
          // Said once, for the reviewer: a named value that is not the one it replaces.
          if (why.empty() && s < spelled.tokens.size() && spelled.tokens[s].token->kind == TokenKind::Number)
            why = name + " is " + joined(body) + " (defined at " + m.where() + "), not " +
                  std::string(spelled.tokens[s].token->text);
          return false;
        }
        if (!m.constant(why, name)) return false;
        // The image where the name stands must see it.
        bool old = &named == &a;
        const MacroFacts::Where *seen = macros.visible(f, old, m);
        if (!seen) {
          why = name + " is defined in none of the headers the " + (old ? "pre-image" : "post-image") +
                " includes from the tree outside every #if";
          return false;
        }
        // Where both the name and its spelling stand, each must be expanded.
        const std::array<std::tuple<const SideView *, size_t, size_t>, 2> stands = {
            {{&named, n, size_t(1)}, {&spelled, s, body.size()}}};
        for (const auto &[side, at, count] : stands) {
          for (size_t q = at; q < at + count; ++q) {
            if (side->directive[q]) {
              why = name + " stands in a directive, which may read the name rather than its value";
              return false;
            }
            if (side->parens.unseen[q]) {
              why = name + " stands in a parenthesis opened before the hunk, whose call is unknown";
              return false;
            }
            for (std::string_view callee : callsAround(side->tokens, side->parens, q)) {
              std::string call(callee);
              if (!macros.expandsArguments(call, f, side == &a)) {
                why = name + " is an argument of " + call +
                      ", which the tree does not declare as a function or as a macro that neither stringifies nor "
                      "pastes its arguments";
                return false;
              }
            }
          }
        }
        uses.insert(name + " for " + joined(body) + " (defined at " + seen->path + ":" +
                    std::to_string(seen->definition->line) + ")");
        len = body.size();
        return true;
      };
      bool same = true;
      while (same && (i < a.tokens.size() || j < b.tokens.size())) {
        if (i < a.tokens.size() && j < b.tokens.size() && a.tokens[i].token->text == b.tokens[j].token->text) {
          ++i, ++j;
          continue;
        }
        size_t len = 0;
        if (j < b.tokens.size() && substitutes(b, j, a, i, len)) {
          i += len, ++j;
        } else if (i < a.tokens.size() && substitutes(a, i, b, j, len)) {
          ++i, j += len;
        } else {
          same = false;
        }
      }
      if (!same || uses.empty()) {
        if (!why.empty()) ctx.refuse(f, h, "named-constant", why);
        continue;
      }
      std::string detail;
      for (const std::string &u : uses) detail += (detail.empty() ? "" : "; ") + u;
      ctx.claims[f][h] = Mechanical{{"named-constant", detail}, false};
    }
  }
}

} // namespace provcheck
