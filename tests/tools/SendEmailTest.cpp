// provcheck where patches are sent from: the sendemail-validate hook under the real git
// send-email (--dry-run, or a fake sendmail: no network), git send-email --cc-cmd with
// `provcheck maintainers` in get_maintainer.pl's spellings, and b4's commands. All on the
// demo repository.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"
#include "tools/provcheck/Hooks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace provcheck::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// The demo repository, its patches as git format-patch writes them, and the verdict
// `provcheck check` gives each.
class SendEmail : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    demo_ = (dir_->path() / "demo").string();
    makeDemo(demo_);
    CommandResult fp = runShell("git -C " + shellWord(demo_) +
                                " format-patch -q -o " + shellWord(dir_->str() + "/patches") +
                                " upstream..master");
    ASSERT_EQ(fp.exitCode, 0) << fp.err;
    for (const auto &e : fs::directory_iterator(dir_->path() / "patches"))
      patches_.push_back(e.path().string());
    std::sort(patches_.begin(), patches_.end());
    // Each file's verdict, from check --format oneline on the file itself.
    for (const std::string &p : patches_) {
      CommandResult c = runProvcheck({"-C", demo_, "check", "--format", "oneline", p});
      std::istringstream in(c.out);
      std::string id, category, small, verdict;
      in >> id >> category >> small >> verdict;
      verdicts_[p] = verdict;
    }
    // A sendmail that keeps what it is given.
    sendmail_ = dir_->str() + "/sendmail";
    std::ofstream(sendmail_) << "#!/bin/sh\ncat >> " << shellWord(dir_->str() + "/sent")
                             << "\necho >> " << shellWord(dir_->str() + "/sent") << "\n";
    fs::permissions(sendmail_, fs::perms::owner_all);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
    patches_.clear();
    verdicts_.clear();
  }
  void SetUp() override {
    if (runCommand("git send-email --help >/dev/null 2>&1 || git send-email -h 2>&1 | "
                   "grep -q usage")
            .rc != 0)
      GTEST_SKIP() << "git send-email is not installed (Debian package git-email)";
  }
  void TearDown() override { runProvcheck({"-C", demo_, "hooks", "uninstall"}); }

  // git send-email on one patch file, with no network: --dry-run, or the fake sendmail.
  static CommandResult send(const std::string &patch, bool dryRun = true,
                            const std::string &extra = "") {
    return runShell("cd " + shellWord(demo_) +
                    " && git send-email --confirm=never --quiet --to=devel@example.org "
                    "--from='Ada Lovelace <ada@example.org>' --suppress-cc=all "
                    "--smtp-server=" + shellWord(sendmail_) + (dryRun ? " --dry-run " : " ") +
                    extra + " " + shellWord(patch));
  }
  static std::string patchWith(const std::string &verdict) {
    for (const auto &[p, v] : verdicts_)
      if (v == verdict) return p;
    return "";
  }

  static inline TempDir *dir_ = nullptr;
  static inline std::string demo_, sendmail_;
  static inline std::vector<std::string> patches_;
  static inline std::map<std::string, std::string> verdicts_;
};

TEST_F(SendEmail, TheDemoHasPatchesOfEveryVerdict) {
  ASSERT_GE(patches_.size(), 5u);
  EXPECT_NE(patchWith("violation"), "");
  EXPECT_NE(patchWith("needs-agreement"), "");
  EXPECT_NE(patchWith("ok"), "");
}

TEST_F(SendEmail, HookRefusesTheViolatingPatchAndPassesTheOthers) {
  CommandResult install = runProvcheck({"-C", demo_, "hooks", "install"});
  ASSERT_EQ(install.exitCode, 0) << install.err;
  EXPECT_THAT(install.out, HasSubstr("installed"));
  fs::path hook = fs::path(demo_) / ".git/hooks/sendemail-validate";
  ASSERT_TRUE(fs::exists(hook));
  for (const std::string &p : patches_) {
    CommandResult r = send(p);
    const std::string &verdict = verdicts_[p];
    if (verdict == "violation") {
      EXPECT_NE(r.exitCode, 0) << p;
      EXPECT_THAT(r.err, HasSubstr("rejected by sendemail-validate hook")) << p;
      EXPECT_THAT(r.err, ::testing::ContainsRegex("\nERROR:[A-Z_]+: ")) << r.err;
      EXPECT_THAT(r.err, HasSubstr("provcheck: not sending it"));
    } else {
      EXPECT_EQ(r.exitCode, 0) << p << "\n" << r.err;
      EXPECT_THAT(r.out + r.err, HasSubstr("Dry-Sent")) << p;
      if (verdict == "needs-agreement") {
        EXPECT_THAT(r.err, HasSubstr("WARNING:"));
        // The request for the commit the mail comes from.
        EXPECT_THAT(r.err, ::testing::ContainsRegex(
                               "provcheck request [0-9a-f]{40} -o request.mbox && git "
                               "send-email request.mbox"));
      } else {
        EXPECT_EQ(r.err, "") << p;
      }
    }
  }
}

