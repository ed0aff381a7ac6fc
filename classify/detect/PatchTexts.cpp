#include "classify/detect/PatchTexts.h"

namespace provcheck {

PatchTexts::PatchTexts(const Patch &patch, const PatchImages *images)
    : patch_(patch), images_(images), old_(patch.files.size()), new_(patch.files.size()) {}

const std::string *PatchTexts::oldText(size_t f) const { return load(f, true); }
const std::string *PatchTexts::newText(size_t f) const { return load(f, false); }

const SourceStates *PatchTexts::oldStates(size_t f, int lines) const { return states(f, true, lines); }
const SourceStates *PatchTexts::newStates(size_t f, int lines) const { return states(f, false, lines); }

const SourceStates *PatchTexts::states(size_t f, bool old, int lines) const {
  const std::string *text = load(f, old);
  if (!text) return nullptr;
  Slot &slot = (old ? old_ : new_)[f];
  if (slot.scanned < lines) {
    slot.states = lineStates(*text, lines);
    slot.scanned = static_cast<int>(slot.states.lines.size()) > lines ? lines : std::numeric_limits<int>::max();
  }
  return &slot.states;
}

const std::string *PatchTexts::load(size_t f, bool old) const {
  if (f >= patch_.files.size()) return nullptr;
  Slot &slot = (old ? old_ : new_)[f];
  if (slot.loaded) return slot.text ? &*slot.text : nullptr;
  slot.loaded = true;
  const FileChange &file = patch_.files[f];
  bool absent = old ? file.status == FileStatus::Added : file.status == FileStatus::Deleted;
  if (absent) {
    slot.text = std::string();
  } else if (old ? haveOld() : haveNew()) {
    const TreeView &tree = old ? *images_->oldTree : *images_->newTree;
    slot.text = tree.read(old ? file.oldPath : file.newPath);
  }
  return slot.text ? &*slot.text : nullptr;
}

} // namespace provcheck
