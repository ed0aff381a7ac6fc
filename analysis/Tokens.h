// The token view of C and C++ code, from Clang's raw lexer: no preprocessing, no
// includes, about a thousand times cheaper than a parse. Used by classification for
// formatting-only, comment-only, rename, code-motion and repeated-edit detection.
// Clang stays behind this header: it exposes only plain types.
#pragma once

#include <string_view>
#include <vector>

namespace provcheck {

enum class TokenKind : unsigned char {
  Identifier,   // names, including macro names
  Keyword,      // C/C++ keywords (int, return, struct...)
  Number,       // numeric literals
  String,       // string and character literals
  Punctuation,  // operators and punctuators
  Hash,         // '#' that starts a preprocessor directive line
  Comment,      // comments, kept apart from the code stream
  Other,        // anything the lexer could not classify
};
const char *toString(TokenKind);

// A token's text is a view: into the text given to lexTokens (which must outlive the
// token), or into a constant string for the markers that classification puts in.
struct Token {
  TokenKind kind = TokenKind::Other;
  std::string_view text;
  int line = 0; // 1-based line in the text that was lexed
  bool startOfLine = false; // first token of a logical line (line splices joined)
  bool spaceBefore = false; // whitespace or a comment separates it from the previous token
  bool directive = false;   // part of a preprocessor directive, from its '#' to its line's end
  bool operator==(const Token &) const = default;
};

enum class Language { C, Cxx };
// The language a path is lexed and parsed as, by its extension; nullopt-like "none" is
// reported by isCFamily.
bool isCFamily(std::string_view path);
Language languageOf(std::string_view path);

struct TokenStream {
  std::vector<Token> code;     // tokens other than comments, in order
  std::vector<Token> comments; // comments, in order
};

// Lexes text in raw mode. Never fails: what the lexer cannot classify becomes Other.
// The tokens view `text` (their text is a slice of it, byte for byte): keep what it
// views alive, and in place, while they are used.
TokenStream lexTokens(std::string_view text, Language lang = Language::C);

} // namespace provcheck
