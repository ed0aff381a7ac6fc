// The per-file risk report: one row per file touched by the patches of a run, with the
// facts that make it risky and a score whose parts are shown. Computed once from a
// RunResult (and the repository's recent history); every report renderer reads it and
// computes nothing. The score is defined in tools/provcheck/REPORTS.md.
#pragma once

#include "analysis/Error.h"
#include "analysis/Patch.h"
#include "classify/Classification.h"
#include "classify/Verdict.h"
#include "tools/provcheck/Run.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace provcheck {

// The weights of the score, as data. Maximum total: 100 with the defaults.
struct RiskWeights {
  // Points for the file's category (its highest across the patches).
  std::array<double, kCategoryCount> category{2, 5, 5, 20, 40}; // docs tests mech code core
  double linesPerPoint = 5;      // size: one point per this many changed lines...
  double sizeCap = 20;           // ...up to this many points
  double aiAssisted = 15;        // a change declared (or assumed) AI-assisted
  // Ownership: the status of the most specific owning section (by path, not keyword).
  std::map<std::string, double> status{{"Orphan", 15}, {"Obsolete", 10}, {"Odd Fixes", 10},
                                       {"Odd fixes", 10}};
  double unowned = 10;           // no MAINTAINERS section owns the file
  double perRecentCommit = 1;    // churn: points per commit touching it in the window...
  double churnCap = 10;          // ...up to this many points
  static RiskWeights defaults() { return {}; }
};

// How far back "recent" history goes: both bounds apply, the tighter one wins.
struct HistoryWindow {
  std::string tip = "HEAD"; // revision the walk starts from
  int days = 90;            // commits made at most this many days before the tip
  int maxCommits = 1000;    // and at most this many commits (first-parent walk)
};

// Commits touching each path in the window, read from libgit2 history. Paths not seen
// in the window count 0. Fast: compares tree entry ids along each path, never diffs.
struct ChangeFrequency {
  std::map<std::string, int> commits; // path -> commits in the window
  int walked = 0;                     // commits examined
  int64_t since = 0;                  // oldest author time still in the window
  std::string tip;                    // commit id the walk started from
};
Expected<ChangeFrequency> recentChanges(const std::string &repository,
                                        const std::vector<std::string> &paths,
                                        const HistoryWindow &window);

// One part of a score: which fact, how many points, and the evidence.
struct ScorePart {
  std::string name;   // "category", "size", "ai", "ownership", "churn"
  double points = 0;
  std::string detail; // "core: header included by 1423 files", "142 changed lines"
};

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
  std::optional<int> recentCommits; // commits touching it in the window; none: no history
  VerdictKind verdict = VerdictKind::Ok; // worst verdict of the patches touching it
  std::vector<PatchRef> patches;
  int firstLine = 0;  // first changed line of the post-image (pre-image when deleted)
  double score = 0;
  std::vector<ScorePart> parts; // score == sum of parts' points
};

// A policy finding placed in a file and a line, for code scanning (SARIF) and lists.
struct LocatedFinding {
  std::string rule, clause;
  Severity severity = Severity::Warning;
  VerdictKind effect = VerdictKind::Ok;
  std::string message;
  std::string patch;   // PatchRef::id of the patch it is about
  std::string patchSubject;
  std::string path;    // repository path; for a finding about the message only, the
  int line = 1;        // patch's first file and first changed line
  std::vector<std::string> entities;
  bool satisfied = false;
  std::string satisfiedBy;
};

struct CategoryTotal {
  Category category = Category::Code;
  int files = 0;      // rows of this category
  LineCounts lines;   // changed lines of this category, over every file
  double score = 0;   // sum of the scores of the rows of this category
};

struct RiskReport {
  std::string repository;
  std::string policy;
  int patchCount = 0, seriesCount = 0;
  std::vector<PatchRef> patches;        // input order
  std::vector<RiskRow> rows;            // by score, highest first; ties by path
  std::array<CategoryTotal, kCategoryCount> categories{};
  std::vector<LocatedFinding> findings; // patch order, then finding order
  bool history = false;                 // recentCommits were computed
  HistoryWindow window;
  int historyWalked = 0;
  RiskWeights weights;
  std::vector<Skipped> skipped;
  std::vector<std::string> notices;
};

struct RiskOptions {
  RiskWeights weights;
  // Commits per path in the recent window; when absent, churn is left out of the score.
  std::optional<ChangeFrequency> history;
  HistoryWindow window; // recorded in the report
};

// Every file touched by the run's patches (by the path it has after the change).
std::vector<std::string> touchedPaths(const RunResult &run);

RiskReport buildRiskReport(const RunResult &run, const RiskOptions &options);

// Names used in every output format.

} // namespace provcheck
