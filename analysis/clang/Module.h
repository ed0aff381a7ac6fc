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

// The lexer module (provcheck-lex.so, beside provcheck-clang.so): clang's raw lexer
// alone, linked from LLVM's and Clang's static libraries into an object of its own. A run
// that lexes but parses nothing (`check --no-ast`, a history scan) loads this one only:
// about 2 MB on disk and 6 MB resident, instead of LLVM's and Clang's shared libraries
// (some 60 MB resident, and a tenth of a second of relocations and static constructors
// in every run). The tokens are clang's own, the same code as the full module's
// lexTokens.
inline constexpr int kLexModuleAbi = 1;

struct LexModule {
  int abi = kLexModuleAbi;
  size_t layout[2] = {sizeof(TokenStream), sizeof(Token)};

  TokenStream (*lexTokens)(std::string_view text, Language lang) = nullptr;
};

} // namespace provcheck

// The modules' one exported symbol each.
extern "C" const provcheck::ClangModule *provcheck_clang_module();
extern "C" const provcheck::LexModule *provcheck_lex_module();
