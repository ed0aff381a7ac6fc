// The deterministic tools a commit message names, as the built-in policies find them:
// each tool once, by its name, however many of its patterns match.
#include "classify/Policy.h"
#include "classify/ToolMentions.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

std::vector<std::string> mentions(const char *policy, std::string_view message) {
  auto p = builtinPolicy(policy);
  EXPECT_TRUE(p) << policy;
  return p ? toolMentions(p->rules, message) : std::vector<std::string>{};
}

using V = std::vector<std::string>;

TEST(ToolMentions, EachToolOnceByItsName) {
  // Both sed patterns match ("sed -i" and "sed ... s/"): one tool.
  EXPECT_EQ(mentions("qemu", "hw: rename frob\n\nDone with sed -i 's/frob_old/frob_new/g' hw/*.c\n"),
            V{"sed"});
  EXPECT_EQ(mentions("linux", "Done with: sed -i -e 's/a/b/' drivers/x.c\n"), V{"sed"});
  EXPECT_EQ(mentions("qemu", "Generated with spatch --sp-file fix-realize.cocci\n"),
            (V{"spatch", "fix-realize.cocci"}));
  EXPECT_EQ(mentions("qemu", "Converted by scripts/codeconverter/converter.py\n"),
            (V{"codeconverter", "scripts/codeconverter/converter.py"}));
  EXPECT_EQ(mentions("qemu", "Reformatted with git clang-format\n"), V{"clang-format"});
  EXPECT_EQ(mentions("qemu", "This is a Semantic\n  patch result\n"), V{"Semantic patch"});
  EXPECT_EQ(mentions("qemu", "perl -pi -e 's/x/y/' and perl -i.bak\n"), V{"perl"});
  EXPECT_EQ(mentions("qemu", "hw: fix a bug\n"), V{});
}

// A pattern without a group names the tool by its whole match.
TEST(ToolMentions, WholeMatchWithoutAGroup) {
  EXPECT_EQ(mentions("qemu", "Generated using the following script:\n"),
            V{"Generated using the following script"});
}

} // namespace
} // namespace provcheck
