// include-only: hunks whose changed code lines are all #include lines that the patch
// drops, in a file where no #include is added or moved: the order of the remaining
// includes is unchanged (order is the program's: a header may read the macros of the
// headers before it). A dropped header in the tree is read in the pre-image, and no
// conditional directive left in the file may test a macro it defines (dropping
// "config.h" under "#ifdef CONFIG_KVM" would compile code out silently). The file still
// compiling without the header is what makes the rest of the change inert, an assumption
// the compiled-code proof checks where a compilation database is available.
#include "classify/detect/Detectors.h"

#include <map>
#include <optional>
#include <set>

namespace provcheck {
namespace {

// The target of an #include line ("<a/b.h>" or "\"x.h\""), or nullopt.
std::optional<std::string> includeTarget(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos || line[i] != '#') return std::nullopt;
  i = line.find_first_not_of(" \t", i + 1);
  if (i == std::string_view::npos || line.substr(i, 7) != "include") return std::nullopt;
  i = line.find_first_not_of(" \t", i + 7);
  if (i == std::string_view::npos) return std::nullopt;
  char close = line[i] == '<' ? '>' : line[i] == '"' ? '"' : 0;
  if (!close) return std::nullopt;
  size_t end = line.find(close, i + 1);
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(line.substr(i, end - i + 1));
}

// The names a directive line "#word ..." holds after `word`, when word is one of `words`.
std::vector<std::string> directiveNames(std::string_view line, std::initializer_list<std::string_view> words) {
  TokenStream ts = lexTokens(line);
  std::vector<std::string> out;
  if (ts.code.size() < 2 || ts.code[0].kind != TokenKind::Hash) return out;
  bool match = false;
  for (std::string_view w : words) match = match || ts.code[1].text == w;
  if (!match) return out;
  for (size_t k = 2; k < ts.code.size(); ++k)
    if (ts.code[k].kind == TokenKind::Identifier) out.emplace_back(ts.code[k].text);
  return out;
}

// The macros a header of the pre-image defines, or nullopt when it is not in the tree.
std::optional<std::set<std::string>> macrosOf(const DetectContext &ctx, const std::string &includer,
                                              const std::string &target) {
  const TreeView *tree = ctx.texts ? ctx.texts->oldTree() : nullptr;
  if (!tree || target.size() < 3) return std::nullopt;
  std::string name = target.substr(1, target.size() - 2);
  size_t slash = includer.rfind('/');
  std::vector<std::string> candidates = {"include/" + name, name};
  if (target[0] == '"') candidates.insert(candidates.begin(), includer.substr(0, slash + 1) + name);
  for (const std::string &path : candidates) {
    auto text = tree->read(path);
    if (!text) continue;
    std::set<std::string> macros;
    size_t start = 0;
    while (start < text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      std::vector<std::string> names = directiveNames(std::string_view(*text).substr(start, end - start), {"define"});
      if (!names.empty()) macros.insert(names.front());
      start = end + 1;
    }
    return macros;
  }
  return std::nullopt;
}

// A macro of `macros` tested by a conditional directive of `text`, or "".
std::string testedMacro(const std::string &text, const std::set<std::string> &macros) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line = std::string_view(text).substr(start, end - start);
    if (line.find('#') != std::string_view::npos)
      for (const std::string &n : directiveNames(line, {"if", "ifdef", "ifndef", "elif"}))
        if (macros.count(n)) return n;
    start = end + 1;
  }
  return "";
}

} // namespace

void detectIncludeOnly(DetectContext &ctx) {
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate || !ff.cFamily) continue;
    const FileChange &file = ctx.patch.files[f];
    std::vector<std::string> dropped;
    std::vector<size_t> includeHunks;
    bool added = false;
    for (size_t h = 0; h < file.hunks.size(); ++h) {
      const Hunk &hunk = file.hunks[h];
      const HunkFacts &hf = ff.hunks[h];
      bool onlyIncludes = true, any = false;
      for (size_t i = 0; i < hunk.lines.size(); ++i) {
        const DiffLine &l = hunk.lines[i];
        if (l.kind == LineKind::Context) continue;
        auto target = includeTarget(l.text);
        if (target && l.kind == LineKind::Added) added = true;
        if (target && l.kind == LineKind::Removed) dropped.push_back(*target);
        if (target) any = true;
        else if (!hf.blank[i] && !hf.commentOnly[i]) onlyIncludes = false;
      }
      if (onlyIncludes && any && !ctx.claimed(f, h)) includeHunks.push_back(h);
    }
    if (includeHunks.empty()) continue;
    std::string why;
    if (added) {
      why = "#include lines are added or moved: their order is the program's";
    } else if (const std::string *after = ctx.texts ? ctx.texts->newText(f) : nullptr) {
      for (const std::string &d : dropped) {
        auto macros = macrosOf(ctx, file.oldPath, d);
        std::string m = macros ? testedMacro(*after, *macros) : "";
        if (!m.empty()) {
          why = "the file still tests " + m + ", which " + d + " defines";
          break;
        }
      }
    }
    if (!why.empty()) {
      for (size_t h : includeHunks) ctx.refuse(f, h, "include-only", why);
      continue;
    }
    std::string detail = "#include lines dropped (";
    for (size_t i = 0; i < dropped.size(); ++i) detail += (i ? " " : "") + dropped[i];
    detail += "), the order of the others unchanged";
    for (size_t h : includeHunks) ctx.claims[f][h] = Mechanical{{"include-only", detail}, false};
  }
}

} // namespace provcheck
