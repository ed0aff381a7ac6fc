#include "analysis/replay/Sandbox.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
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

// What the child needs, prepared by the parent: the child runs on the parent's memory
// (clone with CLONE_VM | CLONE_VFORK, as posix_spawn does) and must not allocate.
struct ChildSetup {
  const char *path;
  char *const *argv;
  char *const *envp;
  const char *dir;
  int in, out, err, report;
  const SandboxLimits *limits;
  sigset_t mask; // the parent's signal mask, restored just before exec
};

// In the child, between clone and exec: system calls only. It shares the parent's memory
// until exec, so it writes nothing but its own stack (and errno).
int child(void *arg) {
  const ChildSetup &s = *static_cast<const ChildSetup *>(arg);
  auto fail = [&]() {
    int e = errno;
    (void)!::write(s.report, &e, sizeof e);
    _exit(127);
  };
  // A handler of the parent would run on the memory the child shares with it: every
  // caught signal back to its default before the signals are unblocked.
  for (int sig = 1; sig < NSIG; ++sig) {
    struct sigaction act;
    if (::sigaction(sig, nullptr, &act) != 0) continue;
    if (act.sa_handler == SIG_IGN && sig != SIGPIPE) continue;
    if (act.sa_handler == SIG_DFL) continue;
    struct sigaction dfl{};
    dfl.sa_handler = SIG_DFL;
    ::sigaction(sig, &dfl, nullptr); // SIGPIPE too: the program sees broken pipes
  }
  ::setsid();
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::dup2(s.in, 0) < 0 || ::dup2(s.out, 1) < 0 || ::dup2(s.err, 2) < 0) fail();
  // Every other descriptor closed, but the report pipe (closed by exec).
  if (s.report > 3) ::close_range(3, static_cast<unsigned>(s.report) - 1, 0);
  ::close_range(static_cast<unsigned>(s.report) + 1, ~0u, 0);
  if (::chdir(s.dir) != 0) fail();
  const SandboxLimits &limits = *s.limits;
  struct rlimit cpu{static_cast<rlim_t>(limits.seconds), static_cast<rlim_t>(limits.seconds) + 1};
  struct rlimit mem{limits.memoryBytes, limits.memoryBytes};
  struct rlimit fsize{limits.fileBytes, limits.fileBytes};
  struct rlimit none{0, 0};
  if (::setrlimit(RLIMIT_CPU, &cpu) != 0 || ::setrlimit(RLIMIT_AS, &mem) != 0 ||
      ::setrlimit(RLIMIT_FSIZE, &fsize) != 0 || ::setrlimit(RLIMIT_CORE, &none) != 0 ||
      ::setrlimit(RLIMIT_NPROC, &none) != 0) // no process of its own: nothing it could start
    fail();
  ::sigprocmask(SIG_SETMASK, &s.mask, nullptr);
  ::execve(s.path, s.argv, s.envp);
  fail();
  return 127;
}

// Starts the child without copying the parent's page tables: a fork of this process (LLVM
// and Clang are linked in, the maps are large) costs more than most programs it runs.
// The parent waits in clone until the child has called exec or exited.
pid_t spawn(ChildSetup &setup) {
  constexpr size_t kStack = 256 << 10;
  void *stack = ::mmap(nullptr, kStack, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) return -1;
  sigset_t all;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &setup.mask);
  pid_t pid = ::clone(child, static_cast<char *>(stack) + kStack,
                      CLONE_VM | CLONE_VFORK | SIGCHLD, &setup);
  int cloneErrno = errno;
  ::pthread_sigmask(SIG_SETMASK, &setup.mask, nullptr);
  ::munmap(stack, kStack);
  errno = cloneErrno;
  return pid;
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
  ChildSetup setup{argv[0].c_str(), args.data(), envp.data(), dir.c_str(), in, out[1], err[1],
                   report[1], &limits, {}};
  pid_t pid = spawn(setup);
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
  // The CPU limit is the same clock: a busy program meets it before the wall-clock deadline.
  if (run.signal == SIGXCPU) run.timedOut = true;
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
