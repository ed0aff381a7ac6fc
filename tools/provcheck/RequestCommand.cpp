// provcheck request [SOURCE...]: the maintainer pre-approval request for patches whose
// verdict is needs-agreement, as an mbox (git send-email ready) or as JSON.
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/Request.h"
#include "tools/provcheck/render/Email.h"
#include "tools/provcheck/render/RequestJson.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace provcheck::cli {

namespace {

struct RequestArgs {
  PipelineOptions pipeline;
  std::string format = "mbox";
  std::string output;
  std::string templateFile;
  bool perPatch = false;
  bool noProgress = false;
};

// The time of the requests: SOURCE_DATE_EPOCH when set (reproducible output), else now,
// in the local time zone.
void requestTime(RequestOptions &o) {
  if (const char *e = std::getenv("SOURCE_DATE_EPOCH"); e && *e) {
    o.now = std::strtoll(e, nullptr, 10);
    o.tzOffsetMinutes = 0;
    return;
  }
  o.now = std::time(nullptr);
  std::time_t t = std::time_t(o.now);
  std::tm tm{};
  localtime_r(&t, &tm);
  o.tzOffsetMinutes = int(tm.tm_gmtoff / 60);
}

int runRequest(const Globals &globals, RequestArgs &args) {
  args.pipeline.dir = globals.dir;
  args.pipeline.progress = !args.noProgress;
  RequestOptions options;
  options.perPatch = args.perPatch;
  requestTime(options);
  if (!args.templateFile.empty()) {
    std::ifstream in(args.templateFile, std::ios::binary);
    if (!in) {
      std::cerr << "provcheck: " << args.templateFile << ": cannot read the template\n";
      return 2;
    }
    std::ostringstream s;
    s << in.rdbuf();
    options.templateText = s.str();
    options.templateName = args.templateFile;
  }
  auto run = runPipeline(args.pipeline);
  if (!run) {
    std::cerr << "provcheck: " << run.error().str() << "\n";
    return 2;
  }
  auto requests = buildRequests(*run, options);
  if (!requests) {
    std::cerr << "provcheck: " << requests.error().str() << "\n";
    return 2;
  }
  std::string text = args.format == "json" ? render::requestJsonText(*requests)
                                           : render::requestMbox(*requests);
  if (requests->empty())
    std::cerr << "provcheck request: no patch needs the maintainers' agreement\n";
  for (const auto &r : *requests)
    if (r.to.empty())
      std::cerr << "provcheck request: no maintainer or list to address \"" << r.subject
                << "\" to; add recipients before sending\n";
  if (!writeOutput(underDir(globals.dir, args.output), text, "requests")) return 2;
  return requests->empty() ? 0 : 1;
}

} // namespace

void addRequestCommand(CLI::App &app, Globals &globals, int &exitCode) {
  auto args = std::make_shared<RequestArgs>();
  auto *cmd = app.add_subcommand(
      "request", "Draft the maintainer pre-approval request for AI-assisted patches");
  cmd->footer(
      "One RFC mail per series (or per patch with --per-patch) whose verdict is\n"
      "needs-agreement: To: the maintainers (M:) of the sections owning the code, Cc: their\n"
      "reviewers (R:) and lists (L:). Send it with git send-email. SOURCE as for check.\n"
      "Exit status: 0 nothing needs agreement, 1 requests drafted, 2 usage or input error.");
  cmd->add_option("SOURCE", args->pipeline.sources, "Patches to ask about");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"mbox", "json"}))
      ->default_str("mbox");
  cmd->add_option("-o,--output", args->output, "Write to FILE (default: stdout)")
      ->option_text("FILE");
  cmd->add_flag("--per-patch", args->perPatch, "One request per patch instead of per series");
  cmd->add_option("--template", args->templateFile,
                  "Body template with {placeholders} (see REPORTS.md)")
      ->option_text("FILE");
  addPipelineOptions(*cmd, args->pipeline, args->noProgress);
  cmd->callback([&globals, &exitCode, args] { exitCode = runRequest(globals, *args); });
}

} // namespace provcheck::cli
