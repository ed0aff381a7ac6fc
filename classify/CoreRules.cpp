#include "classify/CoreRules.h"

#include "analysis/UniqueList.h"
#include "classify/PathRules.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace provcheck {
namespace {

bool isIdent(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The identifier right before the first '(' of `s`, or "".
std::string nameBeforeParen(std::string_view s) {
  size_t paren = s.find('(');
  if (paren == std::string_view::npos) return {};
  size_t e = paren;
  while (e > 0 && s[e - 1] == ' ') --e;
  size_t b = e;
  while (b > 0 && isIdent(s[b - 1])) --b;
  if (b == e || std::isdigit(static_cast<unsigned char>(s[b]))) return {};
  return std::string(s.substr(b, e - b));
}

// "struct S.field" -> "S", "ns::C::m" -> "m", "foo" -> "foo".
std::string baseName(const Entity &e) {
  std::string n = e.name;
  if (auto dot = n.find('.'); dot != std::string::npos) n = n.substr(0, dot);
  if (auto sp = n.rfind(' '); sp != std::string::npos) n = n.substr(sp + 1);
  if (auto colon = n.rfind("::"); colon != std::string::npos) n = n.substr(colon + 2);
  return n;
}

bool isSymbolKind(EntityKind k) {
  switch (k) {
  case EntityKind::Function: case EntityKind::Record: case EntityKind::Enum:
  case EntityKind::Field: case EntityKind::Typedef: case EntityKind::Global:
  case EntityKind::Macro:
    return true;
  default:
    return false;
  }
}

} // namespace

std::optional<Reason> corePathReason(const ClassifyRules &rules, const FileChange &file) {
  for (const std::string *p : {&file.path(), &file.oldPath})
    if (const PathRule *r = firstMatch(rules.corePaths, *p))
      return Reason{"core-path", r->id + ": " + r->pattern};
  return std::nullopt;
}

std::optional<Reason> includeFanInReason(const ClassifyRules &rules, const FileChange &file,
                                         const DependencyMap *deps) {
  if (!deps || rules.coreIncludedBy <= 0) return std::nullopt;
  int n = deps->includedBy(file.oldPath.empty() ? file.path() : file.oldPath);
  if (n < rules.coreIncludedBy) return std::nullopt;
  return Reason{"header-fan-in", file.oldPath + " included by " + std::to_string(n) + " files"};
}

std::vector<std::string> changedSymbols(const FileChange &file, size_t hunk,
                                        const HunkFacts &facts, const FileEntities *entities) {
  // In first-seen order, each once.
  std::vector<std::string> out;
  UniqueAppender unique(out);
  auto add = [&](std::string s) {
    if (!s.empty()) unique(std::move(s));
  };
  if (entities && hunk < entities->hunks.size() &&
      (!entities->oldEntities.empty() || !entities->newEntities.empty())) {
    for (const LineAttribution &a : entities->hunks[hunk].lines) {
      const auto &list = a.side == Side::Old ? entities->oldEntities : entities->newEntities;
      auto consider = [&](int idx) {
        if (idx >= 0 && idx < static_cast<int>(list.size()) && isSymbolKind(list[idx].kind))
          add(baseName(list[idx]));
      };
      consider(a.entity);
      for (int e : a.enclosing) consider(e);
    }
    return out;
  }
  const Hunk &h = file.hunks[hunk];
  add(nameBeforeParen(h.section));
  // The function a hunk starts in may open within its leading context.
  for (const DiffLine &l : h.lines) {
    if (l.kind != LineKind::Context) break;
    std::string_view t = l.text;
    if (!t.empty() && t[0] != ' ' && t[0] != '\t' && t[0] != '#' && t.find(';') == std::string_view::npos)
      add(nameBeforeParen(t));
  }
  // Declarations on changed lines at file scope: "type name(", "#define NAME", "} Name;".
  for (size_t i = 0; i < h.lines.size(); ++i) {
    const DiffLine &l = h.lines[i];
    if (l.kind == LineKind::Context || facts.blank[i] || facts.commentOnly[i]) continue;
    std::string_view t = l.text;
    if (t.empty() || t[0] == ' ' || t[0] == '\t') continue;
    if (t.starts_with("#define")) {
      size_t b = t.find_first_not_of(" \t", 7), e = b;
      while (e < t.size() && isIdent(t[e])) ++e;
      if (b != std::string_view::npos) add(std::string(t.substr(b, e - b)));
    } else if (t.starts_with("}")) {
      size_t e = t.find(';');
      if (e != std::string_view::npos) {
        size_t b = e;
        while (b > 0 && isIdent(t[b - 1])) --b;
        add(std::string(t.substr(b, e - b)));
      }
    } else if (t[0] != '#') {
      add(nameBeforeParen(t));
    }
  }
  return out;
}

std::optional<Reason> symbolFanInReason(const ClassifyRules &rules,
                                        const std::vector<std::string> &symbols,
                                        const DependencyMap *deps) {
  if (!deps || rules.coreSymbolFanIn <= 0) return std::nullopt;
  for (const std::string &s : symbols) {
    int n = deps->symbolFanIn(s);
    if (n >= rules.coreSymbolFanIn)
      return Reason{"symbol-fan-in", s + " used from " + std::to_string(n) + " files"};
  }
  return std::nullopt;
}

} // namespace provcheck
