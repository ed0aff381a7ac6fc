// The commands a message quotes, found in the shapes commit messages write them in
// (hand-written messages modelled on those shapes): a prompt and continuation lines,
// -e scripts, xargs after git grep or find, find -exec, $(git grep -l), a for loop, a
// cd first, perl -pi -e, spatch commands, semantic patches quoted as text, and prose
// that only mentions a tool.
#include "analysis/replay/QuotedCommands.h"
#include "analysis/replay/ShellWords.h"

#include <gtest/gtest.h>

namespace provcheck::replay {
namespace {

std::vector<QuotedCommand> find(const std::string &message) { return quotedCommands(message); }

TEST(ShellWords, QuotesEscapesAndContinuations) {
  ShellLine l = splitShell("sed -i -e 's/a b/c/' \"x\\\"y\" \\\n  $(git grep -l foo) *.c | xargs echo; ls\nnext");
  ASSERT_EQ(l.pipelines.size(), 2u);
  ASSERT_EQ(l.pipelines[0].commands.size(), 2u);
  const auto &w = l.pipelines[0].commands[0].words;
  ASSERT_EQ(w.size(), 7u);
  EXPECT_EQ(w[3].text, "s/a b/c/");
  EXPECT_TRUE(w[3].quoted);
  EXPECT_EQ(w[4].text, "x\"y");
  EXPECT_TRUE(w[5].substitution);
  EXPECT_EQ(w[5].inner, "git grep -l foo");
  EXPECT_EQ(l.pipelines[1].commands[0].words[0].text, "ls");
  EXPECT_EQ(std::string("sed -i -e 's/a b/c/' \"x\\\"y\" \\\n  $(git grep -l foo) *.c | xargs echo; ls\nnext").substr(l.end), "next");
}

TEST(ShellWords, QuoteSpanningLinesAndUnterminated) {
  ShellLine l = splitShell("sed -i 'N; s/a\nb/c/' f.c\nrest");
  ASSERT_EQ(l.pipelines[0].commands[0].words.size(), 4u);
  EXPECT_EQ(l.pipelines[0].commands[0].words[2].text, "N; s/a\nb/c/");
  EXPECT_TRUE(l.problem.empty());
  ShellLine bad = splitShell("sed -i 's/a/b/ f.c");
  EXPECT_EQ(bad.problem, "an unterminated ' quote");
  EXPECT_EQ(splitShell("cat <<EOF").problem, "a here-document");
}

TEST(QuotedCommands, PromptContinuationAndScripts) {
  auto c = find("hw: rename foo\n\nDone with:\n\n  $ sed -i -e 's/foo_init/foo_realize/g' \\\n"
                "      -e 's/FOO_OLD/FOO_NEW/' hw/misc/foo.c include/hw/foo.h\n\n"
                "Signed-off-by: A <a@b>\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].tool, Tool::Sed);
  EXPECT_EQ(c[0].line, 5);
  EXPECT_EQ(c[0].scripts, (std::vector<std::string>{"s/foo_init/foo_realize/g", "s/FOO_OLD/FOO_NEW/"}));
  EXPECT_EQ(c[0].files.paths, (std::vector<std::string>{"hw/misc/foo.c", "include/hw/foo.h"}));
  EXPECT_FALSE(c[0].files.fromPatch);
  EXPECT_EQ(c[0].problem, "");
  EXPECT_EQ(c[0].text, "sed -i -e 's/foo_init/foo_realize/g' -e 's/FOO_OLD/FOO_NEW/' hw/misc/foo.c include/hw/foo.h");
}

TEST(QuotedCommands, ScriptAsFirstArgumentAndOptions) {
  auto c = find("x\n\nsed -E -i.bak 's/(a)b/\\1c/' ./util/x.c\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].scripts, std::vector<std::string>{"s/(a)b/\\1c/"});
  EXPECT_EQ(c[0].options, std::vector<std::string>{"-E"});
  EXPECT_EQ(c[0].files.paths, std::vector<std::string>{"util/x.c"});
  // GNU sed reads "-ie" as -i with the suffix "e": the script comes next.
  auto ie = find("x\n\nsed -ie 's/A_/B_/g' hw/net/a.c\n");
  ASSERT_EQ(ie.size(), 1u);
  EXPECT_EQ(ie[0].scripts, std::vector<std::string>{"s/A_/B_/g"});
}

TEST(QuotedCommands, PipelinesGiveThePatchFiles) {
  auto grep = find("x\n\n  git grep -l old_name -- hw include | xargs -r sed -i 's/old_name/new_name/g'\n");
  ASSERT_EQ(grep.size(), 1u);
  EXPECT_TRUE(grep[0].files.fromPatch);
  EXPECT_EQ(grep[0].files.dirs, (std::vector<std::string>{"hw", "include"}));

  auto findExec = find("x\n\n  find hw -name '*.[ch]' -exec sed -i 's/\\bint32\\b/int32_t/g' {} +\n");
  ASSERT_EQ(findExec.size(), 1u);
  EXPECT_EQ(findExec[0].files.dirs, std::vector<std::string>{"hw"});
  EXPECT_EQ(findExec[0].files.nameGlobs, std::vector<std::string>{"*.[ch]"});

  // Every start point adds files, a glob among them too.
  auto startPoints = find("x\n\n  find include hw target-* -name '*.[ch]' | xargs sed -i -e 's/\\buint8\\b/uint8_t/g'\n");
  ASSERT_EQ(startPoints.size(), 1u);
  EXPECT_EQ(startPoints[0].files.dirs, (std::vector<std::string>{"include", "hw", "target-*"}));
  EXPECT_TRUE(startPoints[0].files.pathspecs.empty());

  auto findXargs = find("x\n\n  find . -name trace-events | xargs sed -i 's/%#/0x%/g'\n");
  ASSERT_EQ(findXargs.size(), 1u);
  EXPECT_TRUE(findXargs[0].files.dirs.empty());
  EXPECT_EQ(findXargs[0].files.nameGlobs, std::vector<std::string>{"trace-events"});

  auto subst = find("x\n\n$ sed -i -e 's/a_b/c_d/' $(git grep -wl a_b target/arm/)\n");
  ASSERT_EQ(subst.size(), 1u);
  EXPECT_TRUE(subst[0].files.fromPatch);
  EXPECT_EQ(subst[0].files.dirs, std::vector<std::string>{"target/arm"});
}

TEST(QuotedCommands, LoopsGlobsAndDirectories) {
  auto loop = find("x\n\n  for f in `git grep -l old_flag`; do sed -i -e 's/old_flag/new_flag/' $f; done\n");
  ASSERT_EQ(loop.size(), 1u);
  EXPECT_TRUE(loop[0].files.fromPatch);
  auto glob = find("x\n\n  sed -i 's/^static TypeInfo/static const TypeInfo/' hw/*/*.c\n");
  ASSERT_EQ(glob.size(), 1u);
  EXPECT_EQ(glob[0].files.globs, std::vector<std::string>{"hw/*/*.c"});
  auto cd = find("x\n\n  $ cd tests/qemu-iotests; sed -i -e 's/ *$//' *.out\n");
  ASSERT_EQ(cd.size(), 1u);
  EXPECT_EQ(cd[0].files.globs, std::vector<std::string>{"tests/qemu-iotests/*.out"});
}

TEST(QuotedCommands, LoopOverLiteralWordsRunsOncePerWord) {
  auto c = find("x\n\n  $ end=le; \\\n    for acc in uw l; do \\\n"
                "      sed -i -e \"s/ld${acc}_p(/ld${acc}_${end}_p(/\" \\\n"
                "        $(git grep -wl ld target/rx/); \\\n    done\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].problem, "");
  auto runs = c[0].runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].scripts, std::vector<std::string>{"s/lduw_p(/lduw_le_p(/"});
  EXPECT_EQ(runs[1].scripts, std::vector<std::string>{"s/ldl_p(/ldl_le_p(/"});
  EXPECT_EQ(runs[1].files.dirs, std::vector<std::string>{"target/rx"});
  // An unknown variable still cannot be known.
  auto unknown = find("x\n\n  sed -i -e \"s/a/${b}/\" x.c\n");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].problem, "the script uses a shell variable");
}

TEST(QuotedCommands, BraceExpansionOfFiles) {
  auto c = find("x\n\n  perl -p -i -e 's/A(?!_)/B/g' target/arm/tcg/translate-{a64,sve}.c\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].files.paths, (std::vector<std::string>{"target/arm/tcg/translate-a64.c",
                                                        "target/arm/tcg/translate-sve.c"}));
  EXPECT_EQ(c[0].problem, "");
}

