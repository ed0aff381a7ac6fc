// rename: old and new code differ only by identifiers, through one one-to-one mapping that
// holds across the whole patch, and each name in the mapping is renamed where it is
// declared, everywhere it is used, into a name that meant nothing there before:
// - each whole hunk side (context included) is the same token stream but for names in
//   the same places; string and character literals are byte for byte the same (a name
//   written in a message or a property is data, not a name);
// - a name changes at two sites at least (a declaration and a use);
// - the old name is declared on a removed line (a macro, a function, a variable, a
//   parameter, a member, a type, a tag, an enumerator): otherwise the patch replaces an
//   existing name by another existing one, a substitution, which is code;
// - a name declared inside a function (a parameter, a local variable) or as a parameter
//   of a prototype, and a struct or union member, are proven in their scope first
//   (RenameScopes.cpp). A name that fails this, and any other name, is checked in the
//   files: the old name is gone from every changed file's post-image, the new name is
//   absent from every changed file's pre-image and from the pre-image of every file the
//   tree's symbol index names as declaring it (unless the new name is itself an old name
//   of the mapping: names exchanged, `ROCKER -> TYPE_ROCKER, to_rocker -> ROCKER`).
// Without the pre-image and post-image, or without the symbol index for a file-scope
// name, nothing is proven, and the reason says so.
#include "classify/detect/RenameParts.h"

#include "maps/SourceScan.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <set>

