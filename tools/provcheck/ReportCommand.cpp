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

// Builds the report as the patches come: the history the risk reads is waited for at
// the first patch (it is read from the plan's paths while the first batches are checked),
// and nothing of a patch is kept but its row contributions and its summary.
class ReportSink : public RunSink {
public:
  ReportSink(RiskOptions &options, std::future<Expected<ChangeHistory>> &history)
      : options_(options), history_(history), builder_(options) {}

  void begin(const RunResult &header) override { builder_.begin(header); }
  void beginSeries(const SeriesResult &) override { builder_.beginSeries(); }
  void patch(PatchResult &&result) override {
    takeHistory();
    builder_.add(result);
  }
  void endSeries(const Verdict &verdict) override { builder_.endSeries(verdict); }
  void end(RunResult &&header) override {
    takeHistory();
    header.notices.insert(header.notices.end(), notices_.begin(), notices_.end());
    report = builder_.finish(header);
  }

  std::string why; // why the history is read from HEAD ("": it is not)
  std::optional<RiskReport> report;
  std::optional<ChangeHistory> changes;

private:
  void takeHistory() {
    if (!history_.valid()) return;
    Expected<ChangeHistory> h = history_.get();
    if (!h) {
      notices_.push_back("history not read: " + h.error().str());
      return;
    }
    changes = std::move(*h);
    options_.history = &*changes;
    if (!why.empty())
      notices_.push_back("history read from HEAD: " + why +
                         " (--history-from names the upstream history)");
  }

  RiskOptions &options_;
  std::future<Expected<ChangeHistory>> &history_;
  RiskReportBuilder builder_;
  std::vector<std::string> notices_; // the history's, added to the run's at the end
};

int runReport(const Globals &globals, ReportArgs &args) {
  args.pipeline.dir = globals.dir;
  args.pipeline.progress = !args.noProgress;
  args.pipeline.keepAtExit = [](std::shared_ptr<void> maps) { releaseAtExit(std::move(maps)); };
  RiskOptions options;
  // The history of the touched files is read while the first patches are classified,
  // from the upstream branch unless told otherwise: a branch's own commits are not its
  // history. The paths and the earliest patch come from the plan, before any commit of a
  // range is read.
  std::string why;
  options.historyFrom =
      args.historyFrom.empty() ? defaultHistoryTip(globals.dir, why) : args.historyFrom;
  std::future<Expected<ChangeHistory>> history;
  args.pipeline.afterPlan = [&](const PlanTouch &touch, const std::string &repository,
                                const Policy &policy) {
    options.model = policy.risk;
    if (args.noHistory) return;
    HistoryOptions ho;
    ho.tip = options.historyFrom;
    ho.days = options.model.longestWindow();
    ho.asOf = touch.earliest;
    ho.fixTrailers = options.model.fixTrailers;
    std::vector<std::string> paths(touch.paths.begin(), touch.paths.end());
    history = std::async(std::launch::async, readChangeHistory,
                         repository.empty() ? globals.dir : repository, std::move(paths), ho);
  };
  args.pipeline.streamOneSeriesOnly = true;
  ReportSink sink(options, history);
  sink.why = why;
  auto run = streamPipeline(args.pipeline, sink);
  if (!run) {
    if (history.valid()) history.wait();
    std::cerr << "provcheck: " << run.error().str() << "\n";
    return 2;
  }
  RiskReport &report = *sink.report;

  std::string text;
  if (args.format == "json") {
    // Written as it is rendered: a long range's report is never held twice.
    if (!writeOutput(underDir(globals.dir, args.output),
                     [&](std::ostream &out) { render::writeReportJson(report, out); }, "report"))
      return 2;
  } else if (args.format == "markdown") text = render::reportMarkdown(report);
  else if (args.format == "sarif") text = render::reportSarifText(report);
  else if (args.format == "codequality") text = render::reportCodeQualityText(report);
  else if (args.format == "html") text = render::reportHtml(report);
  else text = render::reportText(report);

  if (args.format != "json" && !writeOutput(underDir(globals.dir, args.output), text, "report"))
    return 2;
  int code = *run ? 1 : 0;
  releaseAtExit(std::move(report));
  if (sink.changes) releaseAtExit(std::move(*sink.changes));
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
