// JSON Lines (--format jsonl): the run as a stream of one-line JSON objects, written as
// the run hands each patch on, so that any length of history needs the memory of one
// patch. Every line has a "type"; the records are those of the JSON report (README.md,
// "JSON output"), cut where a stream can cut them. Schema in tools/provcheck/REPORTS.md.
#pragma once

#include "tools/provcheck/Run.h"
#include "tools/provcheck/render/Json.h"

#include <iosfwd>

namespace provcheck::render {

class JsonlSink : public RunSink {
public:
  // options.full: each patch line has every diff line and entity, as --format json --full.
  explicit JsonlSink(std::ostream &os, const JsonOptions &options = {})
      : os_(os), options_(options) {}
  void begin(const RunResult &run) override;
  void beginSeries(const SeriesResult &series) override;
  void patch(PatchResult &&result) override;
  void endSeries(const Verdict &verdict) override;
  void end(RunResult &&run) override;

private:
  std::ostream &os_;
  JsonOptions options_;
  StagesRun stages_;
  int series_ = -1; // index of the current series
  int patch_ = 0;   // index of the next patch in it
};

} // namespace provcheck::render
