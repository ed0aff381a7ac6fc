// Helpers of the tools tests: running the provcheck binary, normalising reports.
#pragma once

#include "tools/provcheck/Run.h"
#include "tools/provcheck/ShellWord.h"

#include <string>
#include <vector>

namespace provcheck::testing {

struct CommandResult {
  int exitCode = -1;
  std::string out, err;
};

// Runs $PROVCHECK_BIN with `args` (each shell-quoted), stdin from `input` when given.
CommandResult runProvcheck(const std::vector<std::string> &args, const std::string &input = "");
// The path of the provcheck binary under test ($PROVCHECK_BIN).
std::string provcheckBinary();
// Creates the demo repository (provcheck demo --no-ast) in `dir`, with the git identity
// that git send-email, format-patch --thread and b4 need; throws when it cannot.
void makeDemo(const std::string &dir);
// Runs a shell command line, stdin from `input`; its stdout, stderr and exit status.
CommandResult runShell(const std::string &command, const std::string &input = "");


// The text, JSON and oneline reports of a run, with the temporary repository path
// replaced by "<repo>" so that golden files do not depend on it.
std::string textReport(RunResult run, bool verbose = false);
std::string jsonReport(RunResult run);
std::string onelineReport(const RunResult &run);

} // namespace provcheck::testing
