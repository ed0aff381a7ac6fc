// PLACEHOLDER: replaced by the real command.
#include "tools/provcheck/Commands.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace provcheck::cli {

void addDemoCommand(CLI::App &app, Globals &globals, int &exitCode) {
  auto *cmd = app.add_subcommand("demo", "(not built yet)");
  cmd->callback([&exitCode] {
    std::cerr << "provcheck demo: not built yet\n";
    exitCode = 2;
  });
}

} // namespace provcheck::cli
