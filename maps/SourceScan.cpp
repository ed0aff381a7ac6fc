#include "maps/SourceScan.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace provcheck {
namespace {

// Character classes by table (the "C" locale's, without a call per character).
struct CharClasses {
  std::array<bool, 256> start{}, ident{};
  constexpr CharClasses() {
    for (int c = 0; c < 256; ++c) {
      bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      start[c] = alpha;
      ident[c] = alpha || (c >= '0' && c <= '9');
    }
  }
};
constexpr CharClasses kClasses;
bool identStart(char c) { return kClasses.start[static_cast<unsigned char>(c)]; }
bool identChar(char c) { return kClasses.ident[static_cast<unsigned char>(c)]; }

// Words that are followed by '(' at file scope without naming a function: keywords,
// type names and attributes.
bool notAFunction(std::string_view w) {
  static constexpr std::array<std::string_view, 36> words = {
      "if",       "while",     "for",       "switch",   "return",   "sizeof",
      "typeof",   "__typeof__", "alignof",  "_Alignof", "_Static_assert", "static_assert",
      "__attribute__", "__declspec", "asm", "__asm__",  "void",     "int",
      "char",     "short",     "long",      "unsigned", "signed",   "float",
      "double",   "bool",      "_Bool",     "const",    "volatile", "static",
      "inline",   "extern",    "struct",    "union",    "enum",     "register"};
  return std::find(words.begin(), words.end(), w) != words.end();
}

// C and C++ keywords, never declared names.
bool isKeyword(std::string_view w) {
  static constexpr std::array<std::string_view, 44> words = {
      "auto",     "break",    "case",     "char",     "const",    "continue", "default",
      "do",       "double",   "else",     "enum",     "extern",   "float",    "for",
      "goto",     "if",       "inline",   "int",      "long",     "register", "restrict",
      "return",   "short",    "signed",   "sizeof",   "static",   "struct",   "switch",
      "typedef",  "union",    "unsigned", "void",     "volatile", "while",    "bool",
      "true",     "false",    "class",    "namespace", "template", "typename", "using",
      "virtual",  "operator"};
  return std::find(words.begin(), words.end(), w) != words.end();
}

class Scanner {
public:
  explicit Scanner(std::string_view t) : s_(t) { used_.reserve(t.size() / 8 + 16); }

  SourceScan run() {
    bool lineStart = true;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\n') { ++line_; lineStart = true; ++i_; continue; }
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { ++i_; continue; }
      if (skipCommentOrLiteral()) { lineStart = false; continue; }
      if (c == '#' && lineStart) { directive(); continue; }
      lineStart = false;
      if (identStart(c)) { identifier(); continue; }
      if (c >= '0' && c <= '9') {
        while (i_ < s_.size() && (identChar(s_[i_]) || s_[i_] == '.')) ++i_;
        prevIdent_ = false;
        continue;
      }
      punct(c);
      ++i_;
    }
    SourceScan out;
    out.includes = std::move(includes_);
    std::sort(used_.begin(), used_.end());
    used_.erase(std::unique(used_.begin(), used_.end()), used_.end());
    out.identifiers.assign(used_.begin(), used_.end());
    std::erase_if(declared_, [](const std::string &d) { return isKeyword(d); });
    std::sort(declared_.begin(), declared_.end());
    declared_.erase(std::unique(declared_.begin(), declared_.end()), declared_.end());
    out.declared = std::move(declared_);
    std::sort(defined_.begin(), defined_.end());
    defined_.erase(std::unique(defined_.begin(), defined_.end()), defined_.end());
    out.defined = std::move(defined_);
    return out;
  }

private:
  // Comments, string and character literals; true when one was skipped.
  bool skipCommentOrLiteral() {
    char c = s_[i_];
    char n = i_ + 1 < s_.size() ? s_[i_ + 1] : 0;
    if (c == '/' && n == '/') {
      while (i_ < s_.size() && s_[i_] != '\n') {
        if (s_[i_] == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') ++line_, ++i_;
        ++i_;
      }
      return true;
    }
    if (c == '/' && n == '*') {
      size_t e = s_.find("*/", i_ + 2);
      e = e == std::string_view::npos ? s_.size() : e + 2;
      line_ += static_cast<int>(std::count(s_.begin() + i_, s_.begin() + e, '\n'));
      i_ = e;
      return true;
    }
    if (c == '"' || c == '\'') {
      ++i_;
      while (i_ < s_.size() && s_[i_] != c && s_[i_] != '\n') {
        if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
          if (s_[i_ + 1] == '\n') ++line_;
          ++i_;
        }
        ++i_;
      }
      if (i_ < s_.size() && s_[i_] == c) ++i_;
      prevIdent_ = false;
      return true;
    }
    return false;
  }

  std::string_view word() {
    size_t b = i_;
    while (i_ < s_.size() && identChar(s_[i_])) ++i_;
    return s_.substr(b, i_ - b);
  }

