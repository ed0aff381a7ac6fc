// provcheck with b4: as b4's send-auto-to-cmd / send-auto-cc-cmd (b4 prep --auto-to-cc,
// run for real with Debian's b4), and as b4.prep-perpatch-check-cmd (b4 prep --check: run
// for real when the installed b4 has it, b4 0.13 and later; its protocol, reproduced here,
// always). The protocol, from b4's LoreMessage.run_local_check: the command gets one patch
// mail on stdin, in the top of the work tree; every stdout line is a finding, "fail" when
// it holds "ERROR:", else "warning"; every stderr line is "fail"; no output is "success"
// (or "fail" when the exit status is not 0).
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace provcheck::testing {
namespace {

using ::testing::HasSubstr;

const std::string kCheckCmd = " check --format checkpatch --no-summary --no-checks -";

class B4 : public ::testing::Test {
protected:
  void SetUp() override {
    if (runCommand("command -v b4").rc != 0) GTEST_SKIP() << "b4 is not installed";
    demo_ = (dir_.path() / "demo").string();
    makeDemo(demo_);
  }
  CommandResult git(const std::string &args) {
    return runShell("git -C " + shellWord(demo_) + " " + args);
  }
  CommandResult inDemo(const std::string &cmd, const std::string &input = "") {
    return runShell("cd " + shellWord(demo_) + " && " + cmd, input);
  }
  TempDir dir_;
  std::string demo_;
};

// b4's reading of one check command's output for one patch.
struct B4Report {
  std::string worst = "success"; // success, warning, fail
  std::vector<std::string> lines;
};

B4Report b4Check(const CommandResult &r) {
  B4Report rep;
  auto add = [&](const std::string &flag, std::string line) {
    if (line.rfind("-:", 0) == 0) line = line.substr(2);
    rep.lines.push_back(flag + " " + line);
    if (flag == "fail" || (flag == "warning" && rep.worst == "success")) rep.worst = flag;
  };
  std::istringstream out(r.out), err(r.err);
  for (std::string l; std::getline(out, l);)
    add(l.find("ERROR:") != std::string::npos ? "fail" : "warning", l);
  for (std::string l; std::getline(err, l);) add("fail", l);
  if (rep.lines.empty() && r.exitCode != 0) rep.worst = "fail";
  return rep;
}

// Each demo patch, as b4 hands it over (git format-patch's mail), checked by the command
// the documentation gives for b4.prep-perpatch-check-cmd: b4's result is the worst
// finding's (an error fails, a warning warns, informational ones are left out), so a
// violation fails, a patch needing agreement warns, and an ok patch without warnings
// passes.
TEST_F(B4, PerPatchCheckCommandFollowsTheFindings) {
  CommandResult log = git("rev-list --reverse upstream..master");
  ASSERT_EQ(log.exitCode, 0);
  std::istringstream ids(log.out);
  std::map<std::string, int> seen;
  for (std::string id; std::getline(ids, id);) {
    std::string mail = git("format-patch -1 --stdout " + id).out;
    // The same mail judged as JSON: the verdict and its findings.
    CommandResult judged = inDemo(shellWord(provcheckBinary()) + " check --format json -", mail);
    nlohmann::json verdict = nlohmann::json::parse(judged.out)["series"][0]["patches"][0]["verdict"];
    std::string expected = "success";
    for (const nlohmann::json &f : verdict["findings"]) {
      if (f["satisfied"].get<bool>()) continue;
      if (f["severity"] == "error") expected = "fail";
      else if (f["severity"] == "warning" && expected == "success") expected = "warning";
    }
    std::string kind = verdict["verdict"];
    if (kind == "violation") {
      EXPECT_EQ(expected, "fail") << id;
    }
    if (kind == "needs-agreement") {
      EXPECT_NE(expected, "success") << id;
    }

    CommandResult r = inDemo(shellWord(provcheckBinary()) + kCheckCmd, mail);
    B4Report rep = b4Check(r);
    EXPECT_EQ(rep.worst, expected) << id << " " << kind << "\n" << r.out << r.err;
    EXPECT_EQ(r.err, "") << id;
    for (const std::string &l : rep.lines)
      EXPECT_THAT(l, ::testing::ContainsRegex("^(fail|warning) ([^ ]+:[0-9]+: )?"
                                              "(ERROR|WARNING):[A-Z_]+: "))
          << l;
    ++seen[expected];
  }
  EXPECT_GE(seen["fail"], 1);
  EXPECT_GE(seen["warning"], 1);
  EXPECT_GE(seen["success"], 1);
}

// With a b4 that has `prep --check` (0.13 and later), the real thing.
TEST_F(B4, PrepCheckRunsProvcheck) {
  // `--check`, not only `--check-deps`, in the help of `b4 prep`.
  if (!std::regex_search(runCommand("b4 prep --help 2>&1").text,
                         std::regex("--check([^-a-z]|$)")))
    GTEST_SKIP() << "this b4 has no `prep --check` (Debian 12 has b4 0.12; it came in 0.13)";
  ASSERT_EQ(inDemo("b4 prep -e upstream").exitCode, 0);
  ASSERT_EQ(git("config b4.prep-perpatch-check-cmd " +
                shellWord(shellWord(provcheckBinary()) + kCheckCmd))
                .exitCode,
            0);
  CommandResult r = inDemo("b4 prep --check");
  EXPECT_THAT(r.out + r.err, HasSubstr("ERROR:"));
  EXPECT_THAT(r.out + r.err, HasSubstr("provcheck"));
}

// b4 prep --auto-to-cc with provcheck as send-auto-to-cmd and send-auto-cc-cmd, in the
// spellings QEMU's .b4-config gives get_maintainer.pl: the cover letter gets the
// maintainers of the files the series touches as To:, their reviewers and lists as Cc:.
TEST_F(B4, AutoToCcAsksProvcheckMaintainers) {
  // The demo's MAINTAINERS with a reviewer and a list, as QEMU's sections have.
  std::string maintainers = readFile(std::filesystem::path(demo_) / "MAINTAINERS");
  size_t at = maintainers.find("F: util/");
  ASSERT_NE(at, std::string::npos);
  maintainers.insert(at, "R: Rita Reviewer <rita@example.org>\nL: core-devel@example.org\n");
  std::string file = dir_.str() + "/MAINTAINERS";
  std::ofstream(file) << maintainers;

  CommandResult enroll = inDemo("b4 prep -e upstream");
  ASSERT_EQ(enroll.exitCode, 0) << enroll.out << enroll.err;
  std::string bin = shellWord(provcheckBinary()) + " maintainers --maintainers-file " +
                    shellWord(file);
  ASSERT_EQ(git("config b4.send-auto-to-cmd " +
                shellWord(bin + " --noroles --norolestats --nogit --nogit-fallback --nol --nor"))
                .exitCode,
            0);
  ASSERT_EQ(git("config b4.send-auto-cc-cmd " +
                shellWord(bin + " --no-roles --no-rolestats --no-git --no-git-fallback --no-m"))
                .exitCode,
            0);
  CommandResult r = inDemo("b4 prep --auto-to-cc");
  ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  // The cover letter is the first commit b4 put on the branch.
  std::string cover = git("log --reverse --format=%B upstream..HEAD").out;
  cover = cover.substr(0, cover.find("Signed-off-by:"));
  for (const char *to : {"To: Cora Core <cora@example.org>", "To: Dev Devlin <dev@example.org>",
                         "To: Doc Writer <docs@example.org>", "To: Tess Tester <tess@example.org>"})
    EXPECT_THAT(cover, HasSubstr(std::string("\n") + to + "\n")) << cover;
  EXPECT_THAT(cover, HasSubstr("\nCc: Rita Reviewer <rita@example.org>\n"));
  EXPECT_THAT(cover, HasSubstr("\nCc: core-devel@example.org\n"));
  EXPECT_THAT(cover, ::testing::Not(HasSubstr("Cc: Cora Core")));
}

} // namespace
} // namespace provcheck::testing
