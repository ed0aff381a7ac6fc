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
};

struct PatchClass {
  // The patch's category; `mixed` when changed lines fall in several categories.
  bool mixed = false;
  Category category = Category::Code;
  std::vector<FileClass> files;       // parallel to Patch::files
  std::array<LineCounts, kCategoryCount> byCategory{};
  int smallFixLines = 0;              // see README "small-fix measure"
  std::vector<std::string> tools;     // deterministic tools named in the message (evidence)
  std::string label() const;          // "docs", ..., or "mixed"
};

} // namespace provcheck