namespace provcheck {
namespace rename {

const std::vector<Token> *Images::tokens(size_t f, bool old) {
  auto &slot = (old ? old_ : new_)[f];
  if (!slot.done) {
    slot.done = true;
    const std::string *text = ctx_.texts ? (old ? ctx_.texts->oldText(f) : ctx_.texts->newText(f)) : nullptr;
    if (text) {
      slot.tokens = lexTokens(*text, languageOf(ctx_.patch.files[f].path())).code;
      slot.items = fileItems(slot.tokens);
      slot.known = true;
    }
  }
  return slot.known ? &slot.tokens : nullptr;
}

namespace {

// The hunk as names in the same places, or why not.
std::optional<Shaped> shape(const DetectContext &ctx, size_t f, size_t h, std::string &why) {
  const HunkFacts &hf = ctx.files[f].hunks[h];
  const Hunk &hunk = ctx.patch.files[f].hunks[h];
  std::vector<SideToken> a = sideStream(hf.oldCode, hf.oldContext);
  std::vector<SideToken> b = sideStream(hf.newCode, hf.newContext);
  if (a.size() != b.size() || !hf.hasCodeChange()) return std::nullopt;
  Shaped s{f, h, {}, {}};
  std::string other;
  for (size_t i = 0; i < a.size(); ++i) {
    const HunkToken &x = *a[i].token, &y = *b[i].token;
    if (x.text == y.text) continue;
    if (x.kind == TokenKind::Identifier && y.kind == TokenKind::Identifier && a[i].changed &&
        b[i].changed) {
      s.pairs.emplace_back(x.text, y.text);
      bool member = i > 0 && (a[i - 1].token->text == "." || a[i - 1].token->text == "->");
      s.sites.push_back({f, h, hunk.lines[x.line].oldLine, hunk.lines[y.line].newLine, a[i].changed, member});
    } else if (other.empty()) {
      other = std::string(x.text) + " -> " + std::string(y.text);
    }
  }
  if (s.pairs.empty()) return std::nullopt;
  if (!other.empty()) {
    why = "not only names differ: " + other;
    return std::nullopt;
  }
  return s;
}

// Whether a scan's identifiers (sorted symbolHash values) hold `name`.
bool uses(const SourceScan &scan, const std::string &name) {
  return std::binary_search(scan.identifiers.begin(), scan.identifiers.end(), symbolHash(name));
}

bool isTypeKeyword(std::string_view t) {
  static const std::set<std::string, std::less<>> kw = {
      "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "bool", "_Bool",
      "const", "volatile", "restrict", "static", "extern", "inline", "register", "struct", "union",
      "enum", "typedef", "__inline__", "__restrict", "auto", "_Atomic", "__attribute__"};
  return kw.count(t) > 0;
}

} // namespace

// Whether tok[k] is declared there: a macro or its parameter, a tag, an enumerator, or
// the declarator of a declaration (a type before it, and ';', '=', ',', '[', ')', ':' or
// '(' after it).
bool declaredAt(const std::vector<Token> &tok, size_t k) {
  auto text = [&](size_t i) -> std::string_view {
    return i < tok.size() ? tok[i].text : std::string_view();
  };
  if (tok[k].directive) {
    // #define NAME, or a parameter of a function-like macro: "#define F(a, NAME)".
    if (k >= 2 && text(k - 1) == "define" && tok[k - 2].kind == TokenKind::Hash) return true;
    for (size_t i = k; i-- > 0 && tok[i].directive;) {
      if (text(i) == ")") return false;
      if (text(i) == "(" && i >= 3 && text(i - 2) == "define" && !tok[i].spaceBefore) return true;
    }
    return false;
  }
  std::string_view prev = k > 0 ? text(k - 1) : std::string_view();
  std::string_view next = text(k + 1);
  if ((prev == "struct" || prev == "union" || prev == "enum") && (next == "{" || next == ";")) return true;
  // An enumerator: in the braces of an enum, first or after ','.
  if ((prev == "{" || prev == ",") && (next == "," || next == "=" || next == "}")) {
    int depth = 0;
    for (size_t i = k; i-- > 0;) {
      if (text(i) == "}" || text(i) == ")") ++depth;
      if (text(i) == "(") --depth;
      if (text(i) == "{" && depth-- == 0)
        return (i >= 1 && text(i - 1) == "enum") || (i >= 2 && text(i - 2) == "enum");
    }
    return false;
  }
  static const std::array<std::string_view, 8> after = {";", "=", ",", "[", ")", ":", "(", "__attribute__"};
  if (std::find(after.begin(), after.end(), next) == after.end()) return false;
  // A typedef's name after a struct body: "} Name;".
  if (prev == "}" && next == ";") return true;
  // The declaration specifiers before it: names, type keywords, '*'.
  size_t i = k;
  bool type = false;
  while (i-- > 0) {
    const Token &t = tok[i];
    if (t.directive) break; // "#endif" ends a directive, it names no type
    if (t.text == "*") continue;
    if (t.kind == TokenKind::Identifier || (t.kind == TokenKind::Keyword && isTypeKeyword(t.text))) {
      type = true;
      continue;
    }
    break;
  }
  if (!type) return false;
  // What precedes the specifiers starts a declaration: a statement's or a parameter's start.
  size_t before = i;
  if (before >= tok.size()) return true; // the start of the file
  std::string_view b = tok[before].text;
  return b == ";" || b == "{" || b == "}" || b == "(" || b == "," || tok[before].directive;
}

namespace {

// Whether tok[k] is an argument of a macro invoked at file scope, where only
// declarations stand: "DECLARE_INSTANCE_CHECKER(RewriterState, NAME, TYPE_X)" declares
// NAME. (A name the invocation only uses, "type_init(f)", still has to vanish from the
// changed files, which its definition elsewhere in them would not.)
bool byMacro(const std::vector<Token> &tok, const FileItem *item, size_t k) {
  if (!item || !item->invocation || item->function || k <= item->first + 1 || k > item->last) return false;
  int paren = 0;
  for (size_t q = item->first; q < k; ++q) {
    if (tok[q].text == "(") ++paren;
    if (tok[q].text == ")") --paren;
    if (tok[q].text == "{") return false;
  }
  return paren == 1 && (tok[k - 1].text == "(" || tok[k - 1].text == ",") &&
         k + 1 < tok.size() && (tok[k + 1].text == "," || tok[k + 1].text == ")");
}

} // namespace

// The scope of a declaration at tok[k] in `item`: inside a function's parameter list or
// body, inside the parentheses of a declaration without a body (a prototype's parameter),
// inside the braces of a struct or union (a member, not inside parentheses: a parameter
// of a member's function type is no member), else the file.

Scope scopeAt(const std::vector<Token> &tok, const FileItem &item, size_t k) {
  if (item.directive) return Scope::File;
  int paren = 0;
  std::vector<size_t> opened; // the braces open at k
  for (size_t q = item.first; q < k; ++q) {
    std::string_view t = tok[q].text;
    if (tok[q].directive) continue;
    if (t == "(") ++paren;
    else if (t == ")") --paren;
    else if (t == "{") opened.push_back(q);
    else if (t == "}" && !opened.empty()) opened.pop_back();
  }
  size_t brace = opened.size();
  if (item.function) {
    bool inBody = k > item.body;
    return inBody || paren > 0 ? Scope::Function : Scope::File;
  }
  if (item.invocation) return Scope::File;
  if (brace == 0) return paren > 0 ? Scope::Prototype : Scope::File;
  // The innermost brace: "struct {", "struct S {", "union {", "union U {".
  size_t open = opened.back();
  auto is = [&](size_t i, const char *w) { return i < tok.size() && tok[i].text == w; };
  bool aggregate = (open >= 1 && (is(open - 1, "struct") || is(open - 1, "union"))) ||
                   (open >= 2 && tok[open - 1].kind == TokenKind::Identifier &&
                    (is(open - 2, "struct") || is(open - 2, "union")));
  if (!aggregate) return Scope::File;
  // Only the innermost parentheses opened after that brace count.
  int inner = 0;
  for (size_t q = open + 1; q < k; ++q) {
    if (tok[q].directive) continue;
    if (tok[q].text == "(") ++inner;
    else if (tok[q].text == ")") --inner;
  }
  return inner > 0 ? Scope::Prototype : Scope::Member;
}

Declaration findDeclaration(Images &images, const std::string &name, const std::vector<Site> &sites) {
  Declaration d;
  for (const Site &s : sites) {
    if (!s.removed) continue;
    const std::vector<Token> *tok = images.tokens(s.file, true);
    if (!tok) continue;
    auto first = std::lower_bound(tok->begin(), tok->end(), s.oldLine,
                                  [](const Token &t, int line) { return t.line < line; });
    const FileItem *item = itemAtLine(images.items(s.file, true), s.oldLine);
    for (size_t k = first - tok->begin(); k < tok->size() && (*tok)[k].line == s.oldLine; ++k) {
      if ((*tok)[k].text != name || !(declaredAt(*tok, k) || byMacro(*tok, item, k))) continue;
      d.found = true;
      d.site = s;
      d.item = item;
      d.scope = item && k > item->first ? scopeAt(*tok, *item, k) : Scope::File;
      return d;
    }
  }
  return d;
}

int sitesOf(const std::vector<Shaped> &shaped, const std::string &name, bool into, size_t f,
            int lo, int hi) {
  int n = 0;
  for (const Shaped &s : shaped)
    for (size_t i = 0; i < s.pairs.size(); ++i) {
      const Site &site = s.sites[i];
      int line = into ? site.newLine : site.oldLine;
      if ((into ? s.pairs[i].second : s.pairs[i].first) != name) continue;
      if (f != kAllFiles && (site.file != f || line < lo || line > hi)) continue;
      ++n;
    }
  return n;
}

namespace {

// How often the names of the mapping occur in the whole of the changed files: each new
// name before the patch, each old name after it. Each image is lexed once and its tokens
// dropped as soon as they are counted: a tree-wide rename changes hundreds of files, and
// keeping the tokens of all of them took hundreds of megabytes.
struct Occurrences {
  int count = 0;
  std::string firstIn; // the first changed file it occurs in
};
struct NameCounts {
  bool known = false; // both images of every changed file were read
  std::map<std::string, Occurrences, std::less<>> before, after;
};

NameCounts countNames(const DetectContext &ctx, const std::vector<size_t> &changed,
                      const std::map<std::string, std::string> &forward) {
  NameCounts out;
  for (const auto &[from, to] : forward) {
    out.after[from];
    out.before[to];
  }
  for (size_t f : changed)
    for (bool old : {true, false}) {
      const std::string *text =
          ctx.texts ? (old ? ctx.texts->oldText(f) : ctx.texts->newText(f)) : nullptr;
      if (!text) return out;
      auto &names = old ? out.before : out.after;
      for (const Token &t : lexTokens(*text, languageOf(ctx.patch.files[f].path())).code) {
        if (t.kind != TokenKind::Identifier) continue;
        auto it = names.find(t.text);
        if (it != names.end() && it->second.count++ == 0)
          it->second.firstIn = ctx.patch.files[f].path();
      }
    }
  out.known = true;
  return out;
}

// The proof of one name, or why there is none ("" when proven); `scope` tells where. Every
// occurrence of the old name after the patch, and of the new name before it, must be one
// the mapping itself puts there (none, unless names are exchanged).
std::string proveName(const DetectContext &ctx, Images &images, const std::vector<Shaped> &shaped,
                      const std::string &from, const std::string &to, const std::vector<Site> &sites,
                      const std::vector<size_t> &changed,
                      const std::function<const NameCounts &()> &counts, std::string &scope) {
  auto unknown = [&] {
    return "the pre-image and post-image are unknown: the other uses of " + from + " and the meaning of " +
           to + " cannot be checked";
  };
  // The declaration first: it needs only the files where the name is removed.
  Declaration d = findDeclaration(images, from, sites);
  if (!d.found) {
    for (const Site &s : sites)
      if (!images.tokens(s.file, true)) return unknown();
    return "no declaration of " + from + " is renamed: " + to + " replaces an existing name (a substitution)";
  }
  const NameCounts &n = counts();
  if (!n.known) return unknown();
  // A name local to functions or prototypes, proven in each; a member, proven by what the
  // compiler checks; else, as a name of any scope, proven over the whole changed files
  // below.
  std::string localWhy;
  if ((d.scope == Scope::Function || d.scope == Scope::Prototype) &&
      (localWhy = proveLocal(ctx, images, shaped, from, to, sites, scope)).empty())
    return "";
  if (d.scope == Scope::Member &&
      (localWhy = proveMember(ctx, images, shaped, from, to, sites, scope)).empty())
    return "";
  auto fail = [&](std::string why) { return localWhy.empty() ? why : localWhy; };
  const Occurrences &left = n.after.at(from), &had = n.before.at(to);
  if (left.count != sitesOf(shaped, from, true, kAllFiles, 0, 0))
    return fail(from + " is still used in " + left.firstIn);
  if (had.count != sitesOf(shaped, to, false, kAllFiles, 0, 0))
    return fail(to + " already exists in " + had.firstIn);
  if (!ctx.deps)
    return fail("no symbol index of the tree: whether " + to + " already exists cannot be checked");
  if (sitesOf(shaped, to, false, kAllFiles, 0, 0) == 0) { // not itself renamed away
    const TreeView *tree = ctx.texts->oldTree();
    for (const std::string &path : ctx.deps->declaredIn(to)) {
      bool isChanged = false;
      for (size_t f : changed) isChanged = isChanged || ctx.patch.files[f].oldPath == path;
      if (isChanged) continue;
      if (!tree)
        return fail("the tree before the patch is unknown: whether " + to +
                    " already exists cannot be checked");
      if (auto text = tree->read(path); text && uses(scanSource(*text), to))
        return fail(to + " already exists (declared in " + path + ")");
    }
  }
  scope = "declared at " + ctx.patch.files[d.site.file].oldPath + ":" + std::to_string(d.site.oldLine);
  return "";
}

} // namespace
} // namespace rename

void detectRename(DetectContext &ctx) {
  using namespace rename;
  std::vector<Shaped> shaped;
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    if (!ctx.files[f].candidate || !ctx.files[f].cFamily) continue;
    for (size_t h = 0; h < ctx.files[f].hunks.size(); ++h) {
      if (ctx.claimed(f, h)) continue;
      std::string why;
      if (auto s = shape(ctx, f, h, why)) shaped.push_back(std::move(*s));
      else if (!why.empty()) ctx.refuse(f, h, "rename", why);
    }
  }
  if (shaped.empty()) return;
  // Drop hunks whose pairs contradict a one-to-one mapping until what remains agrees.
  std::map<std::string, std::string> forward;
  for (bool changed = true; changed && !shaped.empty();) {
    changed = false;
    std::map<std::string, std::set<std::string>> fwd, rev;
    std::map<std::string, int> sites;
    for (const Shaped &s : shaped)
      for (const auto &[a, b] : s.pairs) {
        fwd[a].insert(b);
        rev[b].insert(a);
        ++sites[a];
      }
    forward.clear();
    // A name changed at one site only is as likely a fix as a rename: two sites at least
    // (a declaration and a use).
    for (const auto &[a, bs] : fwd)
      if (bs.size() == 1 && rev[*bs.begin()].size() == 1 && sites[a] >= 2) forward[a] = *bs.begin();
    std::vector<Shaped> kept;
    for (Shaped &s : shaped) {
      std::string why;
      for (const auto &[a, b] : s.pairs) {
        if (!why.empty()) break;
        if (!forward.count(a))
          why = fwd[a].size() > 1 || rev[b].size() > 1 ? a + " -> " + b + " is not one-to-one over the patch"
                                                         : a + " -> " + b + " changes at one site only";
      }
      if (why.empty()) {
        kept.push_back(std::move(s));
      } else {
        ctx.refuse(s.file, s.hunk, "rename", why);
        changed = true;
      }
    }
    shaped = std::move(kept);
  }
  // Every name of the mapping proven where it is declared and where it is used.
  std::map<std::string, std::vector<Site>> sitesByName;
  for (const Shaped &s : shaped)
    for (size_t i = 0; i < s.pairs.size(); ++i) sitesByName[s.pairs[i].first].push_back(s.sites[i]);
  Images images(ctx);
  std::vector<size_t> changed;
  for (size_t f = 0; f < ctx.files.size(); ++f)
    if (ctx.files[f].cFamily) changed.push_back(f);
  std::optional<NameCounts> counted;
  auto counts = [&]() -> const NameCounts & {
    if (!counted) counted = countNames(ctx, changed, forward);
    return *counted;
  };
  std::map<std::string, std::string> failure, scopes;
  for (const auto &[from, to] : forward)
    if (sitesByName.count(from))
      failure[from] = proveName(ctx, images, shaped, from, to, sitesByName[from], changed, counts,
                                scopes[from]);
  for (const Shaped &s : shaped) {
    std::set<std::pair<std::string, std::string>> used(s.pairs.begin(), s.pairs.end());
    std::string detail, why;
    for (const auto &[a, b] : used) {
      detail += (detail.empty() ? "" : ", ") + a + " -> " + b;
      if (why.empty() && !failure[a].empty()) why = a + " -> " + b + ": " + failure[a];
    }
    if (!why.empty()) {
      ctx.refuse(s.file, s.hunk, "rename", why);
      continue;
    }
    std::string scope = scopes[used.begin()->first];
    ctx.claims[s.file][s.hunk] = Mechanical{{"rename", detail + " (" + scope + "; one-to-one over the patch)"}, false};
  }
}

} // namespace provcheck
