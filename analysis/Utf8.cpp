#include "analysis/Utf8.h"

#include <glib.h>

#include <cctype>
#include <cerrno>

namespace provcheck {

namespace {

bool meansUtf8(std::string_view charset) {
  std::string c;
  for (char ch : charset)
    if (ch != '-' && ch != '_') c += static_cast<char>(std::tolower((unsigned char)ch));
  return c.empty() || c == "utf8" || c == "usascii" || c == "ascii" || c == "usascii7";
}

// Appends `bytes` with each byte outside a valid UTF-8 sequence replaced by U+FFFD.
void appendValid(std::string_view bytes, Utf8Text &out) {
  while (!bytes.empty()) {
    const gchar *end = nullptr;
    if (g_utf8_validate_len(bytes.data(), bytes.size(), &end)) {
      out.text += bytes;
      return;
    }
    size_t good = static_cast<size_t>(end - bytes.data());
    out.text.append(bytes.data(), good);
    if (bytes[good] == '\0') { // g_utf8_validate stops at NUL, which is valid UTF-8
      out.text += '\0';
    } else {
      out.text += "\xEF\xBF\xBD";
      ++out.replaced;
    }
    bytes.remove_prefix(good + 1);
  }
}

} // namespace

bool isUtf8(std::string_view text) {
  while (!text.empty()) {
    const gchar *end = nullptr;
    if (g_utf8_validate_len(text.data(), text.size(), &end)) return true;
    size_t good = static_cast<size_t>(end - text.data());
    if (text[good] != '\0') return false;
    text.remove_prefix(good + 1);
  }
  return true;
}

Utf8Text toUtf8(std::string_view bytes, std::string_view charset) {
  Utf8Text out;
  if (meansUtf8(charset)) {
    appendValid(bytes, out);
    return out;
  }
  GIConv cd = g_iconv_open("UTF-8", std::string(charset).c_str());
  if (cd == reinterpret_cast<GIConv>(-1)) {
    out.unknownCharset = true;
    appendValid(bytes, out);
    return out;
  }
  // Converted piece by piece: a byte the charset does not define becomes U+FFFD and the
  // conversion goes on after it.
  std::string buf(4096, '\0');
  gchar *in = const_cast<gchar *>(bytes.data());
  gsize inLeft = bytes.size();
  while (inLeft > 0) {
    gchar *o = buf.data();
    gsize oLeft = buf.size();
    gsize rc = g_iconv(cd, &in, &inLeft, &o, &oLeft);
    out.text.append(buf.data(), buf.size() - oLeft);
    if (rc != static_cast<gsize>(-1)) break;
    if (errno == E2BIG) continue;
    // EILSEQ or EINVAL (an incomplete sequence at the end): skip one byte.
    out.text += "\xEF\xBF\xBD";
    ++out.replaced;
    ++in;
    --inLeft;
    g_iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  g_iconv_close(cd);
  // A converter's output is UTF-8; checked all the same, it is cheap.
  if (!isUtf8(out.text)) {
    Utf8Text again;
    appendValid(out.text, again);
    again.replaced += out.replaced;
    return again;
  }
  return out;
}

} // namespace provcheck
