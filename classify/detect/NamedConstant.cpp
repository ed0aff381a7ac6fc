// named-constant: a macro written for the tokens it stands for, or those tokens for the
// macro ("pos + 1" -> "pos + PCI_CAP_LIST_NEXT", where "#define PCI_CAP_LIST_NEXT 1").
// The preprocessor replaces an object-like macro by its body wherever it is expanded, so
// the two sides compile to the same token stream, and to the same program, when:
// - each whole hunk side (context included, directive ends and literals byte for byte)
//   is the other's but for such substitutions, each body matched token for token (a
//   body "(1 << 3)" is not "1 << 3", nor "0x1" a body "1");
// - the name means that body wherever the file may see it: every definition the tree's
//   pre-image (the files the dependency map says declare it) and the patch's images (the
//   changed files before and after) give is object-like with that body, at least one
//   exists, none is #undef'd, and the tree declares the name no other way (an enumerator
//   or a variable of that name would be another value);
// - the file sees one of those definitions, before and after the patch: it holds it, or
//   includes (directly or not) a header of the tree that does (without it, the name would
//   be a local of that name, or a system header's macro);
// - the token is expanded where it stands: not in a directive (#ifdef and defined() read
//   the name, not its value) and not in an argument of a function-like macro that
//   stringifies or pastes it ("assert(n == 1)" prints its text; "glue(x, 1)" makes a new
//   name). Every call around the site must be of a function the tree declares or of a
//   macro whose body has no '#' or '##' (its arguments are expanded before they are
//   substituted, so what it passes on is the body either way); a call of a name the tree
//   does not define (a system macro such as assert) or one begun before the hunk proves
//   nothing.
// A name whose definition sits only in a system or generated header is not read, and
// the proof then holds nothing. Evidence: "PCI_CAP_LIST_NEXT for 1 (defined at
// include/standard-headers/linux/pci_regs.h:221)".
#include "classify/detect/Detectors.h"

#include <array>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

namespace provcheck {
namespace {

// What the tree and the patch's images say a name is as a macro.
struct MacroFacts {
  bool known = false;      // some definition was read
  bool consistent = true;  // every definition the same kind and body, no #undef, every declarer read
  bool otherwise = false;  // a file the tree says declares the name has no #define of it
  bool functionLike = false;
  bool pastes = false;     // a function-like body with '#' or '##'
  std::vector<std::string> body;
  std::string where;       // "path:line" of the first definition read
  std::set<std::string> definers; // the files with a #define of it
};

// The #define and #undef lines of one text, by the name they define.
struct Definition {
  int line = 0;
  bool undef = false;
  bool functionLike = false;
  bool pastes = false; // its body has '#' or '##'
  std::vector<std::string> body;
};
using DefineIndex = std::unordered_map<std::string, std::vector<Definition>>;

DefineIndex defineIndex(const std::string &path, const std::string &text) {
  DefineIndex out;
  TokenStream ts = lexTokens(text, languageOf(path));
  const std::vector<Token> &tok = ts.code;
  for (size_t k = 0; k + 2 < tok.size(); ++k) {
    if (tok[k].kind != TokenKind::Hash || !tok[k].startOfLine || tok[k + 2].startOfLine) continue;
    std::string_view word = tok[k + 1].text;
    if ((word != "define" && word != "undef") || tok[k + 2].kind != TokenKind::Identifier) continue;
    Definition d;
    d.line = tok[k].line;
    d.undef = word == "undef";
    size_t b = k + 3;
    d.functionLike = !d.undef && b < tok.size() && !tok[b].startOfLine && tok[b].text == "(" && !tok[b].spaceBefore;
    for (; !d.undef && b < tok.size() && !tok[b].startOfLine; ++b) {
      d.body.emplace_back(tok[b].text);
      d.pastes = d.pastes || tok[b].text == "#" || tok[b].text == "##" || tok[b].text == "%:";
    }
    out[std::string(tok[k + 2].text)].push_back(std::move(d));
  }
  return out;
}

class Macros {
public:
  explicit Macros(const DetectContext &ctx) : ctx_(ctx) {}

  const MacroFacts &facts(const std::string &name) {
    auto it = cache_.find(name);
    if (it != cache_.end()) return it->second;
    MacroFacts m;
    // The changed files, before and after, then the tree's declarers of the name.
    for (size_t f = 0; ctx_.texts && f < ctx_.patch.files.size(); ++f)
      for (bool old : {true, false})
        if (const std::string *text = old ? ctx_.texts->oldText(f) : ctx_.texts->newText(f)) {
          const std::string &path = old ? ctx_.patch.files[f].oldPath : ctx_.patch.files[f].newPath;
          read(name, path, index((old ? "old:" : "new:") + path, path, *text), m, false);
        }
    if (ctx_.deps && ctx_.texts && ctx_.texts->oldTree())
      for (const std::string &path : ctx_.deps->declaredIn(name)) {
        const DefineIndex *defines = treeIndex(path);
        if (defines) read(name, path, *defines, m, true);
        else m.consistent = false;
      }
    return cache_.emplace(name, std::move(m)).first->second;
  }

