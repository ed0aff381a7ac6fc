// Raw lexing with clang::Lexer: no SourceManager, no preprocessor, no file system.
#include "analysis/Tokens.h"

#include <clang/Basic/IdentifierTable.h>
#include <clang/Basic/LangOptions.h>
#include <clang/Basic/TokenKinds.h>
#include <clang/Lex/Lexer.h>

#include <algorithm>
#include <array>

namespace provcheck {

namespace {

clang::LangOptions langOptions(Language lang) {
  clang::LangOptions opts;
  if (lang == Language::Cxx) {
    opts.CPlusPlus = opts.CPlusPlus11 = opts.CPlusPlus14 = opts.CPlusPlus17 = 1;
    opts.CPlusPlus20 = 1;
    opts.Bool = 1;
  } else {
    opts.C99 = opts.C11 = opts.C17 = 1;
  }
  opts.GNUMode = 1;
  opts.GNUKeywords = 1;
  opts.LineComment = 1;
  opts.Digraphs = 1;
  return opts;
}

// Keyword tables, built once per language (IdentifierTable is not thread-safe to
// mutate, so lookups go through a const snapshot of keyword spellings).
struct KeywordTable {
  clang::LangOptions opts;
  clang::IdentifierTable table;
  explicit KeywordTable(Language lang) : opts(langOptions(lang)), table(opts) {}
  bool isKeyword(llvm::StringRef spelling) const {
    auto it = table.find(spelling);
    return it != table.end() && it->getValue()->getTokenID() != clang::tok::identifier;
  }
};

const KeywordTable &keywords(Language lang) {
  static const KeywordTable c(Language::C), cxx(Language::Cxx);
  return lang == Language::Cxx ? cxx : c;
}

TokenKind kindOf(const clang::Token &tok, const KeywordTable &kw, llvm::StringRef spelling) {
  using namespace clang;
  if (tok.is(tok::raw_identifier))
    return kw.isKeyword(spelling) ? TokenKind::Keyword : TokenKind::Identifier;
  if (tok.is(tok::comment)) return TokenKind::Comment;
  if (tok.is(tok::numeric_constant)) return TokenKind::Number;
  if (tok::isStringLiteral(tok.getKind()) || tok.isOneOf(tok::char_constant, tok::wide_char_constant,
                                                        tok::utf8_char_constant,
                                                        tok::utf16_char_constant,
                                                        tok::utf32_char_constant))
    return TokenKind::String;
  if (tok.is(tok::unknown)) return TokenKind::Other;
  if (tok::getPunctuatorSpelling(tok.getKind())) return TokenKind::Punctuation;
  return TokenKind::Other;
}

} // namespace

TokenStream lexTokens(std::string_view text, Language lang) {
  const KeywordTable &kw = keywords(lang);
  TokenStream out;
  // The raw lexer needs a NUL-terminated buffer.
  std::string buffer(text);
  const char *begin = buffer.c_str();
  const char *end = begin + buffer.size();
  // Locations are offsets from a base of 1 (0 would be the invalid location).
  clang::SourceLocation base = clang::SourceLocation::getFromRawEncoding(1);
  clang::Lexer lexer(base, kw.opts, begin, begin, end);
  lexer.SetCommentRetentionState(true);

  int line = 1;
  const char *scanned = begin;
  clang::Token tok;
  bool directive = false;
  const char *prevEnd = begin; // end of the previous token, comments included
  const char *codeEnd = begin; // end of the previous code token
  std::vector<std::pair<const char *, const char *>> gapComments;
  for (;;) {
    lexer.LexFromRawLexer(tok);
    if (tok.is(clang::tok::eof)) break;
    const char *start = begin + (tok.getLocation().getRawEncoding() - 1);
    line += static_cast<int>(std::count(scanned, start, '\n'));
    scanned = start;
    llvm::StringRef spelling(start, tok.getLength());
    // The same bytes in the caller's text, which the token views.
    Token t{kindOf(tok, kw, spelling), text.substr(start - begin, tok.getLength()), line};
    t.spaceBefore = start != prevEnd || (prevEnd != begin && prevEnd != codeEnd);
    prevEnd = start + tok.getLength();
    if (t.kind == TokenKind::Comment) {
      gapComments.emplace_back(start, prevEnd);
      out.comments.push_back(std::move(t));
      continue;
    }
    // A logical line starts after a newline that is neither spliced ('\\' before it)
    // nor inside a comment (a comment is one space: a directive goes on past it). The
    // lexer's own flag is taken by a comment that opens the line.
    t.startOfLine = codeEnd == begin && out.code.empty();
    for (const char *p = codeEnd; p < start && !t.startOfLine; ++p) {
      bool inComment = false;
      for (const auto &[b, e] : gapComments) inComment = inComment || (p >= b && p < e);
      if (*p != '\n' || inComment) continue;
      const char *q = p;
      while (q > begin && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r')) --q;
      t.startOfLine = q == begin || q[-1] != '\\';
    }
    gapComments.clear();
    codeEnd = prevEnd;
    // A '#' that opens a logical line starts a directive, which runs to the line's end.
    if (t.startOfLine && t.text == "#") t.kind = TokenKind::Hash;
    if (t.startOfLine) directive = t.kind == TokenKind::Hash;
    t.directive = directive;
    out.code.push_back(std::move(t));
  }
  return out;
}

} // namespace provcheck
