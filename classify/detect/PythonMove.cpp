// python-moved: top-level Python functions moved whole, byte for byte, from a script into
// the module it star-imports (`from qapi import *`), one to one. The script still sees
// the function through its star import, and the function finds every name it uses where
// it found it before:
//
// - the script runs as a script (its file name is no module name: qapi-types.py), so
//   the module is the file beside it: no other module of that name (a package directory,
//   a built-in module) is found first; the star import is its only one and comes before
//   the function; the module has no `__all__`;
// - the function's name starts without '_', the module never named it before, no other
//   Python file of the tree names it, and the script only calls it, after the place the
//   function had (before it, a call failed);
// - its parameters are plain names (defaults and annotations are evaluated where the def
//   stands); it has no nested def, class, lambda or import, no global or nonlocal, no
//   f-string, nothing that reads its module (globals, vars, eval, __name__, ...);
// - every other name it uses (anything not a parameter, not assigned at the start of one
//   of its statements, not a `for` target of one) is public, and the script binds it
//   nowhere (no assignment, import, def, class, for, with, except, del or global naming
//   it on a line of its own): in the script it was the module's, through the star
//   import, or a built-in, as it is in the module. The module binds none of them in
//   `global` statements (after the star import copied its names).
//
// Anything else proves nothing: a function moved into a class, re-indented, or changed
// on one line is no longer the same text; a moved function whose imports change is code.
#include "classify/detect/Detectors.h"
#include "classify/detect/PythonLines.h"

#include <map>
#include <set>

