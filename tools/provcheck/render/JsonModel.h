// nlohmann::json views of the run model, shared by the JSON report and the stage dumps.
#pragma once

#include "tools/provcheck/Run.h"

#include <nlohmann/json.hpp>

namespace provcheck::render {

nlohmann::json personJson(const Person &);
// `withLines`: every diff line of every hunk (the "patch" dump), else ranges and counts.
nlohmann::json patchJson(const Patch &, bool withLines);
nlohmann::json entitiesJson(const FileEntities &, const FileChange &);
nlohmann::json ownersJson(const std::vector<OwningSection> &);
nlohmann::json classificationJson(const PatchClass &);
nlohmann::json verdictJson(const Verdict &);
// One patch as in the report: the patch, and per file what each stage that ran found.
nlohmann::json patchResultJson(const PatchResult &, const StagesRun &);

// ISO 8601 date with the author's offset, e.g. "2026-01-01T10:00:00+01:00".
std::string isoDate(int64_t time, int tzOffsetMinutes);

} // namespace provcheck::render
