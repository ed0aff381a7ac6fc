// The conditions under which a top-level Python function moved from a script into the
// module it star-imports does what it did (see PythonMove.cpp).
#include "classify/detect/Detectors.h"
#include "classify/detect/PythonLines.h"

#include <cctype>
#include <set>

namespace provcheck {
namespace {

using Kind = PyToken::Kind;

// Python 3's built-in (compiled-in) modules: found before the script's directory.
const std::set<std::string_view> kBuiltinModules = {
    "_abc", "_ast", "_codecs", "_collections", "_functools", "_imp", "_io", "_locale",
    "_operator", "_signal", "_sre", "_stat", "_string", "_symtable", "_thread",
    "_tracemalloc", "_warnings", "_weakref", "atexit", "builtins", "errno", "faulthandler",
    "gc", "itertools", "marshal", "posix", "pwd", "sys", "time", "xxsubtype"};

const std::set<std::string_view> kKeywords = {
    "and", "as", "assert", "async", "await", "break", "continue", "del", "elif", "else",
    "except", "finally", "for", "from", "if", "in", "is", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield", "None"};

// Names that make a function depend on the module it is defined in, or open scopes this
// proof does not follow.
const std::set<std::string_view> kForbidden = {
    "global", "nonlocal", "lambda", "def", "class", "import", "eval", "exec", "globals",
    "locals", "vars", "__import__", "__name__", "__file__", "__builtins__", "__dict__",
    "__module__", "__class__", "__qualname__", "__spec__", "__loader__", "super",
    "_getframe", "inspect", "dir"};

// Statements that bind the names they hold.
const std::set<std::string_view> kBinding = {"import", "from", "for", "global", "nonlocal",
                                             "del", "with", "except", "as", "async"};

bool identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

std::string_view dirOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash + 1);
}

std::string_view stemOf(std::string_view path) {
  std::string_view base = path.substr(dirOf(path).size());
  return base.substr(0, base.size() - 3); // ".py"
}

bool assignOp(const PyToken &t) {
  static const std::set<std::string_view> ops = {"=", "+=", "-=", "*=", "/=", "//=", "%=",
                                                 "**=", ">>=", "<<=", "&=", "|=", "^=", "@="};
  return t.kind == Kind::Op && ops.count(t.text);
}

// A bare use of `name` at token i (not an attribute after '.').
bool bare(const std::vector<PyToken> &toks, size_t i, std::string_view name) {
  return toks[i].kind == Kind::Name && toks[i].text == name && (i == 0 || toks[i - 1].text != ".");
}

bool mentions(const std::vector<PyLine> &lines, std::string_view name) {
  for (const PyLine &l : lines)
    for (size_t i = 0; i < l.tokens.size(); ++i)
      if (bare(l.tokens, i, name)) return true;
  return false;
}

// Whether a logical line may bind `name`: it holds the name and a binding keyword
// (import, for, as, global, ...: anywhere, the line may hold several statements) or
// `:=`; a def or class naming it, or a def taking it as a parameter; the name left of an
// assignment of one of the line's statements.
bool mayBind(const PyLine &l, std::string_view name) {
  const auto &t = l.tokens;
  bool holds = false;
  for (size_t i = 0; i < t.size(); ++i) holds = holds || bare(t, i, name);
  if (!holds) return false;
  for (const PyToken &k : t)
    if ((k.kind == Kind::Name && kBinding.count(k.text)) || k.text == ":=") return true;
  auto open = [](const PyToken &k) { return k.text == "(" || k.text == "[" || k.text == "{"; };
  auto close = [](const PyToken &k) { return k.text == ")" || k.text == "]" || k.text == "}"; };
  if (t[0].kind == Kind::Name && (t[0].text == "def" || t[0].text == "class")) {
    // Defaults, annotations and bases are read, not bound; the def's body after ':' on
    // the same line binds only its own locals (a `global` was caught above).
    if (t.size() > 1 && t[1].text == name) return true;
    if (t[0].text == "class") return false;
    int d = 0;
    for (size_t i = 2; i < t.size(); ++i) {
      d += open(t[i]) - close(t[i]);
      if (d == 0 && t[i].text == ":") break;
      const std::string &p = t[i - 1].text;
      if (d == 1 && bare(t, i, name) && (p == "(" || p == "," || p == "*" || p == "**")) return true;
    }
    return false;
  }
  // Each statement (split at ';'): the name before its last assignment at depth 0.
  int depth = 0;
  bool seen = false;
  for (size_t i = 0; i < t.size(); ++i) {
    depth += open(t[i]) - close(t[i]);
    if (depth == 0 && t[i].text == ";") seen = false;
    if (bare(t, i, name)) seen = true;
    if (depth == 0 && assignOp(t[i]) && seen) return true;
  }
  return false;
}

// The names a function body reads from outside: every bare name but its parameters, the
// names assigned at the start of one of its statements and the targets of its `for`
// statements; "" and `why` set when the function is beyond this proof.
std::set<std::string> freeNames(const std::vector<PyLine> &lines, const PyBlock &b, std::string &why) {
  std::set<std::string> locals, used;
  const auto &head = lines[b.firstLine].tokens;
  // def NAME ( [*|**]NAME , ... ) :
  size_t i = 3;
  if (head.size() < 5 || head[2].text != "(") {
    why = "its header is not a plain def";
    return {};
  }
  while (i < head.size() && head[i].text != ")") {
    if (head[i].text == "*" || head[i].text == "**") ++i;
    if (i >= head.size() || head[i].kind != Kind::Name) {
      why = "its parameters are not plain names";
      return {};
    }
    locals.insert(head[i].text);
    ++i;
    if (i < head.size() && head[i].text == ",") ++i;
    else if (i < head.size() && head[i].text != ")") {
      why = "its parameters have defaults or annotations, evaluated where the def stands";
      return {};
    }
  }
  if (i + 1 >= head.size() || head[i + 1].text != ":") {
    why = "its header is not a plain def";
    return {};
  }
  size_t bodyStart = i + 2;
  for (size_t n = b.firstLine; n <= b.lastLine; ++n) {
    const auto &t = lines[n].tokens;
    size_t s = n == b.firstLine ? bodyStart : 0;
    if (s >= t.size()) continue;
    if (t[s].kind == Kind::Name && s + 1 < t.size() && assignOp(t[s + 1])) locals.insert(t[s].text);
    if (t[s].kind == Kind::Name && t[s].text == "for") {
      size_t j = s + 1;
      std::vector<std::string> targets;
      while (j < t.size() && t[j].kind == Kind::Name && t[j].text != "in") {
        targets.push_back(t[j].text);
        ++j;
        if (j < t.size() && t[j].text == ",") ++j;
      }
      if (j < t.size() && t[j].text == "in") locals.insert(targets.begin(), targets.end());
    }
    for (size_t k = s; k < t.size(); ++k) {
      if (t[k].kind == Kind::String && t[k].fstring) {
        why = "it has an f-string";
        return {};
      }
      if (t[k].kind != Kind::Name || (k > 0 && t[k - 1].text == ".")) continue;
      if (kForbidden.count(t[k].text)) {
        why = "it uses `" + t[k].text + "`";
        return {};
      }
      if (!kKeywords.count(t[k].text)) used.insert(t[k].text);
    }
  }
  std::set<std::string> out;
  for (const std::string &u : used)
    if (!locals.count(u)) out.insert(u);
  return out;
}

} // namespace

