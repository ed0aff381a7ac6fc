// include-only: hunks whose changed code lines are all #include lines that the patch
// drops, in a file where no #include is added or moved: the order of the remaining
// includes is unchanged (order is the program's: a header may read the macros of the
// headers before it). Each dropped line is at file scope and names a header: inside a
// definition (a table's rows) the included text is part of it, and an included .c.inc
// or .def file holds code or data. A quoted header must be in the tree (a generated one
// may hold anything; a dropped one no directory holds is the one file of the tree whose
// path ends with its name, as a target directory's -I finds it), and neither it nor one it includes may hold code without a guard
// (a list of macro calls, expanded again at each inclusion). Each dropped header is
// then proven inert one of two ways:
// - already included: an #include the file keeps, earlier and outside every #if, brings
//   it in (itself, or a header of the tree that includes it outside every #if, directly
//   or not), so the dropped line was a no-op behind the header's guard;
// - its macros untested: no conditional after it tests a macro that the header, or a
//   header it includes, defines (read in the pre-image tree), beyond what the includes
//   kept before that conditional bring in anyway (dropping "config.h" above "#ifdef
//   CONFIG_KVM" would compile code out silently). Where a header it adds is not in the
//   tree (a system or generated header), its macros are unknown: the conditionals may
//   then test only names the tree defines. A header's includers test what it brought
//   them after it: a header may drop only an include that adds no macro to its own.
// The file still compiling without the header is what makes the rest of the change
// inert: declarations it no longer sees were not needed. (The compiled-code proof
// compares the functions a hunk touches, and an #include line touches none, so it does
// not check this.) Without the whole file, nothing is proven.
#include "classify/detect/Detectors.h"
#include "classify/detect/KeptByBlob.h"

#include "analysis/TextLines.h"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

