#include "classify/detect/SourceState.h"

#include "classify/detect/Detectors.h"

#include <cctype>

namespace provcheck {
namespace {

enum class Mode { Code, Block, Line, String, Char };

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
  explicit Scanner(std::string_view text) : text_(text) {}

  std::vector<LineState> run() {
    startLine();
    for (size_t i = 0; i < text_.size(); ++i) {
      char c = text_[i];
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
    return std::move(states_);
  }

private:
  // The index of the '\n' ending a splice that starts with the '\\' at i, or npos.
  size_t spliceEnd(size_t i) const {
    size_t j = i + 1;
    while (j < text_.size() && (text_[j] == ' ' || text_[j] == '\t' || text_[j] == '\r')) ++j;
    return j < text_.size() && text_[j] == '\n' ? j : std::string_view::npos;
  }

  void startLine() {
    LineState s;
    s.inComment = mode_ == Mode::Block;
    s.inDirective = directive_;
    s.depth = depth_;
    s.conditions = conditionKey();
    states_.push_back(std::move(s));
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
    if (std::isspace(static_cast<unsigned char>(c))) {
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
      recent_.push_back(c);
      return;
    }
    if (c == '{') {
      // extern "C" { ... } leaves its declarations at file scope.
      bool linkage = recent_.ends_with("extern\"C\"") || recent_.ends_with("extern\"C++\"");
      braces_.push_back(!linkage);
      if (!linkage) ++depth_;
    } else if (c == '}') {
      bool counted = braces_.empty() || braces_.back();
      if (!braces_.empty()) braces_.pop_back();
      if (counted) --depth_;
    }
    recent_.push_back(c);
    if (recent_.size() > 32) recent_.erase(0, recent_.size() - 16);
  }

  void endDirective() {
    directive_ = false;
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
  std::vector<LineState> states_;
  Mode mode_ = Mode::Code;
  bool escaped_ = false, skip_ = false;
  bool lineHasCode_ = false;
  bool directive_ = false;
  std::string directiveText_;
  bool pendingGuard_ = false;
  int depth_ = 0;
  std::vector<bool> braces_; // per open '{': whether it counts in the depth
  std::string recent_;       // the last code characters, without spaces
  std::vector<Conditional> conditionals_;
};

} // namespace

std::vector<LineState> lineStates(std::string_view text) { return Scanner(text).run(); }

} // namespace provcheck
