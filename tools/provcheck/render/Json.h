// The JSON report (schema documented in README.md, "JSON output"), and the per-stage dumps
// of --dump, both read from the RunResult only.
#pragma once

#include "tools/provcheck/Run.h"

#include <iosfwd>
#include <string_view>

namespace provcheck::render {

// 2: the report leaves every diff line and the entities in full to --full.
inline constexpr int kJsonSchemaVersion = 2;

struct JsonOptions {
  bool full = false; // every diff line, every entity of both images, every line's entity
};

// The whole run as one JSON document.
void renderJson(const RunResult &, std::ostream &, const JsonOptions & = {});

// What one stage produced, as JSON: "patch" (the Patch model with every diff line),
// "entities" (the AST map), "owners" (MAINTAINERS sections per file), "categories"
// (classification) or "findings" (policy verdicts).
enum class DumpKind { Patch, Entities, Owners, Categories, Findings };
bool parseDumpKind(std::string_view name, DumpKind &out);
void renderDump(const RunResult &, DumpKind, std::ostream &);

} // namespace provcheck::render