namespace provcheck {
namespace {

// The target of an #include line ("<a/b.h>" or "\"x.h\""), or nullopt.
std::optional<std::string> includeTarget(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos || line[i] != '#') return std::nullopt;
  i = line.find_first_not_of(" \t", i + 1);
  if (i == std::string_view::npos || line.substr(i, 7) != "include") return std::nullopt;
  i = line.find_first_not_of(" \t", i + 7);
  if (i == std::string_view::npos) return std::nullopt;
  char close = line[i] == '<' ? '>' : line[i] == '"' ? '"' : 0;
  if (!close) return std::nullopt;
  size_t end = line.find(close, i + 1);
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(line.substr(i, end - i + 1));
}

// Whether a quoted include names a header by its extension ("x.h", "x.hpp").
bool isHeaderName(std::string_view target) {
  std::string_view name = target.substr(1, target.size() - 2);
  for (std::string_view ext : {".h", ".hh", ".hpp", ".hxx"})
    if (name.ends_with(ext)) return true;
  return false;
}

// The preprocessor directives of a text that matter to an #include's effect, read from
// its tokens (a directive inside a comment is none).
struct Directives {
  struct Include {
    std::string target; // with its delimiters: <a/b.h> or "x.h"; "" when not plain
    int line = 0;
    bool unconditional = false; // outside every #if but the include guard
    bool nested = false;        // inside braces, parentheses or brackets: part of a definition
  };
  std::vector<Include> includes;
  std::set<std::string> defined; // macros #defined or #undefined anywhere, the guard aside
  struct Test {
    std::string macro;
    int line = 0;
  };
  std::vector<Test> tested; // macros named by #if, #ifdef, #ifndef, #elif, the guard aside
  std::string guard;
  bool once = false; // #pragma once
  bool code = false; // holds tokens outside directives
  // Whether a second inclusion adds nothing (an include guard, #pragma once).
  bool guarded() const { return once || !guard.empty(); }
};

Directives readDirectives(std::string_view text) {
  std::vector<std::string_view> lines = splitLines(text);
  TokenStream ts = lexTokens(text);
  const std::vector<Token> &tok = ts.code;
  Directives d;
  int depth = 0, seen = 0;
  std::string pendingGuard; // the name of a first #ifndef, a guard when #define follows
  std::vector<Directives::Test> tested;
  int nest = 0; // braces, parentheses and brackets open in the code (directives aside)
  for (size_t k = 0; k < tok.size(); ++k) {
    d.code = d.code || !tok[k].directive;
    if (tok[k].kind == TokenKind::Punctuation && !tok[k].directive && tok[k].text.size() == 1) {
      char c = tok[k].text[0];
      if (c == '{' || c == '(' || c == '[') ++nest;
      if (c == '}' || c == ')' || c == ']') nest = std::max(0, nest - 1);
    }
    if (tok[k].kind != TokenKind::Hash || !tok[k].startOfLine) continue;
    size_t end = k + 1;
    while (end < tok.size() && !tok[end].startOfLine) ++end;
    if (end == k + 1) continue;
    std::string_view word = tok[k + 1].text;
    ++seen;
    if (word == "include" || word == "include_next" || word == "import") {
      Directives::Include inc;
      inc.line = tok[k].line;
      if (word == "include" && tok[k].line >= 1 && size_t(tok[k].line) <= lines.size())
        inc.target = includeTarget(lines[tok[k].line - 1]).value_or("");
      inc.unconditional = depth == (d.guard.empty() ? 0 : 1);
      inc.nested = nest > 0;
      d.includes.push_back(std::move(inc));
    } else if (word == "if" || word == "ifdef" || word == "ifndef" || word == "elif" ||
               word == "elifdef" || word == "elifndef") {
      if (word != "elif" && word != "elifdef" && word != "elifndef") ++depth;
      for (size_t j = k + 2; j < end; ++j)
        if (tok[j].kind == TokenKind::Identifier && tok[j].text != "defined")
          tested.push_back({std::string(tok[j].text), tok[k].line});
      if (seen == 1 && word == "ifndef" && end == k + 3) pendingGuard = std::string(tok[k + 2].text);
    } else if (word == "pragma" && end > k + 2 && tok[k + 2].text == "once") {
      d.once = true;
    } else if (word == "endif") {
      depth = std::max(0, depth - 1);
    } else if ((word == "define" || word == "undef") && end > k + 2 && tok[k + 2].kind == TokenKind::Identifier) {
      std::string name(tok[k + 2].text);
      if (word == "define" && seen == 2 && name == pendingGuard) d.guard = name;
      else d.defined.insert(std::move(name));
    }
  }
  for (Directives::Test &t : tested)
    if (t.macro != d.guard) d.tested.push_back(std::move(t));
  return d;
}

// What an #include of the pre-image tree brings in: its file and the files it includes,
// directly or not, read once per patch.
class IncludeReader {
public:
  explicit IncludeReader(const TreeView *tree) : tree_(tree) {}

  // The path in the tree an #include of `includer` names ("..." first beside the
  // includer, then under include/ and the top; then, with `bySuffix`, for "...", the one
  // file of the tree whose path ends with the name, as the -I of a target directory
  // finds "kvm_arm.h"), or "" when none of these holds it (a system header, a generated
  // one, or a name several files of the tree end with). Only a dropped include is
  // looked up by its suffix, which reads every path of the tree: one that other headers
  // include stays unread, which proves less, never more.
  std::string resolve(const std::string &includer, const std::string &target, bool bySuffix = false) {
    if (!tree_ || target.size() < 3) return "";
    std::string name = target.substr(1, target.size() - 2);
    std::vector<std::string> candidates = {"include/" + name, name};
    if (target[0] == '"') candidates.insert(candidates.begin(), includer.substr(0, includer.rfind('/') + 1) + name);
    for (std::string &path : candidates)
      if (directives(path)) return path;
    if (bySuffix && target[0] == '"')
      if (std::string path = endingWith(name); !path.empty() && directives(path)) {
        bySuffix_.insert(path);
        return path;
      }
    return "";
  }

  // Whether resolve() found `path` by the end of its name alone.
  bool foundBySuffix(const std::string &path) const { return bySuffix_.count(path) > 0; }

