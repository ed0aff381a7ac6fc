// The provcheck binary on hostile input: every case that used to end the run (an
// exception, a JSON error, an mbox lost to one mail) now gives a clear answer.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>

namespace provcheck::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using json = nlohmann::json;

std::string mailText(const std::string &subject, const std::string &headers,
                     const std::string &body, const std::string &diff) {
  return "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
         "From: Ada Lovelace <ada@example.org>\n"
         "Date: Thu, 1 Jan 2026 10:00:00 +0000\n"
         "Subject: " +
         subject + "\n" + headers + "\n" + body + "---\n" + diff + "-- \n2.39.5\n\n";
}

const std::string kDiff = "diff --git a/docs/a.txt b/docs/a.txt\n"
                          "index 1111111..2222222 100644\n"
                          "--- a/docs/a.txt\n"
                          "+++ b/docs/a.txt\n"
                          "@@ -1 +1,2 @@\n"
                          " a\n"
                          "+b\n";
const std::string kSignedOff = "Signed-off-by: Ada Lovelace <ada@example.org>\n";

std::string write(const TempDir &dir, const std::string &name, const std::string &text) {
  std::string path = (dir.path() / name).string();
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::vector<std::string> strings(const json &array) {
  std::vector<std::string> out;
  for (const json &s : array) out.push_back(s.get<std::string>());
  return out;
}

// Latin-1 in a body without a charset, and in a diff line: "[json.exception.type_error.316]"
// used to end --format json and --dump=patch.
TEST(HostileInput, TextThatIsNotUtf8StillGivesJson) {
  TempDir dir;
  std::string path =
      write(dir, "latin.patch",
            mailText("[PATCH] docs: caf\xe9", "", "Caf\xe9 au lait.\n\n" + kSignedOff,
                     kDiff.substr(0, kDiff.size() - 2) + "b \xe9t\xe9\n"));
  for (const char *mode : {"--format=json", "--dump=patch"}) {
    CommandResult r = runProvcheck({"-C", dir.str(), "check", "--no-ast", mode, path});
    ASSERT_NE(r.exitCode, 2) << r.err;
    json doc = json::parse(r.out); // throws on anything that is not UTF-8
    const json &patch = doc.contains("series") ? doc["series"][0]["patches"][0] : doc["patches"][0];
    EXPECT_EQ(patch["subject"], "docs: caf\u00e9") << mode; // GMime decodes raw 8-bit headers
    EXPECT_THAT(patch["message"].get<std::string>(), HasSubstr("Caf\uFFFD au lait."));
    EXPECT_EQ(strings(patch["notes"]),
              std::vector<std::string>{"message: 1 byte is not UTF-8, replaced by U+FFFD"});
    const json &file = patch["files"][0];
    EXPECT_EQ(strings(file["notes"]),
              std::vector<std::string>{
                  "1 diff line is not UTF-8 (JSON shows U+FFFD for their invalid bytes)"});
    if (std::string(mode) == "--dump=patch")
      EXPECT_EQ(file["hunks"][0]["lines"][1]["text"], "b \uFFFDt\uFFFD");
    else
      EXPECT_THAT(strings(doc["notices"]),
                  ::testing::Contains(path + " (docs: caf\u00e9): message: 1 byte is not UTF-8, "
                                             "replaced by U+FFFD"));
  }
}

// A mail with a malformed diff, and one whose subject held a number past an int, used to
// lose the whole mbox (exit 2, "provcheck: stoi").
TEST(HostileInput, OneBadMailDoesNotLoseTheMbox) {
  TempDir dir;
  std::string broken = kDiff.substr(0, kDiff.find("@@")) + "@@ -1 +1,2 @@\n a\n";
  std::string path = write(dir, "list.mbox",
                           mailText("[PATCH 1/99999999999] docs: first", "", kSignedOff, kDiff) +
                               mailText("[PATCH v2] docs: broken", "", kSignedOff, broken) +
                               mailText("[PATCH v99999999999] docs: third", "", kSignedOff, kDiff));
  CommandResult r = runProvcheck({"-C", dir.str(), "check", "--no-ast", "--format=json", path});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err, "");
  json doc = json::parse(r.out);
  ASSERT_EQ(doc["series"].size(), 2u);
  EXPECT_EQ(doc["series"][0]["patches"][0]["subject"], "docs: first");
  EXPECT_EQ(doc["series"][0]["patches"][0]["series_position"]["total"], 0);
  EXPECT_EQ(doc["series"][1]["patches"][0]["subject"], "docs: third");
  EXPECT_EQ(doc["series"][1]["patches"][0]["series_position"]["version"], 1);
  ASSERT_EQ(doc["skipped"].size(), 1u);
  const json &skipped = doc["skipped"][0];
  EXPECT_EQ(skipped["subject"], "docs: broken");
  EXPECT_EQ(skipped["line"], 18);
  EXPECT_EQ(skipped["error"], true);
  EXPECT_THAT(skipped["reason"].get<std::string>(),
              HasSubstr("malformed diff in \"docs: broken\""));
  EXPECT_THAT(strings(doc["notices"]),
              ::testing::Contains("1 item could not be read (listed under skipped, with the "
                                  "reason); the rest was checked"));

  // Only the broken mail: nothing could be read, which is the input error.
  std::string alone = write(dir, "broken.patch", mailText("[PATCH] docs: broken", "", kSignedOff, broken));
  CommandResult e = runProvcheck({"-C", dir.str(), "check", "--no-ast", alone});
  EXPECT_EQ(e.exitCode, 2);
  EXPECT_THAT(e.err, HasSubstr("provcheck: " + alone +
                               ":1: malformed diff in \"docs: broken\": malformed diff: "
                               "invalid patch hunk at line 8 of the diff"));
}

