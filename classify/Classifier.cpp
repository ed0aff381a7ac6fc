#include "classify/Classifier.h"

#include "analysis/UniqueList.h"
#include "classify/CoreRules.h"
#include "classify/PathRules.h"
#include "classify/ProofMerge.h"
#include "classify/SmallFix.h"
#include "classify/ToolMentions.h"
#include "classify/detect/Detectors.h"
#include "classify/detect/PatchTexts.h"

#include <algorithm>

namespace provcheck {
namespace {

// "function foo (body)" for each entity a hunk's lines touch, in order, without repeats.
std::vector<std::string> entityNames(const FileEntities *fe, size_t hunk) {
  std::vector<std::string> out;
  UniqueAppender add(out);
  if (!fe || hunk >= fe->hunks.size()) return out;
  for (const LineAttribution &a : fe->hunks[hunk].lines) {
    const auto &list = a.side == Side::Old ? fe->oldEntities : fe->newEntities;
    if (a.entity < 0 || a.entity >= static_cast<int>(list.size())) continue;
    const Entity &e = list[a.entity];
    std::string s = std::string(toString(e.kind)) + " " + e.name;
    if (a.part != EntityPart::Whole) s += std::string(" (") + toString(a.part) + ")";
    add(std::move(s));
  }
  return out;
}

void addLines(LineCounts &to, const LineCounts &from) {
  to.added += from.added;
  to.removed += from.removed;
}

bool holdsLines(const LineCounts &c) { return c.added + c.removed > 0; }

// The category of a code file without hunks of its own (binary, pure rename, mode, or
// contents not in the repository).
Reason noHunkReason(const FileChange &file) {
  if (!file.unavailable.empty()) return {"unavailable", file.unavailable};
  if (file.binary) return {"binary", "binary file"};
  if (file.status == FileStatus::Renamed) return {"renamed", "renamed from " + file.oldPath};
  return {"no-lines", toString(file.status)};
}

// Keeps the most used of a code hunk's changed symbols as the file's symbol fan-in.
void noteFanIn(FileClass &out, const std::vector<std::string> &symbols,
               const DependencyMap *deps) {
  if (!deps) return;
  out.symbolFanIn = std::max(out.symbolFanIn, 0);
  for (const std::string &s : symbols)
    if (int n = deps->symbolFanIn(s); n > out.symbolFanIn) {
      out.symbolFanIn = n;
      out.symbol = s;
    }
}

void classifyFile(const FileChange &file, const FileFacts &facts,
                  const std::vector<std::optional<Mechanical>> &claims,
                  const std::vector<std::vector<Reason>> &refuted,
                  const std::vector<std::vector<Reason>> &confirmed,
                  const std::vector<std::vector<std::string>> &notProven, const PathRule *pathRule,
                  const FileEntities *fe, const DependencyMap *deps, const ClassifyRules &rules,
                  FileClass &out) {
  out.path = file.path();
  if (fe) {
    out.degraded = fe->degraded;
    out.degradedReasons = fe->degradedReasons;
  }
  if (!file.unavailable.empty() && !out.degraded) {
    out.degraded = true;
    out.degradedReasons.push_back(file.unavailable);
  }
  bool byPath = pathRule && pathRule->category != Category::Code;
  if (byPath) out.reasons.push_back({pathRule->id, pathRule->pattern});
  std::optional<Reason> corePath = byPath ? std::nullopt : corePathReason(rules, file);
  std::optional<Reason> includeFanIn =
      byPath ? std::nullopt : includeFanInReason(rules, file, deps);
  if (corePath) out.reasons.push_back(*corePath);
  if (includeFanIn) out.reasons.push_back(*includeFanIn);
  if (deps) out.includedBy = deps->includedBy(file.oldPath.empty() ? file.path() : file.oldPath);

  out.hunks.resize(file.hunks.size());
  for (size_t h = 0; h < file.hunks.size(); ++h) {
    const Hunk &hunk = file.hunks[h];
    HunkClass &hc = out.hunks[h];
    hc.lines = {hunk.added(), hunk.removed()};
    hc.entities = entityNames(fe, h);
    if (byPath) {
      hc.category = pathRule->category;
      hc.reasons.push_back({pathRule->id, pathRule->pattern});
      if (claims[h] && !claims[h]->commentOnly) hc.reasons.push_back(claims[h]->reason);
    } else if (claims[h]) {
      hc.category = claims[h]->commentOnly ? Category::Docs : Category::Mechanical;
      hc.commentOnly = claims[h]->commentOnly;
      hc.reasons.push_back(claims[h]->reason);
    } else {
      std::vector<std::string> symbols = changedSymbols(file, h, facts.hunks[h], fe);
      noteFanIn(out, symbols, deps);
      if (corePath) {
        hc.category = Category::Core;
        hc.reasons.push_back(*corePath);
      } else if (includeFanIn) {
        hc.category = Category::Core;
        hc.reasons.push_back(*includeFanIn);
      } else if (auto sym = symbolFanInReason(rules, symbols, deps)) {
        hc.category = Category::Core;
        hc.reasons.push_back(*sym);
      } else {
        hc.category = Category::Code;
        hc.reasons.push_back({"code", "no docs, tests, mechanical or core rule applies"});
      }
    }
    if (!byPath && !claims[h] && h < refuted.size())
      hc.reasons.insert(hc.reasons.begin(), refuted[h].begin(), refuted[h].end());
    if (claims[h] && h < confirmed.size()) // every other proof of the hunk, named too
      hc.reasons.insert(hc.reasons.end(), confirmed[h].begin(), confirmed[h].end());
    // What came close to a proof of mechanical, and why it is none.
    if (!byPath && !claims[h])
      for (const std::string &why : notProven[h]) hc.reasons.push_back({"not-proven", why});
    if (!byPath) hc.smallFixLines = smallFixLines(hunk, facts.hunks[h], hc.category);
    addLines(out.byCategory[static_cast<int>(hc.category)], hc.lines);
    out.smallFixLines += hc.smallFixLines;
  }

  // The file's own category: its path rule, else the most significant category holding
  // lines (core, code, mechanical, docs).
  if (byPath) {
    out.category = pathRule->category;
  } else if (file.hunks.empty()) {
    out.reasons.push_back(noHunkReason(file));
    out.category = corePath ? Category::Core : Category::Code;
    // The same text under another name still changes what names it: an #include or a
    // build rule may find another file now, or lose this one.
    if (file.status == FileStatus::Renamed && !file.binary)
      out.reasons.push_back(
          {"not-proven", "renamed (whether every include and build rule that named " +
                             file.oldPath + " follows it, and none that meant another file "
                             "finds " + file.path() + " now, is not checked)"});
  } else {
    out.category = Category::Docs;
    for (Category c : {Category::Core, Category::Code, Category::Mechanical, Category::Docs})
      if (holdsLines(out.byCategory[static_cast<int>(c)])) {
        out.category = c;
        break;
      }
  }
}

// Where a file's lines count for "mixed": docs files, tests files, or the code area
// (code, core, mechanical, and comment-only hunks in code files).
enum class Area { Docs, Tests, Code };

Area areaOf(const FileClass &fc, const PathRule *rule) {
  if (rule && rule->category == Category::Docs) return Area::Docs;
  if (rule && rule->category == Category::Tests) return Area::Tests;
  (void)fc;
  return Area::Code;
}

// The same tokens, of the same kinds, on the same lines.
bool sameLexing(const std::vector<HunkToken> &a, const std::vector<HunkToken> &b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].text != b[i].text || a[i].kind != b[i].kind || a[i].line != b[i].line) return false;
  return true;
}

