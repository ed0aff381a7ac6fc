// Preprocessor structure and comments of one image, from clang's raw lexer.
#include "analysis/clang/Directives.h"

#include <clang/Basic/LangOptions.h>
#include <clang/Basic/TokenKinds.h>
#include <clang/Lex/Lexer.h>

#include <algorithm>
#include <map>
#include <string>

namespace provcheck::clangmap {

namespace {

clang::LangOptions rawLangOptions(Language lang) {
  clang::LangOptions opts;
  if (lang == Language::Cxx) {
    opts.CPlusPlus = opts.CPlusPlus11 = opts.CPlusPlus14 = opts.CPlusPlus17 = 1;
    opts.Bool = 1;
  } else {
    opts.C99 = opts.C11 = opts.C17 = 1;
  }
  opts.GNUMode = 1;
  opts.LineComment = 1;
  return opts;
}

struct RawToken {
  clang::tok::TokenKind kind;
  std::string_view text;
  int line = 0, endLine = 0;
  bool startOfLine = false;
};

class LineTable {
public:
  explicit LineTable(std::string_view text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  int lineOf(size_t offset) const {
    return static_cast<int>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                            starts_.begin());
  }
  int lines() const { return static_cast<int>(starts_.size()); }

private:
  std::vector<size_t> starts_;
};

std::vector<RawToken> rawTokens(const std::string &buffer, Language lang, const LineTable &lines) {
  clang::LangOptions opts = rawLangOptions(lang);
  const char *begin = buffer.c_str();
  clang::SourceLocation base = clang::SourceLocation::getFromRawEncoding(1);
  clang::Lexer lexer(base, opts, begin, begin, begin + buffer.size());
  lexer.SetCommentRetentionState(true);
  std::vector<RawToken> out;
  clang::Token tok;
  for (;;) {
    lexer.LexFromRawLexer(tok);
    if (tok.is(clang::tok::eof)) break;
    size_t offset = tok.getLocation().getRawEncoding() - 1;
    size_t endOffset = offset + tok.getLength();
    RawToken t;
    t.kind = tok.getKind();
    t.text = std::string_view(begin + offset, tok.getLength());
    t.line = lines.lineOf(offset);
    t.endLine = lines.lineOf(endOffset > offset ? endOffset - 1 : offset);
    t.startOfLine = tok.isAtStartOfLine() || out.empty();
    out.push_back(t);
  }
  return out;
}

std::string joinText(const std::vector<RawToken> &toks, size_t from, size_t to,
                     std::string_view buffer) {
  if (from >= to) return {};
  const char *a = toks[from].text.data();
  const char *b = toks[to - 1].text.data() + toks[to - 1].text.size();
  std::string s(a, b);
  // Collapse whitespace and line continuations.
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
      space = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  (void)buffer;
  return out;
}

bool isCode(const RawToken &t) { return t.kind != clang::tok::comment; }

struct Branch {
  int entity;
  std::string opening;
  int ifZero = -1; // index into LexedImage::ifZero while its first branch is open
};

// Functions and records by their shape, in the code tokens of [from, to).
void findShapes(const std::vector<RawToken> &toks, const std::vector<bool> &inDirective,
                std::vector<Entity> &out) {
  int depth = 0;
  size_t stmtStart = 0;
  bool haveStart = false;
  std::vector<std::pair<int, int>> open; // (entity index, depth at open)
  for (size_t i = 0; i < toks.size(); ++i) {
    const RawToken &t = toks[i];
    if (!isCode(t) || inDirective[i]) continue;
    if (!haveStart && depth == 0) {
      stmtStart = i;
      haveStart = true;
    }
    if (t.kind == clang::tok::l_brace) {
      if (depth == 0) {
        // Look back over the code tokens of this statement.
        std::vector<size_t> prev;
        for (size_t j = stmtStart; j < i; ++j)
          if (isCode(toks[j]) && !inDirective[j]) prev.push_back(j);
        Entity e;
        bool found = false;
        if (!prev.empty() && toks[prev.back()].kind == clang::tok::r_paren) {
          int paren = 0;
          for (size_t k = prev.size(); k-- > 0;) {
            auto kind = toks[prev[k]].kind;
            if (kind == clang::tok::r_paren) ++paren;
            if (kind == clang::tok::l_paren && --paren == 0) {
              if (k > 0 && toks[prev[k - 1]].kind == clang::tok::raw_identifier) {
                e.kind = EntityKind::Function;
                e.name = std::string(toks[prev[k - 1]].text);
                e.detail = "definition";
                found = true;
              }
              break;
            }
          }
        } else if (prev.size() >= 2 && toks[prev.back()].kind == clang::tok::raw_identifier) {
          std::string_view kw = toks[prev[prev.size() - 2]].text;
          if (kw == "struct" || kw == "union" || kw == "enum" || kw == "class") {
            e.kind = kw == "enum" ? EntityKind::Enum : EntityKind::Record;
            e.name = std::string(toks[prev.back()].text);
            e.detail = kw == "enum" ? "" : std::string(kw);
            found = true;
          }
        }
        if (found) {
          e.beginLine = toks[stmtStart].line;
          out.push_back(e);
          open.emplace_back(static_cast<int>(out.size() - 1), depth);
        }
      }
      ++depth;
    } else if (t.kind == clang::tok::r_brace) {
      if (depth > 0) --depth;
      if (!open.empty() && open.back().second == depth) {
        out[open.back().first].endLine = t.line;
        open.pop_back();
      }
      if (depth == 0) haveStart = false;
    } else if (t.kind == clang::tok::semi && depth == 0) {
      haveStart = false;
    }
  }
  for (auto &[idx, d] : open) out[idx].endLine = toks.empty() ? 0 : toks.back().line;
}

} // namespace

LexedImage lexImage(std::string_view text, Language lang) {
  LexedImage img;
  std::string buffer(text);
  LineTable lines(buffer);
  std::vector<RawToken> toks = rawTokens(buffer, lang, lines);
  std::vector<bool> inDirective(toks.size(), false);

  std::vector<Branch> stack; // open conditional groups: their current branch
  // The include guard candidate: the group opened by the file's first token.
  size_t firstCode = 0;
  while (firstCode < toks.size() && !isCode(toks[firstCode])) ++firstCode;
  int guardGroup = -1;
  bool guardBranched = false;
  size_t guardEnd = 0; // first token after the group's #endif
  auto closeBranch = [&](int endLine) {
    Entity &b = img.directives[stack.back().entity];
    b.endLine = std::max(b.beginLine, endLine);
  };

  for (size_t i = 0; i < toks.size();) {
    const RawToken &t = toks[i];
    if (!(t.kind == clang::tok::hash && t.startOfLine)) {
      ++i;
      continue;
    }
    // The directive runs until the next token at the start of a line.
    size_t end = i + 1;
    while (end < toks.size() && !toks[end].startOfLine) ++end;
    for (size_t k = i; k < end; ++k) inDirective[k] = true;
    int first = t.line;
    int last = toks[end - 1].endLine;
    std::string_view name = i + 1 < end ? toks[i + 1].text : std::string_view();
    // The directive's argument, comments left out.
    size_t argEnd = end;
    while (argEnd > i + 2 && !isCode(toks[argEnd - 1])) --argEnd;
    std::string arg = i + 2 < argEnd ? joinText(toks, i + 2, argEnd, buffer) : "";
    std::string dname(name);

    Entity e;
    e.beginLine = first;
    e.endLine = last;
    if (name == "define" || name == "undef") {
      e.kind = EntityKind::Macro;
      e.name = i + 2 < end ? std::string(toks[i + 2].text) : "";
      e.detail = "#" + dname;
      img.directives.push_back(e);
    } else if (name == "include" || name == "include_next" || name == "import") {
      e.kind = EntityKind::Include;
      e.name = arg;
      e.detail = "#" + dname;
      img.directives.push_back(e);
    } else if (name == "if" || name == "ifdef" || name == "ifndef") {
      e.kind = EntityKind::Conditional;
      e.name = "#" + dname + (arg.empty() ? "" : " " + arg);
      e.detail = e.name;
      img.directives.push_back(e);
      stack.push_back({static_cast<int>(img.directives.size() - 1), e.name});
      if (i == firstCode && name != "if") guardGroup = stack.back().entity;
      if (name == "if" && arg == "0") {
        img.ifZero.push_back({first, 0});
        stack.back().ifZero = static_cast<int>(img.ifZero.size() - 1);
      }
    } else if (name == "elif" || name == "elifdef" || name == "elifndef" || name == "else") {
      if (stack.empty()) {
        e.kind = EntityKind::TopLevel;
        e.name = "#" + dname;
        e.detail = e.name;
        img.directives.push_back(e);
      } else {
        closeBranch(first - 1);
        if (stack.back().ifZero >= 0) img.ifZero[stack.back().ifZero].end = first;
        stack.back().ifZero = -1;
        if (stack.size() == 1 && guardGroup >= 0) guardBranched = true;
        e.kind = EntityKind::Conditional;
        e.name = stack.back().opening;
        e.detail = "#" + dname + (arg.empty() ? "" : " " + arg);
        img.directives.push_back(e);
        stack.back().entity = static_cast<int>(img.directives.size() - 1);
      }
    } else if (name == "endif") {
      if (stack.empty()) {
        e.kind = EntityKind::TopLevel;
        e.name = "#endif";
        e.detail = e.name;
        img.directives.push_back(e);
      } else {
        closeBranch(last);
        if (stack.back().ifZero >= 0) img.ifZero[stack.back().ifZero].end = first;
        if (stack.size() == 1 && guardGroup >= 0 && guardEnd == 0) guardEnd = end;
        stack.pop_back();
      }
    } else {
      e.kind = EntityKind::TopLevel;
      e.name = "#" + dname + (arg.empty() ? "" : " " + arg);
      e.detail = "#" + dname;
      img.directives.push_back(e);
    }
    i = end;
  }
  int lastLine = toks.empty() ? 1 : toks.back().endLine;
  while (!stack.empty()) {
    closeBranch(lastLine);
    stack.pop_back();
  }
  for (LineRange &r : img.ifZero)
    if (r.end == 0) r.end = lastLine;

  // An include guard: `#ifndef X` first, `#define X` next, its #endif last, no #else.
  if (guardGroup >= 0 && !guardBranched && guardEnd > 0 &&
      static_cast<size_t>(guardGroup) + 1 < img.directives.size()) {
    bool codeAfter = false;
    for (size_t k = guardEnd; k < toks.size() && !codeAfter; ++k) codeAfter = isCode(toks[k]);
    const Entity &open = img.directives[guardGroup];
    const Entity &def = img.directives[guardGroup + 1];
    std::string macro = open.name.rfind("#ifndef ", 0) == 0 ? open.name.substr(8) : "";
    if (!codeAfter && !macro.empty() && def.kind == EntityKind::Macro && def.detail == "#define" &&
        def.name == macro) {
      img.guard = guardGroup;
      img.guardMacro = macro;
    }
  }

  // Comment-only lines, then their runs.
  int n = lines.lines() + 1;
  std::vector<char> hasCode(n + 1, 0), hasComment(n + 1, 0);
  for (const RawToken &t : toks)
    for (int l = t.line; l <= t.endLine && l <= n; ++l)
      (isCode(t) ? hasCode : hasComment)[l] = 1;
  for (int l = 1; l <= n; ++l) {
    if (!hasComment[l] || hasCode[l]) continue;
    if (!img.comments.empty() && img.comments.back().end == l - 1)
      img.comments.back().end = l;
    else
      img.comments.push_back({l, l});
  }

  findShapes(toks, inDirective, img.shapedDecls);
  return img;
}

RegionIndex::RegionIndex(std::vector<LineRange> regions) : regions_(std::move(regions)) {
  std::sort(regions_.begin(), regions_.end(),
            [](const LineRange &a, const LineRange &b) { return a.begin < b.begin; });
  maxEnd_.reserve(regions_.size());
  for (const LineRange &r : regions_)
    maxEnd_.push_back(maxEnd_.empty() ? r.end : std::max(maxEnd_.back(), r.end));
}

size_t RegionIndex::lastStartingBy(int line) const {
  return static_cast<size_t>(
      std::upper_bound(regions_.begin(), regions_.end(), line,
                       [](int l, const LineRange &r) { return l < r.begin; }) -
      regions_.begin());
}

bool RegionIndex::covers(int line) const {
  size_t n = lastStartingBy(line);
  return n > 0 && maxEnd_[n - 1] > line;
}

} // namespace provcheck::clangmap
