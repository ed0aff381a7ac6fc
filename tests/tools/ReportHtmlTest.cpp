// The HTML report in a real browser: headless Chromium loads it without network and
// without script errors, shows the table and the charts, sorts the table, and takes a
// screenshot. Skipped when Chromium is not installed (PROVCHECK_WITH_BROWSER=1
// scripts/install-deps.sh installs it).
#include "tests/support/Fixture.h"
#include "tests/tools/ReportTestData.h"
#include "tools/provcheck/render/Html.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>

namespace provcheck {
namespace {

using Output = testing::CommandOutput;

Output run(const std::string &cmd) { return testing::runCommand(cmd); }

std::string browser() {
  for (const char *b : {"chromium", "chromium-browser", "google-chrome"})
    if (run(std::string("command -v ") + b + " >/dev/null 2>&1").rc == 0) return b;
  return "";
}

class ReportHtmlBrowser : public ::testing::Test {
protected:
  void SetUp() override {
    chromium_ = browser();
    if (chromium_.empty())
      GTEST_SKIP() << "chromium is not installed (PROVCHECK_WITH_BROWSER=1 "
                      "scripts/install-deps.sh installs it)";
    html_ = dir_.path() / "report.html";
    std::ofstream(html_, std::ios::binary) << render::reportHtml(testing::sampleReport());
  }
  std::string chromium_;
  testing::TempDir dir_;
  std::filesystem::path html_;
};

TEST_F(ReportHtmlBrowser, LoadsShowsTheTableAndTakesAScreenshot) {
  std::string png = (dir_.path() / "report.png").string();
  auto out = run("bash '" PROVCHECK_SOURCE_DIR "/scripts/html-check.sh' '" + html_.string() +
                 "' '" + png + "' 2>&1");
  ASSERT_EQ(out.rc, 0) << out.text;
  EXPECT_NE(out.text.find("html-check: 6 rows, 9 risk bars"), std::string::npos) << out.text;
  std::string image = testing::readFile(png);
  ASSERT_GT(image.size(), 1000u);
  EXPECT_EQ(image.substr(1, 3), "PNG");
}

// A file with many entities, some with long names: at 1280 px the page does not scroll
// sideways, no cell overflows, and the row stays short (its list collapsed).
TEST_F(ReportHtmlBrowser, ManyEntitiesFitA1280PxWindow) {
  RiskReport r = testing::sampleReport();
  for (int i = 0; i < 60; ++i)
    r.rows[0].entities.push_back("function qemu_frob_device_realize_with_a_rather_long_name_" +
                                 std::to_string(i) + " (body)");
  std::ofstream(html_, std::ios::binary) << render::reportHtml(r);
  auto out = run("bash '" PROVCHECK_SOURCE_DIR "/scripts/html-check.sh' '" + html_.string() +
                 "' '" + (dir_.path() / "wide.png").string() + "' 2>&1");
  ASSERT_EQ(out.rc, 0) << out.text;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out.text, m,
                                std::regex("([0-9]+) px wide in a 1280 px window, tallest row "
                                           "([0-9]+) px")))
      << out.text;
  EXPECT_LE(std::stoi(m[1]), 1280);
  EXPECT_LT(std::stoi(m[2]), 400) << out.text;
}

TEST_F(ReportHtmlBrowser, SortsTheTableInTheBrowser) {
  std::string profile = (dir_.path() / "profile").string();
  auto out = run(chromium_ +
                 " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                 "--disable-background-networking --disable-component-update --disable-sync "
                 "--disable-dev-shm-usage --user-data-dir='" +
                 profile + "' --dump-dom 'file://" + html_.string() + "#sort=file' 2>/dev/null");
  ASSERT_EQ(out.rc, 0);
  // File names sorted descending by the click: tests/ first, docs/ last.
  size_t tbody = out.text.find("<tbody>", out.text.find("<table id=\"files\">"));
  ASSERT_NE(tbody, std::string::npos) << out.text.substr(0, 500);
  size_t first = out.text.find("<td class=\"path\">", tbody);
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(out.text.compare(first + 17, 26, "tests/unit/test-qom-frob.c"), 0)
      << out.text.substr(first, 80);
  size_t docs = out.text.find(">docs/devel/qom.rst<", tbody);
  size_t qom = out.text.find(">qom/object.c<", tbody);
  EXPECT_LT(qom, docs);
  EXPECT_NE(out.text.find("aria-sort=\"descending\">File"), std::string::npos);
}

} // namespace
} // namespace provcheck
