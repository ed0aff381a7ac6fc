// The diff reader: unified diff text through libgit2 into the Patch model, the way every
// mail's diff is read.
#include "analysis/DiffReader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  auto diff = provcheck::parseDiffText(text, "<fuzz>");
  if (diff) (void)provcheck::readDiff(diff->get(), "<fuzz>");
  return 0;
}
