// The policy loader: TOML text (toml++) read strictly into a Policy, with `base` overlays.
#include "classify/Policy.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  auto policy = provcheck::parsePolicy(text, "fuzz.toml");
  if (policy) (void)provcheck::dumpPolicy(*policy);
  return 0;
}
