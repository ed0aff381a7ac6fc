// The rename proofs of names narrower than the file (Rename.cpp asks them first):
// - a parameter or local variable, in each function definition the patch renames it in,
//   and a parameter's name in a declaration without a body (a prototype). Every use of
//   the old name in the function becomes the new name, the new name meant nothing in it,
//   and neither name means anything at file scope (a global, a macro, a function, a type,
//   an enumerator) in the file or in a header of the tree it includes: then no use can
//   bind to another declaration than before, and no macro expanded in the function can
//   read the old or new name from outside it.
// - a struct or union member, whose declaration the patch renames: the new name occurs
//   nowhere in the tree before the patch and, after it, only where the patch renamed the
//   old one, at member accesses ('.', '->') and member declarations only. Member lookup
//   has no fallback: a use left with the old name, or renamed on a struct whose member
//   kept it, does not compile; every use that compiles names the same member as before.
// Why, in full: classify/README.md ("rename").
#include "classify/detect/RenameParts.h"

#include "maps/IncludeResolver.h"
#include "maps/SourceScan.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>
#include <string_view>

namespace provcheck::rename {
namespace {

bool memberAccess(const std::vector<Token> &tok, size_t k) {
  return k > 0 && (tok[k - 1].text == "." || tok[k - 1].text == "->");
}

// Occurrences of the name `name` in tokens [first, last], a member's name aside.
int countPlain(const std::vector<Token> &tok, size_t first, size_t last, const std::string &name) {
  int n = 0;
  for (size_t q = first; q <= last && q < tok.size(); ++q)
    n += tok[q].kind == TokenKind::Identifier && tok[q].text == name && !memberAccess(tok, q);
  return n;
}

std::string at(const DetectContext &ctx, size_t f, int line) {
  return ctx.patch.files[f].oldPath + ":" + std::to_string(line);
}

// Whether tok[k], in a directive, is a parameter of the function-like macro it defines
// (in its parameter list or its body): "#define error_setg(err, fmt, ...)".
bool macroParameter(const std::vector<Token> &tok, size_t k) {
  size_t h = k;
  while (h > 0 && tok[h].kind != TokenKind::Hash) --h;
  if (tok[h].kind != TokenKind::Hash || h + 3 >= tok.size() || tok[h + 1].text != "define" ||
      tok[h + 3].text != "(" || tok[h + 3].spaceBefore || !tok[h + 3].directive)
    return false;
  for (size_t q = h + 4; q < tok.size() && tok[q].directive && tok[q].text != ")"; ++q)
    if (tok[q].text == tok[k].text) return true;
  return false;
}

// Whether tok[k], in a directive, names nothing: a part of a token the preprocessor
// pastes ("cpu_to_ ## endian ## size ## s"), or of an included file's name
// ("#include <time.h>").
bool pastedOrIncluded(const std::vector<Token> &tok, size_t k) {
  if ((k > 0 && tok[k - 1].text == "##") || (k + 1 < tok.size() && tok[k + 1].directive && tok[k + 1].text == "##"))
    return true;
  size_t h = k;
  while (h > 0 && tok[h].kind != TokenKind::Hash) --h;
  return tok[h].kind == TokenKind::Hash && h + 1 < tok.size() &&
         (tok[h + 1].text == "include" || tok[h + 1].text == "include_next");
}

// Where `name` means something at file scope in a pre-image: a directive that defines or
// reads it (a macro's own parameter, a pasted part and an included file's name aside), a
// function's name, a global, a type, a tag, an enumerator (any use outside
// the parameters and bodies of functions, the parameters of prototypes, and the names of
// members, declared or accessed); 0 when nowhere.
int fileScopeLine(const std::vector<Token> &tok, const std::vector<FileItem> &items, const std::string &name) {
  for (const FileItem &item : items)
    for (size_t k = item.first; k <= item.last && k < tok.size(); ++k) {
      if (tok[k].kind != TokenKind::Identifier || tok[k].text != name) continue;
      if (memberAccess(tok, k)) continue;
      if (tok[k].directive) {
        if (macroParameter(tok, k) || pastedOrIncluded(tok, k)) continue;
        return tok[k].line;
      }
      Scope s = k > item.first ? scopeAt(tok, item, k) : Scope::File;
      if (s == Scope::Function) continue;
      if ((s == Scope::Prototype || s == Scope::Member) && !item.function && declaredAt(tok, k)) continue;
      return tok[k].line;
    }
  return 0;
}

// The headers of the tree that `path` includes, directly or not: a quoted include from
// the includer's directory first, then from the root and from include/ (as QEMU's -I
// options), an angled one from the root and include/. What the tree does not hold (a
// system header, a generated one) is not followed.
std::vector<std::string> includedHeaders(const TreeView &tree, const std::string &path, const std::string &text) {
  std::vector<std::string> out, queue = {path};
  std::set<std::string> seen = {path};
  for (size_t q = 0; q < queue.size() && out.size() < 4096; ++q) {
    std::optional<std::string> read;
    const std::string *body = &text;
    if (q > 0) {
      read = tree.read(queue[q]);
      if (!read) continue;
      body = &*read;
    }
    std::string dir = queue[q].substr(0, queue[q].rfind('/') == std::string::npos ? 0 : queue[q].rfind('/'));
    for (const IncludeDirective &inc : scanSource(*body).includes) {
      std::vector<std::string> candidates;
      if (!inc.angled) candidates.push_back(normalizePath(dir.empty() ? inc.target : dir + "/" + inc.target));
      candidates.push_back(normalizePath(inc.target));
      candidates.push_back(normalizePath("include/" + inc.target));
      for (const std::string &c : candidates)
        if (!c.empty() && tree.isFile(c)) {
          if (seen.insert(c).second) {
            queue.push_back(c);
            out.push_back(c);
          }
          break;
        }
    }
  }
  return out;
}

// Why `name` may mean something outside the functions and prototypes renamed, in the
// files `files` or the headers they include; "" when it means nothing there.
std::string outerMeaning(const DetectContext &ctx, Images &images, const std::vector<size_t> &files,
                         const std::vector<std::pair<std::string, std::string>> &headers,
                         const std::string &name) {
  for (size_t f : files)
    if (int line = fileScopeLine(*images.tokens(f, true), images.items(f, true), name))
      return name + " has a file-scope meaning at " + at(ctx, f, line) +
             " (a macro, global, function, type or enumerator a use could bind to)";
  for (const auto &[path, text] : headers) {
    if (text.find(name) == std::string::npos) continue;
    std::vector<Token> tok = lexTokens(text, languageOf(path)).code;
    if (int line = fileScopeLine(tok, fileItems(tok), name))
      return name + " has a file-scope meaning at " + path + ":" + std::to_string(line) +
             ", a header the file includes (a use could bind to it)";
  }
  return "";
}

// A declaration without a body: no '{' among its tokens (a struct's or an initialiser's).
bool prototype(const std::vector<Token> &tok, const FileItem &item) {
  if (item.function || item.directive || item.invocation) return false;
  for (size_t k = item.first; k <= item.last && k < tok.size(); ++k)
    if (!tok[k].directive && tok[k].text == "{") return false;
  return true;
}

// The function-like macros, of the files' own tokens and of their headers' texts, that
// paste or stringify a parameter ('#' or '##' on it in their body), or invoke one that
// does.
std::set<std::string> textMacros(const std::vector<const std::vector<Token> *> &files,
                                 const std::vector<std::pair<std::string, std::string>> &headers) {
  std::map<std::string, std::set<std::string>> calls; // macro -> names in its body
  std::set<std::string> out;
  auto scan = [&](const std::vector<Token> &tok) {
    for (size_t h = 0; h + 3 < tok.size(); ++h) {
      if (tok[h].kind != TokenKind::Hash || tok[h + 1].text != "define" || tok[h + 3].text != "(" ||
          tok[h + 3].spaceBefore || !tok[h + 3].directive)
        continue;
      std::string name(tok[h + 2].text);
      std::set<std::string, std::less<>> params;
      size_t q = h + 4;
      for (; q < tok.size() && tok[q].directive && tok[q].text != ")"; ++q)
        if (tok[q].kind == TokenKind::Identifier) params.emplace(tok[q].text);
      size_t body = q + 1;
      for (q = body; q < tok.size() && tok[q].directive && !tok[q].startOfLine; ++q) {
        // "# x", "x ## y" on a named parameter ("## __VA_ARGS__" only drops a comma).
        bool op = tok[q].text == "#" || tok[q].text == "##";
        if (op && ((q + 1 < tok.size() && tok[q + 1].directive && !tok[q + 1].startOfLine &&
                    params.count(tok[q + 1].text)) ||
                   (tok[q].text == "##" && q > body && params.count(tok[q - 1].text))))
          out.insert(name);
        if (tok[q].kind == TokenKind::Identifier) calls[name].emplace(tok[q].text);
      }
    }
  };
  for (const std::vector<Token> *tok : files) scan(*tok);
  for (const auto &[path, text] : headers)
    if (text.find('#') != std::string::npos && text.find("define") != std::string::npos)
      scan(lexTokens(text, languageOf(path)).code);
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto &[name, names] : calls)
      if (!out.count(name) && std::any_of(names.begin(), names.end(), [&](const std::string &n) { return out.count(n) > 0; }))
        grew = out.insert(name).second || grew;
  }
  return out;
}

