#include "analysis/InputFile.h"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>

namespace provcheck {

namespace {

Error tooLarge(const std::string &name, size_t limit) {
  return Error{name, 0, 0,
               "larger than the input size limit of " + sizeText(limit) +
                   " (--max-input-size raises it)"};
}

} // namespace

std::string sizeText(size_t bytes) {
  static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  size_t unit = 0;
  while (unit + 1 < std::size(units) && bytes >= 1024 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++unit;
  }
  return std::to_string(bytes) + " " + units[unit];
}

bool parseSize(const std::string &text, size_t &out) {
  size_t value = 0;
  const char *first = text.data(), *last = text.data() + text.size();
  auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || end == first) return false;
  std::string unit(end, last);
  int shift = 0;
  if (unit == "" || unit == "B") shift = 0;
  else if (unit == "k" || unit == "K" || unit == "KiB") shift = 10;
  else if (unit == "M" || unit == "MiB") shift = 20;
  else if (unit == "G" || unit == "GiB") shift = 30;
  else if (unit == "T" || unit == "TiB") shift = 40;
  else return false;
  if (value > (SIZE_MAX >> shift)) return false;
  out = value << shift;
  return true;
}

Expected<std::string> readInputStream(std::FILE *stream, const std::string &name, size_t limit) {
  std::string text;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stream)) > 0) {
    if (text.size() + n > limit) return tooLarge(name, limit);
    text.append(buf, n);
  }
  if (std::ferror(stream))
    return Error{name, 0, 0, std::string("cannot read: ") + std::strerror(errno)};
  return text;
}

Expected<std::string> readInputFile(const std::string &path, size_t limit) {
  std::unique_ptr<std::FILE, int (*)(std::FILE *)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return Error{path, 0, 0, std::string("cannot read file: ") + std::strerror(errno)};
  struct stat st {};
  if (fstat(fileno(f.get()), &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<unsigned long long>(st.st_size) > limit)
    return tooLarge(path, limit);
  auto text = readInputStream(f.get(), path, limit);
  if (!text && text.error().message.starts_with("cannot read: "))
    return Error{path, 0, 0, "cannot read file: " + text.error().message.substr(13)};
  return text;
}

} // namespace provcheck
