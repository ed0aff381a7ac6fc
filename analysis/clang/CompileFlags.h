// Compile flags for each image: compile_commands.json (-p, else searched upward from the
// repository), the interpolated command of a neighbour for files it does not list, and a
// fallback that still parses without any database. Private to analysis/clang.
#pragma once

#include "analysis/AstMap.h"
#include "analysis/Tokens.h"
#include "analysis/clang/Includers.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace llvm {
class StringRef;
}

namespace clang::tooling {
class CompilationDatabase;
struct CompileCommand;
}

namespace provcheck::clangmap {

struct CompileSetup {
  std::vector<std::string> args; // driver command line: argv[0] ... the file (absolute)
  std::string directory;         // working directory of the command
  std::string source;            // "compile_commands.json", "includer X", "includer X (up
                                 // to line N)", "inferred from X", "fallback"
  bool fallback = false;
  std::string includer; // a header parsed with the command of this file (relative), or ""
  // Files that exist only for the parse, named by the flags (absolute path -> text): the
  // text of an includer up to the #include of a .inc file parsed in its context.
  std::map<std::string, std::string> extraFiles;
};

// Where trees are mounted for the parser when the options name no work tree.
inline constexpr const char *kDefaultRoot = "/provcheck-tree";
// The forced-include prelude of the fallback (an extra file of the tree file system).
inline constexpr const char *kPreludePath = "/provcheck-prelude/annotations.h";
// Undefines a header's include guard after its includer's includes (an extra file too).
inline constexpr const char *kUnguardPath = "/provcheck-prelude/unguard.h";

class CompileFlags {
public:
  // `options` must outlive this object.
  explicit CompileFlags(const AstOptions &options);
  ~CompileFlags();
  CompileFlags(const CompileFlags &) = delete;
  CompileFlags &operator=(const CompileFlags &) = delete;

  // The mount point of the trees (the work tree when known).
  const std::string &root() const { return root_; }
  // The compile_commands.json in use, or "" (then every file gets the fallback).
  const std::string &databasePath() const {
    load();
    return dbPath_;
  }
  // Why a database given with -p could not be used, or "".
  const std::string &problem() const {
    load();
    return problem_;
  }

  // Flags for `lookupPath` (relative to the root: whose command to use), parsing the
  // image at `imagePath` (relative too) of the tree `tree` (for the fallback's guesses).
  // `includerHint` (optional, in and out): the includer a header's other image borrowed
  // its flags from, tried first so that both images of a file parse alike; the answer
  // depends on the patch alone, never on the patches mapped before it.
  CompileSetup forFile(const std::string &lookupPath, const std::string &imagePath,
                       const TreeView &tree, std::string *includerHint = nullptr) const;

  // The translation unit's first include, which a shared precompiled header may stand
  // for (SharedPreamble.h): the first -include of `setup` (`forced`), else the image's
  // first #include when only comments come before it (a #define there would change what
  // the header means), found as the compiler would; absolute. None for the fallback and
  // for a forced file that exists for the parse alone (`extra`, setup.extraFiles).
  struct FirstInclude {
    std::string path;
    bool forced = false;
  };
  std::optional<FirstInclude> firstInclude(const CompileSetup &setup, const std::string &imagePath,
                                           const std::string &text, const TreeView &tree,
                                           const std::map<std::string, std::string> &extra) const;

  // Whether an image (its text, at `imagePath` relative to the root, parsed with `setup`)
  // includes one of `targets` (absolute paths), directly or through headers of the tree:
  // a walk of the #include lines with every conditional branch taken, headers outside
  // the tree not followed. Answers the question "can the other image reuse a preamble".
  bool reachesAny(const std::string &text, const std::string &imagePath, const CompileSetup &setup,
                  const TreeView &tree, const std::set<std::string> &targets) const;

private:
  std::string absolute(const std::string &rel) const;
  CompileSetup fromCommand(const clang::tooling::CompileCommand &cmd, const std::string &file) const;
  // A header's setup borrowed from a source file that includes it directly, with the
  // includes that precede it forced in; nullopt when no database file includes it.
  std::optional<CompileSetup> fromIncluder(const std::string &header, const TreeView &tree,
                                           std::string *hint) const;
  const std::vector<IncludeLine> &includesOf(const std::string &source, const TreeView &tree) const;
  bool exists(const std::string &abs, const TreeView &tree) const;
  // The path relative to the root of an absolute one inside it.
  std::optional<std::string> treePath(llvm::StringRef abs) const;
  // The directories of `sp` inside the tree (headers outside it are not followed).
  SearchPath treeOnly(SearchPath sp) const;
  // The file of the tree an #include names, searched as the compiler would.
  std::optional<std::string> resolveInTree(const IncludeLine &inc, const std::string &fromDir,
                                           const SearchPath &sp, const TreeView &tree) const;
  // Whether the headers of `queue` (relative), or those they include, are among
  // `targets` (absolute). With includerMutex_ held.
  bool walkReaches(std::vector<std::string> queue, std::set<std::string> seen,
                   const SearchPath &sp, const TreeView &tree,
                   const std::set<std::string> &targets) const;

  const AstOptions &options_;
  std::string root_;
  // The database is read on first use: a patch whose files need no parse never reads it.
  void load() const;
  mutable std::once_flag loaded_;
  mutable std::string dbPath_;
  mutable std::string problem_;
  mutable std::unique_ptr<clang::tooling::CompilationDatabase> db_;

  // Per run: the database's source files in the tree, and the #include lines of the
  // files read (by key: the same in every tree that holds the file).
  mutable std::mutex includerMutex_;
  mutable std::optional<std::vector<std::string>> sources_;
  mutable std::map<std::string, std::vector<IncludeLine>> scans_;
};

} // namespace provcheck::clangmap
