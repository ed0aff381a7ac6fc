// The Clang side of provcheck, reached through provcheck-clang.so (analysis/clang/Module.h),
// loaded the first time a file is lexed or parsed. These definitions stand for those of
// analysis/clang in every program that does not link that library itself.
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

// An install without its module cannot lex: say what is missing and stop, from whichever
// thread got there first (exit status 2, as for any other input or usage error).
[[noreturn]] void cannotLoad(const std::string &path, const std::string &why) {
  std::fprintf(stderr,
               "provcheck: cannot load the Clang module %s: %s (set PROVCHECK_CLANG_MODULE to "
               "the provcheck-clang.so of this provcheck)\n",
               path.c_str(), why.c_str());
  std::fflush(stderr);
  std::_Exit(2);
}

const ClangModule *load() {
  std::string path =
      installedFilePath("PROVCHECK_CLANG_MODULE", "provcheck-clang.so", PROVCHECK_CLANG_MODULE_BUILD_PATH);
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) cannotLoad(path, dlerror());
  auto entry = reinterpret_cast<const ClangModule *(*)()>(dlsym(handle, "provcheck_clang_module"));
  if (!entry) cannotLoad(path, "it has no provcheck_clang_module table");
  const ClangModule *m = entry();
  const ClangModule expected;
  if (m->abi != expected.abi ||
      !std::equal(std::begin(m->layout), std::end(m->layout), std::begin(expected.layout)))
    cannotLoad(path, "it belongs to another build of provcheck");
  return m; // never closed: its parse workers and caches live as long as the process
}

const ClangModule &module() {
  static const ClangModule *m = load();
  return *m;
}

} // namespace

TokenStream lexTokens(std::string_view text, Language lang) {
  return module().lexTokens(text, lang);
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
