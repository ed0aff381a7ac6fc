// PLACEHOLDER: replaced by the real command.
#include "tools/provcheck/Commands.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace provcheck::cli {

void addRequestCommand(CLI::App &app, Globals &globals, int &exitCode) {
  auto *cmd = app.add_subcommand("request", "(not built yet)");
  cmd->callback([&exitCode] {
    std::cerr << "provcheck request: not built yet\n";
    exitCode = 2;
  });
}

} // namespace provcheck::cli
