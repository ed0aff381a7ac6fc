// Every output of provcheck is UTF-8 (JSON requires it): text read from commits and mails
// is converted from the charset it declares, and bytes that are still not UTF-8 are
// replaced by U+FFFD, counted, so that the reader can say so.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace provcheck {

// True when `text` is valid UTF-8 (a NUL byte is valid).
bool isUtf8(std::string_view text);

struct Utf8Text {
  std::string text;     // valid UTF-8
  size_t replaced = 0;  // bytes that were not UTF-8 (each became one U+FFFD)
  bool unknownCharset = false; // the declared charset has no converter: read as UTF-8
};

// `bytes` as UTF-8: converted from `charset` when it names another one ("" and
// "us-ascii" mean UTF-8, as git assumes), then every byte that is not part of a valid
// UTF-8 sequence replaced by U+FFFD.
Utf8Text toUtf8(std::string_view bytes, std::string_view charset = {});

} // namespace provcheck
