// provcheck report [SOURCE...]: the per-file risk report of patches, a series or a range
// of history, as text, JSON, Markdown, SARIF or a self-contained HTML page.
#include "tools/provcheck/Commands.h"
#include "classify/Policy.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/Risk.h"
#include "tools/provcheck/render/CodeQuality.h"
#include "tools/provcheck/render/Html.h"
#include "tools/provcheck/render/Markdown.h"
#include "tools/provcheck/render/ReportJson.h"
#include "tools/provcheck/render/ReportText.h"
#include "tools/provcheck/render/Sarif.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <future>
#include <iostream>
#include <memory>

namespace provcheck::cli {

namespace {

struct ReportArgs {
  PipelineOptions pipeline;
  std::string format = "text";
  std::string output;
  bool noProgress = false;
  bool noHistory = false;
  std::string historyFrom; // "": the current branch's upstream
};

// The earliest author time of the patches read: history is needed from the model's
// longest window before it.
int64_t earliestPatch(const RunResult &run) {
  int64_t t = INT64_MAX;
  for (const SeriesResult &s : run.series)
    for (const PatchResult &p : s.patches) t = std::min(t, p.patch.time);
  return t;
}

int runReport(const Globals &globals, ReportArgs &args) {
  args.pipeline.dir = globals.dir;
  args.pipeline.progress = !args.noProgress;
  RiskOptions options;
  // The history of the touched files is read while the patches are classified, from the
  // upstream branch unless told otherwise: a branch's own commits are not its history.
  std::string why;
  options.historyFrom =
      args.historyFrom.empty() ? defaultHistoryTip(globals.dir, why) : args.historyFrom;
  std::future<Expected<ChangeHistory>> history;
  args.pipeline.afterRead = [&](const RunResult &read, const Policy &policy) {
    options.model = policy.risk;
    if (args.noHistory) return;
    std::string repo = read.repository.empty() ? globals.dir : read.repository;
    HistoryOptions ho;
    ho.tip = options.historyFrom;
    ho.days = options.model.longestWindow();
    ho.asOf = earliestPatch(read);
    ho.fixTrailers = options.model.fixTrailers;
    history = std::async(std::launch::async, readChangeHistory, repo, touchedPaths(read), ho);
  };
  auto run = runPipeline(args.pipeline);
  if (!run) {
    if (history.valid()) history.wait();
    std::cerr << "provcheck: " << run.error().str() << "\n";
    return 2;
  }
  std::optional<ChangeHistory> changes;
  if (history.valid()) {
    Expected<ChangeHistory> h = history.get();
    if (h) changes = std::move(*h);
    else run->notices.push_back("history not read: " + h.error().str());
  }
  if (changes) {
    options.history = &*changes;
    if (!why.empty())
      run->notices.push_back("history read from HEAD: " + why +
                             " (--history-from names the upstream history)");
  }
  RiskReport report = buildRiskReport(*run, options);

  std::string text;
  if (args.format == "json") text = render::reportJsonText(report);
  else if (args.format == "markdown") text = render::reportMarkdown(report);
  else if (args.format == "sarif") text = render::reportSarifText(report);
  else if (args.format == "codequality") text = render::reportCodeQualityText(report);
  else if (args.format == "html") text = render::reportHtml(report);
  else text = render::reportText(report);

  if (!writeOutput(underDir(globals.dir, args.output), text, "report")) return 2;
  int code = exitCodeFor(*run);
  releaseAtExit(std::move(*run));
  releaseAtExit(std::move(report));
  if (changes) releaseAtExit(std::move(*changes));
  return code;
}

} // namespace

void addReportCommand(CLI::App &app, Globals &globals, int &exitCode) {
  auto args = std::make_shared<ReportArgs>();
  auto *cmd = app.add_subcommand(
      "report", "Per-file risk report: category, core-ness, owners, AI assistance, risk");
  cmd->footer(
      "SOURCE: a revision or range (HEAD, A..B, v10.0.0..master), a git format-patch file, a\n"
      "directory of them, an mbox, or - for stdin. The score is defined in REPORTS.md.\n"
      "Exit status: 0 nothing to act on, 1 findings that need action, 2 usage or input error.");
  cmd->add_option("SOURCE", args->pipeline.sources, "Patches to report on");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown", "sarif", "codequality", "html"}))
      ->default_str("text");
  cmd->add_option("-o,--output", args->output, "Write the report to FILE (default: stdout)")
      ->option_text("FILE");
  cmd->add_option("--history-from", args->historyFrom,
                  "Revision whose history the risk features read (default: the current "
                  "branch's upstream, else HEAD)")
      ->option_text("REV");
  cmd->add_flag("--no-history", args->noHistory,
                "Read no history: the history features of the risk are absent");
  addPipelineOptions(*cmd, args->pipeline, args->noProgress);
  cmd->callback([&globals, &exitCode, args] { exitCode = runReport(globals, *args); });
}

} // namespace provcheck::cli
