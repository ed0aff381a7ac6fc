#include "classify/Classification.h"

namespace provcheck {

const char *toString(Category c) {
  switch (c) {
  case Category::Docs: return "docs";
  case Category::Tests: return "tests";
  case Category::Mechanical: return "mechanical";
  case Category::Code: return "code";
  case Category::Core: return "core";
  }
  return "unknown";
}

const char *toString(ToolClaimStatus s) {
  switch (s) {
  case ToolClaimStatus::Reproduced: return "reproduced";
  case ToolClaimStatus::Partly: return "partly";
  case ToolClaimStatus::NotReproduced: return "not-reproduced";
  case ToolClaimStatus::NotReplayable: return "not-replayable";
  case ToolClaimStatus::Unavailable: return "unavailable";
  }
  return "unknown";
}

std::string PatchClass::label() const { return mixed ? "mixed" : toString(category); }

} // namespace provcheck
