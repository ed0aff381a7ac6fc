// provcheck check [SOURCE...]: classify and judge patches.
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/render/Json.h"
#include "tools/provcheck/render/Oneline.h"
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
};

int runCheck(const Globals &globals, CheckArgs &args) {
  args.pipeline.dir = globals.dir;
  args.pipeline.progress = !args.noProgress;
  render::DumpKind dumpKind{};
  if (!args.dump.empty() && !render::parseDumpKind(args.dump, dumpKind)) {
    std::cerr << "provcheck check: unknown --dump stage '" << args.dump
              << "' (patch, entities, owners, categories, findings)\n";
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
  auto run = runPipeline(args.pipeline);
  if (!run) {
    std::cerr << "provcheck: " << run.error().str() << "\n";
    return 2;
  }
  if (!args.dump.empty())
    render::renderDump(*run, dumpKind, std::cout);
  else if (args.format == "json")
    render::renderJson(*run, std::cout);
  else if (args.format == "oneline")
    render::renderOneline(*run, std::cout);
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
      ->check(CLI::IsMember({"text", "json", "oneline"}))
      ->default_str("text");
  cmd->add_flag("-v,--verbose", args->verbose, "Per hunk: category, reasons and entities");
  cmd->add_option("--dump", args->dump,
                  "Print one stage's output as JSON: patch, entities, owners, categories, "
                  "findings");
  cmd->add_flag("--dump-config", args->dumpConfig, "Print the effective policy as TOML");
  addPipelineOptions(*cmd, args->pipeline, args->noProgress);
  cmd->callback([&globals, &exitCode, args] { exitCode = runCheck(globals, *args); });
}

} // namespace provcheck::cli
