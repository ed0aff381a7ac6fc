// Messages between provcheck and its parse workers: a frame is a tag, a length and the
// payload; a payload is integers (little-endian, fixed width) and length-prefixed bytes.
// A reader that runs past the end is marked bad and yields zeros. Private to analysis/clang.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck::clangmap::wire {

class Writer {
public:
  void u64(uint64_t v) { buf_.append(reinterpret_cast<const char *>(&v), sizeof v); }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void flag(bool v) { buf_.push_back(v ? 1 : 0); }
  void bytes(std::string_view s) {
    u64(s.size());
    buf_.append(s);
  }
  void strings(const std::vector<std::string> &v) {
    u64(v.size());
    for (const std::string &s : v) bytes(s);
  }
  void stringMap(const std::map<std::string, std::string> &m) {
    u64(m.size());
    for (const auto &[k, v] : m) {
      bytes(k);
      bytes(v);
    }
  }
  std::string take() { return std::move(buf_); }

private:
  std::string buf_;
};

class Reader {
public:
  explicit Reader(std::string_view data) : data_(data) {}
  uint64_t u64() {
    uint64_t v = 0;
    if (!need(sizeof v)) return 0;
    std::memcpy(&v, data_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  int64_t i64() { return static_cast<int64_t>(u64()); }
  int i32() { return static_cast<int>(i64()); }
  bool flag() {
    if (!need(1)) return false;
    return data_[pos_++] != 0;
  }
  std::string bytes() {
    uint64_t n = u64();
    if (!need(n)) return {};
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::vector<std::string> strings() {
    std::vector<std::string> v;
    for (uint64_t n = count(); n > 0; --n) v.push_back(bytes());
    return v;
  }
  std::map<std::string, std::string> stringMap() {
    std::map<std::string, std::string> m;
    for (uint64_t n = count(); n > 0; --n) {
      std::string k = bytes();
      m[std::move(k)] = bytes();
    }
    return m;
  }
  // An element count, bounded by what is left (each element takes a byte at least).
  uint64_t count() {
    uint64_t n = u64();
    if (n > data_.size() - pos_) {
      bad_ = true;
      return 0;
    }
    return n;
  }
  bool ok() const { return !bad_; }

private:
  bool need(uint64_t n) {
    if (bad_ || n > data_.size() - pos_) {
      bad_ = true;
      return false;
    }
    return true;
  }
  std::string_view data_;
  size_t pos_ = 0;
  bool bad_ = false;
};

struct Frame {
  uint32_t tag = 0;
  std::string payload;
};

// Writes a whole frame; false when the other side is gone.
bool send(int fd, uint32_t tag, std::string_view payload);
// Reads a whole frame, waiting at most `timeoutMs` (-1: forever) for each part of it;
// nullopt at the end of the stream, on an error or on timeout (`timedOut` set).
std::optional<Frame> receive(int fd, int timeoutMs, bool *timedOut = nullptr);

} // namespace provcheck::clangmap::wire
