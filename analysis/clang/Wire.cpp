#include "analysis/clang/Wire.h"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace provcheck::clangmap::wire {

namespace {

bool writeAll(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// 1: read, 0: end of stream or error, -1: timed out.
int readAll(int fd, char *p, size_t n, int timeoutMs) {
  while (n > 0) {
    if (timeoutMs >= 0) {
      pollfd pfd{fd, POLLIN, 0};
      int ready = ::poll(&pfd, 1, timeoutMs);
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) return -1;
      if (ready < 0) return 0;
    }
    ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return 0;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return 1;
}

} // namespace

bool send(int fd, uint32_t tag, std::string_view payload) {
  char header[12];
  uint64_t size = payload.size();
  std::memcpy(header, &tag, 4);
  std::memcpy(header + 4, &size, 8);
  return writeAll(fd, header, sizeof header) && writeAll(fd, payload.data(), payload.size());
}

std::optional<Frame> receive(int fd, int timeoutMs, bool *timedOut) {
  if (timedOut) *timedOut = false;
  char header[12];
  int got = readAll(fd, header, sizeof header, timeoutMs);
  if (got <= 0) {
    if (timedOut) *timedOut = got < 0;
    return std::nullopt;
  }
  Frame f;
  uint64_t size = 0;
  std::memcpy(&f.tag, header, 4);
  std::memcpy(&size, header + 4, 8);
  constexpr uint64_t kMaxFrame = uint64_t{1} << 32; // a corrupt length is not an allocation
  if (size > kMaxFrame) return std::nullopt;
  f.payload.resize(size);
  got = readAll(fd, f.payload.data(), size, timeoutMs);
  if (got <= 0) {
    if (timedOut) *timedOut = got < 0;
    return std::nullopt;
  }
  return f;
}

} // namespace provcheck::clangmap::wire
