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
};

// Where two texts differ, in the coordinates of the second, without context.
std::vector<Region> differences(const std::string &a, const std::string &b) {
  git::ensureInit();
  std::vector<Region> out;
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  opts.flags |= GIT_DIFF_FORCE_TEXT; // never "binary files differ" without hunks
  auto onHunk = [](const git_diff_delta *, const git_diff_hunk *h, void *payload) -> int {
    static_cast<std::vector<Region> *>(payload)->push_back(
        {h->new_start, h->new_lines, h->old_start, h->old_lines});
    return 0;
  };
  if (git_diff_buffers(a.data(), a.size(), "a", b.data(), b.size(), "b", &opts, nullptr, nullptr,
                       onHunk, nullptr, &out) != 0) {
    int all = static_cast<int>(std::count(b.begin(), b.end(), '\n')) + 1;
    out.assign(1, Region{1, all, 1, static_cast<int>(std::count(a.begin(), a.end(), '\n')) + 1});
  }
  return out;
}

// Whether the lines [start, start+lines) of a difference touch the lines [first, last] of
// a hunk (a deletion right before or after it counts).
bool touches(int start, int lines, int first, int last) {
  if (lines == 0) return start >= first - 1 && start <= last;
  return start <= last && start + lines - 1 >= first;
}
bool touches(const Region &r, int first, int last) { return touches(r.start, r.lines, first, last); }

// A C-family text as the keys of its tokens, one per line, for a token-level diff, and
// the line of the text each token stands on. Code tokens carry the directive's extent
// (the "#" that starts one, the last token of one, a function-like macro's "(" written
// without a space: moving a line across "#endif" or into a "#define" body, or writing
// "#define F (x)", changes the key); literals are kept byte for byte. Comments are keyed
// apart, their runs of white space collapsed.
struct Keyed {
  std::string text;
  std::vector<int> lines;
};

void addKey(Keyed &k, std::string_view key, int line) {
  for (char c : key) {
    if (c == '\\') k.text += "\\\\";
    else if (c == '\n') k.text += "\\n";
    else k.text += c;
  }
  k.text += '\n';
  k.lines.push_back(line);
}

std::pair<Keyed, Keyed> keyedTokens(const std::string &text, Language lang) {
  TokenStream ts = lexTokens(text, lang);
  Keyed code, comments;
  for (size_t i = 0; i < ts.code.size(); ++i) {
    const Token &t = ts.code[i];
    bool last = i + 1 == ts.code.size() || ts.code[i + 1].startOfLine;
    bool params = t.text == "(" && !t.spaceBefore && t.directive && i >= 3 &&
                  ts.code[i - 3].kind == TokenKind::Hash && ts.code[i - 2].text == "define" &&
                  !ts.code[i - 1].startOfLine;
    std::string key = !t.directive ? "c " : params ? "p " : last ? "e " : "d ";
    addKey(code, key.append(t.text), t.line);
  }
  for (const Token &t : ts.comments) {
    std::string c;
    for (char ch : t.text)
      if (!std::isspace(static_cast<unsigned char>(ch))) c += ch;
      else if (!c.empty() && c.back() != ' ') c += ' ';
    addKey(comments, c, t.line);
  }
  return {std::move(code), std::move(comments)};
}

// The lines [first, last] of `b`'s text where its tokens differ from `a`'s: a token only
// `b` has covers its own line; one only `a` has covers the lines of b's tokens around the
// place it is missing from.
std::vector<std::pair<int, int>> tokenDifferences(const Keyed &a, const Keyed &b) {
  std::vector<std::pair<int, int>> out;
  for (const Region &r : differences(a.text, b.text)) {
    int n = static_cast<int>(b.lines.size());
    auto lineOf = [&](int token) { return b.lines[std::clamp(token, 1, n) - 1]; };
    if (n == 0) out.emplace_back(1, 1);
    else if (r.lines > 0) out.emplace_back(lineOf(r.start), lineOf(r.start + r.lines - 1));
    else out.emplace_back(lineOf(r.start), lineOf(r.start + 1));
  }
  return out;
}

