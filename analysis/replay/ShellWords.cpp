#include "analysis/replay/ShellWords.h"

#include <cctype>

namespace provcheck::replay {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

class Splitter {
public:
  Splitter(std::string_view text, size_t pos) : s_(text), i_(pos) {}

  ShellLine run() {
    ShellLine out;
    out.pipelines.emplace_back();
    out.pipelines.back().commands.emplace_back();
    auto current = [&]() -> SimpleCommand & { return out.pipelines.back().commands.back(); };
    auto newCommand = [&] {
      if (!current().words.empty() || current().redirected)
        out.pipelines.back().commands.emplace_back();
    };
    auto newPipeline = [&] {
      if (out.pipelines.back().commands.size() > 1 || !current().words.empty())
        out.pipelines.push_back({{SimpleCommand{}}});
    };
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') { // continuation
        i_ += 2;
        continue;
      }
      if (isBlank(c)) {
        ++i_;
        continue;
      }
      if (c == '\n') {
        ++i_;
        break;
      }
      if (c == '#') { // a comment runs to the end of the line
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        continue;
      }
      if (c == '|') {
        bool orOp = i_ + 1 < s_.size() && s_[i_ + 1] == '|';
        i_ += orOp ? 2 : 1;
        if (orOp) newPipeline();
        else newCommand();
        continue;
      }
      if (c == ';' || c == '&') {
        i_ += (i_ + 1 < s_.size() && s_[i_ + 1] == c) ? 2 : 1;
        newPipeline();
        continue;
      }
      if (c == '(' || c == ')') { // a subshell's parentheses group, nothing more
        ++i_;
        newPipeline();
        continue;
      }
      if (c == '<' || c == '>') {
        if (c == '<' && i_ + 1 < s_.size() && s_[i_ + 1] == '<') {
          out.problem = "a here-document";
          break;
        }
        while (i_ < s_.size() && (s_[i_] == '<' || s_[i_] == '>' || s_[i_] == '&')) ++i_;
        while (i_ < s_.size() && isBlank(s_[i_])) ++i_;
        ShellWord target;
        if (!word(target)) { // the redirection's target is not a command word
          out.problem = problem_;
          break;
        }
        current().redirected = true;
        continue;
      }
      // A redirection of a numbered descriptor: 2>&1, 2>/dev/null.
      if (std::isdigit(static_cast<unsigned char>(c)) && i_ + 1 < s_.size() &&
          (s_[i_ + 1] == '>' || s_[i_ + 1] == '<')) {
        ++i_;
        continue;
      }
      ShellWord w;
      if (!word(w)) {
        out.problem = problem_;
        if (!w.text.empty()) current().words.push_back(std::move(w));
        break;
      }
      current().words.push_back(std::move(w));
    }
    out.end = i_;
    // Drop the empty command and pipeline a trailing separator leaves.
    for (Pipeline &p : out.pipelines)
      if (p.commands.size() > 1 && p.commands.back().words.empty() && !p.commands.back().redirected)
        p.commands.pop_back();
    if (out.pipelines.size() > 1 && out.pipelines.back().commands.size() == 1 &&
        out.pipelines.back().commands[0].words.empty())
      out.pipelines.pop_back();
    return out;
  }