  // The one file of the tree whose path is `name` or ends with "/" + `name`; "" when
  // none or several do.
  std::string endingWith(const std::string &name) {
    if (name.empty() || name.starts_with("/") || name.find("..") != std::string::npos) return "";
    if (!byBase_) {
      byBase_.emplace();
      std::vector<std::string> dirs = {""};
      while (!dirs.empty()) {
        std::string dir = std::move(dirs.back());
        dirs.pop_back();
        for (const TreeEntry &e : tree_->entries(dir)) {
          std::string path = dir.empty() ? e.name : dir + "/" + e.name;
          if (e.kind == TreeEntryKind::Directory) dirs.push_back(std::move(path));
          else if (e.kind == TreeEntryKind::File) (*byBase_)[e.name].push_back(std::move(path));
        }
      }
    }
    auto it = byBase_->find(name.substr(name.rfind('/') + 1));
    if (it == byBase_->end()) return "";
    std::string found;
    for (const std::string &path : it->second)
      if (path == name || (path.ends_with(name) && path[path.size() - name.size() - 1] == '/')) {
        if (!found.empty()) return "";
        found = path;
      }
    return found;
  }

  // The directives of the tree's file `path`, or null when it is none.
  const Directives *directives(const std::string &path) {
    auto it = files_.find(path);
    if (it == files_.end()) {
      std::shared_ptr<const Directives> d;
      if (std::optional<std::string> key = tree_ ? tree_->fileKey(path) : std::nullopt) {
        d = kept().find(*key);
        if (!d)
          if (std::optional<std::string> text = tree_->read(path))
            d = kept().keep(*key, readDirectives(*text));
      }
      it = files_.emplace(path, std::move(d)).first;
    }
    return it->second.get();
  }

  // The key of an include in the sets below: its path in the tree, or its spelling for a
  // header the tree does not hold ("<sys/time.h>", "\"config-host.h\"": a system or
  // generated header is the same file from any includer).
  std::string key(const std::string &includer, const std::string &target, bool bySuffix = false) {
    std::string path = resolve(includer, target, bySuffix);
    return path.empty() ? target : path;
  }

  // Every include `key` brings in for sure: itself and, in the tree, what it includes
  // outside every #if but the guard, directly or not.
  void addAlways(const std::string &key, std::set<std::string> &out) {
    std::vector<std::string> todo;
    if (out.insert(key).second) todo.push_back(key);
    while (!todo.empty() && out.size() <= kMaxHeaders) {
      std::string file = todo.back();
      todo.pop_back();
      const Directives *d = directives(file);
      if (!d) continue;
      for (const Directives::Include &inc : d->includes)
        if (inc.unconditional && !inc.target.empty())
          if (std::string k = this->key(file, inc.target); out.insert(k).second) todo.push_back(k);
    }
  }

  // The header of the tree, `key` or one it includes, that has code outside directives
  // and no include guard, so that its text is expanded at each inclusion; "" when none.
  std::string expandedAgain(const std::string &key) {
    std::set<std::string> seen = {key};
    std::vector<std::string> todo = {key};
    while (!todo.empty() && seen.size() <= kMaxHeaders) {
      std::string file = todo.back();
      todo.pop_back();
      const Directives *d = directives(file);
      if (!d || d->guarded()) continue;
      if (d->code) return file;
      for (const Directives::Include &inc : d->includes)
        if (std::string next = inc.target.empty() ? "" : this->key(file, inc.target);
            !next.empty() && seen.insert(next).second)
          todo.push_back(next);
    }
    return "";
  }

  // What dropping the include `key` takes away when the includes of `present` stay: the
  // macros its headers define, and the first include among them whose macros cannot be
  // read ("" when none), following every include (under an #if or not) but those present.
  struct Closure {
    std::map<std::string, std::string> macros; // macro -> the header defining it
    std::map<std::string, std::string> guards; // include guard -> its header
    std::string unknown;                       // an include whose macros cannot be read

