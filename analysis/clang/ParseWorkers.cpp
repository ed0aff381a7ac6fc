// provcheck's side of the parse workers: starting them, handing them jobs, answering
// their requests from the job's tree, and telling why one did not finish.
#include "analysis/clang/ParseWorkers.h"
#include "analysis/clang/SharedPreamble.h"

#include "analysis/InstalledFiles.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <poll.h>
#include <set>
#include <spawn.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace provcheck::clangmap {

namespace {

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  bool busy = false;
  std::set<std::string> files; // main files it parsed (its preambles are theirs)
  std::set<std::string> shared; // keys of the shared first includes it was given or built
};

// Reaps a worker that is gone or going; its exit status.
int reap(Worker &w, bool kill) {
  if (w.fd >= 0) ::close(w.fd);
  w.fd = -1;
  int status = 0;
  if (w.pid > 0) {
    if (kill) ::kill(w.pid, SIGKILL);
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  w.pid = -1;
  return status;
}

ParseOutput notParsed(std::string why) {
  ParseOutput out;
  out.problems.push_back(std::move(why));
  return out;
}

} // namespace

std::string sizeText(size_t bytes) {
  constexpr size_t kMiB = size_t{1} << 20, kGiB = size_t{1} << 30;
  char buf[32];
  if (bytes >= kGiB && bytes % kGiB == 0)
    std::snprintf(buf, sizeof buf, "%zu GiB", bytes / kGiB);
  else if (bytes % kMiB == 0)
    std::snprintf(buf, sizeof buf, "%zu MiB", bytes / kMiB);
  else
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / kMiB);
  return buf;
}

std::string parseWorkerPath() {
  return installedFilePath("PROVCHECK_PARSE_WORKER", "provcheck-parse",
                           PROVCHECK_PARSE_WORKER_BUILD_PATH);
}

struct ParseWorkers::State {
  std::mutex mutex;
  std::condition_variable freed;
  std::vector<std::unique_ptr<Worker>> workers;
  int running = 0; // workers started and not reaped (some may be starting)
  // The shared first includes the workers compiled, by key, for the other workers: each
  // is compiled once for them all. The oldest go past the bound.
  static constexpr size_t kSharedBytes = size_t{256} << 20;
  std::map<std::string, std::shared_ptr<const SharedPch>> shared;
  std::deque<std::string> sharedOrder;
  size_t sharedBytes = 0;
  void keep(std::shared_ptr<const SharedPch> pch) {
    if (auto it = shared.find(pch->key); it != shared.end()) {
      sharedBytes -= it->second->bytes.size();
      it->second = pch;
    } else {
      shared.emplace(pch->key, pch);
      sharedOrder.push_back(pch->key);
    }
    sharedBytes += pch->bytes.size();
    while (sharedBytes > kSharedBytes && sharedOrder.size() > 1) {
      auto it = shared.find(sharedOrder.front());
      sharedBytes -= it->second->bytes.size();
      shared.erase(it);
      sharedOrder.pop_front();
    }
  }
};

ParseWorkers::ParseWorkers() : state_(std::make_unique<State>()) {}

// At exit: the workers are idle, reaped (their CPU time counts as provcheck's).
ParseWorkers::~ParseWorkers() {
  for (auto &w : state_->workers) reap(*w, /*kill=*/true);
}

ParseWorkers &ParseWorkers::shared() {
  static ParseWorkers workers;
  return workers;
}

namespace {

// Starts a worker: its socket on fd 3, no stdin or stdout, stderr to /dev/null unless
// $PROVCHECK_PARSE_WORKER_STDERR is set.
std::unique_ptr<Worker> spawnWorker(std::string &error) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    error = std::string("socketpair: ") + std::strerror(errno);
    return nullptr;
  }
  std::string path = parseWorkerPath();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 3);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (!std::getenv("PROVCHECK_PARSE_WORKER_STDERR"))
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  char arg0[] = "provcheck-parse", arg1[] = "--fd", arg2[] = "3";
  char *argv[] = {arg0, arg1, arg2, nullptr};
  auto w = std::make_unique<Worker>();
  int rc = posix_spawn(&w->pid, path.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    error = path + ": " + std::strerror(rc);
    return nullptr;
  }
  w->fd = fds[0];
  return w;
}

// The CPU time a process has used, in clock ticks (/proc/PID/stat); -1 when unknown.
long long cpuTicks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t end = stat.rfind(')'); // the command name may hold anything
  if (end == std::string::npos) return -1;
  std::istringstream fields(stat.substr(end + 1));
  std::string field;
  long long utime = -1, stime = -1;
  for (int i = 3; i <= 15 && fields >> field; ++i) // fields 14 and 15: utime, stime
    if (i == 14) utime = std::atoll(field.c_str());
    else if (i == 15) stime = std::atoll(field.c_str());
  return utime < 0 || stime < 0 ? -1 : utime + stime;
}

// Waits until the worker has something to say (or has closed its socket): true then;
// false once it has neither said anything nor used CPU time for `idle`.
bool awaitWorker(const Worker &w, std::chrono::seconds idle) {
  long long ticks = cpuTicks(w.pid);
  auto quietSince = std::chrono::steady_clock::now();
  for (;;) {
    pollfd pfd{w.fd, POLLIN, 0};
    int ready = ::poll(&pfd, 1, 1000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready != 0) return true; // readable, closed or failed: receive() tells which
    long long now = cpuTicks(w.pid);
    if (now != ticks) {
      ticks = now;
      quietSince = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - quietSince >= idle) {
      return false;
    }
  }
}

