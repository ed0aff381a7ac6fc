#include "analysis/Tokens.h"

#include <gtest/gtest.h>

#include <string>

namespace provcheck {
namespace {

TEST(Tokens, ReindentedFunctionHasIdenticalCodeTokens) {
  auto a = lexTokens("int f(int x) {\n  return x + 1; /* one */\n}\n");
  auto b = lexTokens("int f(int x)\n{\n\treturn x+1;\n}\n");
  ASSERT_EQ(a.code.size(), b.code.size());
  for (size_t i = 0; i < a.code.size(); ++i) {
    EXPECT_EQ(a.code[i].kind, b.code[i].kind);
    EXPECT_EQ(a.code[i].text, b.code[i].text);
  }
  ASSERT_EQ(a.comments.size(), 1u);
  EXPECT_EQ(a.comments[0].text, "/* one */");
  EXPECT_EQ(a.comments[0].line, 2);
  EXPECT_EQ(b.comments.size(), 0u);
}

TEST(Tokens, KindsAndLines) {
  auto t = lexTokens("#include \"qemu/osdep.h\"\nstatic int n = 0x10;\n");
  ASSERT_GE(t.code.size(), 8u);
  EXPECT_EQ(t.code[0].kind, TokenKind::Hash);
  EXPECT_EQ(t.code[1].kind, TokenKind::Identifier); // "include" in raw mode
  EXPECT_EQ(t.code[2].kind, TokenKind::String);
  EXPECT_EQ(t.code[3].kind, TokenKind::Keyword);    // static
  EXPECT_EQ(t.code[3].line, 2);
  EXPECT_EQ(t.code[5].kind, TokenKind::Identifier); // n
  EXPECT_EQ(t.code[7].kind, TokenKind::Number);
}

// A token's text is a slice of the text lexed, not a copy: what it views is the caller's.
TEST(Tokens, TextIsASliceOfTheLexedText) {
  std::string text = "#define LONG_NAME_BEYOND_SHORT_STRINGS(x) \\\n  ((x) + 1) /* c */\nint y;\n";
  TokenStream ts = lexTokens(text);
  ASSERT_FALSE(ts.code.empty());
  ASSERT_EQ(ts.comments.size(), 1u);
  for (const auto *list : {&ts.code, &ts.comments})
    for (const Token &t : *list) {
      ASSERT_GE(t.text.data(), text.data());
      ASSERT_LE(t.text.data() + t.text.size(), text.data() + text.size());
    }
  EXPECT_EQ(ts.code[2].text, "LONG_NAME_BEYOND_SHORT_STRINGS");
  EXPECT_EQ(ts.comments[0].text, "/* c */");
}

} // namespace
} // namespace provcheck
