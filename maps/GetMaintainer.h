// What scripts/get_maintainer.pl prints for files (-f) or patches, computed from an
// OwnershipMap: the same people and lists, roles, order, de-duplication, .mailmap and
// git fallback. The model is computed first; renderText prints it like the script.
#pragma once

#include "maps/OwnershipMap.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

// get_maintainer.pl's options, with its defaults.
struct GetMaintainerOptions {
  bool email = true;          // --email
  bool maintainers = true;    // --m
  bool reviewers = true;      // --r
  bool useName = true;        // --n
  bool lists = true;          // --l
  bool subscriberLists = false; // --s
  bool git = false;           // --git
  bool gitFallback = true;    // --git-fallback
  bool gitAllSignatureTypes = false;
  std::string gitSince = "1-year-ago";
  int gitMinSignatures = 1;
  int gitMaxMaintainers = 5;
  int gitMinPercent = 5;
  bool roles = false;         // --roles
  bool rolestats = true;      // --rolestats (implies --roles)
  bool scm = false, web = false, status = false, subsystem = false;
  bool keywords = true;
  bool sections = false;      // --sections
  bool removeDuplicates = true;
  bool mailmap = true;
  int patternDepth = 0;
  bool multiline = true;
  std::string separator = ", ";
  // Byte-for-byte get_maintainer.pl: no attribution of deleted files to their owners
  // (the script sees "+++ /dev/null"), none of renamed files to both paths.
  bool compat = false;
};

// Checks the option combinations the script refuses; returns its message.
std::optional<std::string> validate(GetMaintainerOptions &options);

// git history of one file, as the script's `git log --follow --since=... -- FILE`
// prints it with its format (GitCommit:/GitAuthor:/GitDate:/GitSubject: lines, then
// the body), each line without leading blanks and blank lines dropped.
using HistoryProvider = std::function<std::vector<std::string>(const std::string &path)>;

struct MaintainersInput {
  bool fromFiles = false;                      // -f: `paths` name files or directories
  std::vector<std::string> paths;              // -f arguments, as given
  struct PatchText {
    std::string name;                          // for messages
    std::string text;                          // the whole file as read
  };
  std::vector<PatchText> patches;              // patch mode
  std::function<bool(std::string_view)> isDirectory;
  std::function<std::optional<std::string>(std::string_view)> readFile; // -f keyword scan
  // -f, optional: the first `n` bytes of a file of the tree (all of it when shorter), none
  // when the path names no file. When given, a file whose first bytes rule out every K:
  // keyword (QEMU's all match at the start of the text) is not read further.
  std::function<std::optional<std::string>(std::string_view, size_t n)> readFilePrefix;
  const HistoryProvider *history = nullptr;    // null: no git (the script's "No supported VCS")
  // Reorders the sections matched for one file (tests: equal-depth permutations).
  std::function<void(std::string_view, std::vector<SectionMatch> &)> reorder;
};

struct MaintainerEntry {
  enum class Kind { Person, List, GitSigner };
  Kind kind = Kind::Person;
  std::string address;                 // as printed: "Name <addr>" or a list address
  std::string role;                    // as printed in parentheses (may be comma-joined)
  std::vector<int> sections;           // sections that named it, in order
  std::vector<std::string> patterns;   // the F:/N:/K: that made those sections match
};

struct FileOwners {
  std::string path;
  std::vector<SectionMatch> sections;  // in the order the script adds them
  bool exact = false;
};

struct MaintainersReport {
  std::vector<FileOwners> files;
  std::vector<int> keywordSections;    // sections added through K:, in the script's order
  std::vector<MaintainerEntry> entries; // what is printed, in order
  std::vector<std::string> scm, status, subsystem, web;
  std::string sectionsText;            // --sections
  std::vector<std::string> warnings;   // what the script prints on stderr
  bool usedGitFallback = false;
};

Expected<MaintainersReport> getMaintainers(const OwnershipMap &map, const MaintainersInput &input,
                                           const GetMaintainerOptions &options);

// The script's stdout for the report.
std::string renderText(const MaintainersReport &report, const GetMaintainerOptions &options);

// The files a patch names as get_maintainer.pl reads them ("+++ b/path", first path
// component dropped), plus the K: sections whose regexes fire; without `compat`, also
// the old paths of deleted and renamed files ("diff --git a/old b/new").
struct PatchScan {
  std::vector<std::string> files;
  std::vector<int> keywordOrdinals;
  bool looksLikePatch = false;
};
PatchScan scanPatch(const OwnershipMap &map, std::string_view text, bool keywords, bool compat);

} // namespace provcheck