// Whether two lexings of a file's hunks read the same code and comments.
bool sameFacts(const FileFacts &a, const FileFacts &b) {
  if (a.hunks.size() != b.hunks.size()) return false;
  for (size_t h = 0; h < a.hunks.size(); ++h) {
    const HunkFacts &x = a.hunks[h], &y = b.hunks[h];
    if (x.commentOnly != y.commentOnly || x.oldComments != y.oldComments ||
        x.newComments != y.newComments || !sameLexing(x.oldCode, y.oldCode) ||
        !sameLexing(x.newCode, y.newCode) || !sameLexing(x.oldContext, y.oldContext) ||
        !sameLexing(x.newContext, y.newContext))
      return false;
  }
  return true;
}

// Facts lexed from the images' states, when the images know the file; whether they read
// the file differently from the facts they replace.
bool relexExact(DetectContext &ctx, size_t f) {
  // The states up to the last line a hunk starts at: the scan stops there.
  const PatchTexts &texts = *ctx.texts;
  int oldLast = 1, newLast = 1;
  for (const Hunk &h : ctx.patch.files[f].hunks) {
    oldLast = std::max(oldLast, h.oldStart + 1);
    newLast = std::max(newLast, h.newStart + 1);
  }
  const auto *oldStates = texts.oldStates(f, oldLast), *newStates = texts.newStates(f, newLast);
  if (!oldStates || !newStates) return false;
  FileFacts exact = computeFileFacts(ctx.patch.files[f], true, oldStates, newStates);
  bool changed = !sameFacts(exact, ctx.files[f]);
  ctx.files[f] = std::move(exact);
  return changed;
}

