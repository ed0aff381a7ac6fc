// provcheck demo: creates the bundled demo repository and checks its commits.
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/Demo.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/render/Json.h"
#include "tools/provcheck/render/Text.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

namespace provcheck::cli {

namespace {

struct DemoArgs {
  std::string dir;
  std::string format = "text";
  bool verbose = false;
  bool noAst = false;
};

std::string newTempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "provcheck-demo-XXXXXX").string();
  if (!mkdtemp(pattern.data())) return {};
  return pattern;
}

int runDemo(const Globals &globals, DemoArgs &args) {
  std::string dir = args.dir.empty() ? newTempDir() : args.dir;
  if (dir.empty()) {
    std::cerr << "provcheck demo: cannot create a temporary directory\n";
    return 2;
  }
  if (!args.dir.empty() && std::filesystem::path(dir).is_relative() && globals.dir != ".")
    dir = (std::filesystem::path(globals.dir) / dir).string();
  auto repo = createDemoRepository(dir);
  if (!repo) {
    std::cerr << "provcheck demo: " << repo.error().str() << "\n";
    return 2;
  }
  PipelineOptions options;
  options.dir = repo->path;
  options.sources = {repo->range};
  options.noAst = args.noAst;
  options.progress = true;
  auto run = runPipeline(options);
  if (!run) {
    std::cerr << "provcheck demo: " << run.error().str() << "\n";
    return 2;
  }
  if (args.format == "json") {
    render::renderJson(*run, std::cout);
    return 0;
  }
  std::cout << "provcheck demo: a repository with " << repo->commits
            << " commits on top of its upstream was created in\n  " << repo->path
            << "\nand checked with\n  provcheck -C " << repo->path << " check "
            << repo->range << "\n(inside it, `provcheck check` alone checks the same commits)"
            << "\n\n";
  render::renderText(*run, render::TextOptions{args.verbose}, std::cout);
  int code = exitCodeFor(*run);
  std::cout << "\nprovcheck check would exit with status " << code
            << (code == 1 ? " (findings that need action)" : " (nothing to act on)") << ".\n";
  return 0;
}

} // namespace

void addDemoCommand(CLI::App &app, Globals &globals, int &exitCode) {
  auto args = std::make_shared<DemoArgs>();
  auto *cmd = app.add_subcommand(
      "demo", "Create a small demo repository with AI-assisted commits and check them");
  cmd->add_option("--dir", args->dir,
                  "Create the repository in DIR (new or empty) instead of a temporary "
                  "directory")
      ->option_text("DIR");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  cmd->add_flag("-v,--verbose", args->verbose, "Per hunk: category, reasons and entities");
  cmd->add_flag("--no-ast", args->noAst, "Skip the Clang AST map");
  cmd->callback([&globals, &exitCode, args] { exitCode = runDemo(globals, *args); });
}

} // namespace provcheck::cli
