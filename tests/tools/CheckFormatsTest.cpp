// check --format checkpatch and --format patchwork on the demo: the golden outputs, the
// counts of checkpatch's summary line against the diff itself, the options that shape
// them, and the patchwork payloads of a mailed series against its Message-IDs.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

namespace provcheck::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class CheckFormats : public ::testing::Test {
protected:
  void SetUp() override {
    demo_ = (dir_.path() / "demo").string();
    makeDemo(demo_);
  }
  CommandResult check(std::vector<std::string> args) {
    args.insert(args.begin(), {"-C", demo_, "check"});
    return runProvcheck(args);
  }
  CommandResult git(const std::string &args) {
    return runShell("git -C " + shellWord(demo_) + " " + args);
  }
  // The demo commit whose subject starts with `subject`.
  std::string commit(const std::string &subject) {
    std::string id = git("log --format=%H --grep=" + shellWord("^" + subject) + " upstream..master").out;
    return id.substr(0, id.find('\n'));
  }
  TempDir dir_;
  std::string demo_;
};

// The lines of a diff's hunks, context included, counted from git's own diff.
int hunkLines(const std::string &diff) {
  int n = 0;
  bool inHunk = false;
  std::istringstream in(diff);
  for (std::string l; std::getline(in, l);) {
    if (l.rfind("diff --git ", 0) == 0) inHunk = false;
    else if (l.rfind("@@ ", 0) == 0) inHunk = true;
    else if (inHunk && !l.empty() && (l[0] == ' ' || l[0] == '+' || l[0] == '-')) ++n;
    else if (inHunk && l.empty()) ++n; // an empty context line
  }
  return n;
}

TEST_F(CheckFormats, CheckpatchGolden) {
  CommandResult r = check({"--format", "checkpatch", "upstream..master"});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(compareGolden("golden/demo.checkpatch", r.out), "");
}