TEST_F(SendEmail, PatchesThatPassAreReallySent) {
  ASSERT_EQ(runProvcheck({"-C", demo_, "hooks", "install"}).exitCode, 0);
  fs::remove(dir_->path() / "sent");
  std::string ok = patchWith("ok"), bad = patchWith("violation");
  CommandResult sent = send(ok, false);
  ASSERT_EQ(sent.exitCode, 0) << sent.err;
  std::string mail = readFile(dir_->path() / "sent");
  EXPECT_THAT(mail, HasSubstr("To: devel@example.org"));
  CommandResult refused = send(bad, false);
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_EQ(readFile(dir_->path() / "sent"), mail) << "the refused patch was sent";
}

TEST_F(SendEmail, WarnOnlyPrintsTheFindingsAndSends) {
  ASSERT_EQ(runProvcheck({"-C", demo_, "hooks", "install", "--warn-only"}).exitCode, 0);
  CommandResult r = send(patchWith("violation"));
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.err, ::testing::ContainsRegex("\nERROR:[A-Z_]+: "));
  EXPECT_THAT(r.err, HasSubstr("sending it anyway (--warn-only)"));
}

TEST_F(SendEmail, AssumeAiJudgesEveryPatchAsAiAssisted) {
  // A patch without an AI trailer that changes core code needs agreement only when AI use
  // is assumed; the hook passes --assume-ai on.
  ASSERT_EQ(runProvcheck({"-C", demo_, "hooks", "install", "--assume-ai", "--policy", "qemu"})
                .exitCode,
            0);
  std::string hook = readFile(fs::path(demo_) / ".git/hooks/sendemail-validate");
  EXPECT_THAT(hook, HasSubstr("hooks sendemail-validate --policy qemu --assume-ai -- \"$@\""));
  for (const std::string &p : patches_) {
    CommandResult direct = runProvcheck({"-C", demo_, "check", "--assume-ai", "--format",
                                         "oneline", p});
    bool violation = direct.out.find(" violation ") != std::string::npos;
    CommandResult r = send(p);
    EXPECT_EQ(r.exitCode != 0, violation) << p << "\n" << r.err;
  }
}

TEST_F(SendEmail, AnExistingHookIsKeptChainedAndRestored) {
  fs::path hooks = fs::path(demo_) / ".git/hooks";
  fs::path hook = hooks / "sendemail-validate";
  std::string theirs = "#!/bin/sh\necho \"their hook saw $(basename \"$1\")\" >&2\nexit 0\n";
  std::ofstream(hook) << theirs;
  fs::permissions(hook, fs::perms::owner_all);

  CommandResult refused = runProvcheck({"-C", demo_, "hooks", "install"});
  EXPECT_EQ(refused.exitCode, 2);
  EXPECT_THAT(refused.err, HasSubstr("--force"));
  EXPECT_EQ(readFile(hook), theirs);

  CommandResult forced = runProvcheck({"-C", demo_, "hooks", "install", "--force"});
  ASSERT_EQ(forced.exitCode, 0) << forced.err;
  EXPECT_EQ(readFile(hooks / kChainedHookName), theirs);
  CommandResult ok = send(patchWith("ok"));
  EXPECT_EQ(ok.exitCode, 0) << ok.err;
  EXPECT_THAT(ok.err, HasSubstr("their hook saw"));
  CommandResult bad = send(patchWith("violation"));
  EXPECT_NE(bad.exitCode, 0);
  EXPECT_THAT(bad.err, HasSubstr("their hook saw"));
  EXPECT_THAT(bad.err, HasSubstr("ERROR:"));

  // Their refusal stops the send before provcheck runs.
  std::ofstream(hooks / kChainedHookName) << "#!/bin/sh\necho 'their hook refuses' >&2\nexit 1\n";
  CommandResult stopped = send(patchWith("ok"));
  EXPECT_NE(stopped.exitCode, 0);
  EXPECT_THAT(stopped.err, HasSubstr("their hook refuses"));
  std::ofstream(hooks / kChainedHookName) << theirs;

  CommandResult removed = runProvcheck({"-C", demo_, "hooks", "uninstall"});
  EXPECT_EQ(removed.exitCode, 0) << removed.err;
  EXPECT_EQ(readFile(hook), theirs);
  EXPECT_FALSE(fs::exists(hooks / kChainedHookName));
  // Not provcheck's: uninstall leaves it alone.
  CommandResult alone = runProvcheck({"-C", demo_, "hooks", "uninstall"});
  EXPECT_EQ(alone.exitCode, 2);
  EXPECT_EQ(readFile(hook), theirs);
  fs::remove(hook);
}

