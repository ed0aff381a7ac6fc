// The report in the formats CI systems read: GitLab Code Quality, and SARIF within GitHub
// code scanning's upload limits (25,000 results per run, 10 MB), on the hand-built run and
// on huge synthetic ones. And the HTML page's entity lists, collapsed when long.
#include "tests/support/Fixture.h"
#include "tests/tools/ReportTestData.h"
#include "tools/provcheck/render/CodeQuality.h"
#include "tools/provcheck/render/Html.h"
#include "tools/provcheck/render/Sarif.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>

namespace provcheck {
namespace {

using nlohmann::json;
using testing::compareGolden;
using testing::sampleReport;

TEST(CodeQuality, Golden) {
  EXPECT_EQ(compareGolden("golden/report/sample.codequality.json",
                          render::reportCodeQualityText(sampleReport())),
            "");
}

// Every issue has the fields GitLab reads, one issue per finding not agreed to.
TEST(CodeQuality, IssuesHaveGitLabsFields) {
  RiskReport r = sampleReport();
  r.findings[4].satisfied = true;
  r.findings[4].satisfiedBy = "Acked-by: Paolo Bonzini <pbonzini@redhat.com>";
  json issues = json::parse(render::reportCodeQualityText(r));
  ASSERT_TRUE(issues.is_array());
  ASSERT_EQ(issues.size(), r.findings.size() - 1);
  std::set<std::string> fingerprints;
  const std::set<std::string> severities = {"info", "minor", "major", "critical", "blocker"};
  for (size_t i = 0, f = 0; i < issues.size(); ++i, ++f) {
    if (f == 4) ++f; // the agreed finding is left out
    const json &issue = issues[i];
    EXPECT_THAT(issue["description"].get<std::string>(),
                ::testing::StartsWith(r.findings[f].message));
    EXPECT_EQ(issue["check_name"], r.findings[f].rule);
    EXPECT_TRUE(severities.count(issue["severity"].get<std::string>())) << issue.dump();
    EXPECT_EQ(issue["location"]["path"], r.findings[f].path);
    EXPECT_EQ(issue["location"]["lines"]["begin"], r.findings[f].line);
    std::string fp = issue["fingerprint"];
    EXPECT_TRUE(std::regex_match(fp, std::regex("[0-9a-f]{40}"))) << fp;
    EXPECT_TRUE(fingerprints.insert(fp).second) << "fingerprint repeated: " << fp;
  }
  EXPECT_EQ(issues[0]["severity"], r.findings[0].severity == Severity::Error ? "critical"
                                   : r.findings[0].severity == Severity::Warning ? "major"
                                                                                 : "info");
}

// A fingerprint does not change when the patch is rebased (its commit id changes).
TEST(CodeQuality, FingerprintsSurviveARebase) {
  RiskReport a = sampleReport(), b = sampleReport();
  for (auto &f : b.findings) f.patch = "ffffffffffff";
  json ia = json::parse(render::reportCodeQualityText(a)),
       ib = json::parse(render::reportCodeQualityText(b));
  ASSERT_EQ(ia.size(), ib.size());
  for (size_t i = 0; i < ia.size(); ++i) EXPECT_EQ(ia[i]["fingerprint"], ib[i]["fingerprint"]);
}

// A report with `n` findings: one error in every ten, the rest warnings and notes.
RiskReport manyFindings(size_t n, size_t messageBytes) {
  RiskReport r = sampleReport();
  LocatedFinding base = r.findings.front();
  base.entities.clear();
  base.patchSubject = "frob: a change";
  r.findings.clear();
  for (size_t i = 0; i < n; ++i) {
    LocatedFinding f = base;
    f.severity = i % 10 == 9 ? Severity::Error : i % 2 ? Severity::Warning : Severity::Info;
    f.path = "hw/misc/file" + std::to_string(i) + ".c";
    f.message = "finding " + std::to_string(i) + " " + std::string(messageBytes, 'x');
    r.findings.push_back(f);
  }
  return r;
}

TEST(SarifLimits, ASmallRunIsWhole) {
  json s = json::parse(render::reportSarifText(sampleReport()));
  const json &props = s["runs"][0]["properties"];
  EXPECT_EQ(props["resultsTotal"], sampleReport().findings.size());
  EXPECT_EQ(props["resultsIncluded"], sampleReport().findings.size());
  EXPECT_FALSE(props.contains("resultsOmittedBecause"));
}

TEST(SarifLimits, AtMost25000ResultsTheMostSevereKept) {
  RiskReport r = manyFindings(30000, 10);
  // The count alone: no limit on the size.
  std::string text = render::reportSarifText(r, render::SarifLimits{25000, size_t(1) << 40});
  json s = json::parse(text);
  const json &run = s["runs"][0];
  ASSERT_EQ(run["results"].size(), 25000u);
  EXPECT_EQ(run["properties"]["resultsTotal"], 30000);
  EXPECT_EQ(run["properties"]["resultsIncluded"], 25000);
  EXPECT_THAT(run["properties"]["resultsOmittedBecause"].get<std::string>(),
              ::testing::HasSubstr("5000 results were left out"));
  // Every error and every warning is kept (3,000 + 12,000); notes fill the rest.
  size_t errors = 0, warnings = 0, notes = 0;
  for (const json &res : run["results"])
    (res["level"] == "error" ? errors : res["level"] == "warning" ? warnings : notes)++;
  EXPECT_EQ(errors, 3000u);
  EXPECT_EQ(warnings, 12000u);
  EXPECT_EQ(notes, 10000u);
  // Kept in report order.
  EXPECT_EQ(run["results"][0]["message"]["text"].get<std::string>().substr(0, 10), "finding 0 ");
}

// With GitHub's limits, on 30,000 findings: both hold.
TEST(SarifLimits, ABigRangeFitsGitHubsLimits) {
  std::string text = render::reportSarifText(manyFindings(30000, 10));
  EXPECT_LE(text.size(), size_t(10 * 1000 * 1000));
  json s = json::parse(text);
  const json &run = s["runs"][0];
  EXPECT_LE(run["results"].size(), 25000u);
  EXPECT_GT(run["results"].size(), 15000u); // every error and warning at least
  EXPECT_EQ(run["properties"]["resultsIncluded"], run["results"].size());
}

// A small run is written indented, for people to read.
TEST(SarifLimits, ASmallRunIsIndented) {
  std::string text = render::reportSarifText(sampleReport());
  EXPECT_NE(text.find("\n  \"version\": \"2.1.0\""), std::string::npos);
}

TEST(SarifLimits, AtMost10MegabytesOfText) {
  RiskReport r = manyFindings(3000, 5000); // about 15 MB of messages
  std::string text = render::reportSarifText(r);
  EXPECT_LE(text.size(), size_t(10 * 1000 * 1000));
  EXPECT_GT(text.size(), size_t(9 * 1000 * 1000)); // filled, not emptied
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1); // one line: no room for indentation
  json s = json::parse(text);
  const json &run = s["runs"][0];
  size_t kept = run["results"].size();
  EXPECT_LT(kept, 3000u);
  EXPECT_EQ(run["properties"]["resultsIncluded"], kept);
  EXPECT_EQ(run["properties"]["resultsTotal"], 3000);
  EXPECT_THAT(run["properties"]["resultsOmittedBecause"].get<std::string>(),
              ::testing::HasSubstr("10 MB per file"));
  // The 300 errors and 1,200 warnings are kept, and the first notes after them.
  size_t errors = 0, warnings = 0;
  for (const json &res : run["results"]) {
    errors += res["level"] == "error";
    warnings += res["level"] == "warning";
  }
  EXPECT_EQ(errors, 300u);
  EXPECT_EQ(warnings, 1200u);
  EXPECT_GT(kept, 1500u);
  EXPECT_EQ(run["results"][0]["message"]["text"].get<std::string>().substr(0, 10), "finding 0 ");
}

TEST(SarifLimits, LimitsAreParameters) {
  render::SarifLimits small{10, 10 * 1000 * 1000};
  json s = json::parse(render::reportSarifText(manyFindings(50, 10), small));
  EXPECT_EQ(s["runs"][0]["results"].size(), 10u);
}

TEST(HtmlEntities, LongListsCollapseBehindTheirCount) {
  RiskReport r = sampleReport();
  r.rows[0].entities.clear();
  for (int i = 0; i < 57; ++i) r.rows[0].entities.push_back("function f" + std::to_string(i));
  r.rows[1].entities = {"function a", "function b"};
  std::string h = render::reportHtml(r);
  EXPECT_NE(h.find("<details><summary>57 entities</summary><ul><li>function f0</li>"),
            std::string::npos);
  EXPECT_NE(h.find("<ul><li>function a</li><li>function b</li></ul>"), std::string::npos);
  EXPECT_EQ(h.find("<summary>2 entities"), std::string::npos);
}

} // namespace
} // namespace provcheck