// Every finding of the JSON report is one line, at the level of its severity, and the
// summary line counts them and the patch's hunk lines as git shows them.
TEST_F(CheckFormats, CheckpatchLinesAndTotalsFollowTheFindingsAndTheDiff) {
  std::istringstream ids(git("rev-list --reverse upstream..master").out);
  int patches = 0;
  for (std::string id; std::getline(ids, id); ++patches) {
    CommandResult cp = check({"--format", "checkpatch", id});
    CommandResult js = check({"--format", "json", id});
    json verdict = json::parse(js.out)["series"][0]["patches"][0]["verdict"];
    std::map<std::string, int> expected;
    for (const json &f : verdict["findings"]) {
      std::string level = f["satisfied"].get<bool>() ? "CHECK"
                          : f["severity"] == "error" ? "ERROR"
                          : f["severity"] == "warning" ? "WARNING"
                                                       : "CHECK";
      ++expected[level];
      std::string type = f["rule"];
      for (char &c : type) c = c == '-' ? '_' : char(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_THAT(cp.out, HasSubstr(level + ":" + type + ": ")) << id;
    }
    int lines = hunkLines(git("show --format= " + id).out);
    EXPECT_GT(lines, 0);
    std::string total = "total: " + std::to_string(expected["ERROR"]) + " errors, " +
                        std::to_string(expected["WARNING"]) + " warnings, " +
                        std::to_string(expected["CHECK"]) + " checks, " +
                        std::to_string(lines) + " lines checked\n";
    EXPECT_THAT(cp.out, ::testing::EndsWith(total)) << id << "\n" << cp.out;
    // One line per finding, then the summary: nothing else for a single patch.
    EXPECT_EQ(std::count(cp.out.begin(), cp.out.end(), '\n'),
              expected["ERROR"] + expected["WARNING"] + expected["CHECK"] + 1)
        << cp.out;
    EXPECT_EQ(cp.exitCode, js.exitCode) << id;
  }
  EXPECT_EQ(patches, 5);
}

// As b4 runs it: an ok patch prints nothing at all; the violation its ERROR lines only.
TEST_F(CheckFormats, WithoutSummaryAndChecksAnOkPatchPrintsNothing) {
  std::string docs = commit("docs/devel/frob:"), tests = commit("tests/qtest/frob:");
  ASSERT_FALSE(docs.empty());
  ASSERT_FALSE(tests.empty());
  CommandResult all = check({"--format", "checkpatch", docs});
  EXPECT_THAT(all.out, HasSubstr("total: 0 errors, 0 warnings, "));
  CommandResult quiet = check({"--format", "checkpatch", "--no-summary", "--no-checks", docs});
  EXPECT_EQ(quiet.exitCode, 0);
  EXPECT_EQ(quiet.out, "");
  CommandResult bad = check({"--format", "checkpatch", "--no-summary", "--no-checks", tests});
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_THAT(bad.out, ::testing::StartsWith("ERROR:"));
  EXPECT_THAT(bad.out, Not(HasSubstr("CHECK:")));
  EXPECT_THAT(bad.out, Not(HasSubstr("total:")));
}

// A maintainer's agreement turns the core finding into a CHECK line that says so.
TEST_F(CheckFormats, AnAgreedFindingIsACheckWithItsEvidence) {
  std::string core = commit("util/cutils:");
  ASSERT_FALSE(core.empty());
  CommandResult before = check({"--format", "checkpatch", core});
  EXPECT_THAT(before.out, HasSubstr("WARNING:CORE_NEEDS_AGREEMENT: "));
  CommandResult after =
      check({"--format", "checkpatch", "--approved-by", "cora@example.org", core});
  EXPECT_EQ(after.exitCode, 0) << after.out;
  EXPECT_THAT(after.out, Not(HasSubstr("WARNING:CORE_NEEDS_AGREEMENT")));
  EXPECT_THAT(after.out, ::testing::ContainsRegex("CHECK:CORE_NEEDS_AGREEMENT: .*\\(agreed: "
                                                  "[^)]*cora@example.org"));
}

// A mailed series: one payload per patch, carrying each mail's Message-ID, in order.
TEST_F(CheckFormats, PatchworkPayloadsOfAMailedSeries) {
  std::string mbox = dir_.str() + "/series.mbox";
  ASSERT_EQ(git("format-patch -q --thread --cover-letter --stdout upstream..master > " +
                shellWord(mbox))
                .exitCode,
            0);
  std::vector<std::string> msgids;
  std::istringstream in(readFile(mbox));
  std::regex header("^Message-ID: <(.*)>$", std::regex::icase);
  for (std::string l; std::getline(in, l);)
    if (std::smatch m; std::regex_match(l, m, header)) msgids.push_back(m[1]);
  ASSERT_EQ(msgids.size(), 6u); // the cover letter, then the five patches
  msgids.erase(msgids.begin());

  CommandResult r = check({"--format", "patchwork", "--check-context", "provcheck-qemu",
                           "--target-url", "https://ci.example.org/42", mbox});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  json checks = json::parse(r.out);
  ASSERT_EQ(checks.size(), 5u) << r.out;
  std::vector<std::string> states;
  for (size_t i = 0; i < checks.size(); ++i) {
    EXPECT_EQ(checks[i]["patch"]["message_id"], msgids[i]);
    const json &c = checks[i]["check"];
    EXPECT_EQ(c["context"], "provcheck-qemu");
    EXPECT_EQ(c["target_url"], "https://ci.example.org/42");
    states.push_back(c["state"]);
  }
  EXPECT_EQ(states, (std::vector<std::string>{"success", "success", "warning", "success", "fail"}));
  EXPECT_THAT(checks[4]["check"]["description"].get<std::string>(),
              ::testing::StartsWith("violation: "));

  CommandResult slug = check({"--format", "patchwork", "--check-context", "pro check", mbox});
  EXPECT_EQ(slug.exitCode, 2);
  EXPECT_EQ(slug.out, "");
  EXPECT_THAT(slug.err, HasSubstr("--check-context 'pro check' is not a slug"));
}

} // namespace
} // namespace provcheck::testing