TEST_F(SendEmail, HooksFollowCoreHooksPath) {
  ASSERT_EQ(runShell("git -C " + shellWord(demo_) + " config core.hooksPath my-hooks").exitCode, 0);
  CommandResult r = runProvcheck({"-C", demo_, "hooks", "install"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(fs::exists(fs::path(demo_) / "my-hooks/sendemail-validate"));
  CommandResult bad = send(patchWith("violation"));
  EXPECT_NE(bad.exitCode, 0);
  EXPECT_EQ(runProvcheck({"-C", demo_, "hooks", "uninstall"}).exitCode, 0);
  EXPECT_FALSE(fs::exists(fs::path(demo_) / "my-hooks/sendemail-validate"));
  runShell("git -C " + shellWord(demo_) + " config --unset core.hooksPath");
}

TEST_F(SendEmail, ACoverLetterPassesTheHook) {
  ASSERT_EQ(runProvcheck({"-C", demo_, "hooks", "install"}).exitCode, 0);
  std::string cover = dir_->str() + "/0000-cover-letter.patch";
  std::ofstream(cover) << "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
                          "From: Ada Lovelace <ada@example.org>\n"
                          "Subject: [PATCH 0/5] frob: a series\n\nWhat it does.\n";
  CommandResult r = send(cover);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

// The addresses git send-email --dry-run says --cc-cmd gave it, one a line.
std::string ccLines(const std::string &out) {
  std::string cc;
  const std::string added = "(cc-cmd) Adding cc: ";
  for (const std::string &l : lines(out))
    if (l.rfind(added, 0) == 0) cc += l.substr(added.size(), l.find(" from: ") - added.size()) + "\n";
  return cc;
}

// git send-email --cc-cmd set-ups written for get_maintainer.pl work with provcheck
// maintainers in every spelling: each gives the same recipients as the canonical one.
TEST_F(SendEmail, CcCmdTakesEveryGetMaintainerSpelling) {
  std::string core = patchWith("needs-agreement");
  auto withCmd = [&](const std::string &options) {
    std::string cmd = shellWord(provcheckBinary()) + " maintainers " + options;
    CommandResult r = runShell("cd " + shellWord(demo_) +
                               " && git send-email --dry-run --confirm=never "
                               "--to=devel@example.org --from='Ada <ada@example.org>' "
                               "--suppress-cc=self --smtp-server=/bin/false --cc-cmd=" +
                               shellWord(cmd) + " " + shellWord(core));
    EXPECT_EQ(r.exitCode, 0) << options << "\n" << r.err;
    return ccLines(r.out + r.err);
  };
  std::string canonical = withCmd("--nogit --nogit-fallback --noroles --norolestats");
  EXPECT_THAT(canonical, HasSubstr("cora@example.org"));
  for (const char *spelling :
       {"--no-git --no-git-fallback --no-roles --no-rolestats",
        "-nogit -no-git-fallback -noroles -no-rolestats", "--NoGit --NOGIT-FALLBACK --noRoles",
        "+nogit +no-git-fallback --no-roles --norolestats"})
    EXPECT_EQ(withCmd(spelling), canonical) << spelling;
  // Lists only, and people only.
  std::string lists = withCmd("--nogit --nogit-fallback --norolestats --nom --nor");
  EXPECT_EQ(withCmd("--no-git --no-git-fallback --no-rolestats --no-m --no-r"), lists);
  std::string people = withCmd("--nogit --nogit-fallback --norolestats --nol");
  EXPECT_EQ(withCmd("--no-git --no-git-fallback --no-rolestats --no-l"), people);
  EXPECT_NE(lists, people);
}

} // namespace
} // namespace provcheck::testing