TEST(QuotedCommands, ProblemsMakeTheCommandNotReplayable) {
  auto var = find("x\n\n  sed -i -e \"s/ld${a}_p(/ld${a}_le_p(/\" hw/x.c\n");
  ASSERT_EQ(var.size(), 1u);
  EXPECT_EQ(var[0].problem, "the script uses a shell variable");
  auto w = find("x\n\n  sed -i 's/a/b/w /tmp/out' hw/x.c\n");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].problem, "sed script: the s command's w flag writes a file");
  auto e = find("x\n\n  sed -i -e '1e touch /tmp/x' hw/x.c\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].problem, "sed script: the e command runs a shell command");
  auto file = find("x\n\n  git grep -l _MAX | xargs sed -i -f list\n");
  ASSERT_EQ(file.size(), 1u);
  EXPECT_EQ(file[0].scriptFile, "list");
}

TEST(QuotedCommands, ProseIsNoCommand) {
  EXPECT_TRUE(find("x\n\nMechanical transformation using sed, and manual cleanup.\n").empty());
  EXPECT_TRUE(find("x\n\nThe sed script in that patch no longer applies.\n").empty());
  EXPECT_TRUE(find("x\n\nUse sed to filter the output of the test.\n").empty());
  // Printing, not editing.
  EXPECT_TRUE(find("x\n\n  grep total log | sed -e 's/.*: //'\n").empty());
  // Quoted in prose with -i: a command.
  auto c = find("x\n\nConverted with sed -i 's/QERR_X/\"x\"/' qapi/a.c, then fixed by hand.\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].scripts, std::vector<std::string>{"s/QERR_X/\"x\"/"});
}