// Why a worker ended without a result, from its exit status and what it said.
std::string whyEnded(int status, const std::string &said, const ParseLimits &limits) {
  if (said == "out of memory")
    return "the parse ran out of memory (the AST map's limit is " + sizeText(limits.memoryBytes) +
           " a parse)";
  if (!said.empty()) return "the parse " + said;
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    if (sig == SIGXCPU)
      return "the parse was stopped after " + std::to_string(limits.cpuSeconds) +
             " s of CPU time (the AST map's limit)";
    return "the parse crashed (signal " + std::to_string(sig) + ": " + strsignal(sig) + ")";
  }
  return "the parse worker exited with status " +
         std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

} // namespace

ParseOutput ParseWorkers::parse(const ImageJob &job, bool build, const ParseLimits &limits,
                                int maxWorkers) {
  State &s = *state_;
  Worker *w = nullptr;
  std::string sharedKey = job.sharedInclude.empty() ? "" : sharedPchKey(sharedPchJob(job));
  std::shared_ptr<const SharedPch> give;
  {
    std::unique_lock lock(s.mutex);
    for (;;) {
      // The worker that parsed this file before, else any free one, else a new one.
      Worker *free = nullptr;
      for (auto &c : s.workers) {
        if (c->busy) continue;
        if (c->files.count(job.mainPath)) {
          free = c.get();
          break;
        }
        if (!free) free = c.get();
      }
      bool preferNew = free && !free->files.count(job.mainPath) &&
                       s.running < std::max(1, maxWorkers);
      if (free && !preferNew) {
        w = free;
        break;
      }
      if (s.running < std::max(1, maxWorkers)) {
        ++s.running;
        lock.unlock();
        std::string error;
        std::unique_ptr<Worker> fresh = spawnWorker(error);
        lock.lock();
        if (!fresh) {
          --s.running;
          return notParsed("no parse worker (" + error + ")");
        }
        s.workers.push_back(std::move(fresh));
        w = s.workers.back().get();
        break;
      }
      s.freed.wait(lock);
    }
    w->busy = true;
    w->files.insert(job.mainPath);
    if (!sharedKey.empty() && !w->shared.count(sharedKey))
      if (auto it = s.shared.find(sharedKey); it != s.shared.end()) {
        give = it->second;
        w->shared.insert(sharedKey);
      }
  }

  JobMessage m;
  m.job = job;
  m.treeId = job.tree->id();
  m.rootEntries = job.tree->entries("");
  m.build = build;
  m.limits = limits;
  m.shared = give;
  // Past the CPU limit the kernel stops the worker; this bound is for a worker that
  // waits on nothing and uses no CPU (it does not happen: it is the last resort). Time
  // the worker spends waiting for a CPU on a busy machine does not count.
  const std::chrono::seconds idle(10 * static_cast<int64_t>(limits.cpuSeconds) + 60);
  std::optional<ParseOutput> result;
  std::string said;
  bool timedOut = false, lost = !wire::send(w->fd, static_cast<uint32_t>(Tag::Job), encode(m));
  while (!lost && !result) {
    std::optional<wire::Frame> frame;
    if (!(timedOut = !awaitWorker(*w, idle)))
      frame = wire::receive(w->fd, static_cast<int>(idle.count() * 1000), &timedOut);
    if (!frame) {
      lost = true;
      break;
    }
    wire::Reader r(frame->payload);
    switch (static_cast<Tag>(frame->tag)) {
    case Tag::List: {
      std::string dir = r.bytes();
      std::optional<std::vector<TreeEntry>> entries;
      if (job.tree->isDirectory(dir)) entries = job.tree->entries(dir);
      lost = !wire::send(w->fd, static_cast<uint32_t>(Tag::Listing), encode(entries));
      break;
    }
    case Tag::Read: {
      std::optional<std::string> bytes = job.tree->read(r.bytes());
      wire::Writer out;
      out.flag(bytes.has_value());
      out.bytes(bytes ? *bytes : std::string());
      lost = !wire::send(w->fd, static_cast<uint32_t>(Tag::Content), out.take());
      break;
    }
    case Tag::Result:
      if (!(result = decodeOutput(frame->payload))) lost = true;
      break;
    case Tag::Failed:
      said = frame->payload;
      lost = true;
      break;
    default:
      lost = true;
    }
  }

  std::unique_lock lock(s.mutex);
  w->busy = false;
  if (!result) {
    int status = reap(*w, /*kill=*/true);
    --s.running;
    for (auto it = s.workers.begin(); it != s.workers.end(); ++it)
      if (it->get() == w) {
        s.workers.erase(it);
        break;
      }
    s.freed.notify_all();
    if (timedOut)
      return notParsed("the parse was stopped after " + std::to_string(idle.count()) +
                       " s without an answer or CPU use (the AST map's limit)");
    return notParsed(whyEnded(status, said, limits));
  }
  if (result->sharedBuilt) {
    w->shared.insert(result->sharedBuilt->key);
    s.keep(std::move(result->sharedBuilt));
    result->sharedBuilt = nullptr;
  }
  s.freed.notify_all();
  return std::move(*result);
}

} // namespace provcheck::clangmap
