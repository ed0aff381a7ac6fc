#include "analysis/DiffReader.h"

#include "analysis/Utf8.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace provcheck {

namespace {

FileStatus statusOf(const git_diff_delta &d) {
  switch (d.status) {
  case GIT_DELTA_ADDED: return FileStatus::Added;
  case GIT_DELTA_DELETED: return FileStatus::Deleted;
  case GIT_DELTA_RENAMED: return FileStatus::Renamed;
  case GIT_DELTA_COPIED: return FileStatus::Copied;
  case GIT_DELTA_TYPECHANGE: return FileStatus::TypeChange;
  default: return FileStatus::Modified;
  }
}

std::string idOf(const git_diff_file &f) {
  if (git_oid_is_zero(&f.id)) return {};
  std::string hex = git::toHex(f.id);
  if (f.id_abbrev > 0 && f.id_abbrev < hex.size()) hex.resize(f.id_abbrev);
  return hex;
}

// True when the line's content holds a NUL byte. libgit2 1.5.1 copies a line parsed
// from text only up to its first NUL but keeps the full length, so the bytes past the
// NUL must never be read: strnlen stops at the NUL, inside the copy.
bool holdsNul(const git_diff_line &l) { return strnlen(l.content, l.content_len) < l.content_len; }

std::string lineText(const git_diff_line &l) {
  size_t n = l.content_len;
  if (n > 0 && l.content[n - 1] == '\n') --n;
  return std::string(l.content, n);
}

// The lines that may follow "diff --git" in a file's git header (libgit2's patch_parse.c).
bool isHeaderLine(std::string_view l) {
  static const std::string_view headerLines[] = {
      "old mode ",        "new mode ",            "deleted file mode ", "new file mode ",
      "similarity index ", "dissimilarity index ", "rename from ",       "rename old ",
      "rename to ",       "rename new ",          "copy from ",         "copy to ",
      "index ",           "--- ",                 "+++ "};
  return std::any_of(std::begin(headerLines), std::end(headerLines),
                     [&](std::string_view h) { return l.starts_with(h); });
}

// True when libgit2 1.5.1 reads a path from `rest`, what follows "rename from " (or
// "copy to " and the like): not empty, and when quoted, quoted as git_str_unquote
// accepts (a closing quote, the escapes \" \\ \a \b \f \n \r \t \v and three octal
// digits) and not empty. parse_header_rename leaks the path it has read when reading it
// fails, so such a line is refused before libgit2 sees it.
bool renamePathReadable(std::string_view rest) {
  auto space = [](char c) { return std::string_view(" \t\n\v\f\r").find(c) != std::string_view::npos; };
  if (rest.empty() || space(rest[0])) return false;
  if (rest[0] != '"') return true;
  size_t len = 1; // header_path_len: up to the first unescaped closing quote
  for (bool escaped = false; len < rest.size(); ++len) {
    if (!escaped && rest[len] == '"') {
      ++len;
      break;
    }
    escaped = !escaped && rest[len] == '\\';
  }
  std::string_view q = rest.substr(0, len);
  while (!q.empty() && space(q.back())) q.remove_suffix(1);
  if (q.size() < 2 || q.back() != '"') return false;
  size_t chars = 0;
  for (size_t j = 1; j + 1 < q.size(); ++j, ++chars) {
    if (q[j] != '\\') continue;
    if (j + 2 >= q.size()) return false; // a backslash before the closing quote
    char e = q[++j];
    if (std::string_view("\"\\abfnrtv").find(e) != std::string_view::npos) continue;
    if (e < '0' || e > '3' || j + 3 >= q.size() || q[j + 1] < '0' || q[j + 1] > '7' ||
        q[j + 2] < '0' || q[j + 2] > '7')
      return false;
    j += 2;
  }
  return chars > 0;
}

// The 1-based line of a rename or copy line of a file's git header that libgit2 1.5.1
// would leak memory on, or 0; `problem` says what is wrong with it:
// - a second line naming a rename's or copy's source ("rename from", "copy from") or
//   target ("rename to", "copy to") in one header: git never writes two; libgit2 keeps
//   the last and leaks the path it read before (parse_header_rename overwrites it
//   without freeing it);
// - a path it cannot read (renamePathReadable).
int badRenameLine(std::string_view text, std::string &problem) {
  static const std::string_view sources[] = {"rename from ", "rename old ", "copy from "};
  static const std::string_view targets[] = {"rename to ", "rename new ", "copy to "};
  auto prefixOf = [](std::string_view l, const auto &prefixes) -> std::string_view {
    for (std::string_view p : prefixes)
      if (l.starts_with(p)) return p;
    return {};
  };
  bool inHeader = false, haveSource = false, haveTarget = false;
  int lineNo = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    ++lineNo;
    if (l.starts_with("diff --git ")) {
      inHeader = true;
      haveSource = haveTarget = false;
    } else if (inHeader) {
      inHeader = isHeaderLine(l);
      std::string_view source = inHeader ? prefixOf(l, sources) : std::string_view();
      std::string_view target = inHeader ? prefixOf(l, targets) : std::string_view();
      std::string_view keyword = !source.empty() ? source : target;
      if (!keyword.empty()) keyword.remove_suffix(1);
      if ((!source.empty() && haveSource) || (!target.empty() && haveTarget)) {
        problem = "a second \"" + std::string(keyword) + "\" line in one file's header";
        return lineNo;
      }
      if (!keyword.empty() && !renamePathReadable(l.substr(keyword.size() + 1))) {
        problem = "no path that can be read in a \"" + std::string(keyword) + "\" line";
        return lineNo;
      }
      haveSource |= !source.empty();
      haveTarget |= !target.empty();
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return 0;
}

} // namespace

Status readPatchHunks(git_patch *patch, FileChange &file, const std::string &source) {
  size_t nhunks = git_patch_num_hunks(patch);
  size_t notUtf8 = 0;
  file.hunks.reserve(nhunks);
  for (size_t h = 0; h < nhunks; ++h) {
    const git_diff_hunk *gh = nullptr;
    size_t nlines = 0;
    if (git_patch_get_hunk(&gh, &nlines, patch, h) != 0)
      return git::lastError(source, "cannot read hunk of " + file.path());
    Hunk hunk;
    hunk.oldStart = gh->old_start;
    hunk.oldLines = gh->old_lines;
    hunk.newStart = gh->new_start;
    hunk.newLines = gh->new_lines;
    std::string_view header(gh->header, gh->header_len);
    if (size_t at = header.find("@@", 2); at != std::string_view::npos) {
      std::string_view rest = header.substr(at + 2);
      while (!rest.empty() && (rest.front() == ' ')) rest.remove_prefix(1);
      while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r'))
        rest.remove_suffix(1);
      hunk.section = std::string(rest);
    }
    hunk.lines.reserve(nlines);
    for (size_t i = 0; i < nlines; ++i) {
      const git_diff_line *gl = nullptr;
      if (git_patch_get_line_in_hunk(&gl, patch, h, i) != 0)
        return git::lastError(source, "cannot read line of " + file.path());
      switch (gl->origin) {
      case GIT_DIFF_LINE_CONTEXT_EOFNL:
      case GIT_DIFF_LINE_ADD_EOFNL:
      case GIT_DIFF_LINE_DEL_EOFNL:
        if (!hunk.lines.empty()) hunk.lines.back().noNewlineAtEnd = true;
        continue;
      case GIT_DIFF_LINE_CONTEXT:
      case GIT_DIFF_LINE_ADDITION:
      case GIT_DIFF_LINE_DELETION:
        break;
      default:
        continue;
      }
      if (holdsNul(*gl)) {
        // Content with a NUL byte is binary to git and to libgit2's own diffs; a text
        // hunk can only carry one when made with --text. The file is read as binary
        // (its lines unknown), as its commit would be.
        int at = gl->new_lineno > 0 ? gl->new_lineno : gl->old_lineno;
        file.hunks.clear();
        file.binary = true;
        file.notes.push_back("line " + std::to_string(at) +
                             " holds a NUL byte: read as a binary file, as git does");
        return okStatus();
      }
      DiffLine line;
      line.kind = static_cast<LineKind>(gl->origin);
      line.oldLine = gl->old_lineno > 0 ? gl->old_lineno : 0;
      line.newLine = gl->new_lineno > 0 ? gl->new_lineno : 0;
      line.text = lineText(*gl);
      notUtf8 += !isUtf8(line.text);
      hunk.lines.push_back(std::move(line));
    }
    file.hunks.push_back(std::move(hunk));
  }
  // The lines keep their bytes (the classifiers and the patched images need them); the
  // JSON output replaces what is not UTF-8 by U+FFFD, and says so here.
  if (notUtf8 > 0)
    file.notes.push_back(std::to_string(notUtf8) + (notUtf8 == 1 ? " diff line is" : " diff lines are") +
                         " not UTF-8 (JSON shows U+FFFD for their invalid bytes)");
  return okStatus();
}

Expected<std::vector<FileChange>> readDiff(git_diff *diff, const std::string &source) {
  std::vector<FileChange> files;
  size_t n = git_diff_num_deltas(diff);
  files.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    git_patch *raw = nullptr;
    if (git_patch_from_diff(&raw, diff, i) != 0)
      return git::lastError(source, "cannot read diff");
    git::PatchPtr patch(raw);
    const git_diff_delta *d = git_patch_get_delta(patch.get());
    if (d->status == GIT_DELTA_UNMODIFIED) continue;
    FileChange file;
    file.oldPath = d->old_file.path ? d->old_file.path : "";
    file.newPath = d->new_file.path ? d->new_file.path : "";
    file.status = statusOf(*d);
    if (file.status == FileStatus::Added) file.oldPath = file.newPath;
    if (file.status == FileStatus::Deleted) file.newPath = file.oldPath;
    file.oldMode = file.status == FileStatus::Added ? 0 : d->old_file.mode;
    file.newMode = file.status == FileStatus::Deleted ? 0 : d->new_file.mode;
    file.binary = (d->flags & GIT_DIFF_FLAG_BINARY) != 0;
    if (file.status == FileStatus::Renamed || file.status == FileStatus::Copied)
      file.similarity = d->similarity;
    file.oldId = idOf(d->old_file);
    file.newId = idOf(d->new_file);
    if (!file.binary)
      if (Status s = readPatchHunks(patch.get(), file, source); !s) return s.error();
    if (file.status == FileStatus::Modified && file.hunks.empty() && !file.binary &&
        file.oldMode != file.newMode)
      file.status = FileStatus::ModeChange;
    files.push_back(std::move(file));
  }
  return files;
}

