#include "tools/provcheck/render/Jsonl.h"

#include "tools/provcheck/render/Json.h"
#include "tools/provcheck/render/JsonModel.h"

#include <ostream>

namespace provcheck::render {

namespace {

void writeLine(std::ostream &os, const Json &record) {
  os << record.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  os.flush();
}

} // namespace

void JsonlSink::begin(const RunResult &run) {
  stages_ = run.stages;
  writeLine(os_, {{"type", "run"},
                  {"schema_version", kJsonSchemaVersion},
                  {"tool", "provcheck"},
                  {"repository", run.repository},
                  {"policy", run.policy},
                  {"stages", stagesJson(run.stages)}});
}

void JsonlSink::beginSeries(const SeriesResult &series) {
  ++series_;
  patch_ = 0;
  writeLine(os_, {{"type", "series"},
                  {"series", series_},
                  {"title", series.title},
                  {"version", series.version},
                  {"rfc", series.rfc},
                  {"cover_letter", coverLetterJson(series.coverLetter)}});
}

void JsonlSink::patch(PatchResult &&result) {
  Json record = {{"type", "patch"}, {"series", series_}, {"index", patch_++}};
  Json fields = patchResultJson(result, stages_, options_.full);
  for (auto &[key, value] : fields.items()) record[key] = std::move(value);
  writeLine(os_, record);
}

void JsonlSink::endSeries(const Verdict &verdict) {
  writeLine(os_, {{"type", "series-verdict"},
                  {"series", series_},
                  {"patches", patch_},
                  {"verdict", stages_.policy ? verdictJson(verdict) : Json(nullptr)}});
}

void JsonlSink::end(RunResult &&run) {
  writeLine(os_, {{"type", "end"},
                  {"skipped", skippedJson(run.skipped)},
                  {"notices", run.notices}});
}

} // namespace provcheck::render
