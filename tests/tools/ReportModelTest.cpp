// The risk model: rows per file, the score and its parts, totals, findings placed in
// files and lines. On the hand-built run of ReportTestData.
#include "tests/tools/ReportTestData.h"

#include <gtest/gtest.h>

#include <numeric>

namespace provcheck {
namespace {

using testing::sampleReport;
using testing::sampleRun;

const RiskRow &row(const RiskReport &r, const std::string &path) {
  for (const auto &x : r.rows)
    if (x.path == path) return x;
  throw std::runtime_error("no row for " + path);
}

double part(const RiskRow &r, const std::string &name) {
  for (const auto &p : r.parts)
    if (p.name == name) return p.points;
  return -1;
}

TEST(ReportModel, OneRowPerTouchedFileSortedByScore) {
  RiskReport r = sampleReport();
  ASSERT_EQ(r.rows.size(), 6u);
  EXPECT_EQ(r.patchCount, 3);
  for (size_t i = 1; i < r.rows.size(); ++i) EXPECT_GE(r.rows[i - 1].score, r.rows[i].score);
  EXPECT_EQ(r.rows[0].path, "qom/object.c");
}

TEST(ReportModel, ScoreIsTheSumOfItsParts) {
  RiskReport r = sampleReport();
  for (const auto &x : r.rows) {
    double sum = 0;
    for (const auto &p : x.parts) sum += p.points;
    EXPECT_DOUBLE_EQ(sum, x.score) << x.path;
    EXPECT_EQ(x.parts.size(), 5u) << x.path;
  }
}

TEST(ReportModel, CoreHeaderScore) {
  RiskReport r = sampleReport();
  const RiskRow &h = row(r, "include/qom/object.h");
  EXPECT_TRUE(h.core);
  EXPECT_EQ(h.category, Category::Core);
  EXPECT_EQ(part(h, "category"), 40);
  EXPECT_EQ(part(h, "size"), 3);      // 14 changed lines, one point per 5
  EXPECT_EQ(part(h, "ai"), 15);
  EXPECT_EQ(part(h, "ownership"), 0); // QOM is Supported
  EXPECT_EQ(part(h, "churn"), 3);
  EXPECT_EQ(h.score, 61);
  ASSERT_EQ(h.coreWhy.size(), 1u);
  EXPECT_EQ(h.coreWhy[0].detail, "header included by 812 files");
  EXPECT_EQ(h.parts[0].detail, "core: header included by 812 files");
  ASSERT_EQ(h.sections.size(), 1u);
  EXPECT_EQ(h.sections[0].maintainers.size(), 2u);
  EXPECT_EQ(h.firstLine, 120);
  EXPECT_EQ(h.verdict, VerdictKind::NeedsAgreement);
}

TEST(ReportModel, OrphanedCodeScoresOwnership) {
  RiskReport r = sampleReport();
  const RiskRow &f = row(r, "hw/misc/frob.c");
  EXPECT_FALSE(f.core);
  EXPECT_EQ(part(f, "category"), 20);
  EXPECT_EQ(part(f, "size"), 7); // 32 lines
  EXPECT_EQ(part(f, "ownership"), 15);
  EXPECT_EQ(f.parts[3].detail, "Frob device: Orphan");
  EXPECT_EQ(f.score, 57);
  EXPECT_EQ(f.entities, std::vector<std::string>{"function frob_read (body)"});
}

TEST(ReportModel, UnownedFileAndCappedChurn) {
  RiskReport r = sampleReport();
  const RiskRow &t = row(r, "tests/unit/test-qom-frob.c");
  EXPECT_EQ(part(t, "ownership"), 10);
  EXPECT_EQ(t.parts[3].detail, "no MAINTAINERS section");
  EXPECT_EQ(t.aiUsedFor, (std::vector<std::string>{"tests", "docs"}));
  const RiskRow &d = row(r, "docs/devel/qom.rst");
  EXPECT_EQ(part(d, "churn"), 10); // 12 recent commits, capped
  EXPECT_EQ(part(d, "ownership"), 10); // Odd Fixes
  EXPECT_EQ(part(d, "category"), 2);
}

TEST(ReportModel, WithoutHistoryChurnIsLeftOut) {
  RiskReport r = buildRiskReport(sampleRun(), RiskOptions{});
  EXPECT_FALSE(r.history);
  for (const auto &x : r.rows) {
    EXPECT_FALSE(x.recentCommits.has_value());
    EXPECT_EQ(part(x, "churn"), 0);
    EXPECT_EQ(x.parts[4].detail, "history not read");
  }
}

TEST(ReportModel, CategoryTotalsMatchTheDiffstat) {
  RunResult run = sampleRun();
  RiskReport r = buildRiskReport(run, {});
  int added = 0, removed = 0;
  for (const auto &s : run.series)
    for (const auto &p : s.patches) {
      added += p.patch.added();
      removed += p.patch.removed();
    }
  int catAdded = 0, catRemoved = 0, files = 0;
  for (const auto &c : r.categories) {
    catAdded += c.lines.added;
    catRemoved += c.lines.removed;
    files += c.files;
  }
  EXPECT_EQ(catAdded, added);
  EXPECT_EQ(catRemoved, removed);
  EXPECT_EQ(files, int(r.rows.size()));
  EXPECT_EQ(r.categories[int(Category::Core)].files, 2);
  EXPECT_EQ(r.categories[int(Category::Mechanical)].lines.added, 3);
}

TEST(ReportModel, FindingsArePlacedInFilesAndLines) {
  RiskReport r = sampleReport();
  // core finding on two files, info finding on two files, small-fix finding on one.
  ASSERT_EQ(r.findings.size(), 5u);
  EXPECT_EQ(r.findings[0].path, "include/qom/object.h");
  EXPECT_EQ(r.findings[0].line, 121);        // the finding's own line
  EXPECT_EQ(r.findings[1].path, "qom/object.c");
  EXPECT_EQ(r.findings[1].line, 300);        // first changed line of that file
  EXPECT_EQ(r.findings[4].rule, "small-fix-over-limit");
  EXPECT_EQ(r.findings[4].line, 88);
  EXPECT_EQ(r.findings[4].patch, "333333333333");
}

TEST(ReportModel, FileTouchedBySeveralPatchesIsOneRow) {
  RunResult run = sampleRun();
  // A fourth patch touching qom/object.c again, not AI-assisted, verdict ok.
  PatchResult extra = run.series[0].patches[0];
  extra.patch.id = "6666666666666666666666666666666666666666";
  extra.patch.files.erase(extra.patch.files.begin());
  extra.classification.files.erase(extra.classification.files.begin());
  extra.files.erase(extra.files.begin());
  extra.verdict = Verdict{};
  run.series[0].patches.push_back(extra);
  RiskReport r = buildRiskReport(run, {});
  const RiskRow &c = row(r, "qom/object.c");
  EXPECT_EQ(c.patches.size(), 2u);
  EXPECT_EQ(c.lines.added, 80);
  EXPECT_EQ(c.lines.removed, 6);
  EXPECT_EQ(part(c, "size"), 18);
  EXPECT_TRUE(c.aiAssisted);
  EXPECT_EQ(c.verdict, VerdictKind::NeedsAgreement);
  EXPECT_EQ(r.rows.size(), 6u);
}

TEST(ReportModel, WeightsAreData) {
  RiskOptions o;
  o.weights.aiAssisted = 0;
  o.weights.category[int(Category::Core)] = 50;
  RiskReport r = buildRiskReport(sampleRun(), o);
  const RiskRow &h = row(r, "include/qom/object.h");
  EXPECT_EQ(part(h, "ai"), 0);
  EXPECT_EQ(part(h, "category"), 50);
}

} // namespace
} // namespace provcheck
