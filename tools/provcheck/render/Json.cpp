#include "tools/provcheck/render/Json.h"

#include "tools/provcheck/render/JsonModel.h"
#include "tools/provcheck/render/JsonStream.h"

#include <ostream>

namespace provcheck::render {

using json = Json;

void renderJson(const RunResult &run, std::ostream &os, const JsonOptions &options) {
  // Streamed one patch at a time: a long range's document is never held whole.
  JsonStream j(os);
  j.beginObject();
  j.member("schema_version", kJsonSchemaVersion);
  j.member("tool", "provcheck");
  j.member("repository", run.repository);
  j.member("policy", run.policy);
  j.member("stages", stagesJson(run.stages));
  j.key("series");
  j.beginArray();
  for (const SeriesResult &s : run.series) {
    j.beginObject();
    j.member("title", s.title);
    j.member("version", s.version);
    j.member("rfc", s.rfc);
    j.member("cover_letter", coverLetterJson(s.coverLetter));
    j.array("patches", s.patches,
            [&](const PatchResult &p) { return patchResultJson(p, run.stages, options.full); });
    j.member("verdict", run.stages.policy ? verdictJson(s.verdict) : json(nullptr));
    j.endObject();
  }
  j.endArray();
  j.member("skipped", skippedJson(run.skipped));
  j.member("notices", run.notices);
  j.endObject();
  os << "\n";
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
