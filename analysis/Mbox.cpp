#include "analysis/Mbox.h"

#include <cctype>
#include <charconv>

namespace provcheck {

namespace {

std::string_view withoutEol(std::string_view l) {
  while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.remove_suffix(1);
  return l;
}

} // namespace

bool isFromLine(std::string_view line) {
  std::string_view l = withoutEol(line);
  if (l.size() < 20 || !l.starts_with("From ")) return false;
  // The time of the date: "hh:mm:ss" with the last ':' before the seconds, then a year.
  size_t colon = l.rfind(':');
  if (colon == std::string_view::npos || colon < 9 || colon + 3 > l.size()) return false;
  auto digit = [&](size_t i) { return i < l.size() && std::isdigit((unsigned char)l[i]); };
  if (!digit(colon - 4) || !digit(colon - 2) || !digit(colon - 1) || !digit(colon + 1) ||
      !digit(colon + 2))
    return false;
  std::string_view rest = l.substr(colon + 3);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  int year = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), year);
  return ec == std::errc() && end != rest.data() && year > 90;
}

bool startsLikeMbox(std::string_view text) { return text.starts_with("From "); }

std::vector<MessageText> splitMbox(std::string_view text) {
  if (!startsLikeMbox(text)) return {MessageText{text, 1, 1}};
  std::vector<MessageText> out;
  size_t start = 0; // of the current message's separator line
  int startLine = 1, lineNo = 1;
  size_t pos = 0;
  auto close = [&](size_t end) {
    size_t body = text.find('\n', start);
    body = body == std::string_view::npos || body > end ? end : body + 1;
    out.push_back(MessageText{text.substr(body, end - body), startLine, startLine + 1});
  };
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    if (pos > 0 && isFromLine(text.substr(pos, next - pos))) {
      close(pos);
      start = pos;
      startLine = lineNo;
    }
    pos = next;
    ++lineNo;
  }
  close(text.size());
  return out;
}

std::optional<std::string> withoutHeaderNuls(std::string_view message, int firstLine,
                                             std::vector<std::string> &notes) {
  size_t headersEnd = message.find("\n\n");
  if (size_t crlf = message.find("\n\r\n"); crlf < headersEnd) headersEnd = crlf;
  headersEnd = headersEnd == std::string_view::npos ? message.size() : headersEnd + 1;
  std::string_view headers = message.substr(0, headersEnd);
  if (headers.find('\0') == std::string_view::npos) return std::nullopt;
  std::string out;
  out.reserve(message.size());
  std::string header;
  int lineNo = firstLine;
  for (size_t pos = 0; pos < headers.size(); ++lineNo) {
    size_t nl = headers.find('\n', pos);
    size_t next = nl == std::string_view::npos ? headers.size() : nl + 1;
    std::string_view l = headers.substr(pos, next - pos);
    if (!l.empty() && l[0] != ' ' && l[0] != '\t') {
      header.clear();
      for (char c : l.substr(0, std::min(l.find(':'), l.size())))
        if (c != '\0') header += c;
    }
    for (char c : l)
      if (c != '\0') out += c;
    if (l.find('\0') != std::string_view::npos)
      notes.push_back("its " + header + " header (line " + std::to_string(lineNo) +
                      ") holds a NUL byte: removed");
    pos = next;
  }
  out += message.substr(headersEnd);
  return out;
}

} // namespace provcheck
