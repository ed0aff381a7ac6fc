// The AST map: each added and removed line of a C/C++ file attributed to the entities it
// touches, from Clang parses of the pre-image and the post-image. Plain data; the Clang
// side lives in the .cpp files of analysis/ only.
#pragma once

#include "analysis/Compiled.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace provcheck {

enum class EntityKind {
  Function,     // a function or method definition or declaration
  Record,       // struct / union / class (see Entity::detail: "struct", "union", "class")
  Enum,
  Field,        // a field of a record, or an enumerator of an enum
  Typedef,      // typedef / using alias
  Global,       // a variable at file or namespace scope
  Macro,        // #define (name) / #undef
  Conditional,  // #if/#ifdef/#elif/#else/#endif and the lines they cover when inactive
  Include,      // #include line
  Comment,      // a comment not attached to any other entity
  Namespace,
  TopLevel,     // anything else at top level (a pragma, a stray semicolon, a static assert)
};
const char *toString(EntityKind);

// For functions (and records): which part of the entity a line falls in.
enum class EntityPart { Whole, Signature, Body, Comment };
const char *toString(EntityPart);

struct Entity {
  EntityKind kind = EntityKind::TopLevel;
  std::string name;   // qualified where it helps: "ns::Class::method", "struct S.field"
  std::string detail; // kind detail: "struct", "union", "static", "#ifdef CONFIG_X", ...
  int beginLine = 0;  // lines of the entity in its image (1-based, inclusive)
  int endLine = 0;
  bool inactive = false; // in code this configuration does not compile (#if 0, off #ifdef)
  bool operator==(const Entity &) const = default;
};

enum class Side { Old, New };

// One changed line and what it touches, innermost entity first.
struct LineAttribution {
  Side side = Side::New;
  int line = 0;               // line number in the image of that side
  int entity = -1;            // index into FileEntities::oldEntities/newEntities, -1 = none
  EntityPart part = EntityPart::Whole;
  std::vector<int> enclosing; // outer entities (e.g. the record of a field), innermost
                              // first; at most kMaxEnclosing of them
};

// Enough for any real nesting (a field of a struct in a function in a conditional...),
// and a bound on the memory of a line buried in thousands of nested #if.
inline constexpr size_t kMaxEnclosing = 16;

struct HunkEntities {
  // One per added or removed line of the hunk, in order; blank (whitespace-only) lines
  // change no entity and have none.
  std::vector<LineAttribution> lines;
};

struct FileEntities {
  std::string path;               // FileChange::path()
  bool parsedOld = false, parsedNew = false; // which images were parsed (vs. lexed only)
  bool degraded = false;          // parse incomplete (missing headers, no compile flags...)
  std::vector<std::string> degradedReasons;
  std::string flagsSource;        // "compile_commands.json", "inferred from X", "fallback",
                                  // "includer X" (a header parsed with the command of a
                                  // source file X that includes it, after X's includes),
                                  // "includer X (up to line N)" (a .inc file parsed after
                                  // X's text up to its #include on line N)
  std::vector<Entity> oldEntities, newEntities;
  std::vector<HunkEntities> hunks; // parallel to FileChange::hunks
  // The changed functions compiled to IR in both images (a C/C++ source file with a
  // compilation database entry whose hunks change code); null otherwise.
  std::shared_ptr<const CompiledFile> compiled;
};

} // namespace provcheck
