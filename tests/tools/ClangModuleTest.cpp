// LLVM and Clang live in provcheck-clang.so, loaded the first time provcheck parses, and
// clang's lexer alone in provcheck-lex.so, loaded the first time it lexes: `maintainers`
// loads neither, `check --no-ast` the lexer alone, a missing or foreign module is an error
// that names it, and an installed provcheck finds its modules and its parse worker in
// ../libexec/provcheck. LD_DEBUG=files makes the dynamic loader list what it loads (kept out
// of the failure messages: it is long).
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace provcheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A repository whose last commit changes the body of a C function.
void commitCChange(FixtureRepo &repo) {
  repo.write("MAINTAINERS", "Alpha\nM: A <a@example.org>\nS: Maintained\nF: a/\n");
  repo.write("a/x.c", "int twice(int v)\n{\n    return v * 2;\n}\n");
  repo.commit("a: add twice");
  repo.write("a/x.c", "int twice(int v)\n{\n    return v + v;\n}\n");
  repo.commit("a: add instead of multiplying\n\nSigned-off-by: A <a@example.org>\n");
}

// The dynamic loader's lines (LD_DEBUG) of the process that printed first: provcheck, not
// a program it started, such as the sanitizers' symbolizer, which links LLVM.
std::string firstProcessLines(const std::string &loaderLog) {
  std::istringstream in(loaderLog);
  std::string line, pid, out;
  while (std::getline(in, line)) {
    std::string p = line.substr(0, line.find(':'));
    if (pid.empty()) pid = p;
    if (p == pid) out += line + "\n";
  }
  return out;
}

std::string in(const FixtureRepo &repo, const std::string &commandLine) {
  return "cd " + shellWord(repo.str()) + " && " + commandLine;
}

TEST(ClangModule, MaintainersNeverLoadsLlvm) {
  FixtureRepo repo;
  commitCChange(repo);
  CommandResult r = runShell(in(repo, "PROVCHECK_CLANG_MODULE=/nonexistent/provcheck-clang.so "
                                      "LD_DEBUG=files " + shellWord(provcheckBinary()) +
                                      " maintainers -f a/x.c"));
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.out, "A <a@example.org> (maintainer:Alpha)\n");
  std::string loaded = firstProcessLines(r.err);
  EXPECT_NE(loaded.find("file=libgit2"), std::string::npos); // the loader's list is there
  EXPECT_EQ(loaded.find("libLLVM"), std::string::npos);
  EXPECT_EQ(loaded.find("libclang-cpp"), std::string::npos);
  EXPECT_EQ(loaded.find("provcheck-clang.so"), std::string::npos);
}

// `check ARGS` of a C change, in an environment with `settings` ("NAME=value ...").
CommandResult checkWith(const std::string &settings, const std::string &args = "HEAD~1..HEAD") {
  FixtureRepo repo;
  commitCChange(repo);
  return runShell(in(repo, settings + " " + shellWord(provcheckBinary()) + " check " + args));
}

// `check` of a C change with PROVCHECK_CLANG_MODULE set to `module`.
CommandResult checkWithModule(const std::string &module) {
  return checkWith("PROVCHECK_CLANG_MODULE=" + shellWord(module));
}

TEST(ClangModule, CheckWithoutItsModuleSaysWhichIsMissing) {
  CommandResult r = checkWithModule("/nonexistent/provcheck-clang.so");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("provcheck: cannot load the Clang module "
                               "/nonexistent/provcheck-clang.so: "));
  EXPECT_EQ(r.out, "");
}

TEST(ClangModule, ALibraryThatIsNotTheModuleIsRefused) {
  CommandResult r = checkWithModule("libz.so.1");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("cannot load the Clang module libz.so.1: it has no "
                               "provcheck_clang_module table"));
}

TEST(ClangModule, CheckWithoutTheAstLoadsTheLexerAlone) {
  CommandResult r = checkWith("PROVCHECK_CLANG_MODULE=/nonexistent/provcheck-clang.so LD_DEBUG=files",
                              "--no-ast -v HEAD~1..HEAD");
  EXPECT_NE(r.exitCode, 2);
  EXPECT_THAT(r.out, HasSubstr("@@ -1,4 +1,4 @@ code [code: no docs, tests, mechanical or core rule applies]"));
  std::string loaded = firstProcessLines(r.err);
  EXPECT_NE(loaded.find("provcheck-lex.so"), std::string::npos);
  EXPECT_EQ(loaded.find("libLLVM"), std::string::npos);
  EXPECT_EQ(loaded.find("libclang-cpp"), std::string::npos);
  EXPECT_EQ(loaded.find("provcheck-clang.so"), std::string::npos);
}

// `check --no-ast` of a C change with PROVCHECK_LEX_MODULE set to `module`.
CommandResult checkWithLexer(const std::string &module) {
  return checkWith("PROVCHECK_LEX_MODULE=" + shellWord(module), "--no-ast HEAD~1..HEAD");
}

TEST(ClangModule, CheckWithoutItsLexerSaysWhichIsMissing) {
  CommandResult r = checkWithLexer("/nonexistent/provcheck-lex.so");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("provcheck: cannot load the lexer module "
                               "/nonexistent/provcheck-lex.so: "));
  EXPECT_THAT(r.err, HasSubstr("(set PROVCHECK_LEX_MODULE to the provcheck-lex.so of this provcheck)"));
  EXPECT_EQ(r.out, "");
}

TEST(ClangModule, TheClangModuleIsNotTakenForTheLexer) {
  CommandResult r = checkWithLexer(PROVCHECK_BUILD_DIR "/tools/provcheck/provcheck-clang.so");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("provcheck-clang.so: it has no provcheck_lex_module table"));
}

TEST(ClangModule, InstalledProvcheckUsesItsOwnModuleAndParseWorker) {
  TempDir prefix;
  CommandResult install = runShell("cmake --install " + shellWord(PROVCHECK_BUILD_DIR) +
                                   " --prefix " + shellWord(prefix.str()));
  ASSERT_EQ(install.exitCode, 0) << install.out << install.err;
  std::filesystem::path libexec = prefix.path() / "libexec/provcheck";
  std::filesystem::path worker = libexec / "provcheck-parse";
  ASSERT_TRUE(std::filesystem::exists(libexec / "provcheck-clang.so"));
  ASSERT_TRUE(std::filesystem::exists(libexec / "provcheck-lex.so"));
  ASSERT_TRUE(std::filesystem::exists(worker));
  // The installed worker leaves a mark when provcheck starts it.
  std::filesystem::rename(worker, worker.string() + ".real");
  std::ofstream(worker) << "#!/bin/sh\ntouch \"$0.used\"\nexec \"$0.real\" \"$@\"\n";
  std::filesystem::permissions(worker, std::filesystem::perms::owner_all);

  FixtureRepo repo;
  commitCChange(repo);
  CommandResult r = runShell(
      in(repo, "env -u PROVCHECK_CLANG_MODULE -u PROVCHECK_LEX_MODULE -u PROVCHECK_PARSE_WORKER "
               "LD_DEBUG=files " +
                   shellWord((prefix.path() / "bin/provcheck").string()) +
                   " check -v HEAD~1..HEAD"));
  EXPECT_NE(r.exitCode, 2);
  EXPECT_THAT(r.out, HasSubstr("function twice (body)"));
  EXPECT_NE(r.err.find("file=" + (libexec / "provcheck-clang.so").string()), std::string::npos);
  EXPECT_NE(r.err.find("file=" + (libexec / "provcheck-lex.so").string()), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(worker.string() + ".used"));
}

} // namespace
} // namespace provcheck::testing
