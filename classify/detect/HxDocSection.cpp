// hx-doc-section: in a `.hx` file (QEMU's command and option tables), every changed line
// is one that scripts/hxtool leaves out of the C header it generates: a line inside a
// documentation section (between two of the markers its hxtoh() toggles on, such as
// STEXI/ETEXI or SRST/ERST) or an HXCOMM comment. No marker line is added or removed, so
// each unchanged line keeps its place inside or outside a section, and the generated
// header is the same sequence of lines: the change is documentation.
//
// The markers are read from the tree's own scripts/hxtool, whose hxtoh() must have the
// one shape this proof knows (a flag toggled on line prefixes, HXCOMM lines dropped, the
// other lines printed while the flag is 1); any other generator proves nothing. Like
// `read -r`, a line is compared without its leading and trailing blanks.
#include "analysis/TextLines.h"
#include "classify/detect/Detectors.h"

#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {
namespace {

constexpr std::string_view kRule = "hx-doc-section";
constexpr std::string_view kGenerator = "scripts/hxtool";

// What `read -r str` leaves of a line with the default IFS: blanks at both ends gone.
std::string_view trimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string squeeze(std::string_view s) {
  std::string out;
  for (char c : trimBlanks(s)) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The line prefixes hxtoh() toggles its flag on, when the function is exactly
//   hxtoh() { flag=1; while read -r str; do case $str in HXCOMM*) ;;
//             A*|B*|...) flag=$(($flag^1)) ;; *) test $flag -eq 1 && printf "%s\n" "$str" ;;
//             esac; done }
// one statement a line, blanks aside; nullopt for anything else.
std::optional<std::vector<std::string>> toggleMarkers(std::string_view script) {
  std::vector<std::string> body;
  bool in = false;
  for (std::string_view raw : splitLines(script)) {
    std::string line = squeeze(raw);
    if (!in) {
      in = line == "hxtoh()";
      continue;
    }
    if (line.empty()) continue;
    body.push_back(line);
    if (line == "}") break;
  }
  static const std::vector<std::string> shape = {
      "{", "flag=1", "while read -r str; do", "case $str in", "HXCOMM*)", ";;", "",
      ";;", "*)", "test $flag -eq 1 && printf \"%s\\n\" \"$str\"", ";;", "esac", "done", "}"};
  if (body.size() != shape.size()) return std::nullopt;
  std::vector<std::string> markers;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i != 6) {
      if (body[i] != shape[i]) return std::nullopt;
      continue;
    }
    constexpr std::string_view toggle = ") flag=$(($flag^1))";
    std::string_view l = body[i];
    if (!l.ends_with(toggle)) return std::nullopt;
    l.remove_suffix(toggle.size());
    while (!l.empty()) {
      size_t bar = l.find('|');
      std::string_view alt = l.substr(0, bar);
      // An upper-case word and '*': a prefix, nothing a shell pattern could widen.
      if (alt.size() < 2 || alt.back() != '*') return std::nullopt;
      for (char c : alt.substr(0, alt.size() - 1))
        if (!std::isupper(static_cast<unsigned char>(c))) return std::nullopt;
      markers.emplace_back(alt.substr(0, alt.size() - 1));
      l = bar == std::string_view::npos ? std::string_view{} : l.substr(bar + 1);
    }
  }
  if (markers.empty()) return std::nullopt;
  return markers;
}

enum class Role { Output, Documentation, Comment, Marker };

// The role hxtoh() gives each line of a text (index = line - 1).
std::vector<Role> lineRoles(std::string_view text, const std::vector<std::string> &markers) {
  std::vector<Role> roles;
  bool output = true;
  for (std::string_view raw : splitLines(text)) {
    std::string_view s = trimBlanks(raw);
    bool marker = false;
    for (const std::string &m : markers) marker = marker || s.starts_with(m);
    if (s.starts_with("HXCOMM")) {
      roles.push_back(Role::Comment);
    } else if (marker) {
      roles.push_back(Role::Marker);
      output = !output;
    } else {
      roles.push_back(output ? Role::Output : Role::Documentation);
    }
  }
  return roles;
}

