// The table of provcheck-lex.so (Module.h): clang's raw lexer (Tokens.cpp) and nothing
// else. Built into that module only, with every other symbol hidden.
#include "analysis/clang/Module.h"

namespace provcheck {
namespace {

const LexModule table = [] {
  LexModule m;
  m.lexTokens = &lexTokens;
  return m;
}();

} // namespace
} // namespace provcheck

extern "C" __attribute__((visibility("default"))) const provcheck::LexModule *provcheck_lex_module() {
  return &provcheck::table;
}
