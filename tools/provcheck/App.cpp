// The command line as one CLI11 app: the registry of subcommands, -C and --version.
#include "analysis/Versions.h"
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/Getopt.h"

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
  app->set_version_flag("--version", versionText, // asked only then: it loads LLVM
                        "Print the version and the LLVM and libgit2 versions, and exit");
  app->add_option("-C", globals.dir, "Run as if provcheck was started in DIR")
      ->option_text("DIR");
  for (auto add : {addCheckCommand, addMaintainersCommand, addReportCommand,
                   addRequestCommand, addHooksCommand, addDemoCommand})
    add(*app, globals, exitCode);
  // After the subcommands, which would inherit it.
  app->footer("provcheck SUBCOMMAND --help describes a subcommand.\nExit status: 0 nothing "
              "to act on, 1 findings that need action, 2 usage or input error.");
  return app;
}

Expected<std::vector<std::string>> canonicalArguments(CLI::App &app,
                                                      const std::vector<std::string> &args) {
  // The subcommand is the first argument that is neither a global option nor -C's value.
  size_t i = 0;
  while (i < args.size() && !args[i].empty() && args[i][0] == '-') i += args[i] == "-C" ? 2 : 1;
  if (i >= args.size() || args[i] != "maintainers") return args;
  std::vector<std::string> tail(args.begin() + long(i) + 1, args.end());
  // provcheck's own options of the subcommand keep their value, whatever it looks like.
  CLI::App *sub = app.get_subcommand("maintainers");
  auto canonical = getopt::canonicalArgs(
      maintainersScriptOptions(), tail, [sub](std::string_view arg) {
        const CLI::Option *o = sub->get_option_no_throw(std::string(arg));
        return o && o->get_items_expected_max() > 0;
      });
  if (!canonical) return Error{"maintainers", 0, 0, canonical.error().message};
  std::vector<std::string> out(args.begin(), args.begin() + long(i) + 1);
  out.insert(out.end(), canonical->begin(), canonical->end());
  return out;
}

} // namespace provcheck::cli
