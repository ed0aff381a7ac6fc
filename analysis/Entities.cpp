// The names of entities and of their parts, as the output shows them.
#include "analysis/AstMap.h"
#include "analysis/Entities.h"

#include <string>
#include <vector>

namespace provcheck {

const char *toString(EntityKind k) {
  switch (k) {
  case EntityKind::Function: return "function";
  case EntityKind::Record: return "record";
  case EntityKind::Enum: return "enum";
  case EntityKind::Field: return "field";
  case EntityKind::Typedef: return "typedef";
  case EntityKind::Global: return "global";
  case EntityKind::Macro: return "macro";
  case EntityKind::Conditional: return "conditional";
  case EntityKind::Include: return "include";
  case EntityKind::Comment: return "comment";
  case EntityKind::Namespace: return "namespace";
  case EntityKind::TopLevel: return "top-level";
  }
  return "top-level";
}

const char *toString(EntityPart p) {
  switch (p) {
  case EntityPart::Whole: return "whole";
  case EntityPart::Signature: return "signature";
  case EntityPart::Body: return "body";
  case EntityPart::Comment: return "comment";
  }
  return "whole";
}

std::string describe(const Entity &e, EntityPart part) {
  std::string s;
  switch (e.kind) {
  case EntityKind::Function: s = "function " + e.name; break;
  case EntityKind::Record: s = (e.detail.empty() ? "struct" : e.detail) + " " + e.name; break;
  case EntityKind::Enum: s = "enum " + e.name; break;
  case EntityKind::Field: s = (e.detail.empty() ? "field" : e.detail) + " " + e.name; break;
  case EntityKind::Typedef: s = "typedef " + e.name; break;
  case EntityKind::Global:
    s = (e.detail.empty() ? "" : e.detail + " ") + "variable " + e.name;
    break;
  case EntityKind::Macro: s = e.detail == "#undef" ? "#undef " + e.name : "macro " + e.name; break;
  case EntityKind::Conditional:
    s = e.detail.empty() || e.detail == e.name ? e.name : e.detail + " of " + e.name;
    break;
  case EntityKind::Include: s = (e.detail.empty() ? "#include" : e.detail) + " " + e.name; break;
  case EntityKind::Comment: s = "comment"; break;
  case EntityKind::Namespace: s = "namespace " + e.name; break;
  case EntityKind::TopLevel: s = e.name; break;
  }
  std::vector<std::string> notes;
  if (part != EntityPart::Whole) notes.push_back(toString(part));
  if (e.inactive) notes.push_back("inactive");
  if (!notes.empty()) {
    s += " (";
    for (size_t i = 0; i < notes.size(); ++i) s += (i ? ", " : "") + notes[i];
    s += ")";
  }
  return s;
}

std::string describe(const FileEntities &fe, const LineAttribution &la) {
  const auto &list = la.side == Side::Old ? fe.oldEntities : fe.newEntities;
  if (la.entity < 0 || la.entity >= static_cast<int>(list.size())) return "top level";
  std::string s = describe(list[la.entity], la.part);
  for (int outer : la.enclosing) {
    if (outer < 0 || outer >= static_cast<int>(list.size())) continue;
    const Entity &o = list[outer];
    // Name what gives the line its meaning: records, functions, namespaces.
    const Entity &in = list[la.entity];
    bool named = in.name.size() > o.name.size() && in.name.compare(0, o.name.size(), o.name) == 0 &&
                 in.name.compare(o.name.size(), 2, "::") == 0;
    if (named) break;
    if (o.kind == EntityKind::Record || o.kind == EntityKind::Enum ||
        o.kind == EntityKind::Function || o.kind == EntityKind::Namespace) {
      s += " in " + describe(o, EntityPart::Whole);
      break;
    }
  }
  return s;
}

} // namespace provcheck
