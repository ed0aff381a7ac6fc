// Pretty-printed JSON written one value at a time: the same bytes as nlohmann's
// dump(2) of the whole document, without ever holding the document or its text, so that
// a report over a long range renders in the memory of its largest element.
#pragma once

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string_view>
#include <vector>

namespace provcheck::render {

class JsonStream {
public:
  explicit JsonStream(std::ostream &out) : out_(out) {}

  // An object or array opened here is filled by the calls that follow, up to its end*.
  void beginObject() { begin('{', true); }
  void endObject() { end('}'); }
  void beginArray() { begin('[', false); }
  void endArray() { end(']'); }

  // Inside an object: the name of the next member, whose value comes next (value() or
  // begin*()).
  void key(std::string_view name);
  // A whole value: an array element, a member's value after key(), or the document.
  void value(const nlohmann::ordered_json &v);

  // key(name) then value(v).
  void member(std::string_view name, const nlohmann::ordered_json &v) {
    key(name);
    value(v);
  }

  // An array member whose elements are made one at a time: toJson(item) for each item.
  template <class Range, class ToJson>
  void array(std::string_view name, const Range &items, ToJson &&toJson) {
    key(name);
    beginArray();
    for (const auto &item : items) value(toJson(item));
    endArray();
  }

private:
  struct Level {
    bool object;
    bool empty = true;
  };
  void begin(char open, bool object);
  void end(char close);
  // Before an array element or an object's key: the comma, the new line and the indent.
  void next();
  // `text` (a dump(2)) as it reads nested this deep: each of its lines but the first
  // indented by the levels open.
  void writeNested(std::string_view text);

  std::ostream &out_;
  std::vector<Level> levels_;
  bool afterKey_ = false;
};

} // namespace provcheck::render
