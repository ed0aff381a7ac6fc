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

namespace {

std::string quote(const std::string &s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace

CommandResult runProvcheck(const std::vector<std::string> &args, const std::string &input) {
  const char *bin = std::getenv("PROVCHECK_BIN");
  if (!bin) throw std::runtime_error("PROVCHECK_BIN is not set (run the tests through ctest)");
  TempDir tmp;
  std::string cmd = quote(bin);
  for (const std::string &a : args) cmd += " " + quote(a);
  std::string in = (tmp.path() / "in").string(), err = (tmp.path() / "err").string();
  {
    FILE *f = std::fopen(in.c_str(), "wb");
    std::fwrite(input.data(), 1, input.size(), f);
    std::fclose(f);
  }
  cmd += " <" + quote(in) + " 2>" + quote(err);
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
