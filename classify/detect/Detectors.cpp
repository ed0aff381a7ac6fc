#include "classify/detect/Detectors.h"

#include <array>
#include <cctype>

namespace provcheck {

std::span<const DetectorEntry> detectorRegistry() {
  static constexpr std::array<DetectorEntry, 8> registry = {{
      {"comment-only", detectCommentOnly},
      {"formatting-only", detectFormattingOnly},
      {"include-only", detectIncludeOnly},
      {"interpreter-line", detectInterpreterLine},
      {"rename", detectRename},
      {"moved", detectCodeMotion},
      {"inline-variable", detectInlineVariable},
      {"repeated-edit", detectRepeatedEdit},
  }};
  return registry;
}

bool sameTokens(const std::vector<HunkToken> &a, const std::vector<HunkToken> &b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].text != b[i].text) return false;
  return true;
}

std::string collapseSpace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

} // namespace provcheck
