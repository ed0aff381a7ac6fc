#include "tools/provcheck/render/Json.h"

#include "tools/provcheck/render/JsonModel.h"

#include <ostream>

namespace provcheck::render {

using json = Json;

void renderJson(const RunResult &run, std::ostream &os, const JsonOptions &options) {
  json series = json::array();
  for (const SeriesResult &s : run.series) {
    json patches = json::array();
    for (const PatchResult &p : s.patches)
      patches.push_back(patchResultJson(p, run.stages, options.full));
    series.push_back({{"title", s.title},
                      {"version", s.version},
                      {"rfc", s.rfc},
                      {"cover_letter", coverLetterJson(s.coverLetter)},
                      {"patches", std::move(patches)},
                      {"verdict", run.stages.policy ? verdictJson(s.verdict) : json(nullptr)}});
  }
  json doc = {{"schema_version", kJsonSchemaVersion},
              {"tool", "provcheck"},
              {"repository", run.repository},
              {"policy", run.policy},
              {"stages", stagesJson(run.stages)},
              {"series", std::move(series)},
              {"skipped", skippedJson(run.skipped)},
              {"notices", run.notices}};
  os << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

bool parseDumpKind(std::string_view name, DumpKind &out) {
  static const std::pair<std::string_view, DumpKind> table[] = {
      {"patch", DumpKind::Patch},           {"entities", DumpKind::Entities},
      {"owners", DumpKind::Owners},         {"categories", DumpKind::Categories},
      {"findings", DumpKind::Findings}};
  for (const auto &[n, k] : table)
    if (n == name) {
      out = k;
      return true;
    }
  return false;
}

// One entry per patch: its identity, then what the stage produced for it.
static json dumpPatch(const PatchResult &r, DumpKind kind) {
  json j = {{"id", r.patch.id}, {"origin", r.patch.origin.name}, {"subject", r.patch.subject}};
  switch (kind) {
  case DumpKind::Patch: return patchJson(r.patch, true);
  case DumpKind::Entities:
  case DumpKind::Owners: {
    json files = json::array();
    for (size_t i = 0; i < r.patch.files.size() && i < r.files.size(); ++i)
      files.push_back(kind == DumpKind::Entities
                          ? json{{"path", r.patch.files[i].path()},
                                 {"entities", entitiesJson(r.files[i].entities, r.patch.files[i], true)}}
                          : json{{"path", r.patch.files[i].path()},
                                 {"owners", ownersJson(r.files[i].owners)}});
    j["files"] = std::move(files);
    return j;
  }
  case DumpKind::Categories: j["classification"] = classificationJson(r.classification); return j;
  case DumpKind::Findings: j["verdict"] = verdictJson(r.verdict); return j;
  }
  return j;
}

static bool stageRan(const StagesRun &s, DumpKind kind) {
  switch (kind) {
  case DumpKind::Patch: return true;
  case DumpKind::Entities: return s.entities;
  case DumpKind::Owners: return s.owners;
  case DumpKind::Categories: return s.classify;
  case DumpKind::Findings: return s.policy;
  }
  return false;
}

void renderDump(const RunResult &run, DumpKind kind, std::ostream &os) {
  json patches = json::array();
  json seriesVerdicts = json::array();
  for (const SeriesResult &s : run.series) {
    for (const PatchResult &p : s.patches) patches.push_back(dumpPatch(p, kind));
    if (kind == DumpKind::Findings && run.stages.policy)
      seriesVerdicts.push_back({{"title", s.title}, {"verdict", verdictJson(s.verdict)}});
  }
  json doc = {{"schema_version", kJsonSchemaVersion},
              {"stage_ran", stageRan(run.stages, kind)},
              {"patches", std::move(patches)}};
  if (kind == DumpKind::Findings) doc["series"] = std::move(seriesVerdicts);
  os << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

} // namespace provcheck::render
