// Builders for classification tests: a FileChange made by diffing two texts with
// libgit2 (as git would show them), and a Patch from several of them.
#pragma once

#include "analysis/DiffReader.h"
#include "analysis/Git.h"
#include "analysis/Patch.h"
#include "classify/Classification.h"
#include "classify/Classifier.h"
#include "classify/Rules.h"
#include "tests/support/MemTree.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace provcheck {
inline void PrintTo(const Reason &r, std::ostream *os) { *os << "{" << r.rule << ": " << r.detail << "}"; }
inline void PrintTo(const LineCounts &c, std::ostream *os) { *os << "+" << c.added << "/-" << c.removed; }
inline void PrintTo(Category c, std::ostream *os) { *os << toString(c); }
} // namespace provcheck

namespace provcheck::testing {

inline FileChange diffTexts(const std::string &oldPath, const std::string &oldText,
                            const std::string &newPath, const std::string &newText) {
  git::ensureInit();
  FileChange fc;
  fc.oldPath = oldPath.empty() ? newPath : oldPath;
  fc.newPath = newPath.empty() ? oldPath : newPath;
  fc.status = oldPath.empty() ? FileStatus::Added
              : newPath.empty() ? FileStatus::Deleted
                                : FileStatus::Modified;
  git_patch *raw = nullptr;
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 3;
  EXPECT_EQ(0, git_patch_from_buffers(&raw, oldText.data(), oldText.size(), fc.oldPath.c_str(),
                                      newText.data(), newText.size(), fc.newPath.c_str(), &opts));
  git::PatchPtr patch(raw);
  EXPECT_TRUE(readPatchHunks(patch.get(), fc, fc.newPath).ok());
  return fc;
}

inline FileChange modify(const std::string &path, const std::string &oldText,
                         const std::string &newText) {
  return diffTexts(path, oldText, path, newText);
}

inline Patch makePatch(std::vector<FileChange> files, std::string message = "subject\n") {
  Patch p;
  p.id = "0123456789abcdef0123456789abcdef01234567";
  p.subject = message.substr(0, message.find('\n'));
  p.message = std::move(message);
  p.files = std::move(files);
  return p;
}

// A patch built from whole texts, with the trees before and after it: what the proofs
// read beyond the hunks (where a hunk starts, what a name meant before the patch).
struct TextPatch {
  std::map<std::string, std::string> before, after; // the trees (changed files and others)
  std::vector<FileChange> files;

  TextPatch &modify(const std::string &path, const std::string &a, const std::string &b) {
    before[path] = a;
    after[path] = b;
    files.push_back(testing::modify(path, a, b));
    return *this;
  }
  TextPatch &add(const std::string &path, const std::string &b) {
    after[path] = b;
    files.push_back(diffTexts("", "", path, b));
    return *this;
  }
  // A file of both trees that the patch leaves alone.
  TextPatch &keep(const std::string &path, const std::string &text) {
    before[path] = after[path] = text;
    return *this;
  }
  Patch patch(std::string message = "subject\n") const { return makePatch(files, std::move(message)); }
  PatchImages images() const {
    return {std::make_shared<MemTree>(before), std::make_shared<MemTree>(after), ""};
  }
};

// A dependency map that only knows which files declare which names: the symbol index
// the rename proof reads. No includes, no fan-in.
class SymbolIndex : public DependencyMap {
public:
  SymbolIndex() = default;
  SymbolIndex(std::initializer_list<std::pair<const std::string, std::vector<std::string>>> declared)
      : declared_(declared) {}
  int includedBy(std::string_view) const override { return 0; }
  int symbolFanIn(std::string_view) const override { return 0; }
  std::vector<std::string> declaredIn(std::string_view symbol) const override {
    auto it = declared_.find(std::string(symbol));
    return it == declared_.end() ? std::vector<std::string>{} : it->second;
  }

private:
  std::map<std::string, std::vector<std::string>> declared_;
};

// Whether a hunk has a reason of `rule` whose detail contains `part`.
inline bool hasReason(const HunkClass &h, const std::string &rule, const std::string &part = "") {
  for (const Reason &r : h.reasons)
    if (r.rule == rule && r.detail.find(part) != std::string::npos) return true;
  return false;
}

// The accounting invariant: every changed line in exactly one category; per-category
// totals equal the diffstat of each file and of the patch.
inline void expectAccounting(const Patch &patch, const PatchClass &pc) {
  ASSERT_EQ(pc.files.size(), patch.files.size());
  LineCounts total;
  for (size_t f = 0; f < patch.files.size(); ++f) {
    const FileClass &fc = pc.files[f];
    ASSERT_EQ(fc.hunks.size(), patch.files[f].hunks.size()) << fc.path;
    LineCounts file, hunks;
    for (const LineCounts &c : fc.byCategory) file.added += c.added, file.removed += c.removed;
    for (const HunkClass &h : fc.hunks) hunks.added += h.lines.added, hunks.removed += h.lines.removed;
    EXPECT_EQ(file.added, patch.files[f].added()) << fc.path;
    EXPECT_EQ(file.removed, patch.files[f].removed()) << fc.path;
    EXPECT_EQ(hunks, file) << fc.path;
  }
  for (const LineCounts &c : pc.byCategory) total.added += c.added, total.removed += c.removed;
  EXPECT_EQ(total.added, patch.added());
  EXPECT_EQ(total.removed, patch.removed());
}

// The rules of the detector tests: docs/ and tests/ by path, util/ as core, repeated
// edits from 3 sites, and two tool patterns (spatch, sed s///).
inline ClassifyRules detectorRules() {
  ClassifyRules r;
  r.pathRules = {{"docs-dir", "docs/", Category::Docs}, {"tests-dir", "tests/", Category::Tests}};
  r.corePaths = {{"core-util", "util/", Category::Core}};
  r.repeatedEditMinSites = 3;
  r.toolPatterns = {R"(\bspatch\b)", R"(\bsed\b.*\bs/)"};
  return r;
}

// `patch` classified with `rules` (and the images and dependency map when given), its
// line accounting checked.
inline PatchClass classifyChecked(const Patch &patch, const ClassifyRules &rules = detectorRules(),
                                  const PatchImages *images = nullptr,
                                  const DependencyMap *deps = nullptr) {
  PatchClass pc = classify({patch, nullptr, deps, nullptr, images}, rules);
  expectAccounting(patch, pc);
  return pc;
}

// A C file of `n` numbered filler functions, to place code at known lines.
inline std::string filler(int n, const std::string &prefix = "fill") {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += "static int " + prefix + std::to_string(i) + "(int v)\n{\n    return v + " +
         std::to_string(i) + ";\n}\n\n";
  return s;
}

} // namespace provcheck::testing
