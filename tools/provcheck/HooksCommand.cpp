// provcheck hooks install|uninstall|sendemail-validate: the git send-email hook.
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/Hooks.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/ShellWord.h"
#include "tools/provcheck/render/Checkpatch.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>

namespace provcheck::cli {

namespace {

namespace fs = std::filesystem;

struct HooksArgs {
  HookOptions hook;
  std::vector<std::string> files; // sendemail-validate: the mail, then git's SMTP headers
};

// The binary the hook will run: this one, by its absolute path.
std::string selfPath() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("provcheck") : p.string();
}

int runInstall(const Globals &globals, HooksArgs &args) {
  args.hook.provcheck = selfPath();
  // A policy file is named by its absolute path: the hook runs in the work tree's top.
  std::error_code ec;
  fs::path policy = args.hook.policy;
  if (!args.hook.policy.empty() && policy.is_relative() &&
      fs::exists(fs::path(globals.dir) / policy, ec))
    args.hook.policy = fs::absolute(fs::path(globals.dir) / policy).lexically_normal().string();
  auto done = installSendemailHook(globals.dir, args.hook);
  if (!done) {
    std::cerr << "provcheck hooks: " << done.error().str() << "\n";
    return 2;
  }
  std::cout << "provcheck hooks: " << *done << "\n";
  return 0;
}

int runUninstall(const Globals &globals) {
  auto done = uninstallSendemailHook(globals.dir);
  if (!done) {
    std::cerr << "provcheck hooks: " << done.error().str() << "\n";
    return 2;
  }
  std::cout << "provcheck hooks: " << *done << "\n";
  return 0;
}

// A mail without a diff (a cover letter, a note) has nothing to check.
bool hasDiff(const std::string &text) {
  static const std::regex diffLine("^(diff --git |--- .*\\n\\+\\+\\+ )", std::regex::multiline);
  return std::regex_search(text, diffLine);
}

// What to run first for a patch that needs agreement: the request for its commit when the
// mail says which ("From <id> Mon Sep 17 ..." of git format-patch), else for the file.
std::string requestCommand(const std::string &text, const std::string &file) {
  static const std::regex fromLine("^From ([0-9a-f]{40}) ");
  std::smatch m;
  std::string source = std::regex_search(text, m, fromLine) ? m[1].str() : file;
  return "provcheck request " + shellWord(source) + " -o request.mbox && git send-email request.mbox";
}

int runValidate(const Globals &globals, HooksArgs &args) {
  const HookOptions &o = args.hook;
  if (args.files.empty()) {
    std::cerr << "provcheck hooks sendemail-validate: no mail to check\n";
    return 2;
  }
  const std::string &file = args.files.front();
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    std::cerr << "provcheck: " << file << ": cannot read the mail\n";
    return o.warnOnly ? 0 : 1;
  }
  if (!hasDiff(text.str())) return 0;

  PipelineOptions p;
  p.dir = globals.dir;
  p.sources = {file};
  p.policy = o.policy;
  p.assumeAi = o.assumeAi;
  auto run = runPipeline(p);
  if (!run) {
    std::cerr << "provcheck: " << run.error().str() << "\n"
              << (o.warnOnly ? "provcheck: sending it anyway (--warn-only)\n"
                             : "provcheck: not sending a patch it cannot read\n");
    return o.warnOnly ? 0 : 1;
  }
  VerdictKind worst = VerdictKind::Ok;
  std::string summary;
  for (const SeriesResult &s : run->series)
    for (const PatchResult &r : s.patches)
      if (int(r.verdict.kind) >= int(worst)) {
        worst = r.verdict.kind;
        summary = r.verdict.summary;
      }
  if (worst == VerdictKind::Ok) return 0;
  std::ostringstream findings;
  render::renderCheckpatch(*run, render::CheckpatchOptions{false, true}, findings);
  std::cerr << "provcheck: " << file << ": " << (summary.empty() ? toString(worst) : summary)
            << "\n"
            << findings.str();
  if (worst == VerdictKind::NeedsAgreement) {
    std::cerr << "provcheck: the policy asks for the maintainers' agreement beforehand: "
              << requestCommand(text.str(), file) << "\n";
    return 0;
  }
  if (o.warnOnly) {
    std::cerr << "provcheck: sending it anyway (--warn-only)\n";
    return 0;
  }
  std::cerr << "provcheck: not sending it (provcheck check " << file
            << " explains the findings)\n";
  return 1;
}

} // namespace

void addHooksCommand(CLI::App &app, Globals &globals, int &exitCode) {
  auto args = std::make_shared<HooksArgs>();
  auto *cmd = app.add_subcommand("hooks", "Install the git send-email hook that checks patches");
  cmd->require_subcommand(1);
  cmd->footer(
      "The sendemail-validate hook runs `provcheck hooks sendemail-validate` on every patch\n"
      "git send-email is about to send: a patch whose verdict is violation is refused with\n"
      "its findings; for needs-agreement the hook prints the provcheck request command to\n"
      "run first. An existing hook is kept and runs first (with --force).");

  auto *install = cmd->add_subcommand("install", "Install the sendemail-validate hook");
  auto addCheckOptions = [&args](CLI::App *sub) {
    sub->add_option("--policy", args->hook.policy,
                    "Policy: a built-in name (qemu, linux) or a TOML file; default: the "
                    "repository's .provcheck.toml, else qemu")
        ->option_text("NAME|FILE");
    sub->add_flag("--assume-ai", args->hook.assumeAi,
                  "Judge every patch as if it declared AI use");
    sub->add_flag("--warn-only", args->hook.warnOnly,
                  "Print the findings but never refuse a patch");
  };
  addCheckOptions(install);
  install->add_flag("--force", args->hook.force,
                    "Install over a hook that is not provcheck's (it is kept and runs first)");
  install->callback([&globals, &exitCode, args] { exitCode = runInstall(globals, *args); });

  auto *uninstall = cmd->add_subcommand(
      "uninstall", "Remove provcheck's sendemail-validate hook (a chained hook is put back)");
  uninstall->callback([&globals, &exitCode] { exitCode = runUninstall(globals); });

  auto *validate = cmd->add_subcommand(
      "sendemail-validate", "What the hook runs: check one mail git send-email is about to send");
  addCheckOptions(validate);
  validate->add_option("FILE", args->files,
                       "The mail, and the SMTP headers newer git versions pass")
      ->expected(1, 2);
  validate->footer("Exit status: 1 the patch must not be sent, else 0.");
  validate->callback([&globals, &exitCode, args] { exitCode = runValidate(globals, *args); });
}

} // namespace provcheck::cli
