// provcheck report [SOURCE...]: the per-file risk report of patches, a series or a range
// of history, as text, JSON, Markdown, SARIF or a self-contained HTML page.
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/Risk.h"
#include "tools/provcheck/render/Html.h"
#include "tools/provcheck/render/Markdown.h"
#include "tools/provcheck/render/ReportJson.h"
#include "tools/provcheck/render/ReportText.h"
#include "tools/provcheck/render/Sarif.h"

#include <CLI/CLI.hpp>

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
  HistoryWindow window;
};

int runReport(const Globals &globals, ReportArgs &args) {
  args.pipeline.dir = globals.dir;
  args.pipeline.progress = !args.noProgress;
  // The recent history of the touched files is read while the patches are classified.
  std::future<Expected<ChangeFrequency>> history;
  if (!args.noHistory)
    args.pipeline.afterRead = [&](const RunResult &read) {
      std::string repo = read.repository.empty() ? globals.dir : read.repository;
      history = std::async(std::launch::async, recentChanges, repo, touchedPaths(read),
                           args.window);
    };
  auto run = runPipeline(args.pipeline);
  if (!run) {
    if (history.valid()) history.wait();
    std::cerr << "provcheck: " << run.error().str() << "\n";
    return 2;
  }
  RiskOptions options;
  options.window = args.window;
  if (history.valid()) {
    Expected<ChangeFrequency> changes = history.get();
    if (changes) options.history = std::move(*changes);
    else run->notices.push_back("recent history not read: " + changes.error().str());
  }
  RiskReport report = buildRiskReport(*run, options);

  std::string text;
  if (args.format == "json") text = render::reportJsonText(report);
  else if (args.format == "markdown") text = render::reportMarkdown(report);
  else if (args.format == "sarif") text = render::reportSarifText(report);
  else if (args.format == "html") text = render::reportHtml(report);
  else text = render::reportText(report);

  if (!writeOutput(underDir(globals.dir, args.output), text, "report")) return 2;
  int code = exitCodeFor(*run);
  releaseAtExit(std::move(*run));
  releaseAtExit(std::move(report));
  return code;
}

} // namespace

void addReportCommand(CLI::App &app, Globals &globals, int &exitCode) {
  auto args = std::make_shared<ReportArgs>();
  auto *cmd = app.add_subcommand(
      "report", "Per-file risk report: category, core-ness, owners, AI assistance, churn");
  cmd->footer(
      "SOURCE: a revision or range (HEAD, A..B, v10.0.0..master), a git format-patch file, a\n"
      "directory of them, an mbox, or - for stdin. The score is defined in REPORTS.md.\n"
      "Exit status: 0 nothing to act on, 1 findings that need action, 2 usage or input error.");
  cmd->add_option("SOURCE", args->pipeline.sources, "Patches to report on");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown", "sarif", "html"}))
      ->default_str("text");
  cmd->add_option("-o,--output", args->output, "Write the report to FILE (default: stdout)")
      ->option_text("FILE");
  cmd->add_option("--history-from", args->window.tip,
                  "Revision the recent-history window ends at (default: HEAD)")
      ->option_text("REV");
  cmd->add_option("--history-days", args->window.days,
                  "Recent history: commits of the last N days (default: 90)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--history-commits", args->window.maxCommits,
                  "Recent history: at most N commits (default: 1000)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-history", args->noHistory, "Leave churn out of the score");
  addPipelineOptions(*cmd, args->pipeline, args->noProgress);
  cmd->callback([&globals, &exitCode, args] { exitCode = runReport(globals, *args); });
}

} // namespace provcheck::cli
