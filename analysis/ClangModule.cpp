// The Clang side of provcheck, reached through provcheck-clang.so and provcheck-lex.so
// (analysis/clang/Module.h), each loaded the first time it is needed: the lexer module
// when a file is first lexed, the whole module when one is first parsed. These
// definitions stand for those of analysis/clang in every program that does not link that
// library itself.
#include "analysis/InstalledFiles.h"
#include "analysis/clang/Module.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>

namespace provcheck {
namespace {

// An install without its modules cannot lex: say what is missing and stop, from whichever
// thread got there first (exit status 2, as for any other input or usage error).
[[noreturn]] void cannotLoad(const char *which, const char *variable, const char *name,
                             const std::string &path, const std::string &why) {
  std::fprintf(stderr,
               "provcheck: cannot load the %s %s: %s (set %s to the %s of this provcheck)\n",
               which, path.c_str(), why.c_str(), variable, name);
  std::fflush(stderr);
  std::_Exit(2);
}

// The table `symbol` of the module `name`, checked to be of this build. Never closed:
// its parse workers and caches live as long as the process.
template <class Table>
const Table *load(const char *which, const char *variable, const char *name,
                  const std::string &buildPath, const char *symbol) {
  std::string path = installedFilePath(variable, name, buildPath);
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) cannotLoad(which, variable, name, path, dlerror());
  auto entry = reinterpret_cast<const Table *(*)()>(dlsym(handle, symbol));
  if (!entry) cannotLoad(which, variable, name, path, std::string("it has no ") + symbol + " table");
  const Table *m = entry();
  const Table expected;
  if (m->abi != expected.abi ||
      !std::equal(std::begin(m->layout), std::end(m->layout), std::begin(expected.layout)))
    cannotLoad(which, variable, name, path, "it belongs to another build of provcheck");
  return m;
}

const ClangModule &module() {
  static const ClangModule *m =
      load<ClangModule>("Clang module", "PROVCHECK_CLANG_MODULE", "provcheck-clang.so",
                        PROVCHECK_CLANG_MODULE_BUILD_PATH, "provcheck_clang_module");
  return *m;
}

const LexModule &lexer() {
  static const LexModule *m =
      load<LexModule>("lexer module", "PROVCHECK_LEX_MODULE", "provcheck-lex.so",
                      PROVCHECK_LEX_MODULE_BUILD_PATH, "provcheck_lex_module");
  return *m;
}

} // namespace

TokenStream lexTokens(std::string_view text, Language lang) {
  return lexer().lexTokens(text, lang);
}

LibraryVersion llvmVersion() { return module().llvmVersion(); }

AstSession::AstSession(AstOptions options)
    : state_(static_cast<State *>(module().openSession(std::move(options)))) {}

AstSession::~AstSession() { module().closeSession(state_); }

std::vector<FileEntities> AstSession::map(const Patch &patch, const PatchImages &images) {
  return module().mapPatch(state_, patch, images);
}

AstSession::Stats AstSession::stats() const { return module().sessionStats(state_); }

std::vector<FileEntities> mapEntities(const Patch &patch, const PatchImages &images,
                                      const AstOptions &options) {
  return AstSession(options).map(patch, images);
}

} // namespace provcheck
