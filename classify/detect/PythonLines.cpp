#include "classify/detect/PythonLines.h"

#include <array>
#include <cctype>

namespace provcheck {
namespace {

bool nameStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool nameChar(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// The length of a string prefix (r, b, u, f and their pairs) followed by a quote at `i`,
// or npos when none starts there.
size_t stringPrefix(std::string_view t, size_t i) {
  size_t n = 0;
  while (n < 2 && i + n < t.size() && std::string_view("rRbBuUfF").find(t[i + n]) != std::string_view::npos)
    ++n;
  for (size_t k = 0; k <= n; ++k)
    if (i + k < t.size() && (t[i + k] == '\'' || t[i + k] == '"')) {
      // Only the whole run of letters may be the prefix ("rb'x'", not "b" of "xb'x'").
      if (k == n) return k;
    }
  return std::string_view::npos;
}

constexpr std::array<std::string_view, 24> kOps = {
    "**=", "//=", ">>=", "<<=", "...", "==", "!=", "<=", ">=", "+=", "-=", "*=",
    "/=",  "%=",  "&=",  "|=",  "^=",  "@=", ":=", "->", "**", "//", "<<", ">>"};

} // namespace

std::optional<std::vector<PyLine>> pythonLines(std::string_view t) {
  std::vector<PyLine> out;
  PyLine cur;
  int line = 1, depth = 0;
  bool lineStart = true;
  int column = 0;
  size_t i = 0;
  auto finish = [&] {
    if (!cur.tokens.empty()) {
      cur.last = cur.tokens.back().line;
      out.push_back(std::move(cur));
    }
    cur = PyLine{};
  };
  auto push = [&](PyToken::Kind kind, std::string text, int at, bool fstring = false) {
    if (cur.tokens.empty()) {
      cur.first = at;
      cur.indent = column;
    }
    cur.tokens.push_back({kind, std::move(text), at, fstring});
  };
  while (i < t.size()) {
    char c = t[i];
    if (lineStart) { // measure the indentation of a physical line
      column = 0;
      while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\f')) {
        column = t[i] == '\t' ? (column / 8 + 1) * 8 : column + 1;
        ++i;
      }
      lineStart = false;
      continue;
    }
    if (c == '\n') {
      ++line, ++i;
      lineStart = true;
      if (depth == 0) finish();
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < t.size() && t[i] != '\n') ++i;
      continue;
    }
    if (c == '\\' && i + 1 < t.size() && t[i + 1] == '\n') { // continuation: same logical line
      i += 2, ++line;
      continue;
    }
    size_t prefix = nameStart(c) || c == '\'' || c == '"' ? stringPrefix(t, i) : std::string_view::npos;
    if (prefix != std::string_view::npos) {
      int at = line;
      std::string_view pre = t.substr(i, prefix);
      bool f = pre.find_first_of("fF") != std::string_view::npos;
      size_t q = i + prefix;
      char quote = t[q];
      bool triple = q + 2 < t.size() && t[q + 1] == quote && t[q + 2] == quote;
      size_t j = q + (triple ? 3 : 1);
      bool closed = false;
      while (j < t.size()) {
        if (t[j] == '\\') {
          if (j + 1 < t.size() && t[j + 1] == '\n') ++line;
          j += 2;
          continue;
        }
        if (t[j] == '\n') {
          if (!triple) return std::nullopt;
          ++line;
        }
        if (t[j] == quote && (!triple || (j + 2 < t.size() && t[j + 1] == quote && t[j + 2] == quote))) {
          j += triple ? 3 : 1;
          closed = true;
          break;
        }
        ++j;
      }
      if (!closed) return std::nullopt;
      push(PyToken::Kind::String, std::string(t.substr(i, j - i)), at, f);
      i = j;
      continue;
    }
    if (nameStart(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < t.size() && nameChar(static_cast<unsigned char>(t[j]))) ++j;
      push(PyToken::Kind::Name, std::string(t.substr(i, j - i)), line);
      i = j;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && i + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 1])))) {
      size_t j = i;
      while (j < t.size() && (nameChar(static_cast<unsigned char>(t[j])) || t[j] == '.')) ++j;
      push(PyToken::Kind::Number, std::string(t.substr(i, j - i)), line);
      i = j;
      continue;
    }
    std::string op(1, c);
    for (std::string_view o : kOps)
      if (t.substr(i, o.size()) == o) {
        op = o;
        break;
      }
    if (op == "(" || op == "[" || op == "{") ++depth;
    if (op == ")" || op == "]" || op == "}") {
      if (depth == 0) return std::nullopt;
      --depth;
    }
    push(PyToken::Kind::Op, op, line);
    i += op.size();
  }
  if (depth != 0) return std::nullopt;
  finish();
  return out;
}

std::vector<PyBlock> topLevelBlocks(const std::vector<PyLine> &lines) {
  std::vector<PyBlock> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const PyLine &l = lines[i];
    if (l.indent != 0 || l.tokens.size() < 2 || l.tokens[0].kind != PyToken::Kind::Name) continue;
    const std::string &kw = l.tokens[0].text;
    if (kw != "def" && kw != "class") continue;
    size_t j = i;
    while (j + 1 < lines.size() && lines[j + 1].indent != 0) ++j;
    out.push_back({i, j, l.first, lines[j].last, kw == "def", l.tokens[1].text});
    i = j;
  }
  return out;
}

} // namespace provcheck