private:
  static bool endsWord(char c) {
    return isBlank(c) || c == '\n' || c == '|' || c == ';' || c == '&' || c == '<' || c == '>' ||
           c == '(' || c == ')';
  }

  // The text of a $( ... ) starting after "$(", through the matching ')'.
  bool substitutionBody(std::string &inner) {
    int depth = 1;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\\' && i_ + 1 < s_.size()) {
        inner += s_.substr(i_, 2);
        i_ += 2;
        continue;
      }
      if (c == '\'' || c == '"') {
        size_t close = s_.find(c, i_ + 1);
        if (close == std::string_view::npos) return false;
        inner += s_.substr(i_, close + 1 - i_);
        i_ = close + 1;
        continue;
      }
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0) {
        ++i_;
        return true;
      }
      inner += c;
      ++i_;
    }
    return false;
  }

  // A $-expansion at i_ (on '$'), inside double quotes or not.
  void dollar(ShellWord &w) {
    if (i_ + 1 < s_.size() && s_[i_ + 1] == '(') {
      i_ += 2;
      std::string inner;
      if (!substitutionBody(inner)) {
        problem_ = "an unterminated $(";
        return;
      }
      w.substitution = true;
      if (w.inner.empty()) w.inner = inner;
      w.text += "$(" + inner + ")";
      return;
    }
    size_t j = i_ + 1;
    if (j < s_.size() && s_[j] == '{') {
      size_t close = s_.find('}', j);
      if (close == std::string_view::npos) close = s_.size() - 1;
      w.variable = true;
      w.text += s_.substr(i_, close + 1 - i_);
      i_ = close + 1;
      return;
    }
    while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
    if (j == i_ + 1 && j < s_.size() && std::string_view("@*#?$!-").find(s_[j]) != std::string_view::npos)
      ++j;
    if (j > i_ + 1) w.variable = true;
    w.text += s_.substr(i_, j - i_);
    i_ = j;
  }

  void backtick(ShellWord &w) {
    size_t close = s_.find('`', i_ + 1);
    if (close == std::string_view::npos) {
      problem_ = "an unterminated `";
      i_ = s_.size();
      return;
    }
    w.substitution = true;
    if (w.inner.empty()) w.inner = std::string(s_.substr(i_ + 1, close - i_ - 1));
    w.text += s_.substr(i_, close + 1 - i_);
    i_ = close + 1;
  }

  bool word(ShellWord &w) {
    problem_.clear();
    bool any = false;
    while (i_ < s_.size() && !endsWord(s_[i_])) {
      char c = s_[i_];
      any = true;
      if (c == '\\') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {
          i_ += 2;
          continue;
        }
        if (i_ + 1 < s_.size()) w.text += s_[i_ + 1];
        w.quoted = true;
        i_ += 2;
        continue;
      }
      if (c == '\'') {
        size_t close = s_.find('\'', i_ + 1);
        if (close == std::string_view::npos) {
          problem_ = "an unterminated ' quote";
          w.text += s_.substr(i_ + 1);
          i_ = s_.size();
          return false;
        }
        w.text += s_.substr(i_ + 1, close - i_ - 1);
        w.quoted = true;
        i_ = close + 1;
        continue;
      }
      if (c == '"') {
        w.quoted = true;
        ++i_;
        bool closed = false;
        while (i_ < s_.size()) {
          char d = s_[i_];
          if (d == '"') {
            closed = true;
            ++i_;
            break;
          }
          if (d == '\\' && i_ + 1 < s_.size()) {
            char e = s_[i_ + 1];
            if (e == '\n') {
              i_ += 2;
              continue;
            }
            if (e == '$' || e == '`' || e == '"' || e == '\\') w.text += e;
            else w.text += s_.substr(i_, 2);
            i_ += 2;
            continue;
          }
          if (d == '$') {
            dollar(w);
            if (!problem_.empty()) return false;
            continue;
          }
          if (d == '`') {
            backtick(w);
            if (!problem_.empty()) return false;
            continue;
          }
          w.text += d;
          ++i_;
        }
        if (!closed) {
          problem_ = "an unterminated \" quote";
          return false;
        }
        continue;
      }
      if (c == '$') {
        dollar(w);
        if (!problem_.empty()) return false;
        continue;
      }
      if (c == '`') {
        backtick(w);
        if (!problem_.empty()) return false;
        continue;
      }
      if (c == '*' || c == '?' || c == '[') w.glob = true;
      if (c == '{') {
        size_t close = s_.find('}', i_);
        size_t comma = s_.find(',', i_);
        if (close != std::string_view::npos && comma < close &&
            s_.substr(i_, close - i_).find_first_of(" \t\n'\"") == std::string_view::npos)
          w.brace = true;
      }
      w.text += c;
      ++i_;
    }
    if (!any) {
      problem_ = "a redirection without a target";
      return false;
    }
    return true;
  }

  std::string_view s_;
  size_t i_;
  std::string problem_;
};

} // namespace

ShellLine splitShell(std::string_view text, size_t start) { return Splitter(text, start).run(); }

std::vector<std::string> expandBraces(const std::string &text) {
  size_t open = text.find('{');
  size_t close = open == std::string::npos ? open : text.find('}', open);
  if (close == std::string::npos || text.find(',', open) > close) return {text};
  std::vector<std::string> out;
  std::string body = text.substr(open + 1, close - open - 1);
  size_t start = 0;
  for (;;) {
    size_t comma = body.find(',', start);
    std::string alt = body.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    for (std::string &w : expandBraces(text.substr(0, open) + alt + text.substr(close + 1)))
      out.push_back(std::move(w));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string joinWords(const std::vector<ShellWord> &w) {
  std::string out;
  for (const ShellWord &x : w) {
    if (!out.empty()) out += ' ';
    out += x.text;
  }
  return out;
}

} // namespace provcheck::replay
