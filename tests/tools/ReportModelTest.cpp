// The report model: rows per file, the risk of patches and files with the features'
// contributions, totals, findings placed in files and lines. On the hand-built run and
// history of ReportTestData.
#include "tests/tools/ReportTestData.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
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

const FeatureScore &feature(const RiskScore &s, const std::string &name) {
  for (const auto &f : s.features)
    if (f.name == name) return f;
  throw std::runtime_error("no feature " + name);
}

RiskReport reportWith(const RiskModel &model, const ChangeHistory *history = nullptr) {
  RiskOptions o;
  o.model = model;
  o.history = history;
  return buildRiskReport(sampleRun(), o);
}

TEST(ReportModel, OneRowPerTouchedFileSortedByRisk) {
  RiskReport r = sampleReport();
  ASSERT_EQ(r.rows.size(), 6u);
  EXPECT_EQ(r.patchCount, 3);
  for (size_t i = 1; i < r.rows.size(); ++i)
    EXPECT_GE(r.rows[i - 1].score(), r.rows[i].score());
  // Code and core code first; the mechanical rename, documentation and tests last.
  EXPECT_EQ(r.rows[0].path, "qom/object.c");
  std::set<std::string> last = {r.rows[3].path, r.rows[4].path, r.rows[5].path};
  EXPECT_EQ(last, (std::set<std::string>{"include/hw/misc/frob.h", "docs/devel/qom.rst",
                                         "tests/unit/test-qom-frob.c"}));
}

TEST(ReportModel, EveryScoreIsTheBasePlusItsContributions) {
  RiskReport r = sampleReport();
  auto check = [](const RiskScore &s, const std::string &what) {
    long sum = std::lround(s.base * 10);
    for (const auto &f : s.features) sum += std::lround(f.contribution * 10);
    EXPECT_EQ(sum, std::lround(s.score * 10)) << what;
    EXPECT_EQ(s.features.size(), 27u) << what;
  };
  for (const auto &x : r.rows) check(x.risk, x.path);
  for (const auto &p : r.patches) check(p.risk, p.ref.id);
}

TEST(ReportModel, FeaturesOfAFileComeFromItsOwnChange) {
  RiskReport r = sampleReport();
  const RiskRow &f = row(r, "hw/misc/frob.c");
  EXPECT_EQ(feature(f.risk, "fixes").words, "2 fixes in the last year");
  EXPECT_EQ(feature(f.risk, "fixed").words, "1 change of the last 2 years needed a fix");
  EXPECT_EQ(feature(f.risk, "author_in_files").words, "author's 1 earlier change to this file");
  EXPECT_EQ(feature(f.risk, "weak_ownership").words, "section status Orphan");
  EXPECT_EQ(feature(f.risk, "lines").value, 32);
  EXPECT_EQ(feature(f.risk, "files").value, 1);
  EXPECT_EQ(f.recentCommits, 0);
  EXPECT_EQ(f.riskPatch, "333333333333");
  const RiskRow &h = row(r, "include/qom/object.h");
  EXPECT_EQ(feature(h.risk, "recent").words, "3 changes in the last 90 days");
  EXPECT_EQ(feature(h.risk, "author_in_files").words, "author new to this file");
  EXPECT_EQ(h.recentCommits, 3);
  // The patch as a whole: both QOM files, three authors' worth of history.
  const PatchRisk &qom = r.patches[0];
  EXPECT_EQ(feature(qom.risk, "files").value, 2);
  EXPECT_EQ(feature(qom.risk, "recent").value, 7);
  EXPECT_EQ(qom.lines.added, 52);
  EXPECT_FALSE(qom.laterFixes); // not a commit of the history read
}

TEST(ReportModel, WithoutHistoryItsFeaturesAreAbsent) {
  RiskReport r = reportWith(testing::sampleModel());
  EXPECT_FALSE(r.history);
  for (const auto &x : r.rows) {
    EXPECT_FALSE(x.recentCommits.has_value());
    const FeatureScore &fixes = feature(x.risk, "fixes");
    EXPECT_FALSE(fixes.value);
    EXPECT_EQ(fixes.contribution, 0);
    EXPECT_EQ(fixes.words, "absent: history not read");
  }
}

