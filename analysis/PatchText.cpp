#include "analysis/PatchText.h"

#include <cstdio>
#include <ctime>

namespace provcheck {

namespace {

std::string rfc2822Date(int64_t time, int offsetMinutes) {
  std::time_t local = static_cast<std::time_t>(time + int64_t(offsetMinutes) * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int off = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %d %s %d %02d:%02d:%02d %c%02d%02d", days[tm.tm_wday],
                tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec, offsetMinutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::string octal(uint32_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06o", mode);
  return buf;
}

void appendFile(std::string &out, const FileChange &f) {
  out += "diff --git a/" + f.oldPath + " b/" + f.newPath + "\n";
  switch (f.status) {
  case FileStatus::Added: out += "new file mode " + octal(f.newMode) + "\n"; break;
  case FileStatus::Deleted: out += "deleted file mode " + octal(f.oldMode) + "\n"; break;
  case FileStatus::Renamed:
  case FileStatus::Copied: {
    const char *verb = f.status == FileStatus::Renamed ? "rename" : "copy";
    out += "similarity index " + std::to_string(f.similarity) + "%\n";
    out += std::string(verb) + " from " + f.oldPath + "\n";
    out += std::string(verb) + " to " + f.newPath + "\n";
    break;
  }
  default: break;
  }
  bool modeChanged = f.oldMode && f.newMode && f.oldMode != f.newMode;
  if (modeChanged) out += "old mode " + octal(f.oldMode) + "\nnew mode " + octal(f.newMode) + "\n";
  if (f.oldId.empty() && f.newId.empty() && f.hunks.empty() && !f.binary) return;
  auto shortId = [](const std::string &id) { return id.empty() ? std::string("0000000") : id.substr(0, 10); };
  out += "index " + shortId(f.oldId) + ".." + shortId(f.newId);
  if (!modeChanged && f.oldMode && f.newMode) out += " " + octal(f.newMode);
  out += "\n";
  std::string a = f.status == FileStatus::Added ? "/dev/null" : "a/" + f.oldPath;
  std::string b = f.status == FileStatus::Deleted ? "/dev/null" : "b/" + f.newPath;
  if (f.binary) {
    out += "Binary files " + a + " and " + b + " differ\n";
    return;
  }
  if (f.hunks.empty()) return;
  out += "--- " + a + "\n+++ " + b + "\n";
  for (const Hunk &h : f.hunks) {
    auto range = [](int start, int lines) {
      return lines == 1 ? std::to_string(start) : std::to_string(start) + "," + std::to_string(lines);
    };
    out += "@@ -" + range(h.oldStart, h.oldLines) + " +" + range(h.newStart, h.newLines) + " @@";
    if (!h.section.empty()) out += " " + h.section;
    out += "\n";
    for (const DiffLine &l : h.lines) {
      out += static_cast<char>(l.kind);
      out += l.text;
      out += "\n";
      if (l.noNewlineAtEnd) out += "\\ No newline at end of file\n";
    }
  }
}

} // namespace

std::string formatPatchText(const Patch &p) {
  std::string out = "From " + (p.id.empty() ? std::string(40, '0') : p.id) +
                    " Mon Sep 17 00:00:00 2001\n";
  out += "From: " + p.author.str() + "\n";
  out += "Date: " + rfc2822Date(p.time, p.tzOffsetMinutes) + "\n";
  out += "Subject: [PATCH] " + p.subject + "\n\n";
  size_t body = p.message.find("\n\n");
  if (body != std::string::npos) {
    std::string text = p.message.substr(body + 2);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    if (!text.empty()) out += text + "\n";
  }
  out += "---\n";
  for (const FileChange &f : p.files) appendFile(out, f);
  return out;
}

} // namespace provcheck
