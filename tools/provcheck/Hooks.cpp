#include "tools/provcheck/Hooks.h"

#include "analysis/Git.h"
#include "tools/provcheck/ShellWord.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace provcheck {

namespace {

namespace fs = std::filesystem;

// The line that marks a hook as provcheck's.
constexpr const char *kMarker = "# provcheck-hook: sendemail-validate";

bool isProvcheckHook(const fs::path &hook) {
  std::ifstream in(hook);
  std::string line;
  for (int i = 0; i < 5 && std::getline(in, line); ++i)
    if (line == kMarker) return true;
  return false;
}

Status writeHook(const fs::path &hook, const std::string &text) {
  fs::path tmp = hook;
  tmp += ".provcheck-new";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.good()) return Error{tmp.string(), 0, 0, "cannot write the hook"};
  }
  std::error_code ec;
  fs::permissions(tmp, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec, ec);
  if (!ec) fs::rename(tmp, hook, ec);
  if (ec) {
    fs::remove(tmp);
    return Error{hook.string(), 0, 0, "cannot install the hook: " + ec.message()};
  }
  return okStatus();
}

} // namespace

Expected<std::string> hooksDirectory(const std::string &repoDir) {
  git::ensureInit();
  auto repo = git::openRepository(repoDir);
  if (!repo) return repo.error();
  git_config *raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo->get()) == 0) {
    git::Ptr<git_config> config(raw);
    git_buf buf = GIT_BUF_INIT;
    if (git_config_get_path(&buf, config.get(), "core.hooksPath") == 0) {
      fs::path p(buf.ptr);
      git_buf_dispose(&buf);
      const char *workdir = git_repository_workdir(repo->get());
      if (p.is_relative()) p = fs::path(workdir ? workdir : git_repository_path(repo->get())) / p;
      return p.lexically_normal().string();
    }
  }
  git_buf buf = GIT_BUF_INIT;
  if (git_repository_item_path(&buf, repo->get(), GIT_REPOSITORY_ITEM_HOOKS) != 0)
    return git::lastError(repoDir, "cannot find the hooks directory");
  std::string dir = buf.ptr;
  git_buf_dispose(&buf);
  return fs::path(dir).lexically_normal().string();
}

std::string sendemailHookScript(const HookOptions &o) {
  std::string args;
  if (!o.policy.empty()) args += " --policy " + shellWord(o.policy);
  if (o.assumeAi) args += " --assume-ai";
  if (o.warnOnly) args += " --warn-only";
  std::ostringstream s;
  s << "#!/bin/sh\n"
    << kMarker << "\n"
    << "# git send-email runs this hook on every patch before sending it. Written by\n"
    << "# `provcheck hooks install`; `provcheck hooks uninstall` removes it.\n"
    << "# A patch whose verdict is violation is refused with its findings; for\n"
    << "# needs-agreement the hook prints the `provcheck request` command to run first.\n"
    << "provcheck=" << shellWord(o.provcheck) << "\n"
    << "[ -x \"$provcheck\" ] || provcheck=provcheck\n"
    << "chained=\"$(dirname \"$0\")/" << kChainedHookName << "\"\n"
    << "if [ -x \"$chained\" ]; then\n"
    << "  \"$chained\" \"$@\" || exit\n"
    << "fi\n"
    << "exec \"$provcheck\" hooks sendemail-validate" << args << " -- \"$@\"\n";
  return s.str();
}

Expected<std::string> installSendemailHook(const std::string &repoDir, const HookOptions &o) {
  auto dir = hooksDirectory(repoDir);
  if (!dir) return dir.error();
  std::error_code ec;
  fs::create_directories(*dir, ec);
  if (ec) return Error{*dir, 0, 0, "cannot create the hooks directory: " + ec.message()};
  fs::path hook = fs::path(*dir) / "sendemail-validate";
  fs::path chained = fs::path(*dir) / kChainedHookName;
  std::string done = "installed " + hook.string();
  if (fs::exists(fs::symlink_status(hook))) {
    if (isProvcheckHook(hook)) {
      done = "updated " + hook.string();
    } else if (!o.force) {
      return Error{hook.string(), 0, 0,
                   "a sendemail-validate hook exists and is not provcheck's; --force keeps it as " +
                       std::string(kChainedHookName) + " and runs it before provcheck"};
    } else if (fs::exists(fs::symlink_status(chained))) {
      return Error{chained.string(), 0, 0,
                   "exists already: a hook chained earlier; move it away first"};
    } else {
      fs::rename(hook, chained, ec);
      if (ec) return Error{hook.string(), 0, 0, "cannot keep the hook: " + ec.message()};
      done += " (the hook that was there runs first, as " + chained.string() + ")";
    }
  }
  if (Status s = writeHook(hook, sendemailHookScript(o)); !s) return s.error();
  return done;
}

Expected<std::string> uninstallSendemailHook(const std::string &repoDir) {
  auto dir = hooksDirectory(repoDir);
  if (!dir) return dir.error();
  fs::path hook = fs::path(*dir) / "sendemail-validate";
  fs::path chained = fs::path(*dir) / kChainedHookName;
  if (!fs::exists(fs::symlink_status(hook)))
    return "no sendemail-validate hook in " + *dir + ": nothing to remove";
  if (!isProvcheckHook(hook))
    return Error{hook.string(), 0, 0, "not provcheck's hook: left alone"};
  std::error_code ec;
  fs::remove(hook, ec);
  if (ec) return Error{hook.string(), 0, 0, "cannot remove the hook: " + ec.message()};
  std::string done = "removed " + hook.string();
  if (fs::exists(fs::symlink_status(chained))) {
    fs::rename(chained, hook, ec);
    if (ec) return Error{chained.string(), 0, 0, "cannot restore the hook: " + ec.message()};
    done += "; the hook it chained to is back in its place";
  }
  return done;
}

} // namespace provcheck