// The macro of `macros` whose arguments hold tok[k] (every '(' of the item before it left
// open encloses it, however deep: a statement expression too), or "".
std::string inMacroArguments(const std::vector<Token> &tok, size_t first, size_t k,
                             const std::set<std::string> &macros) {
  int depth = 0;
  for (size_t q = k; q-- > first;) {
    if (tok[q].text == ")") ++depth;
    else if (tok[q].text == "(" && depth-- == 0) {
      depth = 0;
      if (q > 0 && tok[q - 1].kind == TokenKind::Identifier && macros.count(std::string(tok[q - 1].text)))
        return std::string(tok[q - 1].text);
    }
  }
  return "";
}

std::string nameOf(const FileItem &item) { return item.name.empty() ? "its function" : item.name; }

} // namespace

std::string proveLocal(const DetectContext &ctx, Images &images, const std::vector<Shaped> &shaped,
                       const std::string &from, const std::string &to, const std::vector<Site> &sites,
                       std::string &scope) {
  std::map<std::pair<size_t, const FileItem *>, std::vector<Site>> byItem;
  std::vector<size_t> files;
  for (const Site &s : sites) {
    if (!images.tokens(s.file, true) || !images.tokens(s.file, false))
      return "the pre-image and post-image of " + ctx.patch.files[s.file].oldPath + " are unknown";
    byItem[{s.file, itemAtLine(images.items(s.file, true), s.oldLine)}].push_back(s);
    if (std::find(files.begin(), files.end(), s.file) == files.end()) files.push_back(s.file);
  }
  std::string functions, prototypes;
  for (const auto &[where, group] : byItem) {
    const auto &[f, before] = where;
    if (!before) return from + " is renamed outside any function or declaration";
    const std::vector<Token> &oldTok = *images.tokens(f, true);
    const std::vector<Token> &newTok = *images.tokens(f, false);
    std::string fn = nameOf(*before);
    for (const Site &s : group)
      if (s.member) return from + " is renamed as a member's name in " + fn + " (at " + at(ctx, f, s.oldLine) + ")";
    const FileItem *after = itemAtLine(images.items(f, false), group.front().newLine);
    if (!after) return "the declaration of " + from + " is not found after the patch";
    if (before->function) {
      Declaration own = findDeclaration(images, from, group);
      if (!own.found || own.scope != Scope::Function || own.item != before)
        return from + " is renamed in " + fn + ", which does not declare it (a substitution)";
    } else if (prototype(oldTok, *before)) {
      // A parameter's name in a declaration names nothing: only the declarators renamed.
      for (size_t k = before->first; k <= before->last; ++k)
        if (oldTok[k].kind == TokenKind::Identifier && oldTok[k].text == from &&
            !(scopeAt(oldTok, *before, k) == Scope::Prototype && declaredAt(oldTok, k)))
          return from + " is used in the declaration of " + fn + " beyond its parameters' names";
    } else {
      return from + " is renamed outside the function that declares it";
    }
    // Every use in it renamed, and the new name unknown to it before.
    if (countPlain(oldTok, before->first, before->last, to) !=
        sitesOf(shaped, to, false, f, before->firstLine, before->lastLine))
      return to + " is already used in " + fn;
    if (countPlain(newTok, after->first, after->last, from) !=
        sitesOf(shaped, from, true, f, after->firstLine, after->lastLine))
      return from + " is still used in " + fn;
    std::string &list = before->function ? functions : prototypes;
    list += (list.empty() ? "" : ", ") + fn;
  }
  // Neither name may mean anything outside: a use, or a macro expanded in the function,
  // would bind to it instead of the parameter (shadowing), or to it after the patch.
  const TreeView *tree = ctx.texts ? ctx.texts->oldTree() : nullptr;
  if (!tree) return "the tree before the patch is unknown: what " + to + " means in its headers cannot be checked";
  std::vector<std::pair<std::string, std::string>> headers;
  std::set<std::string> listed;
  for (size_t f : files)
    for (const std::string &h : includedHeaders(*tree, ctx.patch.files[f].oldPath, *ctx.texts->oldText(f)))
      if (listed.insert(h).second)
        if (std::optional<std::string> text = tree->read(h)) headers.emplace_back(h, std::move(*text));
  for (const std::string &name : {from, to})
    if (std::string why = outerMeaning(ctx, images, files, headers, name); !why.empty()) return why;
  // A macro that pastes or stringifies its argument makes another name or a string of it
  // ("glue(s, _x)", "stringify(s)"): renamed there, the name is no longer only a name.
  std::vector<const std::vector<Token> *> own;
  for (size_t f : files) own.push_back(images.tokens(f, true));
  std::set<std::string> macros = textMacros(own, headers);
  for (const auto &[where, group] : byItem) {
    const auto &[f, before] = where;
    const std::vector<Token> &tok = *images.tokens(f, true);
    for (size_t k = before->first; k <= before->last && k < tok.size(); ++k)
      if (tok[k].kind == TokenKind::Identifier && tok[k].text == from && !memberAccess(tok, k))
        if (std::string m = inMacroArguments(tok, before->first, k, macros); !m.empty())
          return from + " is an argument of " + m + " in " + nameOf(*before) + ", a macro that pastes or stringifies";
  }
  scope = functions.empty() ? "" : "local to " + functions;
  if (!prototypes.empty())
    scope += (scope.empty() ? "" : "; ") + std::string("parameter of the declaration of ") + prototypes;
  return "";
}