  // Whether a call of `name` hands its arguments on expanded: a function the tree
  // declares, or a function-like macro that neither stringifies nor pastes.
  bool expandsArguments(const std::string &name, size_t f, bool old) {
    const MacroFacts &m = facts(name);
    if (m.known) return m.consistent && m.functionLike && !m.pastes;
    if (m.otherwise) return true; // declared, never #defined: a function
    // A function of the file itself (a static one no header declares).
    return fileNames(f, old).count(name) > 0;
  }

  // Whether file f, before the patch (`old`) or after it, defines `m`'s name itself or
  // includes a header of the tree that does: else the name may mean something else there
  // (a local of that name, a system header's macro).
  bool visible(size_t f, bool old, const MacroFacts &m) {
    const std::string &path = old ? ctx_.patch.files[f].oldPath : ctx_.patch.files[f].newPath;
    if (m.definers.count(path)) return true;
    auto key = std::make_pair(f, old);
    auto it = headers_.find(key);
    if (it == headers_.end()) {
      std::set<std::string> found;
      const std::string *text = old ? ctx_.texts->oldText(f) : ctx_.texts->newText(f);
      const TreeView *tree = old ? ctx_.texts->oldTree() : ctx_.texts->newTree();
      if (text && tree)
        for (std::string &h : includedHeaders(*tree, path, *text)) found.insert(std::move(h));
      it = headers_.emplace(key, std::move(found)).first;
    }
    for (const std::string &d : m.definers)
      if (it->second.count(d)) return true;
    return false;
  }

private:
  const DefineIndex &index(const std::string &key, const std::string &path, const std::string &text) {
    auto it = indexes_.find(key);
    if (it == indexes_.end()) it = indexes_.emplace(key, defineIndex(path, text)).first;
    return it->second;
  }
  // The index of a file of the pre-image tree, or null when it cannot be read.
  const DefineIndex *treeIndex(const std::string &path) {
    std::string key = "tree:" + path;
    if (auto it = indexes_.find(key); it != indexes_.end()) return &it->second;
    std::optional<std::string> text = ctx_.texts->oldTree()->read(path);
    return text ? &index(key, path, *text) : nullptr;
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

  // Adds what one file's index says of `name`. `declarer`: the tree says the file
  // declares the name, so a file with no #define of it declares it some other way.
  static void read(const std::string &name, const std::string &path, const DefineIndex &defines, MacroFacts &m,
                   bool declarer) {
    static const std::vector<Definition> none;
    auto it = defines.find(name);
    bool any = false;
    for (const Definition &d : it == defines.end() ? none : it->second) {
      if (d.undef) {
        m.consistent = false;
        continue;
      }
      any = true;
      m.definers.insert(path);
      if (!m.known) {
        m.known = true;
        m.functionLike = d.functionLike;
        m.pastes = d.pastes;
        m.body = d.body;
        m.where = path + ":" + std::to_string(d.line);
      } else if (m.functionLike != d.functionLike || m.body != d.body) {
        m.consistent = false;
      }
    }
    if (declarer && !any) m.otherwise = true;
  }

  const DetectContext &ctx_;
  std::map<std::string, MacroFacts> cache_;
  std::unordered_map<std::string, DefineIndex> indexes_; // "old:", "new:" or "tree:" + path
  std::map<std::pair<size_t, bool>, std::set<std::string>> headers_; // includedHeaders per image
  std::map<std::pair<size_t, bool>, std::set<std::string>> names_;   // file-scope names per image
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

SideView makeSide(const std::vector<HunkToken> &changed, const std::vector<HunkToken> &context) {
  SideView s;
  s.tokens = sideStream(changed, context);
  s.directive = inDirective(s.tokens);
  s.parens = parens(s.tokens);
  return s;
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
      SideView a = makeSide(hf.oldCode, hf.oldContext), b = makeSide(hf.newCode, hf.newContext);
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
        if (!m.known || m.functionLike || m.body.empty()) return false;
        bool spells = s + m.body.size() <= spelled.tokens.size();
        for (size_t q = 0; spells && q < m.body.size(); ++q) spells = spelled.tokens[s + q].token->text == m.body[q];
        if (!spells) {
          // Said once, for the reviewer: a named value that is not the one it replaces.
          if (why.empty() && s < spelled.tokens.size() && spelled.tokens[s].token->kind == TokenKind::Number)
            why = name + " is " + joined(m.body) + " (defined at " + m.where + "), not " +
                  std::string(spelled.tokens[s].token->text);
          return false;
        }
        if (!m.consistent || m.otherwise) {
          why = name + (m.otherwise ? " is declared otherwise too in the tree (not only as a macro)"
                                    : " is defined more than one way or #undef'd in the tree");
          return false;
        }
        for (bool old : {true, false})
          if (!macros.visible(f, old, m)) {
            why = name + " is defined in none of the headers the " + (old ? "pre-image" : "post-image") +
                  " includes from the tree";
            return false;
          }
        // Where both the name and its spelling stand, each must be expanded.
        const std::array<std::tuple<const SideView *, size_t, size_t>, 2> stands = {
            {{&named, n, size_t(1)}, {&spelled, s, m.body.size()}}};
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
        uses.insert(name + " for " + joined(m.body) + " (defined at " + m.where + ")");
        len = m.body.size();
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
