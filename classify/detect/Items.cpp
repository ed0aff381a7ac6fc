// File-scope items of a C or C++ file, from its code tokens (see FileItem).
#include "classify/detect/Detectors.h"

#include <algorithm>
#include <cctype>

namespace provcheck {
namespace {

bool isWord(std::string_view t) {
  return !t.empty() && (std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_');
}

} // namespace

std::vector<FileItem> fileItems(const std::vector<Token> &tok) {
  std::vector<FileItem> out;
  size_t k = 0;
  while (k < tok.size()) {
    FileItem item;
    item.first = k;
    if (tok[k].kind == TokenKind::Hash) {
      // A directive line is an item of its own.
      size_t e = k;
      while (e + 1 < tok.size() && tok[e + 1].directive && !tok[e + 1].startOfLine) ++e;
      item.directive = true;
      if (k + 2 <= e && tok[k + 1].text == "define") item.name = tok[k + 2].text;
      item.last = e;
    } else {
      int depth = 0, paren = 0;
      // A macro invoked at file scope ("DECLARE_INSTANCE_CHECKER(...)", "type_init(f)"):
      // without a ';' it ends at its ')' when the next line starts anything but a body.
      item.invocation = tok[k].kind == TokenKind::Identifier && k + 1 < tok.size() && tok[k + 1].text == "(";
      size_t e = k;
      for (; e < tok.size(); ++e) {
        const Token &t = tok[e];
        if (!t.directive && t.text == "(") ++paren;
        if (!t.directive && t.text == ")" && --paren == 0 && depth == 0 && item.invocation &&
            e + 1 < tok.size() && tok[e + 1].startOfLine && tok[e + 1].text != "{" && tok[e + 1].text != ";")
          break;
        // A directive at file scope ends the item before it.
        if (t.kind == TokenKind::Hash && depth == 0 && e > k) {
          --e;
          break;
        }
        if (t.directive) continue;
        if (item.name.empty() && depth == 0 && isWord(t.text) && e + 1 < tok.size() &&
            (tok[e + 1].text == "(" || tok[e + 1].text == "=" || tok[e + 1].text == ";" ||
             tok[e + 1].text == "[" || tok[e + 1].text == "{"))
          item.name = t.text;
        if (t.text == "{") {
          // extern "C" { ends an item: what it encloses stays at file scope.
          if (depth == 0 && e >= 2 && tok[e - 2].text == "extern" && tok[e - 1].kind == TokenKind::String)
            break;
          // A function's body: its closing brace ends the definition.
          if (depth == 0 && e > 0 && tok[e - 1].text == ")") {
            item.function = true;
            item.body = e;
          }
          ++depth;
        } else if (t.text == "}") {
          if (depth == 0 || (--depth == 0 && item.function)) break; // depth 0: extern "C"'s end
        } else if (t.text == ";" && depth == 0) {
          break;
        }
      }
      item.last = std::min(e, tok.size() - 1);
    }
    item.firstLine = tok[item.first].line;
    item.lastLine = tok[item.last].line;
    k = item.last + 1;
    out.push_back(std::move(item));
  }
  return out;
}

const FileItem *itemAtLine(const std::vector<FileItem> &items, int line) {
  auto it = std::upper_bound(items.begin(), items.end(), line,
                             [](int l, const FileItem &i) { return l < i.firstLine; });
  if (it == items.begin()) return nullptr;
  --it;
  return it->lastLine >= line ? &*it : nullptr;
}

} // namespace provcheck
