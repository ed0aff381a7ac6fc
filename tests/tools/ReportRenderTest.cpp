// The report renderers on the hand-built run: golden files for every format, and the
// JSON and SARIF outputs parsed back and checked.
#include "tests/support/Fixture.h"
#include "tests/tools/ReportTestData.h"
#include "tools/provcheck/render/Html.h"
#include "tools/provcheck/render/Markdown.h"
#include "tools/provcheck/render/ReportJson.h"
#include "tools/provcheck/render/ReportText.h"
#include "tools/provcheck/render/Sarif.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace provcheck {
namespace {

using nlohmann::json;
using testing::compareGolden;
using testing::sampleReport;

TEST(ReportRender, TextGolden) {
  EXPECT_EQ(compareGolden("golden/report/sample.txt", render::reportText(sampleReport())), "");
}

TEST(ReportRender, MarkdownGolden) {
  EXPECT_EQ(compareGolden("golden/report/sample.md", render::reportMarkdown(sampleReport())), "");
}

TEST(ReportRender, JsonGolden) {
  EXPECT_EQ(compareGolden("golden/report/sample.json", render::reportJsonText(sampleReport())),
            "");
}

TEST(ReportRender, SarifGolden) {
  EXPECT_EQ(compareGolden("golden/report/sample.sarif", render::reportSarifText(sampleReport())),
            "");
}

TEST(ReportRender, HtmlGolden) {
  EXPECT_EQ(compareGolden("golden/report/sample.html", render::reportHtml(sampleReport())), "");
}

TEST(ReportRender, TextTableHasEveryFileInScoreOrder) {
  std::string t = render::reportText(sampleReport());
  size_t a = t.find("qom/object.c"), b = t.find("include/qom/object.h"),
         c = t.find("hw/misc/frob.c");
  ASSERT_NE(a, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_NE(t.find("over the 20-line limit by 12 lines"), std::string::npos);
  EXPECT_NE(t.find("skipped: 4444444444444444444444444444444444444444"), std::string::npos);
}

TEST(ReportRender, JsonParsesBackToTheModel) {
  RiskReport r = sampleReport();
  json j = json::parse(render::reportJsonText(r));
  EXPECT_EQ(j["schema"], "provcheck-report/2");
  auto checkRisk = [](const json &risk, const RiskScore &s) {
    EXPECT_DOUBLE_EQ(risk["score"].get<double>(), s.score);
    double sum = risk["base"].get<double>();
    ASSERT_EQ(risk["features"].size(), s.features.size());
    for (size_t i = 0; i < s.features.size(); ++i) {
      const json &f = risk["features"][i];
      EXPECT_EQ(f["name"], s.features[i].name);
      EXPECT_EQ(f["words"], s.features[i].words);
      EXPECT_EQ(f["value"].is_null(), !s.features[i].value);
      sum += f["contribution"].get<double>();
    }
    EXPECT_NEAR(sum, s.score, 1e-9);
  };
  ASSERT_EQ(j["files"].size(), r.rows.size());
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto &f = j["files"][i];
    EXPECT_EQ(f["path"], r.rows[i].path);
    EXPECT_DOUBLE_EQ(f["score"].get<double>(), r.rows[i].score());
    checkRisk(f["risk"], r.rows[i].risk);
    int added = 0;
    for (const auto &[cat, lines] : f["byCategory"].items()) added += lines["added"].get<int>();
    EXPECT_EQ(added, f["lines"]["added"].get<int>()) << f["path"];
  }
  ASSERT_EQ(j["patches"].size(), r.patches.size());
  for (size_t i = 0; i < r.patches.size(); ++i) {
    checkRisk(j["patches"][i]["risk"], r.patches[i].risk);
    EXPECT_TRUE(j["patches"][i]["laterFixes"].is_null());
  }
  json header;
  for (const auto &f : j["files"])
    if (f["path"] == "include/qom/object.h") header = f;
  EXPECT_EQ(header["path"], "include/qom/object.h");
  EXPECT_EQ(header["core"], true);
  EXPECT_EQ(header["coreWhy"][0]["detail"], "header included by 812 files");
  EXPECT_EQ(header["sections"][0]["maintainers"][1]["name"], "Daniel P. Berrangé");
  EXPECT_EQ(header["recentCommits"], 3);
  EXPECT_EQ(j["findings"].size(), r.findings.size());
  EXPECT_EQ(j["categories"].size(), 5u);
  EXPECT_EQ(j["history"]["read"], true);
  EXPECT_EQ(j["history"]["from"], "origin/master");
  EXPECT_EQ(j["history"]["fixReferences"]["byId"], 1);
  EXPECT_EQ(j["history"]["fixReferences"]["bySubject"], 1);
  EXPECT_EQ(j["riskModel"]["features"].size(), 27u);
  EXPECT_EQ(j["riskModel"]["features"][0]["scale"], "log");
  EXPECT_EQ(j["riskModel"]["features"][1]["name"], "removed_share");
  EXPECT_EQ(j["riskModel"]["features"][1]["scale"], "linear");
  RiskOptions none;
  none.model = testing::sampleModel();
  json without = json::parse(render::reportJsonText(buildRiskReport(testing::sampleRun(), none)));
  EXPECT_TRUE(without["files"][0]["recentCommits"].is_null());
  EXPECT_EQ(without["history"]["read"], false);
}

// The properties SARIF 2.1.0's schema requires, and those code scanning needs.
TEST(ReportRender, SarifHasTheRequiredProperties) {
  RiskReport r = sampleReport();
  json s = json::parse(render::reportSarifText(r));
  EXPECT_EQ(s["version"], "2.1.0");
  ASSERT_TRUE(s["runs"].is_array());
  ASSERT_EQ(s["runs"].size(), 1u);
  const json &run = s["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "provcheck");
  const json &rules = run["tool"]["driver"]["rules"];
  ASSERT_TRUE(rules.is_array());
  for (const auto &rule : rules) EXPECT_TRUE(rule["id"].is_string());
  ASSERT_EQ(run["results"].size(), r.findings.size());
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const json &res = run["results"][i];
    ASSERT_TRUE(res["message"]["text"].is_string());
    EXPECT_EQ(res["message"]["text"], r.findings[i].message);
    EXPECT_EQ(res["ruleId"], r.findings[i].rule);
    EXPECT_EQ(rules[res["ruleIndex"].get<int>()]["id"], res["ruleId"]);
    EXPECT_TRUE(res["level"] == "error" || res["level"] == "warning" || res["level"] == "note");
    ASSERT_EQ(res["locations"].size(), 1u);
    const json &loc = res["locations"][0]["physicalLocation"];
    EXPECT_EQ(loc["artifactLocation"]["uri"], r.findings[i].path);
    ASSERT_TRUE(loc["region"]["startLine"].is_number_integer());
    EXPECT_GE(loc["region"]["startLine"].get<int>(), 1);
    EXPECT_EQ(loc["region"]["startLine"], r.findings[i].line);
  }
  EXPECT_EQ(run["results"][4]["level"], "warning");
  EXPECT_EQ(run["results"][2]["level"], "note");
}

TEST(ReportRender, SarifUriIsPercentEncoded) {
  RiskReport r = sampleReport();
  r.findings[0].path = "docs/a b/ü#.rst";
  json s = json::parse(render::reportSarifText(r));
  EXPECT_EQ(s["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
             ["uri"],
            "docs/a%20b/%C3%BC%23.rst");
}

TEST(ReportRender, SatisfiedFindingIsSuppressedInSarif) {
  RiskReport r = sampleReport();
  r.findings[4].satisfied = true;
  r.findings[4].satisfiedBy = "Acked-by: Paolo Bonzini <pbonzini@redhat.com>";
  json s = json::parse(render::reportSarifText(r));
  const json &res = s["runs"][0]["results"][4];
  ASSERT_EQ(res["suppressions"].size(), 1u);
  EXPECT_EQ(res["suppressions"][0]["kind"], "external");
  EXPECT_FALSE(s["runs"][0]["results"][0].contains("suppressions"));
}

TEST(ReportRender, HtmlIsSelfContained) {
  std::string h = render::reportHtml(sampleReport());
  EXPECT_EQ(h.find("http"), std::string::npos); // no URL at all: nothing to fetch
  EXPECT_EQ(h.find("<link"), std::string::npos);
  EXPECT_EQ(h.find(" src="), std::string::npos);
  EXPECT_NE(h.find("<table id=\"files\">"), std::string::npos);
  EXPECT_NE(h.find("<table id=\"risk-files\" class=\"ranked\">"), std::string::npos);
  EXPECT_NE(h.find("<table id=\"risk-patches\" class=\"ranked\">"), std::string::npos);
  EXPECT_NE(h.find("<svg id=\"chart-categories\""), std::string::npos);
  EXPECT_NE(h.find("Daniel P. Berrangé"), std::string::npos);
}

TEST(ReportRender, HtmlEscapesText) {
  RiskReport r = sampleReport();
  r.rows[0].path = "a<b>&\"c\".c";
  std::string h = render::reportHtml(r);
  EXPECT_EQ(h.find("a<b>"), std::string::npos);
  EXPECT_NE(h.find("a&lt;b&gt;&amp;&quot;c&quot;.c"), std::string::npos);
}

TEST(ReportRender, MarkdownEscapesTableCells) {
  RiskReport r = sampleReport();
  r.rows[0].sections[0].name = "A|B";
  std::string m = render::reportMarkdown(r);
  EXPECT_NE(m.find("A\\|B"), std::string::npos);
}

} // namespace
} // namespace provcheck