bool touches(const std::pair<int, int> &range, int first, int last) {
  return range.first <= last && range.second >= first;
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
  // In a C-family file, where the code tokens and the comments differ, compared over the
  // whole texts (a line's tokens depend on the comments and directives above it).
  bool cFamily = isCFamily(shown);
  std::vector<std::pair<int, int>> codeDiffers, commentsDiffer;
  if (cFamily) {
    Language lang = languageOf(shown);
    auto [codeA, commentsA] = keyedTokens(replayed, lang);
    auto [codeB, commentsB] = keyedTokens(*expected, lang);
    codeDiffers = tokenDifferences(codeA, codeB);
    commentsDiffer = tokenDifferences(commentsA, commentsB);
  }
  std::vector<bool> used(regions.size(), false);
  std::vector<bool> codeUsed(codeDiffers.size(), false), commentUsed(commentsDiffer.size(), false);
  if (file)
    for (size_t h = 0; h < file->hunks.size(); ++h) {
      const Hunk &hunk = file->hunks[h];
      int first = hunk.newStart, last = hunk.newStart + hunk.newLines - 1;
      bool lines = false;
      for (size_t r = 0; r < regions.size(); ++r)
        if (touches(regions[r], first, last)) used[r] = lines = true;
      bool code = false, comments = false;
      for (size_t r = 0; r < codeDiffers.size(); ++r)
        if (touches(codeDiffers[r], first, last)) codeUsed[r] = code = true;
      for (size_t r = 0; r < commentsDiffer.size(); ++r)
        if (touches(commentsDiffer[r], first, last)) commentUsed[r] = comments = true;
      // Outside C-family files every line that differs is a difference.
      bool differs = cFamily ? code : lines;
      (differs      ? cmp.missed
       : comments   ? cmp.comments
       : lines      ? cmp.layout
                    : cmp.reproduced)
          .push_back(h);
      if (differs && cmp.firstMissed.empty()) cmp.firstMissed = shown + " " + hunkRange(hunk);
    }
  // What differs outside every hunk: code or comments the patch does not have.
  if (cFamily) {
    for (size_t r = 0; r < codeDiffers.size(); ++r)
      if (!codeUsed[r]) cmp.extraLines.push_back(codeDiffers[r].first);
    for (size_t r = 0; r < commentsDiffer.size(); ++r)
      if (!commentUsed[r]) cmp.extraLines.push_back(commentsDiffer[r].first);
    std::sort(cmp.extraLines.begin(), cmp.extraLines.end());
  } else {
    for (size_t r = 0; r < regions.size(); ++r)
      if (!used[r]) cmp.extraLines.push_back(std::max(1, regions[r].start));
  }
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
  int total = 0, made = 0, layout = 0, comments = 0;
  std::string firstMissed, firstExtra;
  claim.meetsPatch = false;
  for (const std::string &path : changed) {
    auto it = compared.find(path);
    if (it == compared.end()) continue; // changed back by a later command
    const FileComparison &cmp = it->second;
    total += static_cast<int>(cmp.reproduced.size() + cmp.layout.size() + cmp.comments.size() +
                              cmp.missed.size());
    made += static_cast<int>(cmp.reproduced.size() + cmp.layout.size() + cmp.comments.size());
    layout += static_cast<int>(cmp.layout.size());
    comments += static_cast<int>(cmp.comments.size());
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
                       (layout == 0 && comments == 0 ? std::string(" made exactly") : " made (");
  if (layout > 0) detail += std::to_string(layout) + " up to layout";
  if (comments > 0) detail += (layout > 0 ? ", " : "") + std::to_string(comments) + " up to comments";
  if (layout > 0 || comments > 0) detail += ")";
  if (!firstMissed.empty()) detail += "; " + firstMissed + " differs from what it makes";
  if (!firstExtra.empty()) detail += "; it also changes " + firstExtra;
  claim.detail = detail;
}

} // namespace provcheck::replay
