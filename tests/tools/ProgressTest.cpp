// Progress on stderr: shown when stderr is a terminal (here a pseudo-terminal made by
// script(1)), never in a pipe or a file.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace provcheck::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

struct History {
  FixtureRepo repo;
  std::string base;
  History() {
    repo.write("hw/a.c", "int a;\n");
    base = repo.commit("Initial\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
    for (int i = 0; i < 5; ++i) {
      repo.write("hw/a.c", "int a = " + std::to_string(i) + ";\n");
      repo.commit("hw/a: step " + std::to_string(i) +
                  "\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
    }
  }
};

std::string quote(const std::string &s) { return "'" + s + "'"; }

TEST(CliProgress, StagesShownOnATerminal) {
  History h;
  const char *bin = std::getenv("PROVCHECK_BIN");
  ASSERT_TRUE(bin);
  std::string inner = quote(bin) + " -C " + h.repo.str() + " check --no-ast --format oneline " +
                      h.base + "..HEAD";
  CommandOutput r = runCommand("script -qec " + quote(inner) + " /dev/null");
  EXPECT_THAT(r.text, HasSubstr("provcheck: checking 5/5"));
  EXPECT_THAT(r.text, HasSubstr("hw/a: step 4")); // the report itself
  // Each report line is written as its patch is checked, on a line of its own: the
  // progress line is erased first, never continued by the report.
  EXPECT_THAT(r.text, Not(ContainsRegex("checking [0-9]+/5[0-9a-f]")));
  EXPECT_THAT(r.text, ContainsRegex("checking 4/5\r\x1b\\[K[0-9a-f]{12} code 1 ok hw/a: step 4"));
}

TEST(CliProgress, NothingInAPipe) {
  History h;
  CommandResult r = runProvcheck(
      {"-C", h.repo.str(), "check", "--no-ast", "--format", "oneline", h.base + "..HEAD"});
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, Not(HasSubstr("reading commits")));
}

} // namespace
} // namespace provcheck::testing