// Runs the detectors on facts lexed from the hunks alone, which is exact for most hunks.
// A file whose hunks only guess where they start (inside a comment or a directive) is
// lexed again from the images before, and a file with a claim made on guessed facts is
// lexed again after; when that reads it differently, the detectors run again. A claim
// that still rests on a guess (no images) is withdrawn.
void runDetectors(DetectContext &ctx) {
  size_t n = ctx.files.size();
  auto reset = [&] {
    ctx.claims.assign(n, {});
    ctx.notProven.assign(n, {});
    for (size_t f = 0; f < n; ++f) {
      ctx.claims[f].resize(ctx.patch.files[f].hunks.size());
      ctx.notProven[f].resize(ctx.patch.files[f].hunks.size());
    }
  };
  for (size_t f = 0; f < n; ++f) {
    bool guessed = false;
    for (const HunkFacts &hf : ctx.files[f].hunks) guessed = guessed || hf.uncertain;
    if (guessed) relexExact(ctx, f);
  }
  reset();
  for (const DetectorEntry &d : detectorRegistry()) d.run(ctx);
  bool again = false;
  for (size_t f = 0; f < n; ++f) {
    if (ctx.files[f].exact) continue;
    bool anyClaim = false;
    for (const auto &c : ctx.claims[f]) anyClaim = anyClaim || c.has_value();
    if (anyClaim && relexExact(ctx, f)) again = true;
  }
  if (again) {
    reset();
    for (const DetectorEntry &d : detectorRegistry()) d.run(ctx);
  }
  for (size_t f = 0; f < n; ++f)
    for (size_t h = 0; h < ctx.claims[f].size(); ++h) {
      auto &claim = ctx.claims[f][h];
      if (!claim || !ctx.files[f].hunks[h].uncertain || ctx.files[f].hunks[h].exact) continue;
      ctx.refuse(f, h, claim->reason.rule,
                 "the hunk may start inside a comment or a directive, and the pre-image is unknown");
      claim.reset();
    }
}

} // namespace