    // The header defining `macro` (as a guard or not), or null.
    const std::string *definer(const std::string &macro) const {
      for (const auto *names : {&macros, &guards})
        if (auto it = names->find(macro); it != names->end()) return &it->second;
      return nullptr;
    }
  };
  Closure closure(const std::string &key, const std::set<std::string> &present) {
    Closure c;
    std::set<std::string> seen = {key};
    std::vector<std::string> todo = {key};
    while (!todo.empty()) {
      std::string file = todo.back();
      todo.pop_back();
      const Directives *d = directives(file);
      if (!d) {
        if (c.unknown.empty()) c.unknown = file == key ? file + ", not in the tree" : file;
        continue;
      }
      for (const std::string &m : d->defined) c.macros.emplace(m, file);
      if (!d->guard.empty()) c.guards.emplace(d->guard, file);
      for (const Directives::Include &inc : d->includes) {
        if (inc.target.empty()) {
          if (c.unknown.empty()) c.unknown = "an #include_next of " + file;
          continue;
        }
        std::string next = this->key(file, inc.target);
        if (present.count(next) || !seen.insert(next).second) continue;
        if (seen.size() > kMaxHeaders) {
          c.unknown = "more than " + std::to_string(kMaxHeaders) + " headers under " + key;
          return c;
        }
        todo.push_back(next);
      }
    }
    return c;
  }

private:
  static constexpr size_t kMaxHeaders = 4000;
  // The directives of header versions, kept for the process (a range's patches read the
  // same headers again and again).
  static KeptByBlob<Directives> &kept() {
    static auto *files = new KeptByBlob<Directives>(8192);
    return *files;
  }

  const TreeView *tree_;
  std::map<std::string, std::shared_ptr<const Directives>> files_;
  // The tree's file paths by last component, read whole on the first name no directory
  // resolves.
  std::optional<std::unordered_map<std::string, std::vector<std::string>>> byBase_;
  std::set<std::string> bySuffix_;
};

// Why dropping the include `dropped` of the pre-image `before` of `path` may change what
// the file, or a file including it, compiles to; "" when it cannot, with `already` set
// when an include the file keeps brought the header in anyway.
std::string dropEffect(const DetectContext &ctx, IncludeReader &reader, const std::string &path,
                       const Directives &before, const std::set<int> &droppedLines,
                       const Directives::Include &dropped, std::string &already) {
  // What it includes is text of the file at that place: declarations only where the
  // file is at file scope and the included file is a header. Inside a definition (a
  // table's initializer), or from a .c, .inc or .def file, it is code or data.
  if (dropped.nested)
    return dropped.target + " on line " + std::to_string(dropped.line) +
           " is included inside a definition, whose text it is part of";
  if (dropped.target.empty() || (dropped.target.front() == '"' && !isHeaderName(dropped.target)))
    return dropped.target + " is not a header: an included source file holds code or data";
  const std::string key = reader.key(path, dropped.target, true);
  // What the includes the file keeps bring in for sure (outside every #if) up to a line.
  std::set<std::string> present;
  size_t next = 0;
  auto presentAt = [&](int line) -> const std::set<std::string> & {
    for (; next < before.includes.size() && before.includes[next].line < line; ++next) {
      const Directives::Include &inc = before.includes[next];
      if (inc.unconditional && !inc.target.empty() && !droppedLines.count(inc.line))
        reader.addAlways(reader.key(path, inc.target), present);
    }
    return present;
  };
  // Its text must be declarations: a header of the tree whose code, without a guard, is
  // expanded again at each inclusion (an X-macro list) is a source file's text; a
  // quoted header the tree does not hold is generated and cannot be read.
  const Directives *own = reader.directives(key);
  if (std::string expanded = own ? reader.expandedAgain(key) : ""; !expanded.empty())
    return expanded + " has code and no include guard: its text is expanded where it is included (a list of "
                      "macro calls), as a source file's";
  if (!own && dropped.target.front() != '<')
    return dropped.target + " is not in the tree: whether its text is more than declarations cannot be read";
  // Already brought in before it: the dropped line was a no-op behind the header's guard
  // (a system header has one, but <assert.h>, which NDEBUG may change).
  bool reincludable = dropped.target == "<assert.h>" || dropped.target == "<cassert>";
  for (const Directives::Include &inc : before.includes) {
    if (inc.line >= dropped.line || reincludable) break;
    if (presentAt(inc.line + 1).count(key) && !droppedLines.count(inc.line)) {
      already = dropped.target + " already included by " + inc.target + " on line " + std::to_string(inc.line);
      return "";
    }
  }
  // Each conditional after it sees what the includes before the conditional bring in
  // anyway; what the dropped header adds to that must not be tested there.
  auto missing = [&](const std::string &m) { return !ctx.deps || ctx.deps->declaredIn(m).empty(); };
  std::optional<IncludeReader::Closure> c; // for the includes present so far
  for (const Directives::Test &t : before.tested) {
    if (t.line <= dropped.line) continue;
    size_t kept = next;
    const std::set<std::string> &now = presentAt(t.line);
    if (!c || next != kept) c = reader.closure(key, now);
    if (const std::string *header = c->definer(t.macro))
      return "the file still tests " + t.macro + " on line " + std::to_string(t.line) + ", which " + dropped.target +
             (*header == key ? "" : " includes through " + *header + " and") + " defines";
    // Names the tree defines come from there; the others (a configuration's, the
    // system's) may come from what cannot be read.
    if (!c->unknown.empty() && missing(t.macro))
      return "the file tests " + t.macro + " on line " + std::to_string(t.line) +
             ", which the tree does not define, and the macros of " + c->unknown + " are unknown";
  }
  // A header's includers test what it brought them after the whole header.
  if (path.ends_with(".c") || path.ends_with(".cc") || path.ends_with(".cpp")) return "";
  IncludeReader::Closure all = reader.closure(key, presentAt(std::numeric_limits<int>::max()));
  if (!all.unknown.empty())
    return "a header: the files including it may test the macros of " + dropped.target + ", and those of " +
           all.unknown + " are unknown";
  if (!all.macros.empty())
    return "a header: the files including it may test the macros " + dropped.target + " defines (" +
           all.macros.begin()->first + (all.macros.size() > 1 ? ", ..." : "") + ")";
  return "";
}

} // namespace

