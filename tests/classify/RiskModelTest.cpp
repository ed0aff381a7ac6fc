// The risk model: the score and its explanation as the features' contributions, the
// model read from a policy's [risk] table (and its errors), and a changed weight
// changing the ranking.
#include "classify/Policy.h"
#include "classify/risk/Features.h"
#include "classify/risk/Model.h"

#include <gtest/gtest.h>

#include <cmath>

namespace provcheck {
namespace {

// A change of `lines` lines of code in a file `includedBy` files include.
RiskFacts change(int lines, int includedBy) {
  RiskFacts f;
  f.files = 1;
  f.directories = {"hw"};
  f.classified = true;
  f.byCategory[int(Category::Code)] = {lines, 0};
  f.includedBy = includedBy;
  f.includedByPath = "include/x.h";
  f.symbolFanIn = 0;
  return f;
}

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

const FeatureScore &feature(const RiskScore &s, const std::string &name) {
  for (const FeatureScore &f : s.features)
    if (f.name == name) return f;
  throw std::runtime_error("no feature " + name);
}

long tenths(double v) { return std::lround(v * 10); }

RiskModel twoFeatures(double fanIn) {
  RiskModel m;
  m.intercept = -2;
  m.features = {{"lines", 0.5, 2.0}, {"fan_in", fanIn, 1.0}, {"recent", 0.3, 1.0}};
  return m;
}

TEST(RiskModel, ScoreIsTheProbabilityInPercent) {
  RiskModel m = twoFeatures(0.2);
  RiskScore s = scoreRisk(m, change(40, 100));
  double logit = -2 + 0.5 * (std::log1p(40) - 2) + 0.2 * (std::log1p(100) - 1);
  EXPECT_EQ(tenths(s.score), std::lround(1000 * sigmoid(logit)));
  EXPECT_EQ(tenths(s.base), std::lround(1000 * sigmoid(-2)));
  EXPECT_DOUBLE_EQ(feature(s, "lines").value.value(), 40);
  EXPECT_DOUBLE_EQ(feature(s, "lines").logit, 0.5 * (std::log1p(40) - 2));
}

TEST(RiskModel, ContributionsAddUpToTheScoreAndKeepTheirSign) {
  RiskModel m = twoFeatures(0.2);
  m.features.push_back({"files", -0.8, 1.0}); // one file: below the mean, raises it
  m.features.push_back({"directories", 0.9, 1.0}); // one directory: lowers it
  for (int lines : {0, 1, 3, 40, 400})
    for (int inc : {0, 5, 3000}) {
      RiskScore s = scoreRisk(m, change(lines, inc));
      long sum = tenths(s.base);
      for (const FeatureScore &f : s.features) {
        sum += tenths(f.contribution);
        if (f.logit > 0.05) {
          EXPECT_GE(f.contribution, 0) << f.name;
        }
        if (f.logit < -0.05) {
          EXPECT_LE(f.contribution, 0) << f.name;
        }
      }
      EXPECT_EQ(sum, tenths(s.score)) << lines << " " << inc;
      EXPECT_GE(s.score, 0);
      EXPECT_LE(s.score, 100);
    }
}

TEST(RiskModel, AnAbsentFeatureContributesNothingAndSaysWhy) {
  RiskModel m = twoFeatures(0.2);
  RiskScore s = scoreRisk(m, change(10, 5)); // no history in the facts
  const FeatureScore &recent = feature(s, "recent");
  EXPECT_FALSE(recent.value);
  EXPECT_EQ(recent.contribution, 0);
  EXPECT_EQ(recent.logit, 0);
  EXPECT_EQ(recent.words, "absent: history not read");
}

TEST(RiskModel, RaisingListsTheStrongestReasonsFirst) {
  RiskModel m = twoFeatures(0.6);
  RiskScore s = scoreRisk(m, change(200, 2000));
  auto top = s.raising(0.1, 3);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_GE(top[0]->contribution, top[1]->contribution);
  EXPECT_EQ(top[0]->name, "fan_in");
  EXPECT_EQ(top[0]->words, "header include/x.h included by 2000 files");
  EXPECT_EQ(top[1]->words, "200 changed lines");
}

const char *kModel = R"(base = "qemu"
name = "mine"

[risk]
fitted = "by hand"
intercept = -2.5
recent_days = 30
fix_days = 180
history_days = 400
fix_trailers = ["Fixes", "Resolves"]

[[risk.feature]]
name = "lines"
weight = 0.5
mean = 2

[[risk.feature]]
name = "fan_in"
weight = %FANIN%
mean = 1
)";

std::string modelText(const std::string &fanIn) {
  std::string t = kModel;
  t.replace(t.find("%FANIN%"), 7, fanIn);
  return t;
}

TEST(RiskModelToml, LoadsFromThePolicy) {
  Expected<Policy> p = parsePolicy(modelText("0.25"), "mine.toml");
  ASSERT_TRUE(p) << p.error().str();
  const RiskModel &m = p->risk;
  EXPECT_EQ(m.fitted, "by hand");
  EXPECT_EQ(m.intercept, -2.5);
  EXPECT_EQ(m.recentDays, 30);
  EXPECT_EQ(m.fixDays, 180);
  EXPECT_EQ(m.historyDays, 400);
  EXPECT_EQ(m.longestWindow(), 400);
  EXPECT_EQ(m.fixTrailers, (std::vector<std::string>{"Fixes", "Resolves"}));
  ASSERT_EQ(m.features.size(), 2u);
  EXPECT_EQ(m.features[1], (RiskWeight{"fan_in", 0.25, 1}));
  // What the file leaves out keeps the built-in value.
  EXPECT_EQ(m.reviewTrailers, (std::vector<std::string>{"Reviewed-by", "Acked-by"}));
}

TEST(RiskModelToml, AChangedWeightChangesTheRanking) {
  // A: 300 lines of code in a file nothing includes; B: 3 lines in a header included by
  // 2000 files.
  RiskFacts a = change(300, 0), b = change(3, 2000);
  Expected<Policy> low = parsePolicy(modelText("0.1"), "low.toml");
  Expected<Policy> high = parsePolicy(modelText("0.9"), "high.toml");
  ASSERT_TRUE(low && high);
  EXPECT_GT(scoreRisk(low->risk, a).score, scoreRisk(low->risk, b).score);
  EXPECT_LT(scoreRisk(high->risk, a).score, scoreRisk(high->risk, b).score);
}

TEST(RiskModelToml, TheBuiltinModelIsFittedAndRoundTrips) {
  Expected<Policy> q = builtinPolicy("qemu");
  ASSERT_TRUE(q) << q.error().str();
  EXPECT_FALSE(q->risk.fitted.empty());
  EXPECT_GE(q->risk.features.size(), 10u);
  for (const RiskWeight &w : q->risk.features) EXPECT_NE(findRiskFeature(w.name), nullptr) << w.name;
  Expected<Policy> back = parsePolicy(dumpPolicy(*q), "dump.toml");
  ASSERT_TRUE(back) << back.error().str();
  EXPECT_EQ(back->risk, q->risk);
}

struct BadCase {
  std::string text;
  int line;
  std::string message;
};

TEST(RiskModelToml, ErrorsNameTheLine) {
  std::vector<BadCase> cases = {
      {"base = \"qemu\"\n[risk]\nintercep = 1\n", 3, "unknown key 'intercep' in [risk]"},
      {"base = \"qemu\"\n[risk]\nintercept = \"high\"\n", 3, "'intercept' must be a number"},
      {"base = \"qemu\"\n[risk]\nrecent_days = 0\n", 3, "'recent_days' must be a number of days"},
      {"base = \"qemu\"\n[risk]\nfeature = 3\n", 3, "must be an array of tables"},
      {"base = \"qemu\"\n[[risk.feature]]\nname = \"churn\"\nweight = 1\n", 2,
       "unknown risk feature 'churn' (known: lines, removed_share, hunks, files,"},
      {"base = \"qemu\"\n[[risk.feature]]\nname = \"files\"\n[[risk.feature]]\nname = \"files\"\n",
       4, "risk feature 'files' is given twice"},
      {"base = \"qemu\"\n[[risk.feature]]\nname = \"files\"\nwieght = 1\n", 4,
       "unknown key 'wieght' in [[risk.feature]]"},
  };
  for (const BadCase &c : cases) {
    Expected<Policy> p = parsePolicy(c.text, "bad.toml");
    ASSERT_FALSE(p) << c.text;
    EXPECT_EQ(p.error().file, "bad.toml") << c.text;
    EXPECT_EQ(p.error().line, c.line) << c.text << p.error().str();
    EXPECT_NE(p.error().message.find(c.message), std::string::npos) << p.error().str();
  }
}

} // namespace
} // namespace provcheck
