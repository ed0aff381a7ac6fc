// The checks made before a quoted script may run, and the sandbox it runs in.
#include "analysis/replay/Sandbox.h"
#include "analysis/replay/ToolScripts.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace provcheck::replay {
namespace {

TEST(SedScript, AcceptsEditingScripts) {
  for (const char *s : {"s/a/b/g", "s|a|b|Ig", "/^#/d", "1094s!thru!through!", "$d",
                        "N;N; {s|a\\nb|c|g}", ":a;N;$!ba;s/\\n/ /g", "/x/,/y/{s/a/b/;p}",
                        "0,/re/s//x/", "y/abc/xyz/", "/start/,+2d", "s/a/b\\\nc/", "$a\\\nend",
                        "/x/!s/a/b/2"}) {
    SedCheck c = checkSedScript(s);
    EXPECT_EQ(c.problem, "") << s;
    EXPECT_GT(c.commands, 0) << s;
  }
}

TEST(SedScript, RefusesWhatRunsOrWrites) {
  EXPECT_EQ(checkSedScript("s/a/b/w out").problem, "the s command's w flag writes a file");
  EXPECT_EQ(checkSedScript("s/a/b/ge").problem,
            "the s command's e flag runs the pattern space as a command");
  EXPECT_EQ(checkSedScript("1e id").problem, "the e command runs a shell command");
  EXPECT_EQ(checkSedScript("/x/w /tmp/y").problem, "the w command writes a file");
  EXPECT_EQ(checkSedScript("$r /etc/passwd").problem, "the r command reads another file");
  EXPECT_EQ(checkSedScript("s/a/b/;W x").problem, "the W command writes a file");
  EXPECT_EQ(checkSedScript("{s/a/b/").problem, "an unmatched {");
  EXPECT_EQ(checkSedScript("s/a/b").problem, "an unterminated s command");
  EXPECT_EQ(checkSedScript("to").commands, 1); // a branch: parses, and is no edit of note
}

TEST(PerlExpression, OnlySubstitutions) {
  EXPECT_EQ(checkPerlExpression("s/a/b/g"), "");
  EXPECT_EQ(checkPerlExpression("s{(\\w+)_old}{${1}_new}g; tr/a-z/A-Z/"), "");
  EXPECT_EQ(checkPerlExpression("s/foo$/bar/"), "");
  EXPECT_EQ(checkPerlExpression("s'a$b'c'"), "");
  EXPECT_EQ(checkPerlExpression("s/a/b/e"), "the e flag evaluates the replacement as code");
  EXPECT_EQ(checkPerlExpression("s/(?{ system('id') })a/b/"), "code in a pattern ((?{ }))");
  EXPECT_EQ(checkPerlExpression("s/a/@{[ `id` ]}/"), "an array interpolated (@...)");
  EXPECT_EQ(checkPerlExpression("s/a/$ENV{HOME}/"), "a variable interpolated ($ENV{HOME)");
  EXPECT_EQ(checkPerlExpression("print; s/a/b/"), "more than s/// and y/// statements");
  EXPECT_EQ(checkPerlExpression(""), "no s/// or y/// statement");
}

TEST(SemanticPatch, ScriptRulesAreRefused) {
  EXPECT_EQ(checkSemanticPatch("@@\nexpression E;\n@@\n-f(E);\n+g(E);\n").problem, "");
  EXPECT_EQ(checkSemanticPatch("@@\nexpression E;\n@@\n-f(E);\n+g(E);\n").rules, 1);
  EXPECT_EQ(checkSemanticPatch("@r@\nidentifier x;\n@@\nf(x);\n@script:python@\nx << r.x;\n@@\nprint(x)\n").problem,
            "a @script:python@ rule runs code");
  EXPECT_EQ(checkSemanticPatch("@initialize:python@\n@@\nimport os\n").problem,
            "a @initialize:python@ rule runs code");
  EXPECT_EQ(checkSemanticPatch("@@\n@@\n-a();\n@finalize:ocaml@\n@@\n()\n").problem,
            "a @finalize:ocaml@ rule runs code");
  EXPECT_EQ(checkSemanticPatch("#spatch --python /bin/sh\n@@\n@@\n-a();\n").problem,
            "#spatch options in the semantic patch");
  EXPECT_EQ(checkSemanticPatch("#include \"other.cocci\"\n@@\n@@\n-a();\n").problem,
            "the semantic patch reads another file (#include \"other.cocci\")");
  // A template a shell loop expands is not the semantic patch that ran.
  EXPECT_EQ(checkSemanticPatch("@ other_ld_${FN} depends on !cpu_ld_${FN} @\nexpression E1,E2;\n@@\n"
                               "-ld${FN}_phys(E1,E2)\n+address_space_ld${FN}(E1,E2)\n").problem,
            "the semantic patch is a shell template (${FN} is expanded by a script)");
  EXPECT_EQ(checkSemanticPatch("@@\nexpression E;\n@@\n-ld${FN}_phys(E)\n+f(E)\n").problem,
            "the semantic patch is a shell template (${FN} is expanded by a script)");
  // An #include inside a rule matches C code.
  EXPECT_EQ(checkSemanticPatch("@@\n@@\n-#include \"a.h\"\n+#include \"b.h\"\n").problem, "");
}

TEST(Sandbox, RunsWithoutShellAndKillsAtTheLimit) {
  testing::TempDir dir;
  std::string sh = findProgram("sh");
  ASSERT_FALSE(sh.empty());
  SandboxLimits limits;
  limits.seconds = 1;
  // The environment is the one given; nothing of the caller's.
  SandboxRun env = runSandboxed({findProgram("env")}, dir.str(), {"A=1"}, limits);
  EXPECT_TRUE(env.ok());
  EXPECT_EQ(env.out, "A=1\n");
  SandboxRun slow = runSandboxed({sh, "-c", "while :; do :; done"}, dir.str(), {}, limits);
  EXPECT_TRUE(slow.ran);
  EXPECT_FALSE(slow.ok());
  EXPECT_TRUE(slow.timedOut || slow.signal != 0);
  SandboxRun missing = runSandboxed({"/nonexistent/tool"}, dir.str(), {}, limits);
  EXPECT_FALSE(missing.ran);
  EXPECT_EQ(missing.problem, "cannot run /nonexistent/tool: No such file or directory");
}

TEST(Sandbox, GnuSedRefusesWritingEvenIfAskedDirectly) {
  // The second line of defence: sed --sandbox itself refuses w, whatever the checks missed.
  testing::TempDir dir;
  std::filesystem::path marker = dir.path() / "written";
  std::ofstream(dir.path() / "x.c") << "a\n";
  SandboxRun run = runSandboxed(
      {findProgram("sed"), "--sandbox", "-i", "-e", "s/a/b/w " + marker.string(), "--", "x.c"},
      dir.str(), {"PATH=/usr/bin:/bin"}, {});
  EXPECT_TRUE(run.ran);
  EXPECT_NE(run.exitCode, 0);
  EXPECT_FALSE(std::filesystem::exists(marker));
}

} // namespace
} // namespace provcheck::replay
