// Trailers: a commit message (the input) read as git reads a commit's trailers and judged by
// QEMU's and Linux's policies (AI trailer syntax, misspelt and foreign keys, sign-off).
#include "analysis/GitSource.h"
#include "classify/Policy.h"
#include "classify/Trailers.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {
const provcheck::Policy &policy(const std::string &name) {
  static const provcheck::Policy qemuPolicy = *provcheck::builtinPolicy("qemu");
  static const provcheck::Policy linuxPolicy = *provcheck::builtinPolicy("linux");
  return name == "qemu" ? qemuPolicy : linuxPolicy;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  provcheck::Patch patch;
  patch.message.assign(reinterpret_cast<const char *>(data), size);
  patch.subject = patch.message.substr(0, patch.message.find('\n'));
  patch.author = {"Ada Lovelace", "ada@example.org"};
  patch.trailers = provcheck::parseTrailers(patch.message);
  for (const char *name : {"qemu", "linux"}) (void)provcheck::analyzeTrailers(patch, policy(name));
  return 0;
}
