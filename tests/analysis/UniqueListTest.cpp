// UniqueAppender: a list without repeats, in order of first appearance.
#include "analysis/UniqueList.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace provcheck {
namespace {

TEST(UniqueAppender, KeepsTheFirstOfEachValueInOrder) {
  std::vector<std::string> list;
  UniqueAppender add(list);
  EXPECT_TRUE(add("function b"));
  EXPECT_TRUE(add("function a"));
  EXPECT_FALSE(add("function b"));
  EXPECT_TRUE(add("macro C"));
  EXPECT_FALSE(add("function a"));
  EXPECT_EQ(list, (std::vector<std::string>{"function b", "function a", "macro C"}));
}

TEST(UniqueAppender, ValuesAlreadyInTheListCountAsSeen) {
  std::vector<std::string> list{"x", "y"};
  UniqueAppender add(list);
  EXPECT_FALSE(add("y"));
  EXPECT_TRUE(add("z"));
  EXPECT_FALSE(add("x"));
  EXPECT_EQ(list, (std::vector<std::string>{"x", "y", "z"}));
}

// The shape of a generated file: many distinct values, each added twice (a hunk's old and
// new side), interleaved.
TEST(UniqueAppender, ManyValuesAddedTwiceKeepTheirFirstOrder) {
  constexpr int kCount = 20000;
  std::vector<int> list, expected;
  UniqueAppender add(list);
  for (int i = 0; i < kCount; ++i) {
    add(i);
    if (i > 0) add(i - 1);
    expected.push_back(i);
  }
  EXPECT_EQ(list, expected);
}

} // namespace
} // namespace provcheck
