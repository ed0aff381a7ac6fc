#include "analysis/Patch.h"

#include <algorithm>
#include <numeric>

namespace provcheck {

std::string Person::str() const {
  if (name.empty()) return email.empty() ? std::string() : "<" + email + ">";
  if (email.empty()) return name;
  return name + " <" + email + ">";
}

int Hunk::added() const {
  int n = 0;
  for (const auto &l : lines) n += l.kind == LineKind::Added;
  return n;
}

int Hunk::removed() const {
  int n = 0;
  for (const auto &l : lines) n += l.kind == LineKind::Removed;
  return n;
}

const char *toString(FileStatus s) {
  switch (s) {
  case FileStatus::Added: return "added";
  case FileStatus::Deleted: return "deleted";
  case FileStatus::Modified: return "modified";
  case FileStatus::Renamed: return "renamed";
  case FileStatus::Copied: return "copied";
  case FileStatus::ModeChange: return "mode-change";
  case FileStatus::TypeChange: return "type-change";
  }
  return "unknown";
}

int FileChange::added() const {
  return std::accumulate(hunks.begin(), hunks.end(), 0,
                         [](int n, const Hunk &h) { return n + h.added(); });
}

int FileChange::removed() const {
  return std::accumulate(hunks.begin(), hunks.end(), 0,
                         [](int n, const Hunk &h) { return n + h.removed(); });
}

int FileChange::firstChangedLine(size_t h) const {
  if (h >= hunks.size()) return 1;
  const Hunk &hunk = hunks[h];
  bool deleted = status == FileStatus::Deleted;
  int next = hunk.newStart; // the post-image line the next change would stand at
  for (const DiffLine &l : hunk.lines) {
    if (l.kind == LineKind::Context) next = l.newLine + 1;
    else if (l.kind == LineKind::Added && !deleted) return l.newLine;
    else if (l.kind == LineKind::Removed) return deleted ? l.oldLine : std::max(1, next);
  }
  return std::max(1, deleted ? hunk.oldStart : hunk.newStart);
}

int FileChange::firstChangedLine() const { return firstChangedLine(0); }

int Patch::added() const {
  return std::accumulate(files.begin(), files.end(), 0,
                         [](int n, const FileChange &f) { return n + f.added(); });
}

int Patch::removed() const {
  return std::accumulate(files.begin(), files.end(), 0,
                         [](int n, const FileChange &f) { return n + f.removed(); });
}

std::string Patch::shortId() const {
  if (origin.kind != Origin::Kind::Commit) return {};
  return id.substr(0, 12);
}

} // namespace provcheck