TEST(QuotedCommands, Perl) {
  auto c = find("x\n\n  perl -pi -e 's/\\bfoo\\(/bar(/g' hw/a.c hw/b.c\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].tool, Tool::Perl);
  EXPECT_EQ(c[0].problem, "");
  EXPECT_EQ(c[0].files.paths, (std::vector<std::string>{"hw/a.c", "hw/b.c"}));
  auto slurp = find("x\n\n  perl -0777 -i -pe 's{a\\n}{b}gs' x.c\n");
  ASSERT_EQ(slurp.size(), 1u);
  EXPECT_EQ(slurp[0].options, std::vector<std::string>{"-0777"});
  EXPECT_EQ(slurp[0].problem, "");
  auto code = find("x\n\n  perl -pi -e 's/(\\d+)/$1*2/e' x.c\n");
  ASSERT_EQ(code.size(), 1u);
  EXPECT_EQ(code[0].problem, "perl expression: the e flag evaluates the replacement as code");
  auto stmt = find("x\n\n  perl -pi -e 'system(\"id\"); s/a/b/' x.c\n");
  ASSERT_EQ(stmt.size(), 1u);
  EXPECT_EQ(stmt[0].problem, "perl expression: more than s/// and y/// statements");
}

TEST(QuotedCommands, SpatchCommandAndNamedScript) {
  auto c = find("x\n\n  $ spatch --sp-file scripts/coccinelle/round.cocci \\\n"
                "      --macro-file scripts/cocci-macro-file.h --dir hw --in-place --include-headers\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].tool, Tool::Spatch);
  EXPECT_EQ(c[0].scriptFile, "scripts/coccinelle/round.cocci");
  EXPECT_EQ(c[0].macroFile, "scripts/cocci-macro-file.h");
  EXPECT_EQ(c[0].files.dirs, std::vector<std::string>{"hw"});
  EXPECT_EQ(c[0].options, std::vector<std::string>{"--include-headers"});
  auto old = find("x\n\n  spatch -sp_file scripts/coccinelle/x.cocci -dir . -in_place\n");
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].scriptFile, "scripts/coccinelle/x.cocci");
  auto prose = find("x\n\nThis is the result of scripts/coccinelle/use_osdep.cocci.\n");
  ASSERT_EQ(prose.size(), 1u);
  EXPECT_EQ(prose[0].scriptFile, "scripts/coccinelle/use_osdep.cocci");
  EXPECT_TRUE(prose[0].files.fromPatch);
}

TEST(QuotedCommands, QuotedSemanticPatches) {
  std::string m = "x\n\nDone with this semantic patch:\n\n    @@\n    expression E;\n    @@\n"
                  "    -    g_free(E);\n    -    E = NULL;\n    +    g_clear_pointer(&E, g_free);\n\n"
                  "and a manual fix.\n\nSigned-off-by: A <a@b>\n";
  auto c = find(m);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].line, 5);
  EXPECT_EQ(c[0].semanticPatch, "@@\nexpression E;\n@@\n-    g_free(E);\n-    E = NULL;\n"
                                "+    g_clear_pointer(&E, g_free);\n");
  EXPECT_EQ(c[0].problem, "");
  // At column 0, with a blank line inside, up to the prose.
  std::string flat = "x\n\n@ rule1 @\nexpression E;\n@@\n- foo(E);\n\n@@\n@@\n- bar();\n+ baz();\n\n"
                     "which missed one place.\n";
  auto f = find(flat);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].semanticPatch, "@ rule1 @\nexpression E;\n@@\n- foo(E);\n\n@@\n@@\n- bar();\n+ baz();\n");
  // A script rule: never run.
  auto py = find("x\n\n@r@\nidentifier f;\n@@\nf(...);\n@script:python p << r.f;@\n@@\nprint(p)\n");
  ASSERT_EQ(py.size(), 0u); // no transformation: nothing quoted that rewrites code
  auto pyT = find("x\n\n@r@\nidentifier f;\n@@\n-f();\n+g();\n@script:python p << r.f;@\n@@\nprint(p)\n");
  ASSERT_EQ(pyT.size(), 1u);
  EXPECT_EQ(pyT[0].problem, "semantic patch: a @script:python@ rule runs code");
  // A diff hunk header is no rule.
  EXPECT_TRUE(find("x\n\n@@ -1,3 +1,4 @@\n-a\n+b\n").empty());
}

TEST(QuotedCommands, CheapTest) {
  EXPECT_FALSE(mayQuoteCommand("hw: fix a leak\n\nFree it.\n"));
  EXPECT_TRUE(mayQuoteCommand("x\n\n  @@\n"));
  EXPECT_TRUE(mayQuoteCommand("x\n\nsed -i s/a/b/ x\n"));
}

} // namespace
} // namespace provcheck::replay
