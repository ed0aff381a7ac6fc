// The result of a run: every renderer (text, JSON, Markdown, SARIF, HTML, email) reads
// this and computes nothing. A whole RunResult, or one patch at a time through a RunSink.
#pragma once

#include "analysis/Entities.h"
#include "analysis/Images.h"
#include "analysis/Patch.h"
#include "classify/Classification.h"
#include "classify/Verdict.h"
#include "maps/Ownership.h"

#include <string>
#include <vector>

namespace provcheck {

// Parallel to Patch::files: files[i] is about patch.files[i].
struct FileResult {
  FileEntities entities;                // empty for files the AST map does not handle
  std::vector<OwningSection> owners;    // get_maintainer.pl order
};

struct PatchResult {
  Patch patch;
  PatchBase base;                       // where its pre-image comes from (none without a repository)
  std::vector<FileResult> files;        // parallel to patch.files
  PatchClass classification;
  Verdict verdict;
};

struct SeriesResult {
  std::string title;
  std::optional<Patch> coverLetter;
  int version = 1;                      // the series' v2, v3...
  bool rfc = false;
  std::vector<PatchResult> patches;
  Verdict verdict;                      // the series judged as a whole
};

// Which stages ran: a stage that did not run (--no-ast, no repository, not built) leaves
// its fields empty, and renderers leave its sections out rather than show empty ones.
struct StagesRun {
  bool entities = false;  // FileResult::entities
  bool owners = false;    // FileResult::owners
  bool classify = false;  // PatchResult::classification
  bool policy = false;    // PatchResult::verdict, SeriesResult::verdict
};

struct RunResult {
  std::string repository;               // work tree or git dir the run used, "" if none
  StagesRun stages;
  std::string policy;                   // name of the policy applied
  std::vector<SeriesResult> series;
  std::vector<Skipped> skipped;         // merges, mails without a diff
  std::vector<std::string> notices;     // degraded parses, missing MAINTAINERS, ...
};

// Receives a run as it is computed. Calls come in this order: begin; for each series,
// beginSeries, patch for each of its patches (input order), endSeries; end.
class RunSink {
public:
  virtual ~RunSink() = default;
  // The run's header: repository, policy and the stages that will run (no series yet).
  virtual void begin(const RunResult &) {}
  // A series' title and cover letter (no patches, no verdict yet).
  virtual void beginSeries(const SeriesResult &) {}
  // One patch with everything the stages found; the sink may keep or drop it.
  virtual void patch(PatchResult &&) = 0;
  // The series judged as a whole, after its last patch.
  virtual void endSeries(const Verdict &) {}
  // The header again, now with what was skipped and the notices (no series).
  virtual void end(RunResult &&) {}
};

} // namespace provcheck