PatchClass classify(const ClassifyInput &input, const ClassifyRules &rules) {
  const Patch &patch = input.patch;
  std::vector<std::string> tools = toolMentions(rules, patch.message);
  PatchTexts texts(patch, input.images);
  DetectContext ctx{patch, input.entities, {}, rules.repeatedEditMinSites, {}, {}, &texts, input.deps};
  std::vector<const PathRule *> pathRules(patch.files.size());
  for (size_t f = 0; f < patch.files.size(); ++f) {
    const FileChange &file = patch.files[f];
    pathRules[f] = firstMatch(rules.pathRules, file.path());
    // Docs and tests files are judged too: a patch with code or tests whose every hunk
    // is proven mechanical is mechanical, wherever the hunks are.
    ctx.files.push_back(computeFileFacts(file, true));
  }
  runDetectors(ctx);
  MergedProofs outside; // replayed tools and compiled code, when the caller offers them
  if (input.proofs) outside = applyOutsideProofs(*input.proofs, patch, ctx.claims);
  outside.refuted.resize(patch.files.size());
  outside.confirmed.resize(patch.files.size());

  PatchClass pc;
  pc.files.resize(patch.files.size());
  std::array<bool, 3> areas{};
  std::array<LineCounts, kCategoryCount> codeArea{};
  for (size_t f = 0; f < patch.files.size(); ++f) {
    const FileEntities *fe = nullptr;
    if (input.entities && f < input.entities->size()) fe = &(*input.entities)[f];
    FileClass &fc = pc.files[f];
    classifyFile(patch.files[f], ctx.files[f], ctx.claims[f], outside.refuted[f],
                 outside.confirmed[f], ctx.notProven[f], pathRules[f], fe, input.deps, rules, fc);
    Area area = areaOf(fc, pathRules[f]);
    bool hasLines = false;
    for (int c = 0; c < kCategoryCount; ++c) {
      addLines(pc.byCategory[c], fc.byCategory[c]);
      if (area == Area::Code) addLines(codeArea[c], fc.byCategory[c]);
      hasLines = hasLines || holdsLines(fc.byCategory[c]);
    }
    if (hasLines || patch.files[f].hunks.empty()) areas[static_cast<int>(area)] = true;
    pc.smallFixLines += fc.smallFixLines;
  }

  int nAreas = std::count(areas.begin(), areas.end(), true);
  pc.mixed = nAreas > 1;
  // Every hunk proven mechanical or comment-only (code tokens unchanged), at least one
  // mechanical proper, and not a docs-only patch: the patch is mechanical. A patch whose
  // proofs are all comment-only changes documentation only and stays docs (or mixed).
  bool allMechanical = areas[static_cast<int>(Area::Code)] || areas[static_cast<int>(Area::Tests)];
  bool anyProper = false;
  for (size_t f = 0; f < patch.files.size() && allMechanical; ++f)
    for (const auto &claim : ctx.claims[f]) {
      allMechanical = allMechanical && claim;
      anyProper = anyProper || (claim && !claim->commentOnly);
    }
  if (allMechanical && anyProper) {
    pc.mixed = false;
    pc.category = Category::Mechanical;
    pc.tools = tools;
    pc.toolClaims = std::move(outside.toolClaims);
    return pc;
  }
  // Code files whose every changed line is documentation (comment-only hunks) leave the
  // code as it was: beside a docs file (a manual fixed with the comments), they count as
  // docs. A code file without hunks (a rename) keeps the code area. (A patch with a
  // mechanical hunk besides is mechanical, above.)
  const auto docsOnly = [](const std::array<LineCounts, kCategoryCount> &lines) {
    for (int c = 0; c < kCategoryCount; ++c)
      if (holdsLines(lines[c]) != (c == static_cast<int>(Category::Docs))) return false;
    return true;
  };
  bool commentsOnly = areas[static_cast<int>(Area::Docs)] && docsOnly(codeArea);
  for (size_t f = 0; f < patch.files.size() && commentsOnly; ++f)
    commentsOnly = !patch.files[f].hunks.empty() || areaOf(pc.files[f], pathRules[f]) != Area::Code;
  if (commentsOnly) {
    areas[static_cast<int>(Area::Code)] = false;
    pc.mixed = std::count(areas.begin(), areas.end(), true) > 1;
  }
  if (areas[static_cast<int>(Area::Code)]) {
    pc.category = Category::Code;
    bool found = false;
    for (Category c : {Category::Core, Category::Code, Category::Mechanical, Category::Docs})
      if (!found && holdsLines(codeArea[static_cast<int>(c)])) pc.category = c, found = true;
    if (!found) // only files without lines (renames, binaries): the most significant file
      for (Category c : {Category::Core, Category::Code, Category::Mechanical})
        for (const FileClass &fc : pc.files)
          if (!found && fc.category == c) pc.category = c, found = true;
  } else if (areas[static_cast<int>(Area::Tests)]) {
    pc.category = Category::Tests;
  } else {
    pc.category = Category::Docs;
  }
  pc.tools = tools;
  pc.toolClaims = std::move(outside.toolClaims);
  return pc;
}

} // namespace provcheck
