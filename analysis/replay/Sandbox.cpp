#include "analysis/replay/Sandbox.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace provcheck::replay {
namespace {

void closeFd(int &fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// In the child, between fork and exec: async-signal-safe calls only.
[[noreturn]] void child(const char *path, char *const argv[], char *const envp[], const char *dir,
                        int in, int out, int err, int report, const SandboxLimits &limits) {
  auto fail = [&](int code) {
    int e = errno;
    (void)!::write(report, &e, sizeof e);
    (void)code;
    _exit(127);
  };
  ::setsid();
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) fail(1);
  // Every other descriptor closed, but the report pipe (closed by exec).
  if (report > 3) ::close_range(3, static_cast<unsigned>(report) - 1, 0);
  ::close_range(static_cast<unsigned>(report) + 1, ~0u, 0);
  if (::chdir(dir) != 0) fail(2);
  struct rlimit cpu{static_cast<rlim_t>(limits.seconds), static_cast<rlim_t>(limits.seconds) + 1};
  struct rlimit mem{limits.memoryBytes, limits.memoryBytes};
  struct rlimit fsize{limits.fileBytes, limits.fileBytes};
  struct rlimit none{0, 0};
  if (::setrlimit(RLIMIT_CPU, &cpu) != 0 || ::setrlimit(RLIMIT_AS, &mem) != 0 ||
      ::setrlimit(RLIMIT_FSIZE, &fsize) != 0 || ::setrlimit(RLIMIT_CORE, &none) != 0 ||
      ::setrlimit(RLIMIT_NPROC, &none) != 0) // no process of its own: nothing it could start
    fail(3);
  ::signal(SIGPIPE, SIG_DFL);
  ::execve(path, argv, envp);
  fail(4);
  _exit(127);
}

// Appends what `fd` has to `into` (up to `max` bytes kept); false at end of file.
bool drain(int fd, std::string &into, size_t max) {
  char buf[8192];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  size_t room = into.size() < max ? max - into.size() : 0;
  into.append(buf, std::min(room, static_cast<size_t>(n)));
  return true;
}

} // namespace

SandboxRun runSandboxed(const std::vector<std::string> &argv, const std::string &dir,
                        const std::vector<std::string> &env, const SandboxLimits &limits) {
  SandboxRun run;
  if (argv.empty() || argv[0].empty() || argv[0][0] != '/') {
    run.problem = "no program to run";
    return run;
  }
  std::vector<char *> args, envp;
  for (const std::string &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  for (const std::string &e : env) envp.push_back(const_cast<char *>(e.c_str()));
  envp.push_back(nullptr);

  int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out[2] = {-1, -1}, err[2] = {-1, -1}, report[2] = {-1, -1};
  if (in < 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 ||
      ::pipe2(report, O_CLOEXEC) != 0) {
    run.problem = std::string("cannot make pipes: ") + std::strerror(errno);
    for (int *fd : {&in, &out[0], &out[1], &err[0], &err[1], &report[0], &report[1]}) closeFd(*fd);
    return run;
  }
  pid_t pid = ::fork();
  if (pid == 0) child(argv[0].c_str(), args.data(), envp.data(), dir.c_str(), in, out[1], err[1],
                      report[1], limits);
  closeFd(in);
  closeFd(out[1]);
  closeFd(err[1]);
  closeFd(report[1]);
  if (pid < 0) {
    run.problem = std::string("cannot start a process: ") + std::strerror(errno);
    for (int *fd : {&out[0], &err[0], &report[0]}) closeFd(*fd);
    return run;
  }
  int childErrno = 0;
  ssize_t got;
  do got = ::read(report[0], &childErrno, sizeof childErrno);
  while (got < 0 && errno == EINTR);
  closeFd(report[0]);
  run.ran = got == 0; // closed by exec: the program started

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits.seconds);
  bool outOpen = true, errOpen = true;
  while (run.ran && (outOpen || errOpen)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      run.timedOut = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    if (!outOpen) fds[0].fd = -1;
    if (!errOpen) fds[1].fd = -1;
    int n = ::poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (n < 0 && errno != EINTR) break;
    if (outOpen && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
      outOpen = drain(out[0], run.out, limits.outputBytes);
    if (errOpen && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
      errOpen = drain(err[0], run.err, limits.outputBytes);
  }
  closeFd(out[0]);
  closeFd(err[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!run.ran) {
    run.problem = "cannot run " + argv[0] + ": " + std::strerror(childErrno);
    return run;
  }
  if (WIFEXITED(status)) run.exitCode = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  return run;
}

std::string findProgram(std::string_view name, const std::string &dir) {
  if (name.empty() || name.find('/') != std::string_view::npos) return {};
  std::vector<std::string> dirs = {"/usr/local/bin", "/usr/bin", "/bin"};
  if (!dir.empty()) dirs = {dir};
  for (const std::string &d : dirs) {
    std::string p = d + "/" + std::string(name);
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return {};
}

ScratchDir::ScratchDir() {
  std::error_code ec;
  std::filesystem::path base = std::filesystem::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string templ = (base / "provcheck-replay-XXXXXX").string();
  if (::mkdtemp(templ.data()))
    path_ = templ;
  else
    problem_ = "cannot make a temporary directory in " + base.string() + ": " + std::strerror(errno);
}

ScratchDir::~ScratchDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

} // namespace provcheck::replay
