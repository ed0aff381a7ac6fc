#include "tools/provcheck/render/JsonStream.h"

#include <cassert>
#include <ostream>

namespace provcheck::render {

using Json = nlohmann::ordered_json;

namespace {

constexpr int kIndent = 2;

std::string dumped(const Json &v) { return v.dump(kIndent, ' ', false, Json::error_handler_t::replace); }

} // namespace

void JsonStream::next() {
  if (afterKey_) { // a member's value: its key is already written
    afterKey_ = false;
    return;
  }
  if (levels_.empty()) return; // the document itself
  Level &level = levels_.back();
  out_ << (level.empty ? "\n" : ",\n");
  level.empty = false;
  out_ << std::string(kIndent * levels_.size(), ' ');
}

void JsonStream::key(std::string_view name) {
  assert(!levels_.empty() && levels_.back().object && !afterKey_);
  next();
  out_ << dumped(Json(name)) << ": ";
  afterKey_ = true;
}

void JsonStream::value(const Json &v) {
  next();
  writeNested(dumped(v));
}

void JsonStream::begin(char open, bool object) {
  next();
  out_ << open;
  levels_.push_back({object});
}

void JsonStream::end(char close) {
  assert(!levels_.empty() && !afterKey_);
  bool empty = levels_.back().empty;
  levels_.pop_back();
  if (!empty) out_ << '\n' << std::string(kIndent * levels_.size(), ' ');
  out_ << close;
}

void JsonStream::writeNested(std::string_view text) {
  // A dump's only line breaks are its layout: strings escape theirs.
  std::string pad(kIndent * levels_.size(), ' ');
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string_view::npos; start = nl + 1)
    out_ << text.substr(start, nl + 1 - start) << pad;
  out_ << text.substr(start);
}

} // namespace provcheck::render
