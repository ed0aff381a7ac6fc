// The Patch model: what every source (git revisions, format-patch files, mboxes,
// stdin) is read into, and what every later stage works on. Plain data only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace provcheck {

struct Person {
  std::string name;
  std::string email;
  // "Name <email>", or whichever part is known.
  std::string str() const;
  bool operator==(const Person &) const = default;
};

struct Trailer {
  std::string key;   // as written, e.g. "Signed-off-by", "AI-used-for"
  std::string value; // trimmed
  int line = 0;      // 1-based line in the commit message (subject is line 1)
  bool operator==(const Trailer &) const = default;
};

enum class LineKind : char { Context = ' ', Added = '+', Removed = '-' };

struct DiffLine {
  LineKind kind = LineKind::Context;
  int oldLine = 0;  // 1-based line in the pre-image; 0 for added lines
  int newLine = 0;  // 1-based line in the post-image; 0 for removed lines
  std::string text; // without the leading marker and without the newline
  bool noNewlineAtEnd = false; // "\ No newline at end of file" followed it
  bool operator==(const DiffLine &) const = default;
};

struct Hunk {
  int oldStart = 0, oldLines = 0;
  int newStart = 0, newLines = 0;
  std::string section; // the text after the second "@@" (function context), may be empty
  std::vector<DiffLine> lines;

  int added() const;
  int removed() const;
  bool operator==(const Hunk &) const = default;
};

enum class FileStatus { Added, Deleted, Modified, Renamed, Copied, ModeChange, TypeChange };
const char *toString(FileStatus);

struct FileChange {
  std::string oldPath;       // path in the pre-image (equals newPath unless renamed/copied/added)
  std::string newPath;       // path in the post-image (equals oldPath for deletions)
  FileStatus status = FileStatus::Modified;
  bool binary = false;       // a binary change: no hunks, lines unknown
  uint32_t oldMode = 0, newMode = 0; // octal git modes, 0 when absent
  int similarity = 0;        // rename/copy similarity in percent, 0 when not applicable
  std::string oldId, newId;  // blob ids (hex, possibly abbreviated) when known
  std::vector<Hunk> hunks;
  // What reading had to make of the file's text (a NUL byte, bytes that are not UTF-8),
  // one sentence each; empty for ordinary input.
  std::vector<std::string> notes;
  std::string unavailable;   // why the contents are unknown (a blob missing from a partial
                             // clone): no hunks then, though the file changed; else ""

  // The path the file is known by after the change (the old one when deleted).
  const std::string &path() const { return status == FileStatus::Deleted ? oldPath : newPath; }
  int added() const;
  int removed() const;
  // Where hunk `h`'s change starts in the post-image (the pre-image for a deleted file):
  // its first added line, or the line a removal leaves its place at; for the whole file,
  // its first hunk's (1 without hunks).
  int firstChangedLine(size_t h) const;
  int firstChangedLine() const;
  bool operator==(const FileChange &) const = default;
};

// "[PATCH v2 3/7]" and friends, parsed from a mail subject.
struct SeriesPosition {
  std::string prefix;  // the whole bracketed prefix as written, e.g. "PATCH v2 3/7"
  int version = 1;
  int index = 0;       // 0 for a cover letter or a single patch
  int total = 0;       // 0 when the subject carries no n/N
  bool rfc = false;
  bool operator==(const SeriesPosition &) const = default;
};

// Where a patch was read from, for messages and for locating it again.
struct Origin {
  enum class Kind { Commit, PatchFile, Mbox, Stdin } kind = Kind::Commit;
  std::string name; // revision, file path or "<stdin>"
  int line = 0;     // first line of the message in an mbox, else 0
  bool operator==(const Origin &) const = default;
};

struct Patch {
  Origin origin;
  std::string id;          // commit id (hex) for commits; Message-ID for mails, else empty
  std::string messageId;   // mails only, without <>
  std::string inReplyTo;   // mails only, without <>
  Person author;
  Person committer;        // commits only
  int64_t time = 0;        // author time, seconds since the epoch (UTC)
  int tzOffsetMinutes = 0; // author time zone
  std::string subject;     // without "[PATCH ...]" prefixes, unfolded
  std::string message;     // the whole commit message: subject line, blank line, body, trailers
  std::vector<Trailer> trailers;
  SeriesPosition series;
  std::string baseCommit;  // "base-commit:" of a mail, or the first parent of a commit
  std::string parentId;    // commits: first parent ("" for a root commit)
  std::vector<FileChange> files;
  // The patch as get_maintainer.pl would read it: mail headers and message, then the diff.
  // Kept for keyword (K:) matching; empty when not available, and for commits unless it
  // was asked for (RangeOptions::patchText).
  std::string rawText;
  // What reading had to make of the message (a charset, bytes that are not UTF-8, a NUL
  // byte in a header), one sentence each; empty for ordinary input.
  std::vector<std::string> notes;

  int added() const;
  int removed() const;
  std::string shortId() const; // 12 hex digits of a commit id, else ""
};

// Something read but not turned into a Patch: a merge commit, a mail without a diff, or
// an item that could not be read (a malformed diff, an unreadable file or commit) while
// the others could.
struct Skipped {
  Origin origin;
  std::string id;
  std::string subject;
  std::string reason;
  bool error = false; // could not be read: an input error, where the others are left out by design
};

// Patches that belong together: one revision range, or one mail series.
struct Series {
  std::string title;                 // cover letter subject, or the range as given
  std::optional<Patch> coverLetter;  // a "0/N" mail or b4's cover commit (no files)
  std::vector<Patch> patches;
  int version = 1;                   // "v2" of its mails' prefixes, or b4's revision
  bool rfc = false;                  // sent as a request for comments
};

// Everything the sources produced, in input order.
struct PatchSet {
  std::vector<Series> series;
  std::vector<Skipped> skipped;
  std::vector<std::string> notices; // what the reader could not do that the user should know
};

} // namespace provcheck