void detectIncludeOnly(DetectContext &ctx) {
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate || !ff.cFamily) continue;
    const FileChange &file = ctx.patch.files[f];
    std::vector<std::string> dropped;
    std::set<int> droppedLines; // their lines in the pre-image
    std::vector<size_t> includeHunks;
    bool added = false;
    for (size_t h = 0; h < file.hunks.size(); ++h) {
      const Hunk &hunk = file.hunks[h];
      const HunkFacts &hf = ff.hunks[h];
      bool onlyIncludes = true, any = false;
      for (size_t i = 0; i < hunk.lines.size(); ++i) {
        const DiffLine &l = hunk.lines[i];
        if (l.kind == LineKind::Context) continue;
        auto target = includeTarget(l.text);
        if (target && l.kind == LineKind::Added) added = true;
        if (target && l.kind == LineKind::Removed) {
          dropped.push_back(*target);
          droppedLines.insert(l.oldLine);
        }
        if (target) any = true;
        else if (!hf.blank[i] && !hf.commentOnly[i]) onlyIncludes = false;
      }
      if (onlyIncludes && any && !ctx.claimed(f, h)) includeHunks.push_back(h);
    }
    if (includeHunks.empty()) continue;
    std::string why;
    std::vector<std::string> redundant; // "x.h already included by y.h on line 3", how a name was read
    const std::string *beforeText = ctx.texts ? ctx.texts->oldText(f) : nullptr;
    if (added) {
      why = "#include lines are added or moved: their order is the program's";
    } else if (!beforeText) {
      why = "the whole file is unknown: what it tests of the dropped headers cannot be read";
    } else {
      IncludeReader reader(ctx.texts->oldTree());
      Directives before = readDirectives(*beforeText);
      for (const Directives::Include &inc : before.includes) {
        if (!droppedLines.count(inc.line)) continue;
        std::string already;
        why = dropEffect(ctx, reader, file.oldPath, before, droppedLines, inc, already);
        if (!why.empty()) break;
        if (!already.empty()) redundant.push_back(std::move(already));
        if (std::string key = reader.key(file.oldPath, inc.target, true); reader.foundBySuffix(key))
          redundant.push_back(inc.target + " read as " + key + ", the one file of the tree of that name");
      }
    }
    if (!why.empty()) {
      for (size_t h : includeHunks) ctx.refuse(f, h, "include-only", why);
      continue;
    }
    std::string detail = "#include lines dropped (";
    for (size_t i = 0; i < dropped.size(); ++i) detail += (i ? " " : "") + dropped[i];
    detail += "), the order of the others unchanged";
    for (const std::string &r : redundant) detail += "; " + r;
    for (size_t h : includeHunks) ctx.claims[f][h] = Mechanical{{"include-only", detail}, false};
  }
}

} // namespace provcheck
