// The plain parts of the token view (analysis/Tokens.h); the lexer itself is Clang's
// (analysis/clang/Tokens.cpp).
#include "analysis/Tokens.h"

#include <algorithm>
#include <array>

namespace provcheck {

const char *toString(TokenKind k) {
  switch (k) {
  case TokenKind::Identifier: return "identifier";
  case TokenKind::Keyword: return "keyword";
  case TokenKind::Number: return "number";
  case TokenKind::String: return "string";
  case TokenKind::Punctuation: return "punctuation";
  case TokenKind::Hash: return "hash";
  case TokenKind::Comment: return "comment";
  case TokenKind::Other: return "other";
  }
  return "other";
}

bool isCFamily(std::string_view path) {
  static constexpr std::array<std::string_view, 14> exts = {
      ".c", ".h", ".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".inc", ".def",
      ".m", ".C", ".H"};
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
    return false;
  std::string_view ext = path.substr(dot);
  return std::find(exts.begin(), exts.end(), ext) != exts.end();
}

Language languageOf(std::string_view path) {
  auto dot = path.rfind('.');
  std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot);
  for (std::string_view cxx : {".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".C", ".H"})
    if (ext == cxx) return Language::Cxx;
  return Language::C;
}

} // namespace provcheck
