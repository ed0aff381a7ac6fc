// The Clang module: the one shared object that links LLVM and Clang (provcheck-clang.so,
// beside provcheck). provcheck loads it on first use (analysis/ClangModule.cpp), so that a
// run that lexes and parses nothing, `maintainers` or a docs-only check, never relocates
// and starts LLVM's libraries. This header is the contract between the two sides: plain
// types only, no Clang header. The parse worker and the tests of analysis/clang link the
// implementations directly instead.
#pragma once

#include "analysis/AstMap.h"
#include "analysis/Tokens.h"
#include "analysis/Versions.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace provcheck {

// Raised when a field of the table, or the meaning of one, changes.
inline constexpr int kClangModuleAbi = 1;

struct ClangModule {
  int abi = kClangModuleAbi;
  // The sizes of the types that cross: a module of another build is refused, not used.
  size_t layout[4] = {sizeof(AstOptions), sizeof(FileEntities), sizeof(TokenStream),
                      sizeof(Patch)};

  TokenStream (*lexTokens)(std::string_view text, Language lang) = nullptr;
  LibraryVersion (*llvmVersion)() = nullptr;
  // A session of the module (an AstSession there), owned by the caller until closed.
  void *(*openSession)(AstOptions options) = nullptr;
  void (*closeSession)(void *session) = nullptr;
  std::vector<FileEntities> (*mapPatch)(void *session, const Patch &,
                                        const PatchImages &) = nullptr;
  AstSession::Stats (*sessionStats)(const void *session) = nullptr;
};

} // namespace provcheck

// The module's one exported symbol.
extern "C" const provcheck::ClangModule *provcheck_clang_module();
