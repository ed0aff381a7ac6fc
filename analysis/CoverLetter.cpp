#include "analysis/CoverLetter.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace provcheck {

namespace {

constexpr std::string_view kMarker = "--- b4-submit-tracking ---";

std::string upper(std::string s) {
  for (char &c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The JSON object starting at `text[0]`, up to its matching brace (a mail's signature
// may follow it).
std::string_view objectAt(std::string_view text) {
  int depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return text.substr(0, i + 1);
    }
  }
  return text;
}

} // namespace

std::optional<B4Tracking> b4Tracking(std::string_view message) {
  // The marker alone on a line.
  size_t at = 0;
  for (;;) {
    at = message.find(kMarker, at);
    if (at == std::string_view::npos) return std::nullopt;
    size_t end = at + kMarker.size();
    bool lineStart = at == 0 || message[at - 1] == '\n';
    bool lineEnd = end == message.size() || message[end] == '\n' || message[end] == '\r';
    if (lineStart && lineEnd) break;
    at = end;
  }
  B4Tracking out;
  std::string_view cover = message.substr(0, at);
  while (!cover.empty() && std::isspace(static_cast<unsigned char>(cover.back())))
    cover.remove_suffix(1);
  out.cover = std::string(cover) + "\n";
  // The JSON after the marker; "#" comment lines before it are b4's own.
  std::string_view rest = message.substr(at + kMarker.size());
  size_t brace = rest.find('{');
  if (brace == std::string_view::npos) return out;
  nlohmann::json j = nlohmann::json::parse(objectAt(rest.substr(brace)), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("series") || !j["series"].is_object())
    return out;
  const nlohmann::json &series = j["series"];
  if (series.contains("revision") && series["revision"].is_number_integer())
    out.revision = std::max(1, series["revision"].get<int>());
  if (series.contains("prefixes") && series["prefixes"].is_array())
    for (const nlohmann::json &p : series["prefixes"])
      if (p.is_string() && upper(p.get<std::string>()) == "RFC") out.rfc = true;
  return out;
}

} // namespace provcheck
