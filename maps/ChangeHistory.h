// The history of a set of paths, read once from a tip with libgit2: every commit that
// changed one of them (who, when, whether it fixes a bug), every commit's author, and
// which commits later commits name as the ones they fix (`Fixes:` trailers resolved by
// abbreviated id or by subject). Questions are asked "as of" a time, so that a change is
// judged only on what happened before it.
#pragma once

#include "analysis/Error.h"
#include "analysis/Patch.h"
#include "maps/MailAddress.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace provcheck {

// What a fix trailer names: a commit id (abbreviated or not), its subject, or both.
struct FixRef {
  std::string id;      // hex, lower case; "" when only the subject is given
  std::string subject; // "" when only the id is given
  bool operator==(const FixRef &) const = default;
};

// Reads the value of a fix trailer: `abc123def ("subject")`, `commit abc123 ("...")`,
// `abc123 "subject"`, `("subject")`, `"subject"`... nullopt when it names no commit (an
// issue URL, a CVE, "Coverity CID 123").
std::optional<FixRef> parseFixRef(std::string_view value);

// The values of the `keys` trailers (case-insensitive) anywhere in a commit message,
// each with its continuation lines joined (a subject wrapped over two lines).
std::vector<std::string> fixTrailerValues(std::string_view message,
                                          const std::vector<std::string> &keys);

struct HistoryOptions {
  std::string tip = "HEAD"; // revision the walk starts from
  // How far back: `days` before the earlier of `asOf` (the earliest time the history
  // will be asked about) and the tip's time; nullopt: the whole history.
  std::optional<int> days;
  int64_t asOf = INT64_MAX;
  std::vector<std::string> fixTrailers{"Fixes"}; // trailers that mark a fix and name the commit
};

// The revision history is read from by default: the current branch's upstream
// ("origin/master"), so that a branch's own commits are not counted as its history;
// "HEAD" when there is none (detached HEAD, no upstream configured, no repository),
// with the reason in `why`.
std::string defaultHistoryTip(const std::string &repository, std::string &why);

struct HistoryCommit {
  std::string id;          // hex
  int64_t time = 0;        // committer time: when it entered the history
  std::string author;      // canonical address (.mailmap of the tip applied), lower case
  std::string subject;
  bool fix = false;        // carries a fix trailer (whatever it names)
  std::vector<FixRef> refs;   // the commits its fix trailers name
  std::vector<int> fixes;     // those of them found in the history (indices)
  std::vector<int> fixedBy;   // commits whose fix trailers name this one (indices)
};

// How the fix trailers of the history resolved.
struct FixResolution {
  int refs = 0;          // references naming a commit
  int byId = 0;          // resolved by a unique (abbreviated) id
  int bySubject = 0;     // resolved by a unique subject (no id, or an id not in the history)
  int ambiguous = 0;     // several commits match and nothing tells them apart
  int unresolved = 0;    // nothing in the history read matches
};

class ChangeHistory {
public:
  std::string tip;          // commit id the walk started from
  int64_t tipTime = 0;
  int64_t since = 0;
  int walked = 0;           // commits examined, merges included

  // Building (readChangeHistory does it; tests may too): add the commits in any order
  // with the asked paths each changed, then finish() sorts them newest first, indexes
  // them and resolves their fix references.
  void add(HistoryCommit commit, std::vector<std::string> changedPaths);
  void setMailmap(Mailmap mailmap) { mailmap_ = std::move(mailmap); }
  void finish();

  // Non-merge commits read, newest first (ties in input order).
  const std::vector<HistoryCommit> &commits() const { return commits_; }
  const FixResolution &resolution() const { return resolution_; }
  // Commits that changed `path` (one of the paths asked for), newest first.
  const std::vector<int> &touching(std::string_view path) const;
  // Commits by `author` (canonical address), newest first.
  const std::vector<int> &byAuthor(std::string_view author) const;
  // The commit with this full id, or -1.
  int find(std::string_view id) const;
  // The canonical lower-case address of a person, with the .mailmap of the tip.
  std::string identity(const Person &person) const;

private:
  std::vector<HistoryCommit> commits_;
  std::vector<std::vector<std::string>> changed_; // parallel to commits_ until finish()
  FixResolution resolution_;
  std::map<std::string, std::vector<int>, std::less<>> paths_;
  std::map<std::string, std::vector<int>, std::less<>> authors_;
  std::unordered_map<std::string, int> ids_;
  Mailmap mailmap_;
};

// Reads the history of `paths` from options.tip back to options.since: merges are walked
// but not counted (their changes are counted on the merged commits); a commit changed a
// path when the path's tree entry differs from its first parent's. Errors: no
// repository, an unknown tip.
Expected<ChangeHistory> readChangeHistory(const std::string &repository,
                                          const std::vector<std::string> &paths,
                                          const HistoryOptions &options);

} // namespace provcheck
