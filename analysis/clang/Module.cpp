// The table of provcheck-clang.so (Module.h): the implementations of analysis/clang behind
// plain function pointers. Built into the module only.
#include "analysis/clang/Module.h"

namespace provcheck {
namespace {

const ClangModule table = [] {
  ClangModule m;
  m.lexTokens = &lexTokens;
  m.llvmVersion = &llvmVersion;
  m.openSession = [](AstOptions options) -> void * { return new AstSession(std::move(options)); };
  m.closeSession = [](void *session) { delete static_cast<AstSession *>(session); };
  m.mapPatch = [](void *session, const Patch &patch, const PatchImages &images) {
    return static_cast<AstSession *>(session)->map(patch, images);
  };
  m.sessionStats = [](const void *session) {
    return static_cast<const AstSession *>(session)->stats();
  };
  return m;
}();

} // namespace
} // namespace provcheck

extern "C" const provcheck::ClangModule *provcheck_clang_module() { return &provcheck::table; }