TEST(HostileInput, OneBadFileOfADirectoryIsSkipped) {
  TempDir dir;
  write(dir, "series/0001-good.patch", mailText("[PATCH 1/2] docs: good", "", kSignedOff, kDiff));
  write(dir, "series/0002-bad.patch", "this is not a mail, an mbox or a patch\n");
  CommandResult r = runProvcheck({"-C", dir.str(), "check", "--no-ast", "series"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("docs: good"));
  EXPECT_THAT(r.out, HasSubstr((dir.path() / "series/0002-bad.patch").string() +
                               ": not a mail, an mbox or a patch"));
}

// A generated file adding thousands of one-line functions in one hunk: each function is
// listed once, in file order, in the hunk's and the file's entities, in the finding and in
// the series' tallies. Each of these lists used to be kept unique by searching itself, which
// took minutes at 200,000 functions.
TEST(HostileInput, ThousandsOfFunctionsInOneHunkAreListedOnceInOrder) {
  constexpr int kCount = 3000;
  FixtureRepo repo;
  repo.write("README", "base\n");
  repo.commit("Base\n");
  std::string text;
  std::vector<std::string> changed, tallied{""};
  for (int i = 0; i < kCount; ++i) {
    std::string n = std::to_string(i);
    text += "int f" + n + "(void) { return " + n + "; }\n";
    changed.push_back("function f" + n + " (signature)");
    tallied.push_back("function f" + n);
  }
  repo.write("funcs.c", text);
  repo.commit("funcs: add them\n\nAI-used-for: code\n" + kSignedOff);
  CommandResult r =
      runProvcheck({"-C", repo.str(), "check", "--format=json", "--no-progress", "HEAD"});
  ASSERT_EQ(r.exitCode, 1) << r.err;
  json doc = json::parse(r.out);
  const json &series = doc["series"][0];
  const json &entities = series["patches"][0]["files"][0]["entities"];
  EXPECT_EQ(entities["parsed_new"], true);
  EXPECT_EQ(strings(entities["hunks"][0]["changed"]), changed);
  EXPECT_EQ(strings(entities["changed"]), changed);
  ASSERT_EQ(series["verdict"]["findings"].size(), 1u);
  EXPECT_EQ(strings(series["verdict"]["findings"][0]["entities"]), changed);
  std::vector<std::string> tallies;
  for (const json &t : series["verdict"]["code_lines"]) {
    EXPECT_EQ(t["total"], kCount); // each entity of the hunk counts all its lines
    tallies.push_back(t["entity"].get<std::string>());
  }
  EXPECT_EQ(tallies, tallied);
}

// /dev/zero as a source used to read until the memory ran out.
TEST(HostileInput, EndlessInputIsAnErrorAtTheSizeLimit) {
  TempDir dir;
  CommandResult r = runProvcheck({"-C", dir.str(), "check", "--max-input-size", "1M", "/dev/zero"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_EQ(r.err, "provcheck: /dev/zero: larger than the input size limit of 1 MiB "
                   "(--max-input-size raises it)\n");
  CommandResult bad = runProvcheck({"check", "--max-input-size", "lots", "/dev/zero"});
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_THAT(bad.err, HasSubstr("'lots' is not a size such as 512M or 2G"));
}

// -C DIR: a relative -p and -o are relative to DIR, as the README says, not to the
// directory provcheck was started in.
TEST(HostileInput, RelativeBuildDirAndOutputAreUnderDashC) {
  FixtureRepo repo;
  repo.write("speed.c", "#ifdef FAST\nint speed(void) { return 2; }\n#endif\n");
  repo.commit("Base\n");
  repo.write("speed.c", "#ifdef FAST\nint speed(void) { return 3; }\n#endif\n");
  repo.commit("speed: faster\n\n" + kSignedOff);
  fs::create_directories(repo.path() / "out");
  std::ofstream(repo.path() / "out" / "compile_commands.json")
      << "[{\"directory\": \"" << repo.str()
      << "\", \"file\": \"speed.c\", \"command\": \"cc -DFAST -c speed.c\"}]\n";
  CommandResult r = runProvcheck({"-C", repo.str(), "check", "-p", "out", "--dump=entities", "HEAD"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  json doc = json::parse(r.out);
  EXPECT_EQ(doc["patches"][0]["files"][0]["entities"]["flags_source"], "compile_commands.json");

  CommandResult report = runProvcheck(
      {"-C", repo.str(), "report", "--no-ast", "--format", "markdown", "-o", "risk.md", "HEAD"});
  EXPECT_NE(report.exitCode, 2) << report.err;
  EXPECT_TRUE(fs::exists(repo.path() / "risk.md"));
  EXPECT_FALSE(fs::exists("risk.md"));
}

// maintainers -f opens each file from its directory, kept open while the next paths are
// in it: files of directories visited in turn are each read (a/z.c's keyword after b/),
// and a FIFO given as a file is refused like a missing one; it used to block the run in
// open(2) forever.
TEST(HostileInput, MaintainersReadsEveryFileAndRefusesAFifo) {
  FixtureRepo repo;
  repo.write("MAINTAINERS", "Alpha\nM: A <a@example.org>\nS: Maintained\nF: a/\n\n"
                            "Beta\nM: B <b@example.org>\nS: Maintained\nF: b/\n\n"
                            "Trivial\nM: T <t@example.org>\nS: Maintained\n"
                            "K: ^Subject:.*(?i)trivial\n");
  repo.write("a/x.c", "int x;\n");
  repo.write("b/y.c", "int y;\n");
  repo.write("a/z.c", "Subject: a trivial fix\n");
  repo.commit("files");
  CommandResult r =
      runProvcheck({"-C", repo.str(), "maintainers", "-f", "a/x.c", "b/y.c", "a/z.c"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "A <a@example.org> (maintainer:Alpha)\n"
                   "B <b@example.org> (maintainer:Beta)\n"
                   "T <t@example.org> (maintainer:Trivial)\n");

  ASSERT_EQ(::mkfifo((repo.path() / "a" / "pipe").c_str(), 0600), 0);
  r = runProvcheck({"-C", repo.str(), "maintainers", "-f", "a/x.c", "a/pipe"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("a/pipe"));
  EXPECT_EQ(r.out, "");
}

} // namespace
} // namespace provcheck::testing
