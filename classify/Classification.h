// What classification concludes about a patch: a category for every hunk, with the
// reasons, aggregated per file and per patch. Plain data; the rules live in classify/.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace provcheck {

// Ordered from most specific to most general; the order is also the display order.
enum class Category { Docs, Tests, Mechanical, Code, Core };
inline constexpr int kCategoryCount = 5;
const char *toString(Category);

// One piece of evidence: which rule fired and on what.
struct Reason {
  std::string rule;   // stable id: "path-docs", "formatting-only", "rename", "moved",
                      // "include-only", "repeated-edit", "core-path", "header-fan-in", ...
  std::string detail; // human evidence: "docs/**", "foo_init -> foo_realize",
                      // "moved from hw/x.c:120", "header included by 1423 files"
  bool operator==(const Reason &) const = default;
};

struct LineCounts {
  int added = 0, removed = 0;
  bool operator==(const LineCounts &) const = default;
};

struct HunkClass {
  Category category = Category::Code;
  bool commentOnly = false;      // also documentation
  std::vector<Reason> reasons;
  LineCounts lines;
  int smallFixLines = 0;         // contribution to the small-fix measure
  std::vector<std::string> entities; // "function foo (body)", from the AST map
};

struct FileClass {
  std::string path;
  Category category = Category::Code; // the file's own category (path rules + hunks)
  std::vector<Reason> reasons;        // file-level evidence (path rule, core facts)
  std::vector<HunkClass> hunks;       // parallel to FileChange::hunks
  std::array<LineCounts, kCategoryCount> byCategory{};
  int smallFixLines = 0;
  bool degraded = false;              // AST evidence incomplete for this file
  std::vector<std::string> degradedReasons;
  // Dependency facts, -1 without a dependency map: the files including this one
  // (transitively), and the most used symbol its code hunks change, with its fan-in.
  int includedBy = -1;
  int symbolFanIn = -1;
  std::string symbol;
};

// A deterministic tool the commit message quotes (a sed, perl or spatch command, a
// semantic patch), and what replaying it on the pre-image showed.
enum class ToolClaimStatus {
  Reproduced,    // it makes exactly the patch's changes to the files it touches
  Partly,        // some hunks are what it makes, others are not
  NotReproduced, // the diff is not what it makes
  NotReplayable, // it cannot be run safely or completely (why: `detail`)
  Unavailable,   // the tool is not installed here
};
const char *toString(ToolClaimStatus);

struct ToolClaim {
  std::string tool;    // "sed", "perl", "spatch"
  std::string command; // as quoted, on one line (shortened when long)
  int line = 0;        // 1-based line of the message where it starts
  ToolClaimStatus status = ToolClaimStatus::NotReplayable;
  std::string detail;  // "3 of 4 hunks reproduced; hw/x.c @@ -10,7 +10,7 @@ differs",
                       // "the s command's w flag writes a file", "spatch not installed"
  int hunksReproduced = 0; // hunks of the patch this command's replay made exactly
  bool madeChanges = false; // its replay changed a file (another command may make the diff)
  bool meetsPatch = false;  // what it changed meets a hunk of the patch (context included)
  bool operator==(const ToolClaim &) const = default;
};

struct PatchClass {
  // The patch's category; `mixed` when changed lines fall in several categories.
  bool mixed = false;
  Category category = Category::Code;
  std::vector<FileClass> files;       // parallel to Patch::files
  std::array<LineCounts, kCategoryCount> byCategory{};
  int smallFixLines = 0;              // see README "small-fix measure"
  std::vector<std::string> tools;     // deterministic tools named in the message (evidence)
  std::vector<ToolClaim> toolClaims;  // commands the message quotes, replayed (classify/Proofs.h)
  std::string label() const;          // "docs", ..., or "mixed"
};

} // namespace provcheck
