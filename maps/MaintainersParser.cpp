#include "maps/MaintainersParser.h"

#include <array>

namespace provcheck {

namespace {

constexpr std::array<DialectRules, 2> Dialects = {{
    // QEMU's get_maintainer.pl: m/^(.):\s*(.*)/; P: names the person of the next M:/R:.
    {"qemu", true, false, 0, 'P', "MRLSWQTBCPFXK"},
    // Linux's: m/^([A-Z]):\s*(.*)/, '#' comments, N: path regexes, P: a profile document.
    {"linux", false, true, 'N', 0, "MRLSWQTBCPFXNK"},
}};

bool isPerlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isBlank(std::string_view line) {
  for (char c : line)
    if (!isPerlSpace(c)) return false;
  return true;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && isPerlSpace(s[b])) ++b;
  while (e > b && isPerlSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

bool isComment(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && isPerlSpace(line[i])) ++i;
  return i < line.size() && line[i] == '#';
}

} // namespace

const DialectRules &dialectRules(MaintainersDialect dialect) {
  return dialect == MaintainersDialect::Linux ? Dialects[1] : Dialects[0];
}

MaintainersDialect parseDialectName(std::string_view name, bool *ok) {
  if (ok) *ok = true;
  if (name == "qemu") return MaintainersDialect::Qemu;
  if (name == "linux") return MaintainersDialect::Linux;
  if (name == "auto") return MaintainersDialect::Auto;
  if (ok) *ok = false;
  return MaintainersDialect::Auto;
}

MaintainersDialect detectDialect(std::string_view text) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    if (line.size() >= 2 && line[0] == 'N' && line[1] == ':') return MaintainersDialect::Linux;
    if (line == "THE REST") return MaintainersDialect::Linux;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return MaintainersDialect::Qemu;
}

bool splitTagLine(std::string_view line, const DialectRules &rules, char &tag,
                  std::string_view &raw) {
  if (line.size() < 2 || line[1] != ':' || line[0] == '\n') return false;
  if (!rules.anyCharacterTag && !(line[0] >= 'A' && line[0] <= 'Z')) return false;
  tag = line[0];
  size_t i = 2;
  while (i < line.size() && isPerlSpace(line[i]) && line[i] != '\n') ++i;
  raw = line.substr(i);
  return true;
}

MaintainersFile parseMaintainers(std::string_view text, std::string path,
                                 const DialectRules &rules) {
  MaintainersFile out;
  out.path = std::move(path);
  out.dialect = std::string(rules.name);

  // Non-tag lines seen since the last tag line: the last one becomes the next title.
  std::vector<std::pair<std::string, int>> pending;
  bool inTags = false;      // the previous non-blank line was a tag line
  bool blankSinceTag = true;
  int lineNo = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++lineNo;

    if (isBlank(line)) {
      if (inTags) blankSinceTag = true;
      continue;
    }
    if (rules.hashComments && isComment(line)) continue;

    char tag = 0;
    std::string_view raw;
    if (!splitTagLine(line, rules, tag, raw)) {
      if (inTags && !blankSinceTag)
        out.diagnostics.push_back(
            {lineNo, "line '" + trim(line) +
                         "' inside a section is not a tag line: it starts a new section"});
      else if (!rules.anyCharacterTag && line.size() >= 2 && line[1] == ':')
        out.diagnostics.push_back(
            {lineNo, "'" + std::string(1, line[0]) + ":' is not a tag in the " +
                         std::string(rules.name) + " dialect: line read as a section title"});
      pending.emplace_back(std::string(line), lineNo);
      inTags = false;
      continue;
    }

    if (!inTags) {
      Section section;
      section.index = static_cast<int>(out.sections.size());
      if (pending.empty()) {
        out.diagnostics.push_back({lineNo, "tag line before any section title"});
        section.line = lineNo;
      } else {
        section.name = pending.back().first;
        section.line = pending.back().second;
        pending.pop_back();
      }
      std::vector<std::string> before;
      for (auto &p : pending) before.push_back(std::move(p.first));
      pending.clear();
      if (out.sections.empty())
        out.preamble = std::move(before);
      else
        section.headings = std::move(before);
      out.sections.push_back(std::move(section));
    }
    inTags = true;
    blankSinceTag = false;

    Section &section = out.sections.back();
    TagLine t;
    t.tag = tag;
    t.raw = std::string(raw);
    t.value = trim(raw);
    t.line = lineNo;
    if (t.value.empty() && std::string_view("MRLSFXKN").find(tag) != std::string_view::npos)
      out.diagnostics.push_back({lineNo, "empty " + std::string(1, tag) + ": line"});
    if (tag == 'S') section.status = t.value;
    section.tags.push_back(std::move(t));
  }
  if (out.sections.empty())
    for (auto &p : pending) out.preamble.push_back(std::move(p.first));
  else
    for (auto &p : pending) out.epilogue.push_back(std::move(p.first));
  return out;
}

} // namespace provcheck
