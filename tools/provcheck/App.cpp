// The command line as one CLI11 app: the registry of subcommands, -C and --version.
#include "analysis/Versions.h"
#include "tools/provcheck/Commands.h"

#include <CLI/CLI.hpp>

namespace provcheck::cli {

std::string versionText() {
  return std::string("provcheck ") + PROVCHECK_VERSION + "\nbuilt with " +
         describeVersions({llvmVersion(), libgit2Version()});
}

std::unique_ptr<CLI::App> makeApp(Globals &globals, int &exitCode) {
  auto app = std::make_unique<CLI::App>(
      "provcheck: what a patch really changes, and what the project's AI-contribution "
      "policy says about it",
      "provcheck");
  app->require_subcommand(1);
  app->set_version_flag("--version", versionText(),
                        "Print the version and the LLVM and libgit2 versions, and exit");
  app->add_option("-C", globals.dir, "Run as if provcheck was started in DIR")
      ->option_text("DIR");
  for (auto add : {addCheckCommand, addMaintainersCommand, addReportCommand,
                   addRequestCommand, addDemoCommand})
    add(*app, globals, exitCode);
  // After the subcommands, which would inherit it.
  app->footer("provcheck SUBCOMMAND --help describes a subcommand.\nExit status: 0 nothing "
              "to act on, 1 findings that need action, 2 usage or input error.");
  return app;
}

} // namespace provcheck::cli