namespace {

bool cFile(std::string_view path) {
  return path.ends_with(".c") || path.ends_with(".h") || path.ends_with(".inc");
}
bool sourceFile(std::string_view path) {
  for (std::string_view ext : {".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".inc", ".def"})
    if (path.ends_with(ext)) return true;
  return false;
}
bool wordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool hasWord(std::string_view text, std::string_view word) {
  for (size_t p = text.find(word); p != std::string_view::npos; p = text.find(word, p + 1))
    if ((p == 0 || !wordChar(text[p - 1])) && (p + word.size() == text.size() || !wordChar(text[p + word.size()])))
      return true;
  return false;
}

// The first file of the tree, other than `skip`, whose text holds `to` anywhere (a source
// file: a name, or a part of one a macro may paste) or names `from` as a word (a script:
// a debugger's helper reads members by name); "" when none.
std::string treeMention(const TreeView &tree, const std::vector<std::string> &skip, const std::string &to,
                        const std::string &from, std::string &why) {
  std::vector<std::string> dirs = {""};
  while (!dirs.empty()) {
    std::string dir = dirs.back();
    dirs.pop_back();
    for (const std::string &e : tree.list(dir)) {
      std::string path = dir.empty() ? e : dir + "/" + e;
      if (e.ends_with("/")) {
        path.pop_back();
        dirs.push_back(path);
        continue;
      }
      bool source = sourceFile(path), script = path.ends_with(".py");
      if ((!source && !script) || std::find(skip.begin(), skip.end(), path) != skip.end()) continue;
      std::optional<std::string> text = tree.read(path);
      if (!text) continue;
      if (source && text->find(to) != std::string::npos) {
        why = to + " already occurs in " + path;
        return path;
      }
      if (script && hasWord(*text, from)) {
        why = from + " is named in " + path + " (a script may read the member by name)";
        return path;
      }
    }
  }
  return "";
}

} // namespace

std::string proveMember(const DetectContext &ctx, Images &images, const std::vector<Shaped> &shaped,
                        const std::string &from, const std::string &to, const std::vector<Site> &sites,
                        std::string &scope) {
  // Each site a member's declaration or a member access, in C.
  const FileItem *declaredIn = nullptr;
  for (const Site &s : sites) {
    const std::string &path = ctx.patch.files[s.file].oldPath;
    if (!cFile(path) || !cFile(ctx.patch.files[s.file].newPath))
      return from + " is renamed in " + path + ", not a C file (C++ may look a member up elsewhere)";
    const std::vector<Token> *tok = images.tokens(s.file, true);
    if (!tok) return "the pre-image of " + path + " is unknown";
    if (s.member) continue;
    const FileItem *item = itemAtLine(images.items(s.file, true), s.oldLine);
    auto first = std::lower_bound(tok->begin(), tok->end(), s.oldLine,
                                  [](const Token &t, int line) { return t.line < line; });
    for (size_t k = first - tok->begin(); k < tok->size() && (*tok)[k].line == s.oldLine; ++k) {
      if ((*tok)[k].kind != TokenKind::Identifier || (*tok)[k].text != from || memberAccess(*tok, k)) continue;
      if (!item || (*tok)[k].directive || !declaredAt(*tok, k) || scopeAt(*tok, *item, k) != Scope::Member)
        return from + " is renamed at " + at(ctx, s.file, s.oldLine) +
               " where it is neither a member's declaration nor a member access";
      declaredIn = item;
    }
  }
  if (!declaredIn) return "no declaration of the member " + from + " is renamed";
  // After the patch, the new name stands only where the patch renamed the old one.
  std::vector<std::string> changed;
  for (size_t f = 0; f < ctx.patch.files.size(); ++f) {
    const FileChange &file = ctx.patch.files[f];
    if (!isCFamily(file.path())) continue;
    changed.push_back(file.oldPath);
    const std::vector<Token> *oldTok = images.tokens(f, true), *newTok = images.tokens(f, false);
    if (!oldTok || !newTok) return "the pre-image and post-image of " + file.oldPath + " are unknown";
    // Anywhere in the text, even inside a longer name (a macro may paste one).
    if (const std::string *text = ctx.texts->oldText(f); !text || text->find(to) != std::string::npos)
      return to + " already occurs in " + file.oldPath;
    int n = 0;
    for (const Token &t : *newTok) n += t.kind == TokenKind::Identifier && t.text.find(to) != std::string::npos;
    if (n != sitesOf(shaped, to, true, f, 0, std::numeric_limits<int>::max()))
      return to + " is written in " + file.newPath + " where the patch does not rename " + from;
    for (const Token &t : *oldTok)
      if (t.directive && t.kind == TokenKind::Identifier && t.text == from)
        return from + " is named in a directive of " + file.oldPath + " (a macro may paste or define it)";
  }
  // The old name no macro, the new one nowhere in the tree.
  if (!ctx.deps) return "no symbol index of the tree: whether " + from + " is a macro cannot be checked";
  if (std::vector<std::string> in = ctx.deps->declaredIn(from); !in.empty())
    return from + " is also declared at file scope in " + in.front() + " (a macro of that name would rewrite its uses)";
  const TreeView *tree = ctx.texts ? ctx.texts->oldTree() : nullptr;
  if (!tree) return "the tree before the patch is unknown: whether " + to + " already exists cannot be checked";
  std::string why;
  if (!treeMention(*tree, changed, to, from, why).empty()) return why;
  scope = "a member of " + (declaredIn->name.empty() ? std::string("its struct") : declaredIn->name) +
          ", new to the tree; member lookup has no fallback";
  return "";
}

} // namespace provcheck::rename
