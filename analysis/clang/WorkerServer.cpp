// The parse worker's side: one job at a time, each image parsed under kernel limits on
// a thread with a large stack inside a CrashRecoveryContext; the tree is read through
// requests to provcheck, with what was read kept by key for the next jobs.
#include "analysis/clang/ParseWorkers.h"
#include "analysis/clang/WorkerProtocol.h"

#include <llvm/Support/CrashRecoveryContext.h>
#include <llvm/Support/ErrorHandling.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <list>
#include <new>
#include <sys/resource.h>
#include <unistd.h>
#include <unordered_map>

namespace provcheck::clangmap {

namespace {

// What the worker keeps between jobs: directory listings and file contents by key.
class Store {
public:
  const std::vector<TreeEntry> *listing(const std::string &key) const {
    auto it = listings_.find(key);
    return it == listings_.end() ? nullptr : &it->second;
  }
  const std::vector<TreeEntry> &addListing(const std::string &key, std::vector<TreeEntry> e) {
    if (listings_.size() > 100000) listings_.clear(); // a bound, far above a real tree's
    return listings_[key] = std::move(e);
  }
  std::shared_ptr<const std::string> content(const std::string &key) {
    auto it = contents_.find(key);
    if (it == contents_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.second);
    return it->second.first;
  }
  std::shared_ptr<const std::string> addContent(const std::string &key, std::string bytes) {
    constexpr size_t kMaxBytes = size_t{256} << 20;
    auto p = std::make_shared<const std::string>(std::move(bytes));
    if (contents_.count(key)) return p;
    bytes_ += p->size();
    order_.push_front(key);
    contents_.emplace(key, std::make_pair(p, order_.begin()));
    while (bytes_ > kMaxBytes && order_.size() > 1) {
      auto last = contents_.find(order_.back());
      bytes_ -= last->second.first->size();
      contents_.erase(last);
      order_.pop_back();
    }
    return p;
  }

private:
  std::unordered_map<std::string, std::vector<TreeEntry>> listings_;
  std::list<std::string> order_; // most recently used first
  std::unordered_map<std::string,
                     std::pair<std::shared_ptr<const std::string>, std::list<std::string>::iterator>>
      contents_;
  size_t bytes_ = 0;
};

// The job's tree, as provcheck answers for it.
class RemoteTree final : public TreeView {
public:
  RemoteTree(int fd, Store &store, std::string id, std::vector<TreeEntry> root)
      : fd_(fd), store_(store), id_(std::move(id)), root_(std::move(root)) {}

  std::optional<std::string> read(std::string_view p) const override {
    std::optional<TreeEntry> e = entryAt(p);
    if (!e || e->kind == TreeEntryKind::Directory) return std::nullopt;
    if (auto c = store_.content(e->key)) return *c;
    if (!ask(Tag::Read, p)) return std::nullopt;
    auto frame = wire::receive(fd_, -1);
    if (!frame || frame->tag != static_cast<uint32_t>(Tag::Content)) return broken();
    wire::Reader r(frame->payload);
    bool found = r.flag();
    std::string bytes = r.bytes();
    if (!r.ok()) return broken();
    if (!found) return std::nullopt;
    return *store_.addContent(e->key, std::move(bytes));
  }
  bool isFile(std::string_view p) const override {
    std::optional<TreeEntry> e = entryAt(p);
    return e && e->kind != TreeEntryKind::Directory;
  }
  bool isDirectory(std::string_view p) const override { return dirEntries(p) != nullptr; }
  std::vector<std::string> list(std::string_view dir) const override {
    std::vector<std::string> out;
    if (const auto *entries = dirEntries(dir))
      for (const TreeEntry &e : *entries)
        out.push_back(e.kind == TreeEntryKind::Directory ? e.name + "/" : e.name);
    return out;
  }
  std::vector<TreeEntry> entries(std::string_view dir) const override {
    const auto *entries = dirEntries(dir);
    return entries ? *entries : std::vector<TreeEntry>{};
  }
  std::string id() const override { return id_; }
  bool isBroken() const { return broken_; }

private:
  std::nullopt_t broken() const {
    broken_ = true;
    return std::nullopt;
  }
  bool ask(Tag tag, std::string_view path) const {
    if (broken_) return false;
    wire::Writer w;
    w.bytes(path);
    if (!wire::send(fd_, static_cast<uint32_t>(tag), w.take())) broken_ = true;
    return !broken_;
  }
  static std::pair<std::string_view, std::string_view> split(std::string_view p) {
    size_t slash = p.rfind('/');
    if (slash == std::string_view::npos) return {std::string_view(), p};
    return {p.substr(0, slash), p.substr(slash + 1)};
  }
  std::optional<TreeEntry> entryAt(std::string_view p) const {
    while (!p.empty() && p.back() == '/') p.remove_suffix(1);
    if (p.empty()) return std::nullopt;
    auto [dir, name] = split(p);
    const auto *entries = dirEntries(dir);
    if (!entries) return std::nullopt;
    for (const TreeEntry &e : *entries)
      if (e.name == name) return e;
    return std::nullopt;
  }
  const std::vector<TreeEntry> *dirEntries(std::string_view dir) const {
    while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
    if (dir.empty()) return &root_;
    std::string key(dir);
    if (auto it = byPath_.find(key); it != byPath_.end()) return it->second;
    const std::vector<TreeEntry> *out = nullptr;
    std::optional<TreeEntry> e = entryAt(dir);
    if (e && e->kind == TreeEntryKind::Directory) {
      out = store_.listing(e->key);
      if (!out && ask(Tag::List, dir)) {
        auto frame = wire::receive(fd_, -1);
        std::optional<std::optional<std::vector<TreeEntry>>> listing;
        if (frame && frame->tag == static_cast<uint32_t>(Tag::Listing))
          listing = decodeListing(frame->payload);
        if (!listing)
          broken_ = true;
        else if (*listing)
          out = &store_.addListing(e->key, std::move(**listing));
      }
    }
    byPath_.emplace(std::move(key), out);
    return out;
  }

