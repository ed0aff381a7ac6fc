// provcheck check [SOURCE...]: classify and judge patches.
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/render/Checkpatch.h"
#include "tools/provcheck/render/Json.h"
#include "tools/provcheck/render/Jsonl.h"
#include "tools/provcheck/render/Oneline.h"
#include "tools/provcheck/render/Patchwork.h"
#include "tools/provcheck/render/Text.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace provcheck::cli {

namespace {

struct CheckArgs {
  PipelineOptions pipeline;
  std::string format = "text";
  std::string dump;
  bool verbose = false;
  bool noProgress = false;
  bool dumpConfig = false;
  bool full = false;                  // json, jsonl: every diff line, the entities in full
  bool noSummary = false;             // checkpatch: no "total:" line
  bool noChecks = false;              // checkpatch: no CHECK lines
  render::PatchworkOptions patchwork; // patchwork: the check's context and target URL
};

int runCheck(const Globals &globals, CheckArgs &args) {
  args.pipeline.dir = globals.dir;
  args.pipeline.progress = !args.noProgress;
  args.pipeline.keepAtExit = [](std::shared_ptr<void> maps) { releaseAtExit(std::move(maps)); };
  render::DumpKind dumpKind{};
  if (!args.dump.empty() && !render::parseDumpKind(args.dump, dumpKind)) {
    std::cerr << "provcheck check: unknown --dump stage '" << args.dump
              << "' (patch, entities, owners, categories, findings)\n";
    return 2;
  }
  if (!render::validPatchworkContext(args.patchwork.context)) {
    std::cerr << "provcheck check: --check-context '" << args.patchwork.context
              << "' is not a slug (letters, digits, '-' and '_')\n";
    return 2;
  }
  if (args.dumpConfig) {
    auto text = effectivePolicy(args.pipeline);
    if (!text) {
      std::cerr << "provcheck: " << text.error().str() << "\n";
      return 2;
    }
    std::cout << *text;
    return 0;
  }
  // oneline and jsonl are written as the patches are checked, and nothing is kept.
  if (args.dump.empty() && (args.format == "oneline" || args.format == "jsonl")) {
    render::OnelineSink oneline(std::cout);
    render::JsonlSink jsonl(std::cout, render::JsonOptions{args.full});
    RunSink &sink = args.format == "jsonl" ? static_cast<RunSink &>(jsonl) : oneline;
    auto needsAction = streamPipeline(args.pipeline, sink);
    std::cout.flush();
    if (!needsAction) {
      std::cerr << "provcheck: " << needsAction.error().str() << "\n";
      return 2;
    }
    return *needsAction ? 1 : 0;
  }
  auto run = runPipeline(args.pipeline);
  if (!run) {
    std::cerr << "provcheck: " << run.error().str() << "\n";
    return 2;
  }
  if (!args.dump.empty())
    render::renderDump(*run, dumpKind, std::cout);
  else if (args.format == "json")
    render::renderJson(*run, std::cout, render::JsonOptions{args.full});
  else if (args.format == "checkpatch")
    render::renderCheckpatch(*run, render::CheckpatchOptions{!args.noSummary, !args.noChecks},
                             std::cout);
  else if (args.format == "patchwork")
    std::cout << render::patchworkChecks(*run, args.patchwork);
  else
    render::renderText(*run, render::TextOptions{args.verbose}, std::cout);
  std::cout.flush();
  int code = exitCodeFor(*run);
  releaseAtExit(std::move(*run));
  return code;
}

} // namespace

void addCheckCommand(CLI::App &app, Globals &globals, int &exitCode) {
  auto args = std::make_shared<CheckArgs>();
  auto *cmd = app.add_subcommand(
      "check", "Classify patches and judge them against the contribution policy");
  cmd->footer(
      "SOURCE: a revision or range (HEAD, A..B, origin/master..), a git format-patch file, a\n"
      "directory of them, an mbox (a series or a whole archive), or - for stdin. Without\n"
      "SOURCE: the commits of the current branch that are not on its upstream.\n"
      "Exit status: 0 nothing to act on, 1 findings that need action, 2 usage or input error.");
  cmd->add_option("SOURCE", args->pipeline.sources, "Patches to check");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "oneline", "jsonl", "checkpatch", "patchwork"}))
      ->default_str("text");
  cmd->add_flag("--full", args->full,
                "json and jsonl formats: every diff line, every entity of both images and each changed "
                "line's entity");
  cmd->add_flag("--no-summary", args->noSummary,
                "checkpatch format: leave out the \"total:\" line of each patch");
  cmd->add_flag("--no-checks", args->noChecks,
                "checkpatch format: leave out the CHECK lines (informational findings)");
  cmd->add_option("--check-context", args->patchwork.context,
                  "patchwork format: the check's context (default: provcheck)")
      ->option_text("NAME");
  cmd->add_option("--target-url", args->patchwork.targetUrl,
                  "patchwork format: the URL of the check's details (a CI job)")
      ->option_text("URL");
  cmd->add_flag("-v,--verbose", args->verbose, "Per hunk: category, reasons and entities");
  cmd->add_option("--dump", args->dump,
                  "Print one stage's output as JSON: patch, entities, owners, categories, "
                  "findings");
  cmd->add_flag("--dump-config", args->dumpConfig, "Print the effective policy as TOML");
  addPipelineOptions(*cmd, args->pipeline, args->noProgress);
  cmd->callback([&globals, &exitCode, args] { exitCode = runCheck(globals, *args); });
}

} // namespace provcheck::cli
