#include "analysis/replay/ReplayCompare.h"

#include "analysis/Git.h"
#include "analysis/Tokens.h"

#include <algorithm>
#include <cctype>

namespace provcheck::replay {
namespace {

struct Region {
  int start, lines; // new-side lines [start, start+lines); lines == 0: a deletion after `start`
  int oldStart, oldLines; // the same on the first text's side
  bool layout = false;    // the two sides differ in layout only
};

// Where two texts differ, in the coordinates of the second, without context.
std::vector<Region> differences(const std::string &a, const std::string &b) {
  git::ensureInit();
  std::vector<Region> out;
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  auto onHunk = [](const git_diff_delta *, const git_diff_hunk *h, void *payload) -> int {
    static_cast<std::vector<Region> *>(payload)->push_back(
        {h->new_start, h->new_lines, h->old_start, h->old_lines});
    return 0;
  };
  git_diff_buffers(a.data(), a.size(), "a", b.data(), b.size(), "b", &opts, nullptr, nullptr,
                   onHunk, nullptr, &out);
  return out;
}

// Whether the lines [start, start+lines) of a difference touch the lines [first, last] of
// a hunk (a deletion right before or after it counts).
bool touches(int start, int lines, int first, int last) {
  if (lines == 0) return start >= first - 1 && start <= last;
  return start <= last && start + lines - 1 >= first;
}
bool touches(const Region &r, int first, int last) { return touches(r.start, r.lines, first, last); }

std::vector<std::string_view> linesOf(const std::string &text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    out.emplace_back(text.data() + pos, end - pos);
    pos = end;
  }
  return out;
}

std::string joined(const std::vector<std::string_view> &lines, int start, int count) {
  std::string out;
  for (int i = start; i < start + count && i >= 1 && i <= static_cast<int>(lines.size()); ++i)
    out += lines[i - 1];
  return out;
}

// The tokens of C-family text as compared up to layout.
std::vector<std::string> layoutFree(const std::string &text, Language lang) {
  TokenStream ts = lexTokens(text, lang);
  std::vector<std::string> out;
  for (const Token &t : ts.code) out.push_back(t.text);
  for (const Token &t : ts.comments) {
    std::string c;
    for (char ch : t.text)
      if (!std::isspace(static_cast<unsigned char>(ch))) c += ch;
      else if (!c.empty() && c.back() != ' ') c += ' ';
    out.push_back("/*" + c);
  }
  return out;
}

std::string hunkRange(const Hunk &h) {
  return "@@ -" + std::to_string(h.oldStart) + "," + std::to_string(h.oldLines) + " +" +
         std::to_string(h.newStart) + "," + std::to_string(h.newLines) + " @@";
}

} // namespace

