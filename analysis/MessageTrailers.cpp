// git's trailer block, as trailer.c finds it (find_trailer_block_start,
// ignored_log_message_bytes) with no divider: the same lines git reads as trailers.
#include "analysis/MessageTrailers.h"

#include <cctype>
#include <string>

namespace provcheck {
namespace {

constexpr std::string_view kScissors = "# ------------------------ >8 ------------------------";
// Lines git itself writes: a paragraph holding one is a trailer block at 25% trailers.
constexpr std::string_view kGitGenerated[] = {"Signed-off-by: ", "(cherry picked from commit "};

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

bool isBlank(std::string_view l) {
  for (char c : l)
    if (!isSpace(c)) return false;
  return true;
}

bool isComment(std::string_view l) { return l.starts_with('#'); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The position of the ':' ending a trailer key (letters, digits and '-', then optional
// blanks), or npos: git's find_separator with the default separators.
size_t separatorOf(std::string_view l) {
  bool blank = false;
  for (size_t i = 0; i < l.size(); ++i) {
    char c = l[i];
    if (c == ':') return i;
    if (!blank && (std::isalnum(static_cast<unsigned char>(c)) || c == '-')) continue;
    if (i != 0 && (c == ' ' || c == '\t')) {
      blank = true;
      continue;
    }
    break;
  }
  return std::string_view::npos;
}

std::vector<std::string_view> linesOf(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view l = text.substr(pos, nl - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    out.push_back(l);
    pos = nl + 1;
  }
  return out;
}

// The end of the log message proper: before a scissors line, and before the trailing run
// of comment lines, empty lines and an old "Conflicts:" block.
size_t messageEnd(const std::vector<std::string_view> &lines) {
  size_t cutoff = lines.size();
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i] == kScissors) {
      cutoff = i;
      break;
    }
  size_t runStart = 0;
  bool inRun = false, inConflicts = false;
  for (size_t i = 0; i < cutoff; ++i) {
    std::string_view l = lines[i];
    if (isComment(l) || l.empty()) {
      if (!inRun) runStart = i;
      inRun = true;
    } else if (l == "Conflicts:") {
      inConflicts = true;
      if (!inRun) runStart = i;
      inRun = true;
    } else if (inConflicts && l.starts_with('\t')) {
      // a path of the conflicts block
    } else if (inRun) {
      inRun = inConflicts = false;
    }
  }
  return inRun ? runStart : cutoff;
}

// The first line of the trailer block in [0, end), or `end` when there is none.
size_t blockStart(const std::vector<std::string_view> &lines, size_t end) {
  size_t titleEnd = 0;
  while (titleEnd < end && (isComment(lines[titleEnd]) || !isBlank(lines[titleEnd]))) ++titleEnd;
  bool onlySpaces = true, recognized = false;
  int trailers = 0, others = 0, continuations = 0;
  for (size_t i = end; i-- > titleEnd;) {
    std::string_view l = lines[i];
    if (isComment(l)) {
      others += continuations;
      continuations = 0;
      continue;
    }
    if (isBlank(l)) {
      if (onlySpaces) continue;
      others += continuations;
      if (recognized && trailers * 3 >= others) return i + 1;
      if (trailers && !others) return i + 1;
      return end;
    }
    onlySpaces = false;
    bool generated = false;
    for (std::string_view prefix : kGitGenerated)
      if (l.starts_with(prefix)) generated = true;
    if (generated) {
      ++trailers;
      continuations = 0;
      recognized = true;
      continue;
    }
    size_t sep = separatorOf(l);
    if (sep != std::string_view::npos && sep >= 1 && !isSpace(l[0])) {
      ++trailers;
      continuations = 0;
    } else if (isSpace(l[0])) {
      ++continuations;
    } else {
      others += 1 + continuations;
      continuations = 0;
    }
  }
  return end;
}

} // namespace

std::vector<Trailer> parseTrailers(std::string_view message) {
  std::vector<std::string_view> lines = linesOf(message);
  size_t end = messageEnd(lines);
  std::vector<Trailer> out;
  bool continuing = false; // the previous line was a trailer: blank-led lines continue it
  for (size_t i = blockStart(lines, end); i < end; ++i) {
    std::string_view l = lines[i];
    if (continuing && !l.empty() && isSpace(l[0])) {
      std::string_view more = trim(l);
      if (!more.empty()) out.back().value += (out.back().value.empty() ? "" : " ") + std::string(more);
      continue;
    }
    size_t sep = isComment(l) ? std::string_view::npos : separatorOf(l);
    continuing = sep != std::string_view::npos && sep >= 1;
    if (!continuing) continue;
    out.push_back(Trailer{std::string(trim(l.substr(0, sep))), std::string(trim(l.substr(sep + 1))),
                          static_cast<int>(i) + 1});
  }
  return out;
}

} // namespace provcheck
