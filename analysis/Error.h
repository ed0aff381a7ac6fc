// Errors at the boundaries of every stage are values: an Error names the input
// (file, revision, mbox) and, where it has one, the line and column.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace provcheck {

struct Error {
  std::string file;    // input that is wrong: a path, a revision, "<stdin>"
  int line = 0;        // 1-based; 0 when the error is not about a line
  int column = 0;      // 1-based; 0 when unknown
  std::string message; // what is wrong, without the location

  // "file:line:column: message", leaving out what is unknown.
  std::string str() const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    if (line > 0 && column > 0) out += ":" + std::to_string(column);
    if (!out.empty()) out += ": ";
    return out + message;
  }
};

// A value or the Error that prevented it (a small std::expected for C++20).
template <class T>
class Expected {
public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Expected(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  explicit operator bool() const { return v_.index() == 0; }
  bool ok() const { return v_.index() == 0; }

  T &operator*() & { return std::get<0>(v_); }
  const T &operator*() const & { return std::get<0>(v_); }
  T &&operator*() && { return std::get<0>(std::move(v_)); }
  T *operator->() { return &std::get<0>(v_); }
  const T *operator->() const { return &std::get<0>(v_); }

  const Error &error() const { return std::get<1>(v_); }

private:
  std::variant<T, Error> v_;
};

// For operations that produce nothing but may fail.
struct Unit {};
using Status = Expected<Unit>;
inline Status okStatus() { return Unit{}; }

} // namespace provcheck