namespace provcheck {
namespace {

constexpr std::string_view kRule = "python-moved";

// One Python file of the patch: its images, logical lines and top-level blocks.
struct PyFile {
  size_t f = 0;
  std::vector<PyLine> oldLines, newLines;
  std::vector<PyBlock> oldBlocks, newBlocks;
  std::vector<size_t> removed, added; // blocks removed whole (old), added whole (new)
  bool ok = false;                    // every changed line is blank or in such a block
};

std::string blockText(std::string_view text, const PyBlock &b) {
  size_t pos = 0;
  for (int l = 1; l < b.first && pos != std::string_view::npos; ++l) pos = text.find('\n', pos) + 1;
  size_t end = pos;
  for (int l = b.first; l <= b.last && end <= text.size(); ++l) {
    size_t nl = text.find('\n', end);
    end = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  return std::string(text.substr(pos, end - pos));
}

// Whether a changed blank line lies inside a logical line (a string or brackets).
bool insideLogical(const std::vector<PyLine> &lines, int n) {
  for (const PyLine &l : lines)
    if (n > l.first && n < l.last) return true;
  return false;
}

// The blocks whose every physical line is changed; false when a changed non-blank line
// lies outside them, or a changed blank line inside a string.
bool wholeBlocks(const std::vector<PyLine> &lines, const std::vector<PyBlock> &blocks,
                 const std::set<int> &changed, const std::set<int> &blank, std::vector<size_t> &out) {
  std::set<int> covered;
  for (size_t b = 0; b < blocks.size(); ++b) {
    bool all = true, any = false;
    for (int l = blocks[b].first; l <= blocks[b].last; ++l) {
      bool c = changed.count(l) > 0;
      all = all && c;
      any = any || c;
    }
    if (any && !all) return false;
    if (!all) continue;
    out.push_back(b);
    for (int l = blocks[b].first; l <= blocks[b].last; ++l) covered.insert(l);
  }
  for (int l : changed)
    if (!covered.count(l) && (!blank.count(l) || insideLogical(lines, l))) return false;
  return true;
}

} // namespace

void detectPythonMove(DetectContext &ctx) {
  if (!ctx.texts) return;
  std::vector<PyFile> files;
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileChange &file = ctx.patch.files[f];
    if (!ctx.files[f].candidate || !file.path().ends_with(".py") || file.hunks.empty()) continue;
    bool open = false;
    for (size_t h = 0; h < file.hunks.size(); ++h) open = open || !ctx.claimed(f, h);
    const std::string *o = ctx.texts->oldText(f), *n = ctx.texts->newText(f);
    if (!open || !o || !n) continue;
    auto ol = pythonLines(*o), nl = pythonLines(*n);
    if (!ol || !nl) continue;
    PyFile pf{f, std::move(*ol), std::move(*nl), {}, {}, {}, {}, false};
    pf.oldBlocks = topLevelBlocks(pf.oldLines);
    pf.newBlocks = topLevelBlocks(pf.newLines);
    std::set<int> removed, added, blankOld, blankNew;
    for (size_t h = 0; h < file.hunks.size(); ++h)
      for (size_t i = 0; i < file.hunks[h].lines.size(); ++i) {
        const DiffLine &l = file.hunks[h].lines[i];
        bool blank = l.text.find_first_not_of(" \t\r\f") == std::string::npos;
        if (l.kind == LineKind::Removed) removed.insert(l.oldLine), blank ? (void)blankOld.insert(l.oldLine) : void();
        if (l.kind == LineKind::Added) added.insert(l.newLine), blank ? (void)blankNew.insert(l.newLine) : void();
      }
    pf.ok = wholeBlocks(pf.oldLines, pf.oldBlocks, removed, blankOld, pf.removed) &&
            wholeBlocks(pf.newLines, pf.newBlocks, added, blankNew, pf.added) &&
            (pf.removed.empty() != pf.added.empty());
    files.push_back(std::move(pf));
  }
  // Every removed block matched by exactly one added block of the same text, one to one.
  struct Moved {
    size_t from, block, to; // files[] indexes and the old block
  };
  std::map<std::string, std::vector<std::pair<size_t, size_t>>> removedByText, addedByText;
  bool any = false;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!files[i].ok) continue;
    for (size_t b : files[i].removed) {
      const PyBlock &blk = files[i].oldBlocks[b];
      if (!blk.def) continue;
      removedByText[blockText(*ctx.texts->oldText(files[i].f), blk)].push_back({i, b});
      any = true;
    }
    for (size_t b : files[i].added)
      addedByText[blockText(*ctx.texts->newText(files[i].f), files[i].newBlocks[b])].push_back({i, b});
  }
  if (!any) return;
  std::vector<Moved> moved;
  std::set<size_t> involved;
  for (const auto &[text, from] : removedByText) {
    auto it = addedByText.find(text);
    if (it == addedByText.end() || it->second.size() != 1 || from.size() != 1) continue;
    moved.push_back({from[0].first, from[0].second, it->second[0].first});
  }
  // The files all of whose blocks moved, each of them a function moved once.
  for (size_t i = 0; i < files.size(); ++i) {
    if (!files[i].ok) continue;
    size_t n = 0;
    for (const Moved &m : moved) n += m.from == i || m.to == i;
    if (n == files[i].removed.size() + files[i].added.size() && n > 0) involved.insert(i);
  }
  for (const Moved &m : moved) {
    if (!involved.count(m.from) || !involved.count(m.to)) continue;
    const PyFile &a = files[m.from], &b = files[m.to];
    const PyBlock &blk = a.oldBlocks[m.block];
    std::string why = pythonMoveRefusal(ctx, a.f, b.f, a.oldLines, blk, b.oldLines, b.newLines);
    const FileChange &fa = ctx.patch.files[a.f], &fb = ctx.patch.files[b.f];
    if (!why.empty()) {
      for (size_t h = 0; h < fa.hunks.size(); ++h) ctx.refuse(a.f, h, kRule, why);
      for (size_t h = 0; h < fb.hunks.size(); ++h) ctx.refuse(b.f, h, kRule, why);
      involved.erase(m.from);
      involved.erase(m.to);
    }
  }
  for (const Moved &m : moved) {
    if (!involved.count(m.from) || !involved.count(m.to)) continue;
    const PyBlock &blk = files[m.from].oldBlocks[m.block];
    const FileChange &fa = ctx.patch.files[files[m.from].f], &fb = ctx.patch.files[files[m.to].f];
    std::string detail = "def " + blk.name + " moved whole from " + fa.path() + ":" +
                         std::to_string(blk.first) + " into " + fb.path() +
                         ", which " + fa.path() + " imports with *; every name it uses "
                         "resolves as before";
    for (size_t fi : {files[m.from].f, files[m.to].f})
      for (size_t h = 0; h < ctx.patch.files[fi].hunks.size(); ++h) {
        if (ctx.claimed(fi, h)) continue;
        const Hunk &hunk = ctx.patch.files[fi].hunks[h];
        bool touches = false;
        for (const DiffLine &l : hunk.lines) {
          int n = l.kind == LineKind::Removed ? l.oldLine : l.kind == LineKind::Added ? l.newLine : 0;
          const PyBlock *on = nullptr;
          if (fi == files[m.from].f && l.kind == LineKind::Removed) on = &blk;
          if (fi == files[m.to].f && l.kind == LineKind::Added)
            for (size_t b : files[m.to].added)
              if (files[m.to].newBlocks[b].name == blk.name) on = &files[m.to].newBlocks[b];
          touches = touches || (on && n >= on->first && n <= on->last);
        }
        if (touches) ctx.claims[fi][h] = Mechanical{{std::string(kRule), detail}, false};
      }
  }
}

} // namespace provcheck
