// The streamed JSON writer gives nlohmann's dump(2) of the same document, byte for byte,
// whatever is streamed as parts and whatever is handed over whole.
#include "tools/provcheck/render/JsonStream.h"

#include <gtest/gtest.h>

#include <sstream>

namespace provcheck::render {
namespace {

using Json = nlohmann::ordered_json;

// Streams `v`, opening every object and array down to `openDepth` levels with begin*/end*
// and handing over whatever lies deeper whole.
void stream(JsonStream &s, const Json &v, int openDepth) {
  if (openDepth == 0 || !v.is_structured()) {
    s.value(v);
    return;
  }
  if (v.is_object()) {
    s.beginObject();
    for (const auto &[k, member] : v.items()) {
      s.key(k);
      stream(s, member, openDepth - 1);
    }
    s.endObject();
  } else {
    s.beginArray();
    for (const Json &element : v) stream(s, element, openDepth - 1);
    s.endArray();
  }
}

std::string streamed(const Json &v, int openDepth) {
  std::ostringstream out;
  JsonStream s(out);
  stream(s, v, openDepth);
  return out.str();
}

std::string dumped(const Json &v) { return v.dump(2, ' ', false, Json::error_handler_t::replace); }

const char *const kDocuments[] = {
    R"({})",
    R"([])",
    R"({"a": [], "b": {}, "c": [[], {}], "d": null})",
    R"({"schema": "x", "patches": [{"id": "1", "lines": {"added": 1, "removed": 0},
        "risk": {"features": [{"name": "lines", "value": null}]}}, {"id": "2"}],
        "notices": ["first\nsecond", "tab\there"], "n": 1.5, "t": true})",
    R"([[1, [2, [3, []]]], {"k": [{"deep": {"deeper": [1, 2]}}]}])",
};

TEST(JsonStream, EveryDepthOfStreamingGivesTheWholeDocumentsDump) {
  for (const char *text : kDocuments) {
    Json doc = Json::parse(text);
    for (int depth = 0; depth <= 5; ++depth)
      EXPECT_EQ(streamed(doc, depth), dumped(doc)) << text << " streamed " << depth << " deep";
  }
}

TEST(JsonStream, InvalidUtf8IsReplacedAsInTheWholeDump) {
  Json doc = {{"subject", std::string("caf\xe9 \xff")}, {"list", {std::string("\xc3")}}};
  EXPECT_EQ(streamed(doc, 2), dumped(doc));
  EXPECT_NE(streamed(doc, 2).find("\xef\xbf\xbd"), std::string::npos);
}

TEST(JsonStream, MembersAndArraysBuiltFromItems) {
  std::ostringstream out;
  JsonStream s(out);
  s.beginObject();
  s.member("schema", "s/1");
  std::vector<int> items{1, 2};
  s.array("items", items, [](int i) { return Json{{"i", i}, {"twice", {i, i}}}; });
  s.array("none", std::vector<int>{}, [](int i) { return Json(i); });
  s.endObject();
  Json whole = {{"schema", "s/1"},
                {"items", {{{"i", 1}, {"twice", {1, 1}}}, {{"i", 2}, {"twice", {2, 2}}}}},
                {"none", Json::array()}};
  EXPECT_EQ(out.str(), dumped(whole));
}

} // namespace
} // namespace provcheck::render