FileComparison compareWithPatch(const Patch &patch, const PatchImages &images,
                                const std::string &path, const std::string &preimage,
                                const std::string &replayed) {
  FileComparison cmp;
  cmp.path = path;
  const FileChange *file = nullptr;
  for (size_t i = 0; i < patch.files.size(); ++i) {
    const FileChange &f = patch.files[i];
    if (f.oldPath == path && !f.binary &&
        (f.status == FileStatus::Modified || f.status == FileStatus::Renamed)) {
      file = &f;
      cmp.fileIndex = i;
    }
  }
  const auto &tree = file ? images.newTree : images.oldTree;
  std::optional<std::string> expected = tree ? tree->read(file ? file->newPath : path) : std::nullopt;
  if (!expected) {
    cmp.problem = std::string(file ? "post-image" : "pre-image") + " of " + path + " not available";
    if (file)
      for (size_t h = 0; h < file->hunks.size(); ++h) cmp.missed.push_back(h);
    return cmp;
  }
  if (file)
    for (const Region &edit : differences(preimage, replayed))
      for (const Hunk &hunk : file->hunks)
        cmp.editsMeetHunks = cmp.editsMeetHunks ||
                             touches(edit.oldStart, edit.oldLines, hunk.oldStart,
                                     hunk.oldStart + hunk.oldLines - 1);
  std::vector<Region> regions = differences(replayed, *expected);
  std::string shown = file ? file->newPath : path;
  if (isCFamily(shown)) {
    Language lang = languageOf(shown);
    std::vector<std::string_view> a = linesOf(replayed), b = linesOf(*expected);
    for (Region &r : regions)
      r.layout = layoutFree(joined(a, r.oldStart, r.oldLines), lang) ==
                 layoutFree(joined(b, r.start, r.lines), lang);
  }
  std::vector<bool> used(regions.size(), false);
  if (file)
    for (size_t h = 0; h < file->hunks.size(); ++h) {
      const Hunk &hunk = file->hunks[h];
      int first = hunk.newStart, last = hunk.newStart + hunk.newLines - 1;
      bool differs = false, layout = false;
      for (size_t r = 0; r < regions.size(); ++r) {
        if (!touches(regions[r], first, last)) continue;
        used[r] = true;
        (regions[r].layout ? layout : differs) = true;
      }
      (differs ? cmp.missed : layout ? cmp.layout : cmp.reproduced).push_back(h);
      if (differs && cmp.firstMissed.empty()) cmp.firstMissed = shown + " " + hunkRange(hunk);
    }
  for (size_t r = 0; r < regions.size(); ++r)
    if (!used[r] && !regions[r].layout) cmp.extraLines.push_back(std::max(1, regions[r].start));
  return cmp;
}

void accountJob(const std::set<std::string> &changed,
                const std::map<std::string, FileComparison> &compared,
                const std::vector<std::string> &files, ToolClaim &claim) {
  claim.madeChanges = !changed.empty();
  if (changed.empty()) {
    claim.status = ToolClaimStatus::NotReproduced;
    std::string names;
    for (size_t i = 0; i < files.size() && i < 3; ++i) names += (i ? ", " : "") + files[i];
    if (files.size() > 3) names += " and " + std::to_string(files.size() - 3) + " more";
    claim.detail = "it changes nothing in " + names;
    return;
  }
  int total = 0, made = 0, layout = 0;
  std::string firstMissed, firstExtra;
  claim.meetsPatch = false;
  for (const std::string &path : changed) {
    auto it = compared.find(path);
    if (it == compared.end()) continue; // changed back by a later command
    const FileComparison &cmp = it->second;
    total += static_cast<int>(cmp.reproduced.size() + cmp.layout.size() + cmp.missed.size());
    made += static_cast<int>(cmp.reproduced.size() + cmp.layout.size());
    layout += static_cast<int>(cmp.layout.size());
    claim.meetsPatch = claim.meetsPatch || cmp.editsMeetHunks;
    if (firstMissed.empty() && !cmp.missed.empty())
      firstMissed = cmp.problem.empty() ? cmp.firstMissed : cmp.problem;
    if (firstExtra.empty() && !cmp.extraLines.empty())
      firstExtra = path + ":" + std::to_string(cmp.extraLines.front()) +
                   (cmp.fileIndex == FileComparison::kNotInPatch ? " (a file the patch leaves alone)"
                                                                 : "");
  }
  claim.hunksReproduced = made;
  claim.status = made == 0                                              ? ToolClaimStatus::NotReproduced
                 : made == total && firstExtra.empty()                  ? ToolClaimStatus::Reproduced
                                                                        : ToolClaimStatus::Partly;
  std::string detail = std::to_string(made) + " of " + std::to_string(total) + " hunk" +
                       (total == 1 ? "" : "s") + " in " + std::to_string(changed.size()) + " file" +
                       (changed.size() == 1 ? "" : "s") +
                       (layout == 0 ? std::string(" made exactly")
                                    : " made (" + std::to_string(layout) + " up to layout)");
  if (!firstMissed.empty()) detail += "; " + firstMissed + " differs from what it makes";
  if (!firstExtra.empty()) detail += "; it also changes " + firstExtra;
  claim.detail = detail;
}

} // namespace provcheck::replay
