#include "analysis/replay/ReplayCompare.h"

#include "analysis/Git.h"

#include <algorithm>

namespace provcheck::replay {
namespace {

struct Region {
  int start, lines; // new-side lines [start, start+lines); lines == 0: a deletion after `start`
};

// Where two texts differ, in the coordinates of the second, without context.
std::vector<Region> differences(const std::string &a, const std::string &b) {
  git::ensureInit();
  std::vector<Region> out;
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  auto onHunk = [](const git_diff_delta *, const git_diff_hunk *h, void *payload) -> int {
    static_cast<std::vector<Region> *>(payload)->push_back({h->new_start, h->new_lines});
    return 0;
  };
  git_diff_buffers(a.data(), a.size(), "a", b.data(), b.size(), "b", &opts, nullptr, nullptr,
                   onHunk, nullptr, &out);
  return out;
}

// Whether a difference touches the new-side lines [first, last] of a hunk (a deletion
// right before or after it counts).
bool touches(const Region &r, int first, int last) {
  if (r.lines == 0) return r.start >= first - 1 && r.start <= last;
  return r.start <= last && r.start + r.lines - 1 >= first;
}

std::string hunkRange(const Hunk &h) {
  return "@@ -" + std::to_string(h.oldStart) + "," + std::to_string(h.oldLines) + " +" +
         std::to_string(h.newStart) + "," + std::to_string(h.newLines) + " @@";
}

} // namespace

FileComparison compareWithPatch(const Patch &patch, const PatchImages &images,
                                const std::string &path, const std::string &replayed) {
  FileComparison cmp;
  cmp.path = path;
  const FileChange *file = nullptr;
  for (size_t i = 0; i < patch.files.size(); ++i)
    if (patch.files[i].oldPath == path && patch.files[i].status == FileStatus::Modified) {
      file = &patch.files[i];
      cmp.fileIndex = i;
    }
  const auto &tree = file ? images.newTree : images.oldTree;
  std::optional<std::string> expected = tree ? tree->read(path) : std::nullopt;
  if (!expected) {
    cmp.problem = std::string(file ? "post-image" : "pre-image") + " of " + path + " not available";
    if (file)
      for (size_t h = 0; h < file->hunks.size(); ++h) cmp.missed.push_back(h);
    return cmp;
  }
  std::vector<Region> regions = differences(replayed, *expected);
  std::vector<bool> used(regions.size(), false);
  if (file)
    for (size_t h = 0; h < file->hunks.size(); ++h) {
      const Hunk &hunk = file->hunks[h];
      int first = hunk.newStart, last = hunk.newStart + hunk.newLines - 1;
      bool differs = false;
      for (size_t r = 0; r < regions.size(); ++r)
        if (touches(regions[r], first, last)) differs = used[r] = true;
      (differs ? cmp.missed : cmp.reproduced).push_back(h);
      if (differs && cmp.firstMissed.empty()) cmp.firstMissed = path + " " + hunkRange(hunk);
    }
  for (size_t r = 0; r < regions.size(); ++r)
    if (!used[r]) cmp.extraLines.push_back(std::max(1, regions[r].start));
  return cmp;
}

void accountJob(const std::set<std::string> &changed,
                const std::map<std::string, FileComparison> &compared,
                const std::vector<std::string> &files, ToolClaim &claim) {
  if (changed.empty()) {
    claim.status = ToolClaimStatus::NotReproduced;
    std::string names;
    for (size_t i = 0; i < files.size() && i < 3; ++i) names += (i ? ", " : "") + files[i];
    if (files.size() > 3) names += " and " + std::to_string(files.size() - 3) + " more";
    claim.detail = "it changes nothing in " + names;
    return;
  }
  int total = 0, made = 0;
  std::string firstMissed, firstExtra;
  for (const std::string &path : changed) {
    auto it = compared.find(path);
    if (it == compared.end()) continue; // changed back by a later command
    const FileComparison &cmp = it->second;
    total += static_cast<int>(cmp.reproduced.size() + cmp.missed.size());
    made += static_cast<int>(cmp.reproduced.size());
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
                       (changed.size() == 1 ? "" : "s") + " made exactly";
  if (!firstMissed.empty()) detail += "; " + firstMissed + " differs from what it makes";
  if (!firstExtra.empty()) detail += "; it also changes " + firstExtra;
  claim.detail = detail;
}

} // namespace provcheck::replay