  int fd_;
  Store &store_;
  std::string id_;
  std::vector<TreeEntry> root_;
  mutable std::unordered_map<std::string, const std::vector<TreeEntry> *> byPath_;
  mutable bool broken_ = false;
};

// Why the parse gave up, set by the handlers below before they abort.
char gGaveUp[512];

void giveUp(const char *why) {
  std::snprintf(gGaveUp, sizeof gGaveUp, "%s", why);
  std::abort(); // caught by the CrashRecoveryContext
}

void onFatalError(void *, const char *reason, bool) {
  char buf[480];
  std::snprintf(buf, sizeof buf, "LLVM error: %s", reason);
  giveUp(buf);
}
void onBadAlloc(void *, const char *, bool) { giveUp("out of memory"); }
void onNewFailure() { giveUp("out of memory"); }

// A stack overflow can only be caught on another stack: the crash handlers run on an
// alternate signal stack (each parse thread sets its own).
void handleCrashesOnAlternateStack() {
  for (int sig : {SIGSEGV, SIGBUS}) {
    struct sigaction act;
    if (sigaction(sig, nullptr, &act) == 0) {
      act.sa_flags |= SA_ONSTACK;
      sigaction(sig, &act, nullptr);
    }
  }
}

uint64_t cpuSecondsUsed() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return static_cast<uint64_t>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1;
}

size_t addressSpaceInUse() {
  size_t pages = 0;
  if (FILE *f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%zu", &pages) != 1) pages = 0;
    std::fclose(f);
  }
  return pages * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

void setLimit(int resource, rlim_t soft) {
  rlimit l;
  if (getrlimit(resource, &l) != 0) return;
  l.rlim_cur = l.rlim_max == RLIM_INFINITY || soft < l.rlim_max ? soft : l.rlim_max;
  setrlimit(resource, &l);
}

} // namespace

int runParseWorker(int fd) {
  std::signal(SIGPIPE, SIG_IGN);
  setLimit(RLIMIT_CORE, 0);
  llvm::CrashRecoveryContext::Enable();
  handleCrashesOnAlternateStack();
  llvm::install_fatal_error_handler(onFatalError, nullptr);
  llvm::install_bad_alloc_error_handler(onBadAlloc, nullptr);
  std::set_new_handler(onNewFailure);
  Store store;
  std::unique_ptr<PreambleCache> preambles;
  for (;;) {
    auto frame = wire::receive(fd, -1);
    if (!frame) return 0; // provcheck is done
    if (frame->tag != static_cast<uint32_t>(Tag::Job)) return 2;
    std::optional<JobMessage> m = decodeJob(frame->payload);
    if (!m) return 2;
    if (!preambles) preambles = std::make_unique<PreambleCache>(m->limits.preambleCacheBytes);
    preambles->limit(m->limits.preambleCacheBytes);
    if (m->shared && m->limits.preambleCacheBytes) preambles->insertShared(m->shared);
    auto tree = std::make_shared<RemoteTree>(fd, store, m->treeId, std::move(m->rootEntries));
    m->job.tree = tree;

    // The limits hold for this image only: its CPU time, and its memory on top of what
    // the worker holds already (cached preambles and files).
    setLimit(RLIMIT_CPU, cpuSecondsUsed() + static_cast<rlim_t>(m->limits.cpuSeconds));
    setLimit(RLIMIT_AS, addressSpaceInUse() + m->limits.memoryBytes + m->limits.stackBytes);
    ParseOutput out;
    gGaveUp[0] = 0;
    llvm::CrashRecoveryContext crc;
    bool ok = crc.RunSafelyOnThread(
        [&] {
          static thread_local std::vector<char> altStack(size_t{1} << 16);
          stack_t ss{};
          ss.ss_sp = altStack.data();
          ss.ss_size = altStack.size();
          sigaltstack(&ss, nullptr);
          out = parseImage(m->job, m->limits.preambleCacheBytes ? preambles.get() : nullptr,
                           m->build);
        },
        static_cast<unsigned>(m->limits.stackBytes));
    setLimit(RLIMIT_AS, RLIM_INFINITY);
    setLimit(RLIMIT_CPU, RLIM_INFINITY);
    if (!ok) {
      // The parse's state is not to be trusted: say why, and leave.
      std::string why = gGaveUp[0] ? gGaveUp : "";
      if (why.empty()) {
        int sig = crc.RetCode > 128 ? crc.RetCode - 128 : 0;
        why = "crashed" + (sig ? " (signal " + std::to_string(sig) + ": " +
                                     std::string(strsignal(sig)) + ")"
                               : std::string());
      }
      wire::send(fd, static_cast<uint32_t>(Tag::Failed), why);
      _exit(3);
    }
    if (tree->isBroken()) return 1; // provcheck went away
    if (!wire::send(fd, static_cast<uint32_t>(Tag::Result), encode(out))) return 1;
  }
}

} // namespace provcheck::clangmap
