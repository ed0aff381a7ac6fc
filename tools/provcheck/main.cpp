// provcheck: what a patch really changes, and what a project's AI-contribution policy
// says about it. Argument parsing and one call; every subcommand lives in its own file.
#include "tools/provcheck/Commands.h"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

int main(int argc, char **argv) {
  using namespace provcheck::cli;
  Globals globals;
  int exitCode = 0;
  std::unique_ptr<CLI::App> app = makeApp(globals, exitCode);

  try {
    app->parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int rc = app->exit(e);
    return rc == 0 ? 0 : 2;
  } catch (const std::exception &e) {
    std::cerr << "provcheck: " << e.what() << "\n";
    return 2;
  }
  return exitCode;
}
