// provcheck: what a patch really changes, and what a project's AI-contribution policy
// says about it. Argument parsing and one call; every subcommand lives in its own file.
#include "tools/provcheck/Commands.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <exception>
#include <iostream>

int main(int argc, char **argv) {
  using namespace provcheck::cli;
  Globals globals;
  int exitCode = 0;
  std::unique_ptr<CLI::App> app = makeApp(globals, exitCode);

  auto args = canonicalArguments(*app, std::vector<std::string>(argv + 1, argv + argc));
  if (!args) {
    std::cerr << "provcheck " << args.error().str() << "\n";
    return 2;
  }
  std::reverse(args->begin(), args->end()); // CLI11 takes them last first
  try {
    app->parse(*args);
  } catch (const CLI::ParseError &e) {
    int rc = app->exit(e);
    return rc == 0 ? 0 : 2;
  } catch (const std::exception &e) {
    std::cerr << "provcheck: " << e.what() << "\n";
    return 2;
  }
  return exitCode;
}