std::string markerList(const std::vector<std::string> &markers) {
  std::string out;
  for (const std::string &m : markers) out += (out.empty() ? "" : "/") + m;
  return out;
}

// Why the hunk's changed lines are not all documentation, or "" when they are; `close`
// tells whether one of them is (the rule came close).
std::string whyNot(bool &close, const Hunk &hunk, const std::vector<std::string_view> &oldLines,
                   const std::vector<std::string_view> &newLines, const std::vector<Role> &oldRoles,
                   const std::vector<Role> &newRoles) {
  std::string why;
  close = false;
  for (const DiffLine &l : hunk.lines) {
    if (l.kind == LineKind::Context) continue;
    bool removed = l.kind == LineKind::Removed;
    int n = removed ? l.oldLine : l.newLine;
    const auto &lines = removed ? oldLines : newLines;
    const auto &roles = removed ? oldRoles : newRoles;
    if (n < 1 || static_cast<size_t>(n) > lines.size() || lines[n - 1] != l.text)
      return "the image does not hold the hunk's line " + std::to_string(n);
    Role r = roles[n - 1];
    close = close || r == Role::Documentation || r == Role::Comment;
    if (!why.empty()) continue;
    if (r == Role::Marker)
      why = "a section marker is " + std::string(removed ? "removed" : "added") + " (line " +
            std::to_string(n) + ")";
    else if (r == Role::Output)
      why = "line " + std::to_string(n) + " is outside the documentation sections: it goes into "
            "the generated header";
  }
  return why;
}

} // namespace

void detectHxDocSection(DetectContext &ctx) {
  std::optional<std::optional<std::vector<std::string>>> oldMarkers, newMarkers; // read once
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileChange &file = ctx.patch.files[f];
    if (!ctx.files[f].candidate || !file.path().ends_with(".hx")) continue;
    std::vector<size_t> open;
    for (size_t h = 0; h < file.hunks.size(); ++h)
      if (!ctx.claimed(f, h)) open.push_back(h);
    if (open.empty()) continue;
    auto refuseAll = [&](const std::string &why) {
      for (size_t h : open) ctx.refuse(f, h, kRule, why);
    };
    const std::string *oldText = ctx.texts ? ctx.texts->oldText(f) : nullptr;
    const std::string *newText = ctx.texts ? ctx.texts->newText(f) : nullptr;
    if (!oldText || !newText || file.oldPath.empty() || file.oldPath != file.path()) {
      refuseAll("the file's images before and after the patch are not both known");
      continue;
    }
    auto readMarkers = [&](const TreeView *tree) -> std::optional<std::vector<std::string>> {
      std::optional<std::string> script = tree ? tree->read(kGenerator) : std::nullopt;
      return script ? toggleMarkers(*script) : std::nullopt;
    };
    if (!oldMarkers) {
      oldMarkers = readMarkers(ctx.texts->oldTree());
      newMarkers = readMarkers(ctx.texts->newTree());
    }
    if (!*oldMarkers || !*newMarkers || **oldMarkers != **newMarkers) {
      refuseAll(std::string(kGenerator) + " of the trees is not the generator this proof "
                "knows (or the patch changes its markers)");
      continue;
    }
    const std::vector<std::string> &markers = **oldMarkers;
    std::vector<std::string_view> oldLines = splitLines(*oldText), newLines = splitLines(*newText);
    std::vector<Role> oldRoles = lineRoles(*oldText, markers), newRoles = lineRoles(*newText, markers);
    for (size_t h : open) {
      bool close = false;
      std::string why = whyNot(close, file.hunks[h], oldLines, newLines, oldRoles, newRoles);
      if (!why.empty()) {
        if (close) ctx.refuse(f, h, kRule, why);
        continue;
      }
      ctx.claims[f][h] = Mechanical{
          {std::string(kRule),
           "only lines inside " + markerList(markers) + " sections or HXCOMM comments change, "
           "which " + std::string(kGenerator) + " leaves out of the generated header "
           "(documentation)"},
          true};
    }
  }
}

} // namespace provcheck
