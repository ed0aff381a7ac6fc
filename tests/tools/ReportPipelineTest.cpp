// report and request end to end, through the provcheck binary, on the demo's fixture
// repository (AI-assisted commits in every category on top of an upstream branch):
// golden files of every format.
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace provcheck {
namespace {

using Output = testing::CommandOutput;

Output run(const std::string &cmd) { return testing::runCommand(cmd + " 2>/dev/null"); }

std::string replaceAll(std::string s, const std::string &from, const std::string &to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

class ReportPipeline : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    const char *bin = std::getenv("PROVCHECK_BIN");
    if (!bin || !*bin) return;
    bin_ = bin;
    dir_ = new testing::TempDir();
    demo_ = (dir_->path() / "demo").string();
    ok_ = run("'" + bin_ + "' demo --dir '" + demo_ + "'").rc <= 1;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (bin_.empty()) GTEST_SKIP() << "PROVCHECK_BIN is not set (run through ctest)";
    ASSERT_TRUE(ok_) << "provcheck demo failed";
  }
  // Runs provcheck in the demo repository; the repository's path becomes <repo>.
  Output provcheck(const std::string &args) {
    Output o = run("SOURCE_DATE_EPOCH=1767258000 '" + bin_ + "' -C '" + demo_ + "' " + args);
    o.text = replaceAll(o.text, demo_, "<repo>");
    return o;
  }
  static inline std::string bin_, demo_;
  static inline testing::TempDir *dir_ = nullptr;
  static inline bool ok_ = false;
};

TEST_F(ReportPipeline, EveryReportFormatGolden) {
  for (const char *format : {"text", "json", "markdown", "sarif", "codequality", "html"}) {
    Output o = provcheck(std::string("report --no-progress --format ") + format +
                         " upstream..master");
    EXPECT_EQ(o.rc, 1) << format; // the demo has patches needing agreement
    EXPECT_EQ(testing::compareGolden(std::string("golden/report/demo.") + format, o.text), "")
        << format;
  }
}

TEST_F(ReportPipeline, ReportJsonCoversEveryCategory) {
  Output o = provcheck("report --no-progress --format json upstream..master");
  auto j = nlohmann::json::parse(o.text);
  std::set<std::string> categories;
  for (const auto &f : j["files"]) {
    categories.insert(f["category"].get<std::string>());
    EXPECT_TRUE(f["aiAssisted"].get<bool>()) << f["path"];
    EXPECT_FALSE(f["recentCommits"].is_null());
  }
  EXPECT_EQ(categories, (std::set<std::string>{"docs", "tests", "mechanical", "code", "core"}));
}

TEST_F(ReportPipeline, RequestMboxAndJsonGolden) {
  Output mbox = provcheck("request --no-progress upstream..master");
  EXPECT_EQ(mbox.rc, 1);
  EXPECT_EQ(testing::compareGolden("golden/report/demo-request.mbox", mbox.text), "");
  EXPECT_NE(mbox.text.find("Subject: [RFC] Pre-approval for AI-assisted change:"),
            std::string::npos);
  Output json = provcheck("request --no-progress --format json upstream..master");
  EXPECT_EQ(json.rc, 1);
  EXPECT_EQ(testing::compareGolden("golden/report/demo-request.json", json.text), "");
}

TEST_F(ReportPipeline, NothingToRequestOnAnAllowedPatch) {
  // The docs patch alone is allowed: no request, exit 0.
  Output o = provcheck("request --no-progress upstream..master~4");
  EXPECT_EQ(o.rc, 0);
  EXPECT_EQ(o.text, "");
}

} // namespace
} // namespace provcheck
