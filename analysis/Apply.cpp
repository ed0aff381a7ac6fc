#include "analysis/Apply.h"

#include <algorithm>

namespace provcheck {

namespace {

struct Line {
  std::string_view text;
  bool eol = true; // followed by a newline
  bool operator==(const Line &) const = default;
};

std::vector<Line> splitText(std::string_view text) {
  std::vector<Line> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      out.push_back({text.substr(pos), false});
      break;
    }
    out.push_back({text.substr(pos, end - pos), true});
    pos = end + 1;
  }
  return out;
}

std::string hunkHeader(const Hunk &h) {
  return "@@ -" + std::to_string(h.oldStart) + "," + std::to_string(h.oldLines) + " +" +
         std::to_string(h.newStart) + "," + std::to_string(h.newLines) + " @@";
}

// Index of the first line a side of a hunk covers: the line itself, or for an empty side
// the line after which it sits (0: the beginning).
int firstIndex(int start, int count) { return count > 0 ? start - 1 : start; }

bool matchesAt(const std::vector<Line> &image, const std::vector<Line> &pre, size_t at) {
  if (at + pre.size() > image.size()) return false;
  return std::equal(pre.begin(), pre.end(), image.begin() + static_cast<long>(at));
}

} // namespace

bool AppliedText::moved() const {
  return std::any_of(offsets.begin(), offsets.end(), [](int o) { return o != 0; });
}

ApplyOutcome applyHunks(std::string_view preimage, const FileChange &file) {
  ApplyOutcome out;
  std::vector<Line> image = splitText(preimage);
  size_t floor = 0; // hunks apply in order, each after the one before
  int lastOffset = 0;
  for (size_t h = 0; h < file.hunks.size(); ++h) {
    const Hunk &hunk = file.hunks[h];
    std::vector<Line> pre, post;
    for (const DiffLine &l : hunk.lines) {
      bool context = l.kind == LineKind::Context;
      if (context || l.kind == LineKind::Removed) pre.push_back({l.text, !l.noNewlineAtEnd});
      if (context || l.kind == LineKind::Added) post.push_back({l.text, !l.noNewlineAtEnd});
    }
    size_t leading = 0, trailing = 0;
    while (leading < hunk.lines.size() && hunk.lines[leading].kind == LineKind::Context) ++leading;
    while (trailing < hunk.lines.size() - leading &&
           hunk.lines[hunk.lines.size() - 1 - trailing].kind == LineKind::Context)
      ++trailing;
    bool atBeginning = hunk.oldStart <= 1;
    bool atEnd = trailing == 0 && leading > 0;
    // Where the header puts the pre-image in the text as patched so far: its new-side
    // position (earlier hunks are applied), moved like the hunk before it.
    long stated = firstIndex(hunk.newStart, hunk.newLines) + lastOffset;
    long last = static_cast<long>(image.size()) - static_cast<long>(pre.size());
    long found = -1;
    auto fits = [&](long at) {
      if (at < static_cast<long>(floor) || at > last) return false;
      if (atBeginning && at != 0) return false;
      if (atEnd && at != last) return false;
      return matchesAt(image, pre, static_cast<size_t>(at));
    };
    long expect = std::clamp<long>(stated, static_cast<long>(floor), std::max<long>(last, floor));
    if (pre.empty()) {
      found = atBeginning ? 0 : std::min<long>(expect, static_cast<long>(image.size()));
    } else {
      for (long d = 0; found < 0 && (expect - d >= static_cast<long>(floor) || expect + d <= last); ++d) {
        if (fits(expect - d)) found = expect - d;
        else if (d > 0 && fits(expect + d)) found = expect + d;
      }
    }
    if (found < 0) {
      out.failure = {static_cast<int>(h + 1),
                     "hunk " + std::to_string(h + 1) + " (" + hunkHeader(hunk) + ") of " +
                         file.path() + " does not match"};
      return out;
    }
    int offset = static_cast<int>(found - (stated - lastOffset));
    out.applied.offsets.push_back(offset);
    lastOffset = offset;
    image.erase(image.begin() + found, image.begin() + found + static_cast<long>(pre.size()));
    image.insert(image.begin() + found, post.begin(), post.end());
    floor = static_cast<size_t>(found) + post.size();
  }
  if (file.status == FileStatus::Deleted && !image.empty()) {
    out.failure = {static_cast<int>(file.hunks.size()),
                   file.path() + " is not empty after its deletion"};
    return out;
  }
  size_t size = 0;
  for (const Line &l : image) size += l.text.size() + 1;
  out.applied.text.reserve(size);
  for (const Line &l : image) {
    out.applied.text += l.text;
    if (l.eol) out.applied.text += '\n';
  }
  out.ok = true;
  return out;
}

void shiftHunks(FileChange &file, const std::vector<int> &offsets) {
  // In a well-formed diff the two sides of a hunk sit the same number of lines apart as
  // the hunks before it add; an offset moves both sides alike.
  for (size_t h = 0; h < file.hunks.size() && h < offsets.size(); ++h) {
    int shift = offsets[h];
    if (shift == 0) continue;
    Hunk &hunk = file.hunks[h];
    hunk.oldStart += shift;
    hunk.newStart += shift;
    for (DiffLine &l : hunk.lines) {
      if (l.oldLine > 0) l.oldLine += shift;
      if (l.newLine > 0) l.newLine += shift;
    }
  }
}

} // namespace provcheck
