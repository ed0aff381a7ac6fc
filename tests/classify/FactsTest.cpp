// The facts of a hunk view the text they were lexed from, which they own: they stay
// valid when the patch they came from is moved or gone, and when they are moved or
// copied themselves.
#include "classify/detect/Facts.h"
#include "tests/classify/ClassifyTestSupport.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace provcheck {
namespace {

using testing::makePatch;
using testing::modify;

std::vector<std::string> texts(const std::vector<HunkToken> &tokens) {
  std::vector<std::string> out;
  for (const HunkToken &t : tokens) out.emplace_back(t.text);
  return out;
}

// Short lines (held inside their strings) and a name longer than that.
const char *kOld = "int a;\n#define F(x) x\nint b; /* old */\nint c;\n";
const char *kNew = "int a;\n#define F(x) (x)\nint very_long_name_beyond_short_strings; /* new */\nint c;\n";

TEST(Facts, TokensOutliveTheirPatchAndMoves) {
  std::vector<FileFacts> kept;
  {
    Patch patch = makePatch({modify("a.c", kOld, kNew)});
    Patch moved = std::move(patch);
    FileFacts facts = computeFileFacts(moved.files[0], true);
    kept.push_back(facts); // a copy
    kept.push_back(std::move(facts));
    for (int i = 0; i < 64; ++i) kept.push_back(kept[0]); // reallocations move them
  } // the patch and its lines are gone
  for (const FileFacts &ff : kept) {
    ASSERT_EQ(ff.hunks.size(), 1u);
    const HunkFacts &hf = ff.hunks[0];
    EXPECT_EQ(texts(hf.oldCode), (std::vector<std::string>{"#", "define", "F", std::string(kMacroParameters), "(", "x", ")", "x", std::string(kEndOfDirective), "int", "b", ";"}));
    EXPECT_EQ(texts(hf.newCode),
              (std::vector<std::string>{"#", "define", "F", std::string(kMacroParameters), "(", "x", ")", "(", "x", ")",
                                        std::string(kEndOfDirective), "int",
                                        "very_long_name_beyond_short_strings", ";"}));
    EXPECT_EQ(texts(hf.oldContext), (std::vector<std::string>{"int", "a", ";", "int", "c", ";"}));
    EXPECT_EQ(hf.oldComments, (std::vector<std::string_view>{"/* old */"}));
    EXPECT_EQ(hf.newComments, (std::vector<std::string_view>{"/* new */"}));
  }
}

// Tokens other than markers view the side's own text.
TEST(Facts, TokensViewTheSideTextOrAMarker) {
  FileChange fc = modify("a.c", kOld, kNew);
  FileFacts ff = computeFileFacts(fc, true);
  const HunkFacts &hf = ff.hunks[0];
  ASSERT_TRUE(hf.oldText && hf.newText);
  auto inside = [](std::string_view t, const std::string &text) {
    return t.data() >= text.data() && t.data() + t.size() <= text.data() + text.size();
  };
  for (const auto &[tokens, text] : {std::pair{&hf.oldCode, hf.oldText}, std::pair{&hf.oldContext, hf.oldText},
                                     std::pair{&hf.newCode, hf.newText}, std::pair{&hf.newContext, hf.newText}})
    for (const HunkToken &t : *tokens) {
      // A marker views a string literal: which copy of it, the compiler decides.
      if (t.text == kEndOfDirective || t.text == kMacroParameters) continue;
      EXPECT_TRUE(inside(t.text, *text)) << t.text;
    }
}

} // namespace
} // namespace provcheck
