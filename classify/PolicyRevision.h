// Which revision of a policy's document a tree holds. A policy names the project document
// it encodes ([document] in its TOML) and the fingerprints of that document's known
// revisions; the tree's copy is fingerprinted and compared, so that a run says when it
// applies another revision than the tree's own, and `--policy auto` can choose the
// built-in policy that encodes the tree's revision. Only fingerprints and metadata are
// kept, never the document's text.
#pragma once

#include "classify/Policy.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

class TreeView;

// "sha256:<hex>" of `text` normalised: carriage returns dropped, every run of blanks and
// line breaks made one space, leading and trailing blanks removed. Re-wrapping a
// paragraph keeps the fingerprint; changing a word changes it.
std::string documentFingerprint(std::string_view text);

// A policy document as a tree holds it.
struct TreeDocument {
  std::string path;
  std::string fingerprint;
  std::string policy;        // the built-in policy that lists this revision, "" when none
  DocumentRevision revision; // that revision (its fingerprint empty when unknown)
  bool known() const { return !policy.empty(); }
  // "the revision of 2025-09-22 (cd64320e1e)" or "a revision provcheck does not know (...)"
  std::string describe() const;
};

// `path` as `tree` holds it, fingerprinted and looked up among the built-in policies;
// nullopt when the tree has no such file.
std::optional<TreeDocument> readTreeDocument(const TreeView &tree, const std::string &path);

// The notice for a run that applies `policy` to `tree`: when the tree holds the document
// the policy names and it is another revision, or one provcheck does not know; "" when it
// is the policy's own revision or the tree has no such document.
std::string revisionNotice(const Policy &policy, const TreeView &tree);

// --policy auto: the built-in policy that encodes the tree's revision of a document a
// built-in policy names; for a revision it does not know, the policy of the latest
// revision of that document; with no such document (or no tree), `fallback`. `notice`
// says what was chosen and why.
Expected<Policy> autoPolicy(const TreeView *tree, const std::string &fallback,
                            std::string &notice);

} // namespace provcheck
