#include "classify/detect/SourceState.h"

#include "classify/detect/Detectors.h"

#include <array>
#include <cctype>

namespace provcheck {
namespace {

enum class Mode { Code, Block, Line, String, Char };

// What a character is to the scanner in code: a space, an ordinary character, or one that
// may change the state (comments, literals, directives, braces, splices, line ends).
enum class CharClass : unsigned char { Plain, Space, Special };

constexpr std::array<CharClass, 256> makeClasses() {
  std::array<CharClass, 256> t{};
  for (unsigned char c : {' ', '\t', '\r', '\f', '\v'}) t[c] = CharClass::Space;
  for (unsigned char c : {'/', '"', '\'', '#', '{', '}', '\\', '\n'}) t[c] = CharClass::Special;
  return t;
}
constexpr std::array<CharClass, 256> kClasses = makeClasses();

struct Conditional {
  std::string opening;  // "ifdef X"
  std::string branch;   // the current branch: "ifdef X", "else of ifdef X"
  int depthAtOpen = 0;
  int depthAfterFirst = 0;
  bool pastFirst = false;
  bool guard = false;   // #ifndef X followed by #define X: an include guard
  std::string guardName;
};

class Scanner {
public:
  Scanner(std::string_view text, bool record, int lines = std::numeric_limits<int>::max())
      : text_(text), record_(record), lines_(lines) {
    out_.conditions.push_back("");
  }

  bool inComment() const { return mode_ == Mode::Block; }

  SourceStates run() {
    startLine();
    for (size_t i = 0; i < text_.size(); ++i) {
      if (record_ && static_cast<int>(out_.lines.size()) > lines_) return std::move(out_);
      char c = text_[i];
      // Fast paths: inside a comment only its end, line ends and splices matter; in code
      // outside a directive, most characters only mark the line as holding code.
      if (mode_ == Mode::Block && c != '*' && c != '\n' && c != '\\' && !skip_) continue;
      if (mode_ == Mode::Line && c != '\n' && c != '\\') continue;
      if (mode_ == Mode::Code && !directive_ && !skip_) {
        CharClass k = kClasses[static_cast<unsigned char>(c)];
        if (k == CharClass::Space) continue;
        if (k == CharClass::Plain) {
          lineHasCode_ = true;
          continue;
        }
      }
      // A line splice: the logical line goes on, the physical one ends.
      if (c == '\\' && spliceEnd(i) != std::string_view::npos) {
        i = spliceEnd(i);
        if (directive_) directiveText_.push_back(' ');
        startLine();
        continue;
      }
      if (c == '\n') {
        newline();
        startLine();
        continue;
      }
      step(c, i);
    }
    newline();
    startLine();
    return std::move(out_);
  }

private:
  // The index of the '\n' ending a splice that starts with the '\\' at i, or npos.
  size_t spliceEnd(size_t i) const {
    size_t j = i + 1;
    while (j < text_.size() && (text_[j] == ' ' || text_[j] == '\t' || text_[j] == '\r')) ++j;
    return j < text_.size() && text_[j] == '\n' ? j : std::string_view::npos;
  }

  void startLine() {
    if (!record_) return;
    out_.lines.push_back({mode_ == Mode::Block, directive_, depth_, conditions_});
  }

  void newline() {
    if (mode_ == Mode::Line || mode_ == Mode::String || mode_ == Mode::Char) mode_ = Mode::Code;
    if (mode_ == Mode::Block) return; // a comment is one space: a directive goes on
    if (directive_) endDirective();
    lineHasCode_ = false;
  }

  void step(char c, size_t i) {
    char next = i + 1 < text_.size() ? text_[i + 1] : '\0';
    if (skip_) { // the second character of "/*" or "*/"
      skip_ = false;
      return;
    }
    switch (mode_) {
    case Mode::Block:
      if (c == '*' && next == '/') {
        mode_ = Mode::Code;
        skip_ = true;
      }
      return;
    case Mode::Line:
      return;
    case Mode::String:
    case Mode::Char:
      if (directive_) directiveText_.push_back(c);
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == (mode_ == Mode::String ? '"' : '\'')) {
        mode_ = Mode::Code;
      }
      return;
    case Mode::Code:
      break;
    }
    if (c == '/' && next == '*') {
      mode_ = Mode::Block;
      skip_ = true;
      if (directive_) directiveText_.push_back(' ');
      return;
    }
    if (c == '/' && next == '/') {
      mode_ = Mode::Line;
      return;
    }
    if (kClasses[static_cast<unsigned char>(c)] == CharClass::Space) {
      if (directive_) directiveText_.push_back(' ');
      return;
    }
    if (c == '#' && !lineHasCode_) {
      directive_ = true;
      directiveText_.clear();
      lineHasCode_ = true;
      return;
    }
    lineHasCode_ = true;
    if (directive_) {
      directiveText_.push_back(c);
      if (c == '"') mode_ = Mode::String;
      if (c == '\'') mode_ = Mode::Char;
      return;
    }
    if (c == '"' || c == '\'') {
      mode_ = c == '"' ? Mode::String : Mode::Char;
      return;
    }
    if (c == '{') {
      // extern "C" { ... } leaves its declarations at file scope.
      bool linkage = linkageBefore(i);
      braces_.push_back(!linkage);
      if (!linkage) ++depth_;
    } else if (c == '}') {
      bool counted = braces_.empty() || braces_.back();
      if (!braces_.empty()) braces_.pop_back();
      if (counted) --depth_;
    }
  }

