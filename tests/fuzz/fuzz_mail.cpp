// The mail reader: an mbox, a format-patch file or a bare diff, read as from stdin
// (GMime, charsets, subject prefixes, in-body headers, trailers, the diff through libgit2,
// grouping into series).
#include "analysis/MailSource.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  provcheck::PatchSet set;
  (void)provcheck::readMailText(text, "<stdin>", set);
  return 0;
}
