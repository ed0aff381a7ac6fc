// The provcheck binary on bad input: one clear message naming the source, exit 2.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace provcheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

struct Repo {
  FixtureRepo repo;
  std::string head;
  Repo() {
    repo.write("hw/a.c", "int a;\n");
    repo.commit("Initial\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
    repo.write("hw/a.c", "int a = 1;\n");
    head = repo.commit("hw/a: initialise a\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  }
};

// Exactly one line on stderr, starting with "provcheck: <source>".
void expectOneError(const CommandResult &r, const std::string &source) {
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, StartsWith("provcheck: " + source));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(CliErrors, UnknownRevision) {
  Repo r;
  CommandResult res = runProvcheck({"-C", r.repo.str(), "check", "no-such-branch..HEAD"});
  expectOneError(res, "no-such-branch..HEAD");
  EXPECT_THAT(res.err, HasSubstr("unknown revision"));
}

TEST(CliErrors, NotARepositoryNorAFile) {
  TempDir dir;
  CommandResult res = runProvcheck({"-C", dir.str(), "check", "HEAD"});
  expectOneError(res, "HEAD");
  EXPECT_THAT(res.err, HasSubstr("not a revision"));
}

// A path that exists but cannot be read (a socket: unreadable even for root).
TEST(CliErrors, UnreadableFile) {
  Repo r;
  TempDir dir;
  std::string path = (dir.path() / "patch.mbox").string();
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof addr.sun_path);
  std::copy(path.begin(), path.end(), addr.sun_path);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
  CommandResult res = runProvcheck({"-C", r.repo.str(), "check", path});
  close(fd);
  expectOneError(res, path);
  EXPECT_THAT(res.err, HasSubstr("cannot read"));
}

TEST(CliErrors, MboxWithoutPatch) {
  Repo r;
  TempDir dir;
  std::string path = (dir.path() / "discussion.mbox").string();
  std::ofstream(path) << "From nobody Mon Sep 17 00:00:00 2001\n"
                         "From: Ada Lovelace <ada@example.org>\n"
                         "Subject: Re: [PATCH] hw/a: initialise a\n"
                         "Date: Thu, 1 Jan 2026 10:00:00 +0000\n\n"
                         "Looks good to me.\n";
  CommandResult res = runProvcheck({"-C", r.repo.str(), "check", path});
  expectOneError(res, path);
  EXPECT_THAT(res.err, HasSubstr("no patch found"));
}

TEST(CliErrors, MalformedDiff) {
  Repo r;
  std::string patch = r.repo.formatPatch(r.head);
  size_t at = patch.find("@@ -1 +1 @@");
  ASSERT_NE(at, std::string::npos) << patch;
  patch.replace(at, 11, "@@ -one +1 @@");
  TempDir dir;
  std::string path = (dir.path() / "0001-broken.patch").string();
  std::ofstream(path) << patch;
  CommandResult res = runProvcheck({"-C", r.repo.str(), "check", path});
  expectOneError(res, path);
  EXPECT_THAT(res.err, HasSubstr("malformed diff"));
}

TEST(CliErrors, EmptyStdin) {
  Repo r;
  CommandResult res = runProvcheck({"-C", r.repo.str(), "check", "-"});
  expectOneError(res, "<stdin>");
}

TEST(CliErrors, UnknownDumpStage) {
  Repo r;
  CommandResult res = runProvcheck({"-C", r.repo.str(), "check", "--dump=everything", "HEAD"});
  EXPECT_EQ(res.exitCode, 2);
  EXPECT_THAT(res.err, HasSubstr("everything"));
}

TEST(CliErrors, UnknownOptionIsAUsageError) {
  CommandResult res = runProvcheck({"check", "--no-such-option"});
  EXPECT_EQ(res.exitCode, 2);
}

TEST(CliErrors, MissingPolicyFile) {
  Repo r;
  CommandResult res =
      runProvcheck({"-C", r.repo.str(), "check", "--policy", "/nonexistent/policy.toml", "HEAD"});
  expectOneError(res, "/nonexistent/policy.toml");
}

TEST(CliErrors, UnwritableOutputFile) {
  Repo r;
  std::string where = (r.repo.path() / "no-such-dir" / "out").string();
  CommandResult res = runProvcheck({"-C", r.repo.str(), "report", "--no-ast", "--no-history",
                                    "-o", where, "HEAD"});
  EXPECT_EQ(res.exitCode, 2);
  EXPECT_EQ(res.err, "provcheck: " + where + ": cannot write the report\n");
}

// -p names the build directory to take the compile commands from: one without
// compile_commands.json is a mistake to report, not a reason to parse without it.
TEST(CliErrors, BuildDirectoryWithoutCompileCommands) {
  Repo r;
  TempDir build;
  for (const char *sub : {"check", "report", "request"}) {
    CommandResult res = runProvcheck({"-C", r.repo.str(), sub, "-p", build.str(), "HEAD"});
    expectOneError(res, build.str());
    EXPECT_THAT(res.err, HasSubstr(build.str() + ": no compile_commands.json")) << sub;
  }
  std::ofstream(build.path() / "compile_commands.json") << "[]\n";
  CommandResult ok = runProvcheck({"-C", r.repo.str(), "check", "-p", build.str(), "HEAD"});
  EXPECT_EQ(ok.exitCode, 0) << ok.err;
  // A relative -p is relative to -C DIR.
  std::filesystem::create_directory(r.repo.path() / "build");
  std::ofstream(r.repo.path() / "build/compile_commands.json") << "[]\n";
  CommandResult relative = runProvcheck({"-C", r.repo.str(), "check", "-p", "build", "HEAD"});
  EXPECT_EQ(relative.exitCode, 0) << relative.err;
  CommandResult missing = runProvcheck({"-C", r.repo.str(), "check", "-p", "no-build", "HEAD"});
  expectOneError(missing, "no-build");
}

TEST(Cli, PatchOnStdin) {
  Repo r;
  CommandResult res =
      runProvcheck({"-C", r.repo.str(), "check", "--format", "oneline", "-"},
                   r.repo.formatPatch(r.head));
  EXPECT_EQ(res.exitCode, 0) << res.err;
  EXPECT_THAT(res.out, HasSubstr("hw/a: initialise a"));
  EXPECT_THAT(res.out, StartsWith("- code 1 "));
}

TEST(Cli, DumpPatchHasEveryDiffLine) {
  Repo r;
  CommandResult res = runProvcheck({"-C", r.repo.str(), "check", "--dump=patch", "HEAD"});
  EXPECT_EQ(res.exitCode, 0) << res.err;
  EXPECT_THAT(res.out, HasSubstr("\"text\": \"int a = 1;\""));
  EXPECT_THAT(res.out, HasSubstr("\"schema_version\": 2"));
}

// The JSON report says what changed, not every line of it; --full adds the lines.
TEST(Cli, JsonLeavesTheDiffLinesToFull) {
  Repo r;
  CommandResult brief = runProvcheck({"-C", r.repo.str(), "check", "--format", "json", "HEAD"});
  EXPECT_EQ(brief.exitCode, 0) << brief.err;
  EXPECT_THAT(brief.out, HasSubstr("\"new_lines\": 1"));
  EXPECT_THAT(brief.out, Not(HasSubstr("\"text\": \"int a = 1;\"")));
  EXPECT_THAT(brief.out, Not(HasSubstr("\"lines\": [")));
  EXPECT_THAT(brief.out, Not(HasSubstr("\"old\": [")));
  CommandResult full =
      runProvcheck({"-C", r.repo.str(), "check", "--format", "json", "--full", "HEAD"});
  EXPECT_EQ(full.exitCode, 0) << full.err;
  EXPECT_THAT(full.out, HasSubstr("\"text\": \"int a = 1;\""));
  EXPECT_THAT(full.out, HasSubstr("\"old\": ["));
  EXPECT_THAT(full.out, HasSubstr("\"what\": "));
}

TEST(Cli, DumpConfigPrintsThePolicy) {
  Repo r;
  CommandResult res = runProvcheck({"-C", r.repo.str(), "check", "--dump-config"});
  EXPECT_EQ(res.exitCode, 0) << res.err;
  EXPECT_THAT(res.out, HasSubstr("AI-used-for"));
}

} // namespace
} // namespace provcheck::testing
