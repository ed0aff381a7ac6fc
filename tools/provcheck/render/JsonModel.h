// nlohmann::json views of the run model, shared by the JSON report and the stage dumps.
#pragma once

#include "tools/provcheck/Run.h"

#include <nlohmann/json.hpp>

namespace provcheck::render {

// Keys in the order the schema documents them.
using Json = nlohmann::ordered_json;

Json personJson(const Person &);
// `withLines`: every diff line of every hunk (the "patch" dump), else ranges and counts.
Json patchJson(const Patch &, bool withLines);
// `full`: also every entity of both images and the attribution of every changed line;
// else what changed, per file and per hunk.
Json entitiesJson(const FileEntities &, const FileChange &, bool full);
Json ownersJson(const std::vector<OwningSection> &);
Json classificationJson(const PatchClass &);
Json verdictJson(const Verdict &);
Json baseJson(const PatchBase &);
// One patch as in the report: the patch, and per file what each stage that ran found;
// `full` adds every diff line and the entities in full (--full).
Json patchResultJson(const PatchResult &, const StagesRun &, bool full);

// The stages that ran, as the "stages" list: "sources" first.
Json stagesJson(const StagesRun &);
Json skippedJson(const std::vector<Skipped> &);
// {"subject", "author", "message"}, or null.
Json coverLetterJson(const std::optional<Patch> &);

// ISO 8601 date with the author's offset, e.g. "2026-01-01T10:00:00+01:00".
std::string isoDate(int64_t time, int tzOffsetMinutes);

} // namespace provcheck::render
