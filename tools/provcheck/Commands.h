// The subcommands of provcheck. Each *Command.cpp adds one subcommand to the app; the
// explicit list in makeApp (App.cpp) is the registry.
#pragma once

#include "analysis/Error.h"

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace provcheck {
struct PipelineOptions;
namespace getopt {
struct Spec;
}
} // namespace provcheck

namespace provcheck::cli {

// Options common to every subcommand.
struct Globals {
  std::string dir = "."; // -C DIR: run as if started in DIR
};

// Each adds its subcommand to `app`; when it runs, its callback stores the process exit
// code in `exitCode` (0 nothing to act on, 1 findings that need action, 2 input error).
void addCheckCommand(CLI::App &app, Globals &globals, int &exitCode);
void addMaintainersCommand(CLI::App &app, Globals &globals, int &exitCode);
void addReportCommand(CLI::App &app, Globals &globals, int &exitCode);
void addRequestCommand(CLI::App &app, Globals &globals, int &exitCode);
void addHooksCommand(CLI::App &app, Globals &globals, int &exitCode);
void addDemoCommand(CLI::App &app, Globals &globals, int &exitCode);

// get_maintainer.pl's options, as its GetOptions specification writes them; `maintainers`
// accepts them in every spelling Getopt::Long does (tools/provcheck/Getopt.h).
const std::vector<getopt::Spec> &maintainersScriptOptions();

// The whole command line: -C, --version and every subcommand. main() parses with it; the
// man page and the shell completions are generated from it (tools/provcheck/doc/).
std::unique_ptr<CLI::App> makeApp(Globals &globals, int &exitCode);

// The arguments (without the program name) as the app parses them: a subcommand that
// stands in for a Perl script gets its options in one canonical spelling. An error
// message when they are wrong in a way the script would refuse.
Expected<std::vector<std::string>> canonicalArguments(CLI::App &app,
                                                      const std::vector<std::string> &args);

// "provcheck 0.1.0" and the libraries it was built with.
std::string versionText();

// The pipeline's options (--assume-ai, --approved-by, --policy, -p, --jobs, --no-ast,
// --no-progress), shared by the subcommands that run it.
void addPipelineOptions(CLI::App &cmd, PipelineOptions &options, bool &noProgress);

// `path` as given on the command line, read as if provcheck was started in `dir` (-C): a
// relative path is relative to `dir`. "" and "-" (stdout, stdin) stay as they are.
std::string underDir(const std::string &dir, const std::string &path);

// Writes a command's `text` to stdout, or to the file `output` when it names one ("-" is
// stdout); false, after saying so on stderr, when the file cannot be written ("cannot
// write the <what>").
bool writeOutput(const std::string &output, const std::string &text, const std::string &what);
// The same, for a result written as it is rendered by `write`.
bool writeOutput(const std::string &output, const std::function<void(std::ostream &)> &write,
                 const std::string &what);

// Hands a command's large result over to the end of the process instead of freeing it:
// the process exits right after the command, and freeing thousands of patches one
// allocation at a time costs more than the system reclaiming the pages (clang does the
// same with -disable-free). Only for values whose destructors release memory alone.
template <class T> void releaseAtExit(T &&value) { new std::decay_t<T>(std::move(value)); }

} // namespace provcheck::cli