std::string pythonMoveRefusal(const DetectContext &ctx, size_t from, size_t to,
                              const std::vector<PyLine> &fromLines, const PyBlock &block,
                              const std::vector<PyLine> &toOld, const std::vector<PyLine> &toNew) {
  const FileChange &a = ctx.patch.files[from], &b = ctx.patch.files[to];
  std::string_view aPath = a.path(), bPath = b.path(), stem = stemOf(bPath);
  const TreeView *oldTree = ctx.texts->oldTree(), *newTree = ctx.texts->newTree();
  if (!oldTree || !newTree) return "the trees are unknown";
  if (a.status != FileStatus::Modified || b.status != FileStatus::Modified)
    return "both files are not modified in place";
  // A file named like a module may be imported from anywhere (even when executable):
  // its star import then finds whatever module of that name the importer's path has.
  if (identifier(stemOf(aPath)))
    return std::string(aPath) + " may be imported as a module, from anywhere: what its star "
           "import finds is not known";
  if (dirOf(aPath) != dirOf(bPath) || !identifier(stem) || kBuiltinModules.count(stem))
    return std::string(bPath) + " is not the module `from " + std::string(stem) +
           " import *` finds beside " + std::string(aPath);
  std::string pkg = std::string(dirOf(bPath)) + std::string(stem);
  if (oldTree->isDirectory(pkg) || newTree->isDirectory(pkg))
    return "the package " + pkg + "/ comes before " + std::string(bPath);
  // The script's one star import is the module's, before the function.
  int star = 0;
  bool before = false;
  for (const PyLine &l : fromLines) {
    const auto &t = l.tokens;
    bool isStar = t.size() >= 2 && t.back().text == "*" && t[t.size() - 2].text == "import";
    if (!isStar) continue;
    ++star;
    before = l.indent == 0 && t.size() == 4 && t[0].text == "from" && t[1].text == stem &&
             l.last < block.first;
  }
  if (star != 1 || !before)
    return std::string(aPath) + " does not star-import " + std::string(stem) +
           " once, before the function, and nothing else";
  const std::string &name = block.name;
  if (name.starts_with("_")) return "`" + name + "` is private: a star import leaves it out";
  if (mentions(toOld, "__all__") || mentions(toNew, "__all__"))
    return std::string(bPath) + " has __all__";
  if (mentions(toOld, name)) return std::string(bPath) + " named `" + name + "` before";
  // The script only calls the function, and only after where it stood.
  std::vector<bool> inBlock(fromLines.size(), false); // in a function or class body
  for (const PyBlock &b : topLevelBlocks(fromLines))
    for (size_t n = b.firstLine; n <= b.lastLine; ++n) inBlock[n] = true;
  for (size_t n = 0; n < fromLines.size(); ++n) {
    if (n >= block.firstLine && n <= block.lastLine) continue;
    const auto &t = fromLines[n].tokens;
    for (size_t i = 0; i < t.size(); ++i) {
      if (!bare(t, i, name)) continue;
      if (i + 1 >= t.size() || t[i + 1].text != "(" || (i > 0 && (t[i - 1].text == "def" || t[i - 1].text == "class")))
        return std::string(aPath) + " uses `" + name + "` other than by calling it (line " +
               std::to_string(t[i].line) + ")";
      if (!inBlock[n] && fromLines[n].first < block.first)
        return std::string(aPath) + " calls `" + name + "` before the function stood (line " +
               std::to_string(t[i].line) + ")";
    }
  }
  // Every name the function reads resolves in the module as it did in the script.
  std::string why;
  std::set<std::string> free = freeNames(fromLines, block, why);
  if (!why.empty()) return "`" + name + "` is beyond this proof: " + why;
  for (const std::string &n : free) {
    if (n.starts_with("_")) return "`" + name + "` reads the private name `" + n + "`";
    for (size_t l = 0; l < fromLines.size(); ++l)
      if ((l < block.firstLine || l > block.lastLine) && mayBind(fromLines[l], n))
        return std::string(aPath) + " binds `" + n + "`, which `" + name + "` reads (line " +
               std::to_string(fromLines[l].first) + ")";
    for (const PyLine &l : toNew)
      if (!l.tokens.empty() && (l.tokens[0].text == "global" || l.tokens[0].text == "nonlocal") && mayBind(l, n))
        return std::string(bPath) + " rebinds `" + n + "` in a function";
  }
  // No other Python file of the tree names the function.
  std::vector<std::string> dirs = {""};
  while (!dirs.empty()) {
    std::string dir = dirs.back();
    dirs.pop_back();
    for (const std::string &e : oldTree->list(dir)) {
      std::string path = dir.empty() ? e : dir + "/" + e;
      if (e.ends_with("/")) {
        path.pop_back();
        dirs.push_back(path);
        continue;
      }
      if (!path.ends_with(".py") || path == a.oldPath || path == b.oldPath || path == bPath) continue;
      std::optional<std::string> text = oldTree->read(path);
      if (!text || text->find(name) == std::string::npos) continue;
      std::optional<std::vector<PyLine>> lines = pythonLines(*text);
      if (!lines || mentions(*lines, name)) return path + " names `" + name + "` too";
    }
  }
  return "";
}

} // namespace provcheck