  // Whether the text before the '{' at i is `extern "C"` (or "C++").
  bool linkageBefore(size_t i) const {
    std::string_view before = text_.substr(0, i);
    size_t end = before.find_last_not_of(" \t\r\n");
    if (end == std::string_view::npos || before[end] != '"') return false;
    before = before.substr(0, end + 1);
    if (!before.ends_with("\"C\"") && !before.ends_with("\"C++\"")) return false;
    before = before.substr(0, before.rfind('"', before.size() - 2));
    end = before.find_last_not_of(" \t\r\n");
    return end != std::string_view::npos && before.substr(0, end + 1).ends_with("extern");
  }

  void endDirective() {
    directive_ = false;
    if (record_) {
      processDirective();
      // The key of the conditions, kept once per change of the stack.
      std::string key = conditionKey();
      if (key != out_.conditions[conditions_]) {
        conditions_ = static_cast<int>(out_.conditions.size());
        out_.conditions.push_back(std::move(key));
      }
    }
  }

  void processDirective() {
    std::string d = collapseSpace(directiveText_);
    size_t sp = d.find(' ');
    std::string word = d.substr(0, sp);
    std::string rest = sp == std::string::npos ? "" : d.substr(sp + 1);
    bool guardPending = pendingGuard_;
    pendingGuard_ = false;
    if (word == "if" || word == "ifdef" || word == "ifndef") {
      Conditional c;
      c.opening = c.branch = word + (rest.empty() ? "" : " " + rest);
      c.depthAtOpen = depth_;
      if (word == "ifndef") {
        c.guardName = rest.substr(0, rest.find(' '));
        pendingGuard_ = true;
      }
      conditionals_.push_back(std::move(c));
    } else if (word == "define" && guardPending && !conditionals_.empty()) {
      Conditional &c = conditionals_.back();
      std::string name = rest.substr(0, rest.find_first_of(" ("));
      c.guard = !name.empty() && name == c.guardName;
    } else if ((word == "elif" || word == "else" || word == "elifdef" || word == "elifndef") &&
               !conditionals_.empty()) {
      Conditional &c = conditionals_.back();
      if (!c.pastFirst) c.depthAfterFirst = depth_;
      c.pastFirst = true;
      c.guard = false;
      depth_ = c.depthAtOpen;
      c.branch = word + (rest.empty() || word == "else" ? "" : " " + rest) + " of " + c.opening;
    } else if (word == "endif" && !conditionals_.empty()) {
      if (conditionals_.back().pastFirst) depth_ = conditionals_.back().depthAfterFirst;
      conditionals_.pop_back();
    }
  }

  std::string conditionKey() const {
    std::string key;
    for (const Conditional &c : conditionals_) {
      if (c.guard) continue;
      key += (key.empty() ? "" : "; ") + c.branch;
    }
    return key;
  }

  std::string_view text_;
  bool record_;
  int lines_; // recorded lines wanted
  SourceStates out_;
  int conditions_ = 0;
  Mode mode_ = Mode::Code;
  bool escaped_ = false, skip_ = false;
  bool lineHasCode_ = false;
  bool directive_ = false;
  std::string directiveText_;
  bool pendingGuard_ = false;
  int depth_ = 0;
  std::vector<bool> braces_; // per open '{': whether it counts in the depth
  std::vector<Conditional> conditionals_;
};

} // namespace

SourceStates lineStates(std::string_view text, int lines) { return Scanner(text, true, lines).run(); }

bool endsInComment(std::string_view text) {
  if (text.find("/*") == std::string_view::npos) return false;
  Scanner scanner(text, false);
  scanner.run();
  return scanner.inComment();
}

const std::string &SourceStates::conditionsAt(int line) const {
  static const std::string none;
  if (line < 1 || line > static_cast<int>(lines.size())) return none;
  return conditions[lines[line - 1].conditions];
}

} // namespace provcheck
