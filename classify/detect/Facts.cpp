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

// Whether the first lines of a hunk side sit inside a block comment opened above it:
// a "*/" before any "/*", or a first line shaped like a comment continuation (" * x").
bool startsInComment(const std::vector<const DiffLine *> &lines) {
  for (const DiffLine *l : lines) {
    std::string_view t = trim(l->text);
    if (t.empty()) continue;
    if (t == "*" || t.starts_with("* ") || t.starts_with("*/") || t.starts_with("*\t"))
      return true;
    break;
  }
  for (const DiffLine *l : lines) {
    size_t open = l->text.find("/*"), close = l->text.find("*/");
    if (close != std::string::npos && (open == std::string::npos || close < open))
      return true;
    if (open != std::string::npos) return false;
  }
  return false;
}

// Lexes one side of a hunk (context lines and the lines of `changed`) and files tokens.
void lexSide(const Hunk &hunk, LineKind changed, bool cFamily, bool hashLang,
             Language lang, HunkFacts &facts, std::vector<bool> &hasCode) {
  std::vector<const DiffLine *> lines;
  std::vector<int> index; // side line -> hunk line index
  for (size_t i = 0; i < hunk.lines.size(); ++i) {
    const DiffLine &l = hunk.lines[i];
    if (l.kind == LineKind::Context || l.kind == changed) {
      lines.push_back(&l);
      index.push_back(static_cast<int>(i));
    }
  }
  std::string text;
  if (cFamily && startsInComment(lines)) text = "/*";
  for (const DiffLine *l : lines) {
    std::string_view t = l->text;
    // A '#' comment line; "#!" (the interpreter line) is code.
    if (hashLang && trim(t).starts_with('#') && !trim(t).starts_with("#!")) t = {};
    text.append(t);
    text.push_back('\n');
  }
  TokenStream ts = lexTokens(text, lang);
  auto &code = changed == LineKind::Removed ? facts.oldCode : facts.newCode;
  auto &context = changed == LineKind::Removed ? facts.oldContext : facts.newContext;
  auto &comments = changed == LineKind::Removed ? facts.oldComments : facts.newComments;
  for (const Token &t : ts.code) {
    if (t.line < 1 || t.line > static_cast<int>(index.size())) continue;
    int li = index[t.line - 1];
    hasCode[li] = true;
    HunkToken ht{t.kind, t.text, li};
    (hunk.lines[li].kind == changed ? code : context).push_back(std::move(ht));
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
}

} // namespace

FileFacts computeFileFacts(const FileChange &file, bool candidate) {
  FileFacts ff;
  ff.candidate = candidate;
  ff.cFamily = isCFamily(file.path());
  bool hashLang = !ff.cFamily && hashComments(file.path());
  Language lang = languageOf(file.path());
  ff.hunks.resize(file.hunks.size());
  if (!candidate) return ff;
  for (size_t h = 0; h < file.hunks.size(); ++h) {
    const Hunk &hunk = file.hunks[h];
    HunkFacts &facts = ff.hunks[h];
    size_t n = hunk.lines.size();
    facts.blank.assign(n, false);
    facts.commentOnly.assign(n, false);
    std::vector<bool> hasCode(n, false);
    lexSide(hunk, LineKind::Removed, ff.cFamily, hashLang, lang, facts, hasCode);
    lexSide(hunk, LineKind::Added, ff.cFamily, hashLang, lang, facts, hasCode);
    for (size_t i = 0; i < n; ++i) {
      facts.blank[i] = trim(hunk.lines[i].text).empty();
      facts.commentOnly[i] = !facts.blank[i] && !hasCode[i];
    }
  }
  return ff;
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