  // A preprocessor line: #include and #define are recorded; identifiers in the rest count
  // as uses. The statement state of the code around it is left alone.
  void directive() {
    ++i_;
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    std::string_view name = identStart(i_ < s_.size() ? s_[i_] : 0) ? word() : std::string_view{};
    if (name == "include" || name == "include_next" || name == "import") {
      while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
      if (i_ < s_.size() && (s_[i_] == '"' || s_[i_] == '<')) {
        char close = s_[i_] == '<' ? '>' : '"';
        size_t e = s_.find_first_of(std::string_view(&close, 1), i_ + 1);
        size_t nl = s_.find('\n', i_);
        if (e != std::string_view::npos && e < nl) {
          includes_.push_back({std::string(s_.substr(i_ + 1, e - i_ - 1)), close == '>', line_});
          i_ = e + 1; // a path names no identifier
        }
      }
    } else if (name == "define") {
      while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
      if (i_ < s_.size() && identStart(s_[i_])) declared_.emplace_back(word());
    }
    // The rest of the directive, with continuations.
    while (i_ < s_.size() && s_[i_] != '\n') {
      char c = s_[i_];
      if (c == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') { i_ += 2; ++line_; continue; }
      if (c == '\\' && i_ + 2 < s_.size() && s_[i_ + 1] == '\r' && s_[i_ + 2] == '\n') { i_ += 3; ++line_; continue; }
      if (c == '/' && i_ + 1 < s_.size() && (s_[i_ + 1] == '*' || s_[i_ + 1] == '/')) {
        skipCommentOrLiteral();
        continue;
      }
      if (c == '"' || c == '\'') { skipCommentOrLiteral(); continue; }
      if (identStart(c)) { used_.push_back(symbolHash(word())); continue; }
      ++i_;
    }
  }

  void identifier() {
    std::string_view w = word();
    used_.push_back(symbolHash(w));
    if (brace_ == 0) {
      if (w == "typedef") typedef_ = true;
      else if (w == "extern") extern_ = true;
      else if (w == "struct" || w == "union" || w == "enum") {
        if (stmtTokens_ == 0 || (typedef_ && stmtTokens_ == 1)) enum_ = w == "enum";
        tagNext_ = true;
      } else if (tagNext_) {
        tag_ = w;
        tagNext_ = false;
      }
      if (paren_ == 0) last_ = w;
      if (paren_ == 1 && fnPtrNext_ && fnPtrName_.empty()) fnPtrName_ = w;
      fnPtrNext_ = false;
      ++stmtTokens_;
    } else if (inEnum_ && brace_ == enumDepth_ && expectEnumerator_) {
      declared_.emplace_back(w);
      expectEnumerator_ = false;
    }
    prev_ = w;
    prevIdent_ = true;
  }

  void punct(char c) {
    bool wasIdent = prevIdent_;
    prevIdent_ = false;
    if (brace_ > 0) {
      if (c == '{') ++brace_;
      else if (c == '}') {
        if (--brace_ == 0) { inEnum_ = false; }
      } else if (c == ',' && inEnum_ && brace_ == enumDepth_ && paren_ == 0) {
        expectEnumerator_ = true;
      } else if (c == '(') ++paren_;
      else if (c == ')' && paren_ > 0) --paren_;
      return;
    }
    ++stmtTokens_;
    switch (c) {
    case '(':
      if (paren_ == 0 && wasIdent && fn_.empty() && !notAFunction(prev_)) fn_ = prev_;
      else if (paren_ == 0 && (!wasIdent || notAFunction(prev_))) fnPtrNext_ = true;
      ++paren_;
      break;
    case ')':
      if (paren_ > 0) --paren_;
      break;
    case '*':
      break;
    case '{':
      if (paren_ == 0) {
        if (!fn_.empty() && !typedef_) declared_.emplace_back(fn_), defined_.emplace_back(fn_);
        if (!tag_.empty()) declared_.emplace_back(tag_);
        if (enum_) { inEnum_ = true; enumDepth_ = 1; expectEnumerator_ = true; }
        ++brace_;
        // What follows the closing brace belongs to the same statement (typedef names,
        // variables); a function body ends it.
        if (!fn_.empty() && !typedef_) reset();
        else tagNext_ = false;
      }
      break;
    case ';':
      if (paren_ == 0) {
        if (typedef_) {
          if (!fnPtrName_.empty()) declared_.emplace_back(fnPtrName_);
          else if (!last_.empty()) declared_.emplace_back(last_);
        } else if (!fn_.empty()) {
          declared_.emplace_back(fn_);
        } else if (extern_ && !last_.empty()) {
          declared_.emplace_back(last_);
        } else if (!tag_.empty() && stmtTokens_ <= 3) {
          declared_.emplace_back(tag_); // "struct S;"
        }
        reset();
      }
      break;
    default:
      if (c != '*' && c != '(' ) fnPtrNext_ = false;
      break;
    }
  }

  void reset() {
    typedef_ = extern_ = enum_ = tagNext_ = fnPtrNext_ = false;
    fn_ = tag_ = last_ = fnPtrName_ = {};
    stmtTokens_ = 0;
  }

  std::string_view s_;
  size_t i_ = 0;
  int line_ = 1;
  int brace_ = 0, paren_ = 0;
  bool prevIdent_ = false;
  std::string_view prev_;
  // File-scope statement state.
  bool typedef_ = false, extern_ = false, enum_ = false, tagNext_ = false, fnPtrNext_ = false;
  std::string_view fn_, tag_, last_, fnPtrName_;
  int stmtTokens_ = 0;
  bool inEnum_ = false, expectEnumerator_ = false;
  int enumDepth_ = 0;
  std::vector<IncludeDirective> includes_;
  std::vector<uint64_t> used_; // symbolHash of every identifier, in text order
  std::vector<std::string> declared_;
  std::vector<std::string> defined_;
};

} // namespace

uint64_t symbolHash(std::string_view name) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  return h;
}

SourceScan scanSource(std::string_view text) { return Scanner(text).run(); }

} // namespace provcheck