std::optional<std::string> withHeaderEnds(std::string_view text) {
  std::string out;
  bool inHeader = false, afterIndex = false, changed = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (l.starts_with("diff --git ") && afterIndex) {
      out += "-- \n";
      changed = true;
    }
    if (l.starts_with("diff --git ")) {
      inHeader = true;
      afterIndex = false;
    } else if (inHeader) {
      inHeader = isHeaderLine(l);
      afterIndex = inHeader && l.starts_with("index ");
    }
    out += l;
    if (end == std::string_view::npos) break;
    out += '\n';
    pos = end + 1;
  }
  if (afterIndex) {
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += "-- \n";
    changed = true;
  }
  if (!changed) return std::nullopt;
  return out;
}

Expected<git::Diff> parseDiffText(std::string_view text, const std::string &source,
                                  int line) {
  git::ensureInit();
  // What comes before the first "diff --git" is no part of a git diff (libgit2 would take
  // a quoted hunk there for a hunk outside any file).
  for (size_t at = text.find("diff --git "); at != std::string_view::npos;
       at = text.find("diff --git ", at + 1))
    if (at == 0 || text[at - 1] == '\n') {
      text.remove_prefix(at);
      break;
    }
  std::string problem;
  if (int at = badRenameLine(text, problem))
    return Error{source, line, 0,
                 "malformed diff: " + problem + " at line " + std::to_string(at) + " of the diff"};
  std::optional<std::string> fixed = withHeaderEnds(text);
  if (fixed) text = *fixed;
  git_diff *raw = nullptr;
  if (git_diff_from_buffer(&raw, text.data(), text.size()) != 0) {
    Error e = git::lastError(source, "malformed diff");
    e.line = line;
    // libgit2 counts lines from the first "diff --git": say so.
    if (size_t at = e.message.rfind(" at line "); at != std::string::npos) {
      size_t end = at + 9;
      while (end < e.message.size() && std::isdigit((unsigned char)e.message[end])) ++end;
      if (end > at + 9) e.message.insert(end, " of the diff");
    }
    return e;
  }
  return git::Diff(raw);
}

bool containsDiff(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (l.starts_with("diff --git ")) return true;
    if (l.starts_with("--- ") && end != std::string_view::npos &&
        text.substr(end + 1).starts_with("+++ "))
      return true;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return false;
}

} // namespace provcheck
