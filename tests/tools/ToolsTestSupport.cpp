#include "tests/tools/ToolsTestSupport.h"

#include "tests/support/Fixture.h"
#include "tools/provcheck/render/Json.h"
#include "tools/provcheck/render/Oneline.h"
#include "tools/provcheck/render/Text.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace provcheck::testing {

CommandResult runShell(const std::string &command, const std::string &input) {
  TempDir tmp;
  std::string in = (tmp.path() / "in").string(), err = (tmp.path() / "err").string();
  {
    FILE *f = std::fopen(in.c_str(), "wb");
    std::fwrite(input.data(), 1, input.size(), f);
    std::fclose(f);
  }
  std::string cmd = "(" + command + ") <" + shellWord(in) + " 2>" + shellWord(err);
  FILE *pipe = popen(cmd.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + cmd);
  CommandResult r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  int status = pclose(pipe);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = readFile(err);
  return r;
}

std::string provcheckBinary() {
  const char *bin = std::getenv("PROVCHECK_BIN");
  if (!bin) throw std::runtime_error("PROVCHECK_BIN is not set (run the tests through ctest)");
  return bin;
}

CommandResult runProvcheck(const std::vector<std::string> &args, const std::string &input) {
  std::string cmd = shellWord(provcheckBinary());
  for (const std::string &a : args) cmd += " " + shellWord(a);
  return runShell(cmd, input);
}

void makeDemo(const std::string &dir) {
  CommandResult made = runProvcheck({"demo", "--no-ast", "--dir", dir});
  if (made.exitCode > 1) throw std::runtime_error("provcheck demo failed: " + made.err);
  CommandResult id = runShell("git -C " + shellWord(dir) + " config user.name 'Ada Lovelace' && git -C " +
                              shellWord(dir) + " config user.email ada@example.org");
  if (id.exitCode != 0) throw std::runtime_error("git config failed: " + id.err);
}

std::string textReport(RunResult run, bool verbose) {
  run.repository = "<repo>";
  std::ostringstream os;
  render::renderText(run, render::TextOptions{verbose}, os);
  return os.str();
}

std::string jsonReport(RunResult run) {
  run.repository = "<repo>";
  std::ostringstream os;
  render::renderJson(run, os);
  return os.str();
}

std::string onelineReport(const RunResult &run) {
  std::ostringstream os;
  render::renderOneline(run, os);
  return os.str();
}

} // namespace provcheck::testing
