#include "analysis/clang/CompileFlags.h"

#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <algorithm>
#include <cctype>

namespace provcheck::clangmap {

namespace path = llvm::sys::path;

namespace {

std::string resourceDir(const AstOptions &o) {
  return o.resourceDir.empty() ? PROVCHECK_CLANG_RESOURCE_DIR : o.resourceDir;
}

// Arguments that produce output or dependency files, dropped for a syntax-only parse:
// flag -> how many following arguments it takes.
struct Dropped {
  const char *flag;
  int operands;
};
constexpr Dropped kDropped[] = {{"-c", 0},  {"-S", 0},  {"-E", 0},  {"-o", 1},
                                {"-MD", 0}, {"-MMD", 0}, {"-MP", 0}, {"-M", 0},
                                {"-MM", 0}, {"-MF", 1}, {"-MT", 1}, {"-MQ", 1},
                                {"-Werror", 0}};

// The database file for the options: -p's, else the first compile_commands.json in the
// root, its build/ directory, or a parent of the root.
std::string findDatabase(const AstOptions &o, const std::string &root, std::string &problem) {
  if (!o.buildDir.empty()) {
    llvm::SmallString<256> p(o.buildDir);
    if (!path::is_absolute(p)) llvm::sys::fs::make_absolute(p);
    path::append(p, "compile_commands.json");
    if (llvm::sys::fs::exists(p)) return std::string(p);
    problem = "no compile_commands.json in " + o.buildDir;
    return {};
  }
  if (o.repoRoot.empty()) return {};
  llvm::SmallString<256> inBuild(root);
  path::append(inBuild, "build", "compile_commands.json");
  for (llvm::StringRef dir = root; !dir.empty(); dir = path::parent_path(dir)) {
    llvm::SmallString<256> p(dir);
    path::append(p, "compile_commands.json");
    if (llvm::sys::fs::exists(p)) return std::string(p);
    if (dir == root && llvm::sys::fs::exists(inBuild)) return std::string(inBuild);
  }
  return {};
}

std::vector<std::string> commonArgs(const AstOptions &o) {
  return {"-resource-dir", resourceDir(o), "-fsyntax-only", "-w", "-ferror-limit=0",
          "-fno-spell-checking",
          "-fno-color-diagnostics"};
}

} // namespace

CompileFlags::CompileFlags(const AstOptions &options) : options_(options) {
  llvm::SmallString<256> root(options.repoRoot.empty() ? kDefaultRoot : options.repoRoot);
  path::remove_dots(root, true);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  root_ = std::string(root);
}

namespace {

// Why `text` is not a compilation database as clang's JSON reader expects one, or "":
// strict JSON (a syntax error is "LINE:COLUMN: message"), an array of objects, each with
// "directory" and "file" strings and a "command" string or an "arguments" array of
// strings. LLVM's YAML-based reader would print its syntax errors on stderr without the
// file's name and keep the entries read before them.
std::string databaseProblem(llvm::StringRef text) {
  auto parsed = llvm::json::parse(text);
  if (!parsed) {
    std::string msg = llvm::toString(parsed.takeError()); // "[L:C, byte=N]: message"
    size_t colon = msg.find(':'), comma = msg.find(", byte="), close = msg.find("]: ");
    if (msg.starts_with("[") && colon < comma && close != std::string::npos)
      return msg.substr(1, comma - 1) + ": " + msg.substr(close + 3);
    return msg;
  }
  const llvm::json::Array *entries = parsed->getAsArray();
  if (!entries) return "not a JSON array of compile commands";
  for (size_t i = 0; i < entries->size(); ++i) {
    std::string where = "entry " + std::to_string(i + 1) + ": ";
    const llvm::json::Object *e = (*entries)[i].getAsObject();
    if (!e) return where + "not an object";
    for (const char *key : {"directory", "file"})
      if (!e->getString(key)) return where + "no \"" + key + "\" string";
    const llvm::json::Array *args = e->getArray("arguments");
    if (args) {
      for (const llvm::json::Value &a : *args)
        if (!a.getAsString()) return where + "\"arguments\" holds something else than strings";
    } else if (!e->getString("command")) {
      return where + "neither a \"command\" string nor an \"arguments\" array";
    }
  }
  return {};
}

} // namespace

void CompileFlags::load() const {
  std::call_once(loaded_, [this] {
    dbPath_ = findDatabase(options_, root_, problem_);
    if (dbPath_.empty()) return;
    // A database that is not entirely valid is not used at all: every file then gets
    // the fallback, marked degraded with this problem, rather than a partial entry.
    auto fail = [this](const std::string &why) {
      problem_ = dbPath_ + (why.empty() || std::isdigit((unsigned char)why[0]) ? ":" : ": ") + why;
      dbPath_.clear();
    };
    auto buffer = llvm::MemoryBuffer::getFile(dbPath_);
    if (!buffer) return fail("cannot read: " + buffer.getError().message());
    if (std::string why = databaseProblem((*buffer)->getBuffer()); !why.empty())
      return fail(why);
    std::string error;
    auto json = clang::tooling::JSONCompilationDatabase::loadFromBuffer(
        (*buffer)->getBuffer(), error, clang::tooling::JSONCommandLineSyntax::AutoDetect);
    if (!json) return fail(error);
    db_ = clang::tooling::inferMissingCompileCommands(std::move(json));
  });
}

CompileFlags::~CompileFlags() = default;

std::string CompileFlags::absolute(const std::string &rel) const {
  llvm::SmallString<256> p(root_);
  path::append(p, rel);
  return std::string(p);
}

CompileSetup CompileFlags::fromCommand(const clang::tooling::CompileCommand &cmd,
                                       const std::string &file) const {
  CompileSetup setup;
  setup.directory = cmd.Directory;
  setup.source = cmd.Heuristic.empty() ? "compile_commands.json" : cmd.Heuristic;
  llvm::SmallString<256> cmdFile(cmd.Filename);
  if (!path::is_absolute(cmdFile)) {
    llvm::SmallString<256> full(cmd.Directory);
    path::append(full, cmdFile);
    cmdFile = full;
  }
  path::remove_dots(cmdFile, true);
  const auto &cl = cmd.CommandLine;
  for (size_t i = 0; i < cl.size(); ++i) {
    const std::string &a = cl[i];
    if (i == 0) {
      setup.args.push_back(a);
      for (auto &c : commonArgs(options_)) setup.args.push_back(c);
      continue;
    }
    bool drop = false;
    for (const Dropped &d : kDropped)
      if (a == d.flag) {
        i += d.operands;
        drop = true;
        break;
      }
    if (drop || a.rfind("-Werror", 0) == 0 || a == "--") continue;
    if (a == cmd.Filename) continue;
    if (!a.empty() && a[0] != '-') {
      llvm::SmallString<256> p(a);
      if (!path::is_absolute(p)) {
        llvm::SmallString<256> full(cmd.Directory);
        path::append(full, p);
        p = full;
      }
      path::remove_dots(p, true);
      if (p == cmdFile) continue;
    }
    setup.args.push_back(a);
  }
  setup.args.push_back(file);
  return setup;
}

bool CompileFlags::exists(const std::string &abs, const TreeView &tree) const {
  // As the tree file system sees it: the tree's files, then the disk.
  if (abs.size() > root_.size() + 1 && abs.compare(0, root_.size(), root_) == 0 &&
      abs[root_.size()] == '/' && tree.isFile(std::string_view(abs).substr(root_.size() + 1)))
    return true;
  return llvm::sys::fs::exists(abs);
}

const std::vector<IncludeLine> &CompileFlags::includesOf(const std::string &source,
                                                         const TreeView &tree) const {
  // A file is scanned once whatever tree and patch it comes in.
  static const std::vector<IncludeLine> none;
  std::optional<std::string> key = tree.fileKey(source);
  if (!key) return none;
  auto it = scans_.find(*key);
  if (it != scans_.end()) return it->second;
  std::vector<IncludeLine> lines;
  if (auto text = tree.read(source)) lines = scanIncludes(*text);
  return scans_.emplace(std::move(*key), std::move(lines)).first->second;
}

namespace {

// The first place an #include may name, in the preprocessor's order (the including
// file's directory and the -iquote directories for a quoted name, then the -I ones),
// that `accept` takes: accept(absolute path) gives the answer or nullopt.
template <class Accept>
std::optional<std::string> firstIncludeMatch(const IncludeLine &inc, const std::string &fromDir,
                                             const SearchPath &sp, Accept accept) {
  std::vector<const std::vector<std::string> *> lists;
  std::vector<std::string> own{fromDir};
  if (!inc.angled) lists = {&own, &sp.quote};
  lists.push_back(&sp.angled);
  for (const auto *list : lists)
    for (const std::string &dir : *list) {
      llvm::SmallString<256> p(dir);
      path::append(p, inc.name);
      path::remove_dots(p, true);
      if (std::optional<std::string> found = accept(std::string(p))) return found;
    }
  return std::nullopt;
}

// A file included for its code rather than its declarations: "translate-a64.c.inc".
bool isSourceFragment(std::string_view path) { return path.ends_with(".inc"); }

// The first `line - 1` lines of `text`.
std::string linesBefore(const std::string &text, int line) {
  size_t end = 0;
  for (int l = 1; l < line && end != std::string::npos; ++l) {
    end = text.find('\n', end);
    if (end != std::string::npos) ++end;
  }
  return text.substr(0, end == std::string::npos ? text.size() : end);
}

} // namespace

std::optional<CompileSetup> CompileFlags::fromIncluder(const std::string &header,
                                                       const TreeView &tree,
                                                       std::string *hint) const {
  std::lock_guard<std::mutex> lock(includerMutex_);
  if (!sources_) {
    sources_.emplace();
    for (const std::string &f : db_->getAllFiles()) {
      llvm::SmallString<256> p(f);
      path::remove_dots(p, true);
      llvm::StringRef s(p);
      if (!s.consume_front(root_) || !s.consume_front("/") || isHeaderPath(s)) continue;
      sources_->push_back(s.str());
    }
    std::sort(sources_->begin(), sources_->end());
    sources_->erase(std::unique(sources_->begin(), sources_->end()), sources_->end());
  }
  std::string headerAbs = absolute(header);
  auto resolve = [&](const IncludeLine &inc, const std::string &fromDir,
                     const SearchPath &sp) -> std::optional<std::string> {
    return firstIncludeMatch(inc, fromDir, sp, [&](const std::string &p) {
      return exists(p, tree) ? std::optional<std::string>(p) : std::nullopt;
    });
  };
  for (const std::string &cand : rankCandidates(*sources_, header, hint ? *hint : "")) {
    const std::vector<IncludeLine> &incs = includesOf(cand, tree);
    for (size_t k = 0; k < incs.size(); ++k) {
      const std::string &name = incs[k].name;
      // Cheap test first: the spelled name ends the header's path.
      if (name.size() >= headerAbs.size() ||
          headerAbs.compare(headerAbs.size() - name.size(), name.size(), name) != 0 ||
          headerAbs[headerAbs.size() - name.size() - 1] != '/')
        continue;
      std::string candAbs = absolute(cand);
      auto cmds = db_->getCompileCommands(candAbs);
      if (cmds.empty() || !cmds.front().Heuristic.empty()) break;
      const auto &cmd = cmds.front();
      SearchPath sp = searchPath(cmd.CommandLine, cmd.Directory);
      std::string candDir(path::parent_path(candAbs));
      if (resolve(incs[k], candDir, sp) != headerAbs) continue;
      CompileSetup setup = fromCommand(cmd, headerAbs);
      // A source fragment (.c.inc) included outside any conditional is parsed after the
      // includer's text up to its #include: it uses the types and helpers defined there,
      // not only those of the includer's headers.
      if (isSourceFragment(header) && incs[k].depth == 0)
        if (std::optional<std::string> text = tree.read(cand)) {
          std::string prefixPath = candDir + "/.provcheck-before-" +
                                   std::string(path::filename(candAbs));
          setup.extraFiles[prefixPath] = linesBefore(*text, incs[k].line);
          bool cxx = languageOf(cand) == Language::Cxx;
          setup.args.insert(setup.args.end() - 1,
                            {"-include", prefixPath, "-x", cxx ? "c++" : "c"});
          setup.source =
              "includer " + cand + " (up to line " + std::to_string(incs[k].line) + ")";
          setup.includer = cand;
          if (hint) *hint = cand;
          return setup;
        }
      // The includes before the header's, up to one that includes the header itself:
      // past it, the header's declarations would be seen twice.
      std::vector<std::string> forced;
      SearchPath inTree = treeOnly(sp);
      for (size_t j = 0; j < k; ++j) {
        if (incs[j].depth > 0) continue;
        auto rel = resolveInTree(incs[j], candDir, inTree, tree);
        if (rel && walkReaches({*rel}, {}, inTree, tree, {headerAbs})) break;
        forced.push_back("-include");
        forced.push_back(rel ? absolute(*rel) : resolve(incs[j], candDir, sp).value_or(incs[j].name));
      }
      forced.push_back("-x");
      forced.push_back(languageOf(cand) == Language::Cxx ? "c++-header" : "c-header");
      setup.args.insert(setup.args.end() - 1, forced.begin(), forced.end());
      setup.source = "includer " + cand;
      setup.includer = cand;
      if (hint) *hint = cand;
      return setup;
    }
  }
  return std::nullopt;
}

std::optional<std::string> CompileFlags::treePath(llvm::StringRef abs) const {
  if (!abs.consume_front(root_) || !abs.consume_front("/")) return std::nullopt;
  return abs.str();
}

SearchPath CompileFlags::treeOnly(SearchPath sp) const {
  auto keep = [&](std::vector<std::string> &dirs) {
    dirs.erase(std::remove_if(dirs.begin(), dirs.end(),
                              [&](const std::string &d) { return !treePath(d) && d != root_; }),
               dirs.end());
  };
  keep(sp.quote);
  keep(sp.angled);
  return sp;
}

std::optional<std::string> CompileFlags::resolveInTree(const IncludeLine &inc,
                                                       const std::string &fromDir,
                                                       const SearchPath &sp,
                                                       const TreeView &tree) const {
  return firstIncludeMatch(inc, fromDir, sp, [&](const std::string &p) {
    auto rel = treePath(p);
    return rel && tree.isFile(*rel) ? rel : std::nullopt;
  });
}

bool CompileFlags::walkReaches(std::vector<std::string> queue, std::set<std::string> seen,
                               const SearchPath &sp, const TreeView &tree,
                               const std::set<std::string> &targets) const {
  constexpr size_t kLimit = 4000; // past this many headers, assume it does
  for (const std::string &rel : queue)
    if (targets.count(absolute(rel))) return true;
  seen.insert(queue.begin(), queue.end());
  while (!queue.empty()) {
    if (seen.size() > kLimit) return true;
    std::string rel = queue.back();
    queue.pop_back();
    std::string dir(path::parent_path(absolute(rel)));
    for (const IncludeLine &inc : includesOf(rel, tree)) {
      auto r = resolveInTree(inc, dir, sp, tree);
      if (!r) continue;
      if (targets.count(absolute(*r))) return true;
      if (seen.insert(*r).second) queue.push_back(*r);
    }
  }
  return false;
}

bool CompileFlags::reachesAny(const std::string &text, const std::string &imagePath,
                              const CompileSetup &setup, const TreeView &tree,
                              const std::set<std::string> &targets) const {
  if (targets.empty()) return false;
  SearchPath sp = treeOnly(searchPath(setup.args, setup.directory));
  std::vector<std::string> start;
  // Forced includes (-include) first, then the image's own directives.
  for (size_t i = 0; i + 1 < setup.args.size(); ++i) {
    if (setup.args[i] != "-include") continue;
    llvm::SmallString<256> p(setup.args[i + 1]);
    if (!path::is_absolute(p)) {
      llvm::SmallString<256> full(setup.directory);
      path::append(full, p);
      p = full;
    }
    path::remove_dots(p, true);
    if (auto rel = treePath(p); rel && tree.isFile(*rel)) start.push_back(*rel);
  }
  std::lock_guard<std::mutex> lock(includerMutex_);
  std::string imageDir(path::parent_path(absolute(imagePath)));
  for (const IncludeLine &inc : scanIncludes(text))
    if (auto rel = resolveInTree(inc, imageDir, sp, tree)) start.push_back(*rel);
  return walkReaches(std::move(start), {imagePath}, sp, tree, targets);
}

std::optional<CompileFlags::FirstInclude>
CompileFlags::firstInclude(const CompileSetup &setup, const std::string &imagePath,
                           const std::string &text, const TreeView &tree,
                           const std::map<std::string, std::string> &extra) const {
  if (setup.fallback || setup.args.empty()) return std::nullopt;
  const std::vector<std::string> &args = setup.args;
  for (size_t i = 0; i + 2 < args.size(); ++i) { // the last argument is the image
    // Other ways to put text in front (-imacros, -include-pch, -includeFILE): none.
    if (args[i] != "-include" && (args[i].rfind("-include", 0) == 0 || args[i].rfind("-imacros", 0) == 0))
      return std::nullopt;
    if (args[i] != "-include") continue;
    llvm::SmallString<256> p(args[i + 1]);
    if (!path::is_absolute(p)) {
      llvm::SmallString<256> full(setup.directory);
      path::append(full, p);
      p = full;
    }
    path::remove_dots(p, true);
    std::string abs(p);
    if (extra.count(abs) || setup.extraFiles.count(abs)) return std::nullopt;
    return FirstInclude{abs, true};
  }
  std::vector<IncludeLine> incs = scanIncludes(text);
  if (incs.empty() || incs.front().depth != 0) return std::nullopt;
  if (!lexTokens(linesBefore(text, incs.front().line), languageOf(imagePath)).code.empty())
    return std::nullopt;
  std::string fromDir(path::parent_path(absolute(imagePath)));
  std::optional<std::string> found = firstIncludeMatch(
      incs.front(), fromDir, searchPath(args, setup.directory), [&](const std::string &p) {
        return exists(p, tree) ? std::optional<std::string>(p) : std::nullopt;
      });
  if (!found) return std::nullopt;
  return FirstInclude{*found, false};
}

CompileSetup CompileFlags::forFile(const std::string &lookupPath, const std::string &imagePath,
                                   const TreeView &tree, std::string *includerHint) const {
  load();
  CompileSetup setup;
  std::string file = absolute(imagePath);
  if (db_) {
    // Absolute paths only: a relative one is silently answered by interpolation.
    auto cmds = db_->getCompileCommands(absolute(lookupPath));
    bool exact = !cmds.empty() && cmds.front().Heuristic.empty();
    if (!exact && isHeaderPath(imagePath))
      if (auto borrowed = fromIncluder(imagePath, tree, includerHint)) return std::move(*borrowed);
    // Per-target duplicates: the first one.
    if (!cmds.empty()) return fromCommand(cmds.front(), file);
  }
  // The fallback: include paths guessed from the tree, annotation macros defined empty.
  setup.fallback = true;
  setup.source = "fallback";
  setup.directory = root_;
  bool cxx = languageOf(imagePath) == Language::Cxx;
  setup.args = {cxx ? "clang++" : "clang"};
  for (auto &c : commonArgs(options_)) setup.args.push_back(c);
  for (const char *a : {"-x", cxx ? "c++" : "c", cxx ? "-std=gnu++17" : "-std=gnu11"})
    setup.args.push_back(a);
  std::string dir(path::parent_path(imagePath));
  auto addQuote = [&](const std::string &rel) {
    setup.args.push_back("-iquote");
    setup.args.push_back(rel.empty() ? root_ : absolute(rel));
  };
  if (tree.isDirectory("include")) addQuote("include");
  addQuote("");
  if (!dir.empty()) addQuote(dir);
  if (tree.isDirectory("include")) setup.args.push_back("-I" + absolute("include"));
  for (const std::string &d : options_.fallbackIncludeDirs)
    setup.args.push_back("-I" + (path::is_absolute(d) ? d : absolute(d)));
  setup.args.push_back("-include");
  setup.args.push_back(kPreludePath);
  setup.args.push_back(file);
  return setup;
}

} // namespace provcheck::clangmap
