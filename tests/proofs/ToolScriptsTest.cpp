// The checks made before a quoted script may run, and the sandbox it runs in.
#include "analysis/replay/Sandbox.h"
#include "analysis/replay/ToolScripts.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

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

// The line of /proc/self/limits naming `what`, its soft and hard limits.
std::string limitLine(const std::string &limits, const std::string &what) {
  std::istringstream in(limits);
  for (std::string l; std::getline(in, l);)
    if (l.starts_with(what)) {
      std::istringstream words(l.substr(what.size()));
      std::string soft, hard;
      words >> soft >> hard;
      return soft + " " + hard;
    }
  return "";
}

TEST(Sandbox, ChildHasItsLimitsItsDirectoryAndNothingOfTheCaller) {
  testing::TempDir dir;
  SandboxLimits limits;
  limits.seconds = 7;
  limits.memoryBytes = 1ull << 30;
  limits.fileBytes = 1ull << 20;
  // A descriptor the caller left open across exec, and SIGPIPE ignored by the caller.
  int leak = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(leak, 0);
  ASSERT_EQ(::dup2(leak, 50), 50);
  auto oldPipe = std::signal(SIGPIPE, SIG_IGN);

  SandboxRun lim = runSandboxed({findProgram("cat"), "/proc/self/limits"}, dir.str(), {}, limits);
  ASSERT_TRUE(lim.ok()) << lim.problem << lim.err;
  EXPECT_EQ(limitLine(lim.out, "Max cpu time"), "7 8");
  EXPECT_EQ(limitLine(lim.out, "Max address space"), "1073741824 1073741824");
  EXPECT_EQ(limitLine(lim.out, "Max file size"), "1048576 1048576");
  EXPECT_EQ(limitLine(lim.out, "Max core file size"), "0 0");
  EXPECT_EQ(limitLine(lim.out, "Max processes"), "0 0");

  SandboxRun cwd = runSandboxed({findProgram("pwd")}, dir.str(), {}, limits);
  EXPECT_EQ(cwd.out, std::filesystem::canonical(dir.path()).string() + "\n");
  SandboxRun in = runSandboxed({findProgram("readlink"), "/proc/self/fd/0"}, dir.str(), {}, limits);
  EXPECT_EQ(in.out, "/dev/null\n");
  SandboxRun fds = runSandboxed({findProgram("sh"), "-c", "test -e /proc/self/fd/50 && echo open || echo closed"},
                                dir.str(), {}, limits);
  EXPECT_EQ(fds.out, "closed\n");
  // A session of its own (killed with its process group), SIGPIPE at its default.
  SandboxRun stat = runSandboxed({findProgram("cat"), "/proc/self/stat"}, dir.str(), {}, limits);
  std::istringstream fields(stat.out.substr(stat.out.rfind(')') + 2));
  std::string state, ppid, pgrp, session;
  fields >> state >> ppid >> pgrp >> session;
  EXPECT_EQ(session, stat.out.substr(0, stat.out.find(' ')));
  EXPECT_EQ(pgrp, session);
  SandboxRun sig = runSandboxed({findProgram("grep"), "^SigIgn", "/proc/self/status"}, dir.str(), {}, limits);
  ASSERT_TRUE(sig.ok()) << sig.err;
  unsigned long long ignored = std::stoull(sig.out.substr(sig.out.find_first_of("0123456789abcdef", 7)), nullptr, 16);
  EXPECT_EQ(ignored & (1ull << (SIGPIPE - 1)), 0u);

  // The file size limit is enforced, not only set.
  SandboxRun big = runSandboxed({findProgram("dd"), "if=/dev/zero", "of=big", "bs=65536", "count=64"},
                                dir.str(), {}, limits);
  EXPECT_TRUE(big.ran);
  EXPECT_FALSE(big.ok());
  EXPECT_LE(std::filesystem::file_size(dir.path() / "big"), limits.fileBytes);

  std::signal(SIGPIPE, oldPipe);
  ::close(50);
  ::close(leak);
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