TEST(ReportModel, PatchesOfTheHistoryKnowTheirLaterFixes) {
  RunResult run = sampleRun();
  ChangeHistory h;
  h.tipTime = 1767225600 + 86400 * 10;
  h.add({run.series[0].patches[2].patch.id, 1767225600 + 180, "zoe@example.org",
         run.series[0].patches[2].patch.subject, false, {}, {}, {}},
        {"hw/misc/frob.c"});
  h.add({"9999999999999999999999999999999999999999", 1767225600 + 86400, "x@example.org",
         "hw/misc/frob: fix the fix", true, {{"333333333333", ""}}, {}, {}},
        {"hw/misc/frob.c"});
  h.finish();
  RiskOptions o;
  o.model = testing::sampleModel();
  o.history = &h;
  RiskReport r = buildRiskReport(run, o);
  ASSERT_TRUE(r.patches[2].laterFixes);
  EXPECT_EQ(*r.patches[2].laterFixes, std::vector<std::string>{"999999999999"});
  EXPECT_FALSE(r.patches[0].laterFixes);
  // The later fix is what the score predicts, never part of it: the patch is judged as of
  // its own time, before the fix.
  EXPECT_EQ(feature(r.patches[2].risk, "fixes").value, 0);
}

TEST(ReportModel, AChangedWeightChangesTheRanking) {
  // By hand: size alone, then size and a heavy weight on core-ness.
  RiskModel size;
  size.intercept = -3;
  size.features = {{"lines", 0.6, 2}};
  RiskModel core = size;
  core.features.push_back({"core_share", 3.0, 0.2});
  RiskReport bySize = reportWith(size), byCore = reportWith(core);
  EXPECT_EQ(bySize.rows[0].path, "tests/unit/test-qom-frob.c"); // 55 lines
  EXPECT_EQ(bySize.rows[1].path, "qom/object.c");               // 43 lines
  EXPECT_EQ(byCore.rows[0].path, "qom/object.c");
  EXPECT_EQ(byCore.rows[1].path, "include/qom/object.h");       // 14 lines, all core
}

TEST(ReportModel, ARowKeepsItsRiskiestChange) {
  RunResult run = sampleRun();
  // A fourth patch touching qom/object.c again with a single line.
  PatchResult extra = run.series[0].patches[0];
  extra.patch.id = "6666666666666666666666666666666666666666";
  extra.patch.files.erase(extra.patch.files.begin());
  extra.patch.files[0].hunks[0].lines.resize(1);
  extra.classification.files.erase(extra.classification.files.begin());
  extra.classification.files[0].byCategory[int(Category::Core)] = {0, 1};
  extra.files.erase(extra.files.begin());
  extra.verdict = Verdict{};
  run.series[0].patches.push_back(extra);
  RiskOptions o;
  o.model = testing::sampleModel();
  RiskReport r = buildRiskReport(run, o);
  const RiskRow &c = row(r, "qom/object.c");
  EXPECT_EQ(c.patches.size(), 2u);
  EXPECT_EQ(c.lines.added, 40);
  EXPECT_EQ(c.lines.removed, 4);
  EXPECT_EQ(c.riskPatch, "111111111111");
  EXPECT_EQ(feature(c.risk, "lines").value, 43);
  EXPECT_TRUE(c.aiAssisted);
  EXPECT_EQ(c.verdict, VerdictKind::NeedsAgreement);
  EXPECT_EQ(r.rows.size(), 6u);
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

TEST(ReportModel, ACategoryShowsItsRiskiestFileNotASum) {
  RiskReport r = testing::sampleReport();
  const CategoryTotal &core = r.categories[int(Category::Core)];
  ASSERT_EQ(core.files, 2);
  // qom/object.c and include/qom/object.h: the higher of the two, not their sum.
  double highest = std::max(row(r, "qom/object.c").score(),
                            row(r, "include/qom/object.h").score());
  EXPECT_GT(row(r, "include/qom/object.h").score(), 0);
  EXPECT_EQ(core.score, highest);
  for (const CategoryTotal &c : r.categories)
    for (const RiskRow &x : r.rows)
      if (x.category == c.category) {
        EXPECT_LE(x.score(), c.score) << x.path;
      }
}

TEST(ReportModel, FindingsArePlacedInFilesAndLines) {
  RiskReport r = sampleReport();
  // core finding on two files, info finding on two files, small-fix finding on one.
  ASSERT_EQ(r.findings.size(), 5u);
  EXPECT_EQ(r.findings[0].path, "include/qom/object.h");
  EXPECT_EQ(r.findings[0].line, 121);        // the finding's own line
  EXPECT_EQ(r.findings[1].path, "qom/object.c");
  EXPECT_EQ(r.findings[1].line, 300);        // first changed line of that file
  // Each file with its own entities, not the finding's union.
  EXPECT_EQ(r.findings[0].entities, std::vector<std::string>{"function object_frob (signature)"});
  EXPECT_EQ(r.findings[1].entities, std::vector<std::string>{"function object_frob (body)"});
  EXPECT_EQ(r.findings[4].rule, "small-fix-over-limit");
  EXPECT_EQ(r.findings[4].line, 88);
  EXPECT_EQ(r.findings[4].patch, "333333333333");
}

} // namespace
} // namespace provcheck
