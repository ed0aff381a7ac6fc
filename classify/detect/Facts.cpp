#include "classify/detect/Facts.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace provcheck {
namespace {

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\f\v");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\f\v");
  return s.substr(b, e - b + 1);
}

// Files whose comments start with '#' (scripts and build files).
bool hashComments(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  static constexpr std::array<std::string_view, 6> names = {
      "meson.build", "meson_options.txt", "Makefile", "configure", "Kconfig", "Kconfig.host"};
  if (std::find(names.begin(), names.end(), base) != names.end()) return true;
  if (base.starts_with("Kconfig") || base.starts_with("Makefile")) return true;
  // JSON has no comments, so a line starting with '#' can only be a comment of a
  // JSON-based format that has them (QAPI schemas).
  static constexpr std::array<std::string_view, 10> exts = {
      ".py", ".sh", ".pl", ".mak", ".toml", ".yml", ".yaml", ".cfg", ".build", ".json"};
  for (std::string_view e : exts)
    if (base.ends_with(e)) return true;
  return false;
}

// A guess, from the side's own lines, of whether its first line sits inside a block
// comment opened above it (a "*/" before any "/*", or a first line shaped like a comment
// continuation: " * x"), or inside a directive continued from above (a first line that
// is no directive and ends with a splice).
struct SideStart {
  bool inComment = false, inDirective = false;
};

SideStart guessStart(const std::vector<const DiffLine *> &lines) {
  SideStart s;
  for (const DiffLine *l : lines) {
    std::string_view t = trim(l->text);
    if (t.empty()) continue;
    if (t == "*" || t.starts_with("* ") || t.starts_with("*/") || t.starts_with("*\t"))
      s.inComment = true;
    s.inDirective = !t.starts_with('#') && t.ends_with('\\');
    break;
  }
  for (const DiffLine *l : lines) {
    if (s.inComment) break;
    size_t open = l->text.find("/*"), close = l->text.find("*/");
    if (close != std::string::npos && (open == std::string::npos || close < open))
      s.inComment = true;
    if (open != std::string::npos) break;
  }
  return s;
}

// The code tokens of a lexed side with the directive markers put in (see HunkToken).
std::vector<const Token *> withMarkers(const std::vector<Token> &code, std::vector<Token> &markers) {
  markers.reserve(2 * code.size() + 1); // pointers into it stay valid
  std::vector<const Token *> out;
  for (size_t k = 0; k < code.size(); ++k) {
    const Token &t = code[k];
    // "#define NAME(" with no space before '(': a function-like macro.
    if (t.text == "(" && !t.spaceBefore && t.directive && k >= 3 && code[k - 3].kind == TokenKind::Hash &&
        code[k - 2].text == "define" && !code[k - 1].startOfLine) {
      markers.push_back(Token{TokenKind::Other, kMacroParameters, t.line});
      out.push_back(&markers.back());
    }
    out.push_back(&t);
    bool last = k + 1 == code.size() || code[k + 1].startOfLine;
    if (t.directive && last) {
      markers.push_back(Token{TokenKind::Other, kEndOfDirective, t.line});
      out.push_back(&markers.back());
    }
  }
  return out;
}

