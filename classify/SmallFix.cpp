#include "classify/SmallFix.h"

#include <algorithm>

namespace provcheck {

int smallFixLines(const Hunk &hunk, const HunkFacts &facts, Category category) {
  if (category != Category::Code && category != Category::Core) return 0;
  return std::max(codeLines(hunk, facts, LineKind::Added), codeLines(hunk, facts, LineKind::Removed));
}

} // namespace provcheck
