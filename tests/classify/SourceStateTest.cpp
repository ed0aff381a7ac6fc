// The scanner that tells where each line of a file starts: in a comment, in a directive,
// at which brace depth, under which conditionals.
#include "classify/detect/SourceState.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

const char *kFile = "#ifndef DEV_H\n"              // 1
                    "#define DEV_H\n"              // 2
                    "/* a comment\n"               // 3
                    "   going on */\n"             // 4
                    "#ifdef CONFIG_GBM\n"          // 5
                    "int fence_fd;\n"              // 6
                    "#else\n"                      // 7
                    "int other;\n"                 // 8
                    "#endif\n"                     // 9
                    "#define LONG(x) \\\n"         // 10
                    "    ((x) + 1)\n"              // 11
                    "extern \"C\" {\n"             // 12
                    "void f(void)\n"               // 13
                    "{\n"                          // 14
                    "    const char *s = \"{ /*\";\n" // 15
                    "}\n"                          // 16
                    "}\n"                          // 17
                    "#endif\n";                    // 18

TEST(SourceState, CommentsDirectivesDepthAndConditionsPerLine) {
  SourceStates s = lineStates(kFile);
  ASSERT_GE(s.lines.size(), 19u); // 18 lines and the position after the last
  EXPECT_FALSE(s.lines[2].inComment);
  EXPECT_TRUE(s.lines[3].inComment);
  EXPECT_FALSE(s.lines[4].inComment);
  // The include guard is not a condition; the #ifdef and its #else are.
  EXPECT_EQ(s.conditionsAt(4), "");
  EXPECT_EQ(s.conditionsAt(6), "ifdef CONFIG_GBM");
  EXPECT_EQ(s.conditionsAt(8), "else of ifdef CONFIG_GBM");
  EXPECT_EQ(s.conditionsAt(10), "");
  // A spliced #define goes on into the next line.
  EXPECT_TRUE(s.lines[10].inDirective);
  EXPECT_FALSE(s.lines[11].inDirective);
  // extern "C" keeps file scope; a brace or comment opener inside a string counts for nothing.
  EXPECT_EQ(s.lines[12].depth, 0);
  EXPECT_EQ(s.lines[14].depth, 1);
  EXPECT_FALSE(s.lines[15].inComment);
  EXPECT_EQ(s.lines[15].depth, 1);
  EXPECT_EQ(s.lines[16].depth, 0);
  EXPECT_EQ(s.conditionsAt(0), "");
  EXPECT_EQ(s.conditionsAt(100), "");
}

TEST(SourceState, AScanForTheFirstLinesGivesTheSameStatesAndStops) {
  SourceStates all = lineStates(kFile);
  SourceStates part = lineStates(kFile, 8);
  ASSERT_GE(part.lines.size(), 8u);
  EXPECT_LT(part.lines.size(), all.lines.size());
  for (int line = 1; line <= 8; ++line) {
    EXPECT_EQ(part.lines[line - 1].inComment, all.lines[line - 1].inComment) << line;
    EXPECT_EQ(part.lines[line - 1].depth, all.lines[line - 1].depth) << line;
    EXPECT_EQ(part.conditionsAt(line), all.conditionsAt(line)) << line;
  }
}

TEST(SourceState, EndsInComment) {
  EXPECT_TRUE(endsInComment("int a; /* open\n still open\n"));
  EXPECT_FALSE(endsInComment("int a; /* closed */\n"));
  EXPECT_FALSE(endsInComment("const char *s = \"/*\";\n"));
  EXPECT_FALSE(endsInComment("// a line comment /*\nint b;\n"));
  EXPECT_FALSE(endsInComment("int c;\n"));
}

} // namespace
} // namespace provcheck