// Lexes one side of a hunk (context lines and the lines of `changed`) and files tokens.
// `start` is the state of its first line: exact from the images, else guessed.
void lexSide(const Hunk &hunk, LineKind changed, bool cFamily, bool hashLang, Language lang,
             const LineState *start, HunkFacts &facts, std::vector<bool> &hasCode) {
  std::vector<const DiffLine *> lines;
  std::vector<int> index; // side line -> hunk line index
  for (size_t i = 0; i < hunk.lines.size(); ++i) {
    const DiffLine &l = hunk.lines[i];
    if (l.kind == LineKind::Context || l.kind == changed) {
      lines.push_back(&l);
      index.push_back(static_cast<int>(i));
    }
  }
  SideStart from;
  if (cFamily && start) {
    from = {start->inComment, start->inDirective};
  } else if (cFamily) {
    from = guessStart(lines);
    facts.uncertain = facts.uncertain || from.inComment || from.inDirective;
  }
  // A directive continued from above: a '#' put before the first line, its token dropped.
  // The text is built in place in the facts' buffer, which the tokens go on viewing.
  auto buffer = std::make_shared<std::string>(from.inDirective ? "# " : "");
  std::string &text = *buffer;
  size_t size = text.size() + 4 + 1; // "/*" before, "*/" after
  for (const DiffLine *l : lines) size += l->text.size() + 1;
  text.reserve(size);
  if (from.inComment) text += "/*";
  for (const DiffLine *l : lines) {
    std::string_view t = l->text;
    // A '#' comment line; "#!" (the interpreter line) is code.
    if (hashLang && trim(t).starts_with('#') && !trim(t).starts_with("#!")) t = {};
    text.append(t);
    text.push_back('\n');
  }
  // A block comment still open at the end (its "*/" below the hunk) is closed, so that
  // the lexer keeps it as a comment.
  if (cFamily && endsInComment(text)) text += "*/";
  (changed == LineKind::Removed ? facts.oldText : facts.newText) = buffer;
  TokenStream ts = lexTokens(text, lang);
  if (from.inDirective && !ts.code.empty()) ts.code.erase(ts.code.begin());
  auto &code = changed == LineKind::Removed ? facts.oldCode : facts.newCode;
  auto &context = changed == LineKind::Removed ? facts.oldContext : facts.newContext;
  auto &comments = changed == LineKind::Removed ? facts.oldComments : facts.newComments;
  std::vector<Token> markers;
  std::vector<const Token *> stream;
  if (cFamily) {
    stream = withMarkers(ts.code, markers);
  } else {
    for (const Token &t : ts.code) stream.push_back(&t);
  }
  auto inHunk = [&](const Token *t) { return t->line >= 1 && t->line <= static_cast<int>(index.size()); };
  // Exact sizes: the facts of every hunk of a patch are kept at once.
  size_t changedTokens = 0, contextTokens = 0;
  for (const Token *t : stream)
    if (inHunk(t)) ++(hunk.lines[index[t->line - 1]].kind == changed ? changedTokens : contextTokens);
  code.reserve(code.size() + changedTokens);
  context.reserve(context.size() + contextTokens);
  for (const Token *t : stream) {
    if (!inHunk(t)) continue;
    int li = index[t->line - 1];
    bool marker = !markers.empty() && t >= &markers.front() && t <= &markers.back();
    if (!marker) hasCode[li] = true;
    (hunk.lines[li].kind == changed ? code : context).push_back(HunkToken{t->text, li, t->kind});
  }
  // A comment belongs to the change when any line it spans is a changed line.
  for (const Token &t : ts.comments) {
    int first = t.line, last = t.line + static_cast<int>(std::count(t.text.begin(), t.text.end(), '\n'));
    for (int ln = std::max(first, 1); ln <= std::min(last, static_cast<int>(index.size())); ++ln)
      if (hunk.lines[index[ln - 1]].kind == changed) {
        comments.push_back(t.text);
        break;
      }
  }
  // A side without tokens keeps no text.
  if (code.empty() && context.empty() && comments.empty())
    (changed == LineKind::Removed ? facts.oldText : facts.newText).reset();
}

// The state at the first line of one side of a hunk: from the image's line states, or
// the top of the file; null when only a guess is possible.
const LineState *sideStart(const Hunk &hunk, LineKind changed, const SourceStates *states) {
  static const LineState top;
  for (const DiffLine &l : hunk.lines) {
    if (l.kind != LineKind::Context && l.kind != changed) continue;
    int line = changed == LineKind::Removed ? l.oldLine : l.newLine;
    if (line == 1) return &top;
    if (!states || line < 1 || line > static_cast<int>(states->lines.size())) return nullptr;
    return &states->lines[line - 1];
  }
  return &top; // an empty side
}

} // namespace

FileFacts computeFileFacts(const FileChange &file, bool candidate,
                           const SourceStates *oldStates,
                           const SourceStates *newStates) {
  FileFacts ff;
  ff.candidate = candidate;
  ff.cFamily = isCFamily(file.path());
  bool hashLang = !ff.cFamily && hashComments(file.path());
  Language lang = languageOf(file.path());
  ff.hunks.resize(file.hunks.size());
  ff.exact = true;
  if (!candidate) return ff;
  for (size_t h = 0; h < file.hunks.size(); ++h) {
    const Hunk &hunk = file.hunks[h];
    HunkFacts &facts = ff.hunks[h];
    size_t n = hunk.lines.size();
    facts.blank.assign(n, false);
    facts.commentOnly.assign(n, false);
    std::vector<bool> hasCode(n, false);
    const LineState *oldStart = sideStart(hunk, LineKind::Removed, oldStates);
    const LineState *newStart = sideStart(hunk, LineKind::Added, newStates);
    facts.exact = !ff.cFamily || (oldStart && newStart);
    lexSide(hunk, LineKind::Removed, ff.cFamily, hashLang, lang, oldStart, facts, hasCode);
    lexSide(hunk, LineKind::Added, ff.cFamily, hashLang, lang, newStart, facts, hasCode);
    for (size_t i = 0; i < n; ++i) {
      facts.blank[i] = trim(hunk.lines[i].text).empty();
      facts.commentOnly[i] = !facts.blank[i] && !hasCode[i];
    }
    ff.exact = ff.exact && facts.exact;
  }
  return ff;
}

void DetectContext::refuse(size_t f, size_t h, std::string_view rule, std::string_view why) {
  std::string text = std::string(rule) + " (" + std::string(why) + ")";
  auto &list = notProven[f][h];
  if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(std::move(text));
}

int codeLines(const Hunk &hunk, const HunkFacts &facts, LineKind kind) {
  int n = 0;
  for (size_t i = 0; i < hunk.lines.size(); ++i)
    if (hunk.lines[i].kind == kind && !facts.blank[i] && !facts.commentOnly[i]) ++n;
  return n;
}

std::string lineLocation(const FileChange &file, const DiffLine &line) {
  if (line.kind == LineKind::Removed) return file.oldPath + ":" + std::to_string(line.oldLine);
  return file.path() + ":" + std::to_string(line.newLine);
}

} // namespace provcheck
