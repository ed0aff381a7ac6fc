// The per-file risk report: one row per file touched by the patches of a run, with the
// facts that make it risky, and the risk of every patch and file from the policy's risk
// model (classify/risk/Model.h) with each feature's contribution. Computed once from a
// RunResult and the history of the touched files; every report renderer reads it and
// computes nothing. The score is defined in tools/provcheck/REPORTS.md.
#pragma once

#include "analysis/Error.h"
#include "analysis/Patch.h"
#include "classify/Classification.h"
#include "classify/Verdict.h"
#include "classify/risk/Model.h"
#include "maps/ChangeHistory.h"
#include "tools/provcheck/Run.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace provcheck {

struct SectionSummary {
  std::string name;
  std::string status; // S: as written, "" when absent
  std::vector<Person> maintainers;
  std::vector<Person> reviewers;
  std::vector<std::string> lists;
};

// A patch touching a row's file, for cross-reference.
struct PatchRef {
  std::string id;      // short commit id, Message-ID or origin name
  std::string subject;
  VerdictKind verdict = VerdictKind::Ok;
};

// A patch of the report with its risk.
struct PatchRisk {
  PatchRef ref;
  LineCounts lines;
  RiskScore risk;
  // Commits of the history read that name this patch in a Fixes: trailer (short ids);
  // nullopt when the history was not read or does not hold the patch. Never part of
  // the score: it is what the score predicts.
  std::optional<std::vector<std::string>> laterFixes;
};

struct RiskRow {
  std::string path;
  Category category = Category::Code;                   // highest over the patches
  std::array<LineCounts, kCategoryCount> byCategory{};  // changed lines by category
  LineCounts lines;                                     // all changed lines
  std::vector<std::string> entities;                    // entities changed, first seen first
  bool core = false;
  std::vector<Reason> coreWhy;     // path rule, "header included by N files", fan-in...
  std::vector<SectionSummary> sections;                 // get_maintainer.pl order
  bool aiAssisted = false;
  std::vector<std::string> aiUsedFor;
  std::optional<int> recentCommits; // commits changing it in the model's recent window
                                    // before the patch; none: history not read
  VerdictKind verdict = VerdictKind::Ok; // worst verdict of the patches touching it
  std::vector<PatchRef> patches;
  int firstLine = 0;  // first changed line of the post-image (pre-image when deleted)
  // The risk of the riskiest change to the file: each patch's part touching it is
  // scored as a change of its own, and the highest score is kept.
  RiskScore risk;
  std::string riskPatch; // PatchRef::id of that patch
  double score() const { return risk.score; }
};

// A policy finding placed in a file and a line, for code scanning (SARIF) and lists.
struct LocatedFinding {
  std::string rule, clause;
  Severity severity = Severity::Warning;
  VerdictKind effect = VerdictKind::Ok;
  std::string message;
  std::string patch;   // PatchRef::id of the patch it is about
  std::string patchSubject;
  std::string path;    // repository path; "" for a finding about the commit message
  int line = 1;        // the finding's line in `path` (1 when it names none)
  std::vector<std::string> entities; // the entities of `path` the finding is about
  bool satisfied = false;
  std::string satisfiedBy;
  int messageLine = 0; // a finding about the message: its line there (subject = 1), or 0
  // Where a finding about the message is shown by readers that place every result in a
  // file (code scanning, Code Quality): the patch's first changed file and line. Empty for
  // a patch that changes no file.
  std::string anchorPath;
  int anchorLine = 1;

  bool aboutMessage() const { return path.empty(); }
  // `path`, or for a finding about the message its anchor.
  const std::string &shownPath() const { return aboutMessage() ? anchorPath : path; }
  int shownLine() const { return aboutMessage() ? anchorLine : (line > 0 ? line : 1); }
  // "util/cutils.c:12", or "message of 0919426b8354 line 7" for the message.
  std::string where() const;
};

struct CategoryTotal {
  Category category = Category::Code;
  int files = 0;      // rows of this category
  LineCounts lines;   // changed lines of this category, over every file
  double score = 0;   // the highest score of the rows of this category
};

// The history the risk was computed with.
struct HistorySummary {
  std::string from;   // the revision as named: "origin/master", "HEAD"
  std::string tip;    // its commit id
  int64_t since = 0;  // oldest commit time read
  int walked = 0;     // commits read
  FixResolution fixes;
};

struct RiskReport {
  std::string repository;
  std::string policy;
  int patchCount = 0, seriesCount = 0;
  std::vector<PatchRisk> patches;       // input order
  std::vector<RiskRow> rows;            // by score, highest first; ties by path
  std::array<CategoryTotal, kCategoryCount> categories{};
  std::vector<LocatedFinding> findings; // patch order, then finding order
  std::optional<HistorySummary> history; // none: not read (--no-history, no repository)
  RiskModel model;
  std::vector<Skipped> skipped;
  std::vector<std::string> notices;
};

struct RiskOptions {
  RiskModel model;
  // The history of the touched files (maps/ChangeHistory.h); when null, the history
  // features are absent.
  const ChangeHistory *history = nullptr;
  std::string historyFrom; // the revision it was read from, as named
};

RiskReport buildRiskReport(const RunResult &run, const RiskOptions &options);

// The same report built as the run is computed, a patch at a time (RunSink's order:
// begin, then for each series beginSeries, add for each patch, endSeries; finish with the
// run's last header): it keeps a row per file, a PatchRisk per patch and the findings,
// never the patches. `options` is read at each add(): its history may be set until the
// first one.
class RiskReportBuilder {
public:
  explicit RiskReportBuilder(const RiskOptions &options);
  ~RiskReportBuilder();
  RiskReportBuilder(const RiskReportBuilder &) = delete;
  RiskReportBuilder &operator=(const RiskReportBuilder &) = delete;

  void begin(const RunResult &header);
  void beginSeries();
  void add(const PatchResult &patch);
  void endSeries(const Verdict &seriesVerdict);
  // The report; `header`: repository, policy, skipped and notices.
  RiskReport finish(const RunResult &header);

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace provcheck
