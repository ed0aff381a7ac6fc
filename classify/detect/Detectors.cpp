#include "classify/detect/Detectors.h"

#include <array>
#include <cctype>

namespace provcheck {

std::span<const DetectorEntry> detectorRegistry() {
  static constexpr std::array<DetectorEntry, 11> registry = {{
      {"comment-only", detectCommentOnly},
      {"hx-doc-section", detectHxDocSection},
      {"formatting-only", detectFormattingOnly},
      {"include-only", detectIncludeOnly},
      {"interpreter-line", detectInterpreterLine},
      {"rename", detectRename},
      {"moved", detectCodeMotion},
      {"python-moved", detectPythonMove},
      {"inline-variable", detectInlineVariable},
      {"named-constant", detectNamedConstant},
      {"repeated-edit", detectRepeatedEdit},
  }};
  return registry;
}

std::vector<SideToken> sideStream(const std::vector<HunkToken> &changed,
                                  const std::vector<HunkToken> &context) {
  std::vector<SideToken> out;
  size_t c = 0, x = 0;
  while (c < changed.size() || x < context.size()) {
    bool takeChanged = x == context.size() || (c < changed.size() && changed[c].line < context[x].line);
    if (takeChanged) out.push_back({&changed[c++], true});
    else out.push_back({&context[x++], false});
  }
  return out;
}

bool sameTokens(const std::vector<HunkToken> &a, const std::vector<HunkToken> &b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].text != b[i].text) return false;
  return true;
}

bool sameSides(const HunkFacts &hf) {
  if (hf.oldCode.size() + hf.oldContext.size() != hf.newCode.size() + hf.newContext.size())
    return false;
  std::vector<SideToken> a = sideStream(hf.oldCode, hf.oldContext);
  std::vector<SideToken> b = sideStream(hf.newCode, hf.newContext);
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].token->text != b[i].token->text) return false;
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
