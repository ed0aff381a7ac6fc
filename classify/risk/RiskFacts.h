// The facts a risk score is computed from, for one change: a patch, or the part of a
// patch that touches one file. Plain data, gathered from the stages' results (Facts.h)
// and read by the features (Features.h).
#pragma once

#include "classify/Classification.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace provcheck {

// Entities the AST map saw changed, by what kind of change they are. Names are
// "function foo", "struct S", "macro M", first seen first.
struct EntityChanges {
  std::vector<std::string> signatures; // function signatures and prototypes
  std::vector<std::string> layouts;    // structs, unions, enums and their members
  std::vector<std::string> macros;     // #define / #undef
  std::vector<std::string> bodies;     // function bodies
};

// The change as of its own date, from the history read (maps/ChangeHistory.h): only
// commits made before the change count.
struct HistoryFacts {
  int recent = 0;        // commits changing the files in the last recentDays
  int changes = 0;       // commits changing the files in the last historyDays (NUC)
  int fixes = 0;         // the files' commits that are fixes (a Fixes: trailer), in the
                         // last fixDays
  int fixed = 0;         // commits changing the files in the last historyDays that a
                         // commit made before the change names in a Fixes: trailer
  int authorInFiles = 0; // the author's commits changing the files in the last historyDays
  int authorCommits = 0; // the author's commits in the last historyDays
  int authors = 0;       // distinct authors of the files' commits in the last historyDays
  int age = 0;           // days since the files' last change, at most historyDays
  int recentDays = 0, fixDays = 0, historyDays = 0;
};

struct RiskFacts {
  int files = 0;                             // files changed
  int hunks = 0;                             // runs of changed lines (`git diff -U0` hunks)
  std::vector<std::string> directories;      // distinct directories of those files
  std::array<LineCounts, kCategoryCount> byCategory{}; // changed lines by category
  bool classified = false;                   // byCategory comes from classification
  // The change's own fix trailers (the model's fix_trailers, "Fixes: abc123 (\"...\")"):
  // their values, first first; the change is a fix when there is one.
  std::vector<std::string> fixes;

  // MAINTAINERS: the sections owning the files by path (not by keyword, not the
  // catch-all `F: *`), first seen first; nullopt when owners were not computed.
  std::optional<std::vector<std::string>> sections;
  std::string authorOwns;   // a section the author is an M: or R: of, "" when none
  std::string reviewerOwns; // "Name (section)": a Reviewed-by/Acked-by by an M:/R:
  // The status of the least maintained owning section ("Orphan", "Odd Fixes",
  // "Obsolete"), or "unowned" when a file has no section; "" when all are maintained.
  std::string weakOwnership;

  // Dependency map: the most depended-on file (transitive includers) and symbol (files
  // using it); -1 when there was no map.
  int includedBy = -1;
  std::string includedByPath;
  int symbolFanIn = -1;
  std::string symbolName;

  std::optional<EntityChanges> entities; // nullopt: no AST map (--no-ast)
  std::optional<HistoryFacts> history;   // nullopt: history not read

  int lines() const;   // all changed lines
  int removed() const; // of which removed lines
};

} // namespace provcheck
