// The whole pre-image and post-image texts of a patch's files, read from the patch's
// trees on first use and kept for the rest of the classification. A file added by the
// patch has an empty pre-image, a deleted one an empty post-image; without the trees
// (a mail read without its repository) the other texts are unknown.
#pragma once

#include "analysis/Images.h"
#include "analysis/Patch.h"
#include "classify/detect/SourceState.h"

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace provcheck {

class PatchTexts {
public:
  PatchTexts(const Patch &patch, const PatchImages *images);

  // Whether the pre-image (resp. post-image) tree is known.
  bool haveOld() const { return images_ && images_->oldTree; }
  bool haveNew() const { return images_ && images_->newTree; }
  const TreeView *oldTree() const { return haveOld() ? images_->oldTree.get() : nullptr; }
  const TreeView *newTree() const { return haveNew() ? images_->newTree.get() : nullptr; }

  // The text of file `f` before (after) the patch, or null when unknown.
  const std::string *oldText(size_t f) const;
  const std::string *newText(size_t f) const;
  // lineStates() of those texts, for their first `lines` lines at least (all by
  // default), computed once; null when the text is unknown.
  const SourceStates *oldStates(size_t f, int lines = std::numeric_limits<int>::max()) const;
  const SourceStates *newStates(size_t f, int lines = std::numeric_limits<int>::max()) const;

private:
  const std::string *load(size_t f, bool old) const;

  const Patch &patch_;
  const PatchImages *images_;
  const SourceStates *states(size_t f, bool old, int lines) const;

  struct Slot {
    bool loaded = false;
    int scanned = 0; // lines the states cover
    std::optional<std::string> text;
    SourceStates states;
  };
  mutable std::vector<Slot> old_, new_;
};

} // namespace provcheck
