#include "maps/DependencyTracker.h"

#include "analysis/Parallel.h"
#include "maps/DependencyCache.h"
#include "maps/IncludeResolver.h"
#include "maps/ScanCache.h"
#include "maps/SourceScan.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace provcheck {

namespace {

bool endsWithAny(std::string_view path, std::initializer_list<std::string_view> exts) {
  for (std::string_view e : exts)
    if (path.ends_with(e)) return true;
  return false;
}
bool isSource(std::string_view path) {
  return endsWithAny(path, {".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".inc", ".def"});
}
bool isHeader(std::string_view path) {
  return endsWithAny(path, {".h", ".hh", ".hpp", ".hxx", ".h.inc"});
}

void listFiles(const TreeView &tree, const std::string &dir, std::vector<std::string> &out) {
  for (const std::string &name : tree.list(dir)) {
    if (name.ends_with('/')) listFiles(tree, dir + name, out);
    else out.push_back(dir + name);
  }
}

// What one file gives the map: its includes, the names it counts for, and the names it
// declares as a header.
struct Contribution {
  std::vector<IncludeDirective> includes;
  std::vector<uint64_t> uses;        // identifiers it uses and does not define (symbolHash)
  std::vector<uint64_t> defines;     // what it defines (symbolHash), sorted
  std::vector<std::string> declares; // a header's file-scope declarations
};

Contribution contributionOf(std::string_view path, SourceScan scan) {
  bool header = isHeader(path);
  // A header defines what it declares; another file what it gives a body.
  std::vector<uint64_t> defines;
  for (const std::string &name : header ? scan.declared : scan.defined)
    defines.push_back(symbolHash(name));
  std::sort(defines.begin(), defines.end());
  Contribution c;
  c.includes = std::move(scan.includes);
  c.uses.reserve(scan.identifiers.size());
  std::set_difference(scan.identifiers.begin(), scan.identifiers.end(), defines.begin(),
                      defines.end(), std::back_inserter(c.uses));
  c.uses.shrink_to_fit();
  if (header) c.declares = std::move(scan.declared);
  c.defines = std::move(defines);
  return c;
}

// What the file at `path` of `tree` gives the map: its scan from `cache` by `key` (the
// tree's key of its contents, "" for none), else scanned and stored there; nullopt when
// it cannot be read.
std::optional<Contribution> contributionOf(const TreeView &tree, const std::string &path,
                                          std::string_view key, ScanCache &cache) {
  if (auto scan = key.empty() ? std::nullopt : cache.load(key)) return contributionOf(path, std::move(*scan));
  std::optional<std::string> text = tree.read(path);
  if (!text) return std::nullopt;
  SourceScan scan = scanSource(*text);
  if (!key.empty()) cache.store(key, scan);
  return contributionOf(path, std::move(scan));
}

// The heap a contribution holds, for the bound on the scans kept.
size_t bytesOf(const Contribution &c) {
  auto text = [](const std::string &s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; };
  size_t n = sizeof(Contribution) + c.includes.capacity() * sizeof(IncludeDirective) +
             (c.uses.capacity() + c.defines.capacity()) * sizeof(uint64_t) +
             c.declares.capacity() * sizeof(std::string);
  for (const IncludeDirective &inc : c.includes) n += text(inc.target);
  for (const std::string &name : c.declares) n += text(name);
  return n;
}

// Every answer that ever changed, with the version it changed at, in version order:
// include counts by path, fan-in and the declaring files (ids into `paths`, in path
// order) by symbolHash.
template <class Value> using Changes = std::vector<std::pair<int, Value>>;
// One answer per key, and the keys that changed after their first version since the
// last forgetBefore: the only ones it has to look at.
template <class Key, class Value> struct Table {
  std::unordered_map<Key, Changes<Value>> answers;
  std::vector<Key> changed;
};
struct History {
  Table<std::string, int> includedBy;
  Table<uint64_t, int> fanIn;
  Table<uint64_t, std::vector<int>> declaredIn;
  std::vector<std::string> paths; // of every file id

  template <class Key, class Value>
  static const Value &at(const Table<Key, Value> &table, const std::type_identity_t<Key> &key,
                         int version) {
    static const Value none{};
    auto it = table.answers.find(key);
    if (it == table.answers.end()) return none;
    const Changes<Value> &c = it->second;
    auto after = std::upper_bound(c.begin(), c.end(), version,
                                  [](int v, const std::pair<int, Value> &e) { return v < e.first; });
    return after == c.begin() ? none : std::prev(after)->second;
  }
  // Drops what no version from `v` on can read: of each answer, the changes before the
  // one in effect at `v`; an answer that is none from `v` on and never changes is dropped.
  template <class Key, class Value>
  static void forgetBefore(Table<Key, Value> &table, int v) {
    static const Value none{};
    std::vector<Key> still; // answers a later call may still shorten
    for (const Key &key : table.changed) {
      auto it = table.answers.find(key);
      if (it == table.answers.end()) continue; // listed twice, and dropped already
      Changes<Value> &c = it->second;
      auto after = std::upper_bound(c.begin(), c.end(), v,
                                    [](int x, const std::pair<int, Value> &e) { return x < e.first; });
      if (after != c.begin()) c.erase(c.begin(), std::prev(after));
      if (c.size() == 1 && c.front().first <= v && c.front().second == none) {
        table.answers.erase(it);
        continue;
      }
      if (c.size() > 1 || c.front().first > v) still.push_back(key);
    }
    std::sort(still.begin(), still.end());
    still.erase(std::unique(still.begin(), still.end()), still.end());
    table.changed = std::move(still);
  }
  // The answer of version 0 for a key that has none yet (a state being loaded).
  template <class Key, class Value>
  static void first(Table<Key, Value> &table, const std::type_identity_t<Key> &key,
                    std::type_identity_t<Value> value) {
    static const Value none{};
    if (value == none) return;
    table.answers.try_emplace(key).first->second.emplace_back(0, std::move(value));
  }
  template <class Key, class Value>
  static void set(Table<Key, Value> &table, const std::type_identity_t<Key> &key, int version,
                  std::type_identity_t<Value> value) {
    if (at(table, key, version) == value) return;
    Changes<Value> &c = table.answers[key];
    c.emplace_back(version, std::move(value));
    if (c.size() > 1 || version > 0) table.changed.push_back(key);
  }
};

class VersionMap final : public DependencyMap {
public:
  VersionMap(std::shared_ptr<const History> h, int v) : history_(std::move(h)), version_(v) {}
  int includedBy(std::string_view header) const override {
    return History::at(history_->includedBy, std::string(header), version_);
  }
  int symbolFanIn(std::string_view symbol) const override {
    return History::at(history_->fanIn, symbolHash(symbol), version_);
  }
  std::vector<std::string> declaredIn(std::string_view symbol) const override {
    std::vector<std::string> out;
    for (int id : History::at(history_->declaredIn, symbolHash(symbol), version_))
      out.push_back(history_->paths[id]);
    return out;
  }

private:
  std::shared_ptr<const History> history_;
  int version_;
};

// Whether two include lists name the same files the same way (their lines aside): they
// resolve alike.
bool sameTargets(const std::vector<IncludeDirective> &a, const std::vector<IncludeDirective> &b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto &x, const auto &y) {
    return x.angled == y.angled && x.target == y.target;
  });
}

struct FileState {
  std::string path;
  bool alive = false, source = false;
  std::vector<IncludeDirective> includes;
  std::vector<int> targets; // the files it includes, sorted, itself left out
  int resolved = 0;         // includes that resolve (to itself too)
};

// A changed path of one step: whether it is a file before and after, and the keys of
// its source versions ("" for none).
struct Change {
  std::string path;
  bool before = false, after = false, source = false;
  std::string oldKey, newKey;
};
using Scans = std::unordered_map<std::string, std::shared_ptr<const Contribution>>;

struct Symbol {
  int users = 0;            // files using the name without defining it
  int declaredIn = 0;       // headers declaring it
  std::vector<int> definers; // files defining it (headers declaring it among them)
};


} // namespace

struct DependencyTracker::State {
  explicit State(const DependencyOptions &o)
      : opts(o), resolver(o),
        scanCache(!o.useCache          ? std::filesystem::path()
                  : o.cacheDir.empty() ? defaultCacheDirectory()
                                       : std::filesystem::path(o.cacheDir)) {}

  DependencyOptions opts;
  IncludeResolver resolver;
  ScanCache scanCache; // the scans of file versions, across runs
  std::vector<FileState> files;
  std::unordered_map<std::string, int> idOf;
  std::vector<std::vector<int>> includers; // per file: who includes it, sorted
  std::vector<int> counts;                 // per file: transitive includers
  std::unordered_map<uint64_t, Symbol> symbols;   // by symbolHash
  // The text of every name a header declares in a version still readable, and the names
  // no header declared any more at some version: forgetBefore drops those no kept
  // version answers for.
  std::unordered_map<uint64_t, std::string> names;
  std::vector<uint64_t> undeclared;
  // The base name of an include's target -> the files with such an include: those a
  // new or removed path of that name may resolve differently.
  std::unordered_map<std::string, std::vector<int>> byTarget;
  // The last contribution of each file that changed, with its version's key: the before
  // of the file's next change; and the one it had before that, which a range with merged
  // branches goes back to (from a branch's last tree to the next branch's base, older in
  // the files the first branch changed). The most recently changed files' ones, within a
  // bound on the bytes they hold (scans of QEMU's files hold 0.1 to 100 KB, about 3 KB
  // on average): a file changed again after its scan was let go of is scanned again in
  // its before version.
  struct Scan {
    std::string key;
    std::shared_ptr<const Contribution> scan;
    size_t bytes = 0;
  };
  struct Recent {
    Scan last, before; // before.scan null when there is none
    int version; // when it changed
  };
  std::unordered_map<int, Recent> recent;
  size_t recentBytes = 0;
  size_t recentBudget = kDefaultScanBytes;
  size_t batchFiles = kDefaultBatchFiles; // file versions a batch of steps scans, about
  size_t largestBatch = 0;
  size_t scanned = 0; // file versions scanned or read from the scan cache, in all

  // File `id` changed at version `v` from `was` (its scan, when it had one) to `key`.
  void keep(int id, std::string key, std::shared_ptr<const Contribution> scan, int v,
            const std::string &was, std::shared_ptr<const Contribution> wasScan) {
    auto sized = [](std::string k, std::shared_ptr<const Contribution> c) {
      Scan out{std::move(k), std::move(c), 0};
      out.bytes = bytesOf(*out.scan) + out.key.capacity();
      return out;
    };
    Recent &r = recent.try_emplace(id, Recent{{}, {}, v}).first->second;
    r.version = v;
    if (r.last.scan && r.last.key == key) return;
    recentBytes -= r.before.bytes;
    if (r.last.scan && r.last.key == was) {
      r.before = std::move(r.last);
    } else {
      recentBytes -= r.last.bytes;
      r.before = wasScan ? sized(was, std::move(wasScan)) : Scan{};
      recentBytes += r.before.bytes;
    }
    r.last = sized(std::move(key), std::move(scan));
    recentBytes += r.last.bytes;
  }
  // The kept scan of the file at `path` in the version `key`, or null.
  std::shared_ptr<const Contribution> kept(const std::string &path, const std::string &key) const {
    auto id = idOf.find(path);
    auto it = id == idOf.end() ? recent.end() : recent.find(id->second);
    if (it == recent.end()) return nullptr;
    if (it->second.last.key == key) return it->second.last.scan;
    if (it->second.before.scan && it->second.before.key == key) return it->second.before.scan;
    return nullptr;
  }
  void forget(int id) {
    if (auto it = recent.find(id); it != recent.end()) {
      recentBytes -= it->second.last.bytes + it->second.before.bytes;
      recent.erase(it);
    }
  }
  // Over the bound, lets go of the least recently changed down to three quarters of it
  // (so that trimming is rare).
  void trimRecent() {
    if (recentBytes <= recentBudget) return;
    std::vector<std::pair<int, int>> byAge; // (version, id)
    byAge.reserve(recent.size());
    for (const auto &[id, r] : recent) byAge.emplace_back(r.version, id);
    std::sort(byAge.begin(), byAge.end());
    for (const auto &[v, id] : byAge) {
      if (recentBytes <= recentBudget / 4 * 3) break;
      forget(id);
    }
  }
  DependencyStats stats;
  std::shared_ptr<History> history = std::make_shared<History>();
  int version = 0;
  std::vector<unsigned> seen; // reverse walks' marks
  unsigned stamp = 0;

  int idFor(const std::string &path) {
    auto [it, fresh] = idOf.emplace(path, static_cast<int>(files.size()));
    if (fresh) {
      files.push_back(FileState{path});
      history->paths.push_back(path);
      includers.emplace_back();
      counts.push_back(0);
    }
    return it->second;
  }

  void addPath(int id) {
    FileState &f = files[id];
    f.alive = true;
    f.source = isSource(f.path);
    stats.files += f.source;
    resolver.addPath(f.path, id);
  }
  void removePath(int id) {
    FileState &f = files[id];
    stats.files -= f.source;
    f.alive = false;
    resolver.removePath(f.path);
  }

  using Touched = std::unordered_set<uint64_t>;

  // Adds (sign 1) or takes away (-1) one name's use or declaration by a file.
  void use(uint64_t key, int sign, Touched *touched) {
    symbols[key].users += sign;
    if (touched) touched->insert(key);
  }
  void define(uint64_t key, int sign, int id, Touched *touched) {
    std::vector<int> &list = symbols[key].definers;
    if (sign > 0) list.push_back(id);
    else if (auto it = std::find(list.begin(), list.end(), id); it != list.end()) list.erase(it);
    if (touched) touched->insert(key);
  }
  void declare(const std::string &name, int sign, Touched *touched) {
    uint64_t key = symbolHash(name);
    if (sign > 0) names.try_emplace(key, name);
    Symbol &s = symbols[key];
    if (sign > 0 && s.declaredIn++ == 0) ++stats.symbols;
    if (sign < 0 && --s.declaredIn == 0) {
      --stats.symbols;
      undeclared.push_back(key);
    }
    if (touched) touched->insert(key);
  }

  // Calls f(x, -1) for what only `was` holds and f(x, 1) for what only `is` holds; both
  // sorted.
  template <class T, class F>
  static void difference(const std::vector<T> &was, const std::vector<T> &is, F f) {
    auto a = was.begin(), b = is.begin();
    while (a != was.end() || b != is.end()) {
      if (b == is.end() || (a != was.end() && *a < *b)) f(*a++, -1);
      else if (a == was.end() || *b < *a) f(*b++, 1);
      else ++a, ++b;
    }
  }

  // Moves the symbol sums from what file `id` gave (`before`, may be null) to what it
  // gives (`after`, may be null): only the names one of them alone holds move, which for
  // an edit of a few lines is a few names.
  void count(int id, const Contribution *before, const Contribution *after, Touched *touched) {
    static const Contribution none;
    const Contribution &was = before ? *before : none, &is = after ? *after : none;
    difference(was.uses, is.uses, [&](uint64_t key, int sign) { use(key, sign, touched); });
    difference(was.defines, is.defines,
               [&](uint64_t key, int sign) { define(key, sign, id, touched); });
    difference(was.declares, is.declares,
               [&](const std::string &name, int sign) { declare(name, sign, touched); });
  }

  void setIncludes(int id, std::vector<IncludeDirective> includes) {
    FileState &f = files[id];
    for (const IncludeDirective &inc : f.includes) {
      auto &list = byTarget[std::string(baseName(normalizePath(inc.target)))];
      if (auto it = std::find(list.begin(), list.end(), id); it != list.end()) list.erase(it);
    }
    stats.includes += includes.size();
    stats.includes -= f.includes.size();
    f.includes = std::move(includes);
    for (const IncludeDirective &inc : f.includes) {
      auto &list = byTarget[std::string(baseName(normalizePath(inc.target)))];
      if (std::find(list.begin(), list.end(), id) == list.end()) list.push_back(id);
    }
  }

  // Resolves a file's includes again; adds to `moved` the files whose includers changed.
  void resolve(int id, std::set<int> &moved, std::unordered_map<int, std::vector<int>> &before) {
    FileState &f = files[id];
    std::vector<int> targets;
    int resolved = 0;
    if (f.alive && f.source)
      for (const IncludeDirective &inc : f.includes) {
        int to = resolver.resolve(f.path, inc);
        if (to < 0) continue;
        ++resolved;
        if (to != id) targets.push_back(to);
      }
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    stats.resolved += resolved - f.resolved;
    f.resolved = resolved;
    if (targets == f.targets) return;
    for (int t : f.targets)
      if (!std::binary_search(targets.begin(), targets.end(), t)) {
        auto &list = includers[t];
        list.erase(std::lower_bound(list.begin(), list.end(), id));
        moved.insert(t);
      }
    for (int t : targets)
      if (!std::binary_search(f.targets.begin(), f.targets.end(), t)) {
        auto &list = includers[t];
        list.insert(std::lower_bound(list.begin(), list.end(), id), id);
        moved.insert(t);
      }
    before.emplace(id, f.targets); // the first old list wins
    f.targets = std::move(targets);
  }

  // A name's declaring files as the map answers them: in path order, none unless a
  // header declares it.
  std::vector<int> declarers(const Symbol &sym) const {
    if (sym.declaredIn == 0) return {};
    std::vector<int> out = sym.definers;
    std::sort(out.begin(), out.end(), [&](int a, int b) { return files[a].path < files[b].path; });
    return out;
  }

  // The next version: one step's changes, their versions scanned in `scans`.
  void apply(const std::vector<Change> &changes, const Scans &scans);

  // The files that include `root`, directly or not.
  int reverseCount(int root) {
    if (seen.size() != files.size()) seen.assign(files.size(), 0), stamp = 0;
    ++stamp;
    std::vector<int> stack{root};
    seen[root] = stamp;
    int n = 0;
    while (!stack.empty()) {
      int cur = stack.back();
      stack.pop_back();
      for (int from : includers[cur])
        if (seen[from] != stamp) {
          seen[from] = stamp;
          ++n;
          stack.push_back(from);
        }
    }
    return n;
  }

  // Calls visit(x) once for every file `from` reaches through includes, `from` included.
  template <class Visit> void reach(const std::vector<int> &from, Visit visit) {
    if (seen.size() != files.size()) seen.assign(files.size(), 0), stamp = 0;
    ++stamp;
    std::vector<int> stack;
    for (int t : from)
      if (seen[t] != stamp) seen[t] = stamp, stack.push_back(t);
    while (!stack.empty()) {
      int cur = stack.back();
      stack.pop_back();
      visit(cur);
      for (int t : files[cur].targets)
        if (seen[t] != stamp) seen[t] = stamp, stack.push_back(t);
    }
  }

  // Whether every file whose include edges changed (`before`: its targets before) is
  // included by no file, before and after: none of them is a target of a changed edge,
  // and none has includers now.
  bool onlyRootsRelinked(const std::unordered_map<int, std::vector<int>> &before) const {
    for (const auto &[id, old] : before) {
      if (!includers[id].empty()) return false;
      const std::vector<int> &now = files[id].targets;
      std::vector<int> changed;
      std::set_symmetric_difference(old.begin(), old.end(), now.begin(), now.end(),
                                    std::back_inserter(changed));
      for (int t : changed)
        if (before.count(t)) return false;
    }
    return true;
  }
};

DependencyTracker::DependencyTracker(const TreeView &tree, const DependencyOptions &opts)
    : state_(std::make_unique<State>(opts)) {
  State &s = *state_;
  std::vector<std::string> paths;
  listFiles(tree, "", paths);
  std::sort(paths.begin(), paths.end());
  std::vector<int> sources;
  for (const std::string &p : paths) {
    int id = s.idFor(p);
    s.addPath(id);
    if (s.files[id].source) sources.push_back(id);
  }
  s.resolver.takeDirectoriesChanged();

  std::vector<Contribution> scans(sources.size());
  std::mutex progressLock;
  std::atomic<size_t> done{0};
  int jobs = jobCount(opts.jobs);
  parallelFor(sources.size(), jobs, [&](size_t k) {
    const std::string &path = s.files[sources[k]].path;
    std::string key = s.scanCache.enabled() ? tree.fileKey(path).value_or("") : "";
    if (auto c = contributionOf(tree, path, key, s.scanCache))
      scans[k] = std::move(*c);
    size_t d = ++done;
    if (opts.progress && (d % 256 == 0 || d == sources.size())) {
      std::lock_guard lock(progressLock);
      opts.progress(d, sources.size());
    }
  });
  for (size_t k = 0; k < sources.size(); ++k) {
    s.count(sources[k], nullptr, &scans[k], nullptr);
    s.setIncludes(sources[k], std::move(scans[k].includes));
  }
  scans.clear();

  std::set<int> moved;
  std::unordered_map<int, std::vector<int>> before;
  for (int id : sources) s.resolve(id, moved, before);
  std::vector<int> targets(moved.begin(), moved.end());
  std::vector<int> counts(targets.size());
  parallelFor(targets.size(), jobs, [&](size_t k) {
    // The same walk as reverseCount, with marks of the thread's own.
    thread_local std::vector<unsigned> seen;
    thread_local unsigned stamp = 0;
    if (seen.size() != s.files.size()) seen.assign(s.files.size(), 0), stamp = 0;
    ++stamp;
    std::vector<int> stack{targets[k]};
    seen[targets[k]] = stamp;
    int n = 0;
    while (!stack.empty()) {
      int cur = stack.back();
      stack.pop_back();
      for (int from : s.includers[cur])
        if (seen[from] != stamp) {
          seen[from] = stamp;
          ++n;
          stack.push_back(from);
        }
    }
    counts[k] = n;
  });
  for (size_t k = 0; k < targets.size(); ++k) {
    s.counts[targets[k]] = counts[k];
    History::set(s.history->includedBy, s.files[targets[k]].path, 0, counts[k]);
  }
  for (const auto &[key, sym] : s.symbols)
    if (sym.declaredIn > 0) {
      History::set(s.history->fanIn, key, 0, sym.users);
      History::set(s.history->declaredIn, key, 0, s.declarers(sym));
    }
}

DependencyTracker::~DependencyTracker() = default;

DependencyTracker::DependencyTracker() = default;

namespace {

// Reads the state file line by line.
class Lines {
public:
  explicit Lines(std::string_view data) : data_(data) {}
  bool next(std::string_view &line) {
    if (pos_ >= data_.size()) return false;
    size_t end = data_.find('\n', pos_);
    if (end == std::string_view::npos) end = data_.size();
    line = data_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return true;
  }
  // "TAG n": the count of the section that follows.
  bool section(char tag, size_t &n) {
    std::string_view line;
    if (!next(line) || line.size() < 3 || line[0] != tag || line[1] != ' ') return false;
    return number(line.substr(2), n);
  }
  template <class T> static bool number(std::string_view s, T &out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  }

private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Splits "a b c" at spaces, into `out` (its memory reused from line to line).
const std::vector<std::string_view> &words(std::string_view line, std::vector<std::string_view> &out) {
  out.clear();
  size_t pos = 0;
  while (pos < line.size()) {
    size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) end = line.size();
    if (end > pos) out.push_back(line.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

} // namespace

std::string DependencyTracker::serialize(const std::string &key) const {
  const State &s = *state_;
  std::string out;
  out.reserve(1 << 20);
  auto num = [&](auto n) { out += std::to_string(n); };
  num(s.stats.files), out += ' ', num(s.stats.includes), out += ' ', num(s.stats.resolved),
      out += ' ', num(s.stats.symbols), out += '\n';
  out += "P ", num(s.files.size()), out += '\n';
  for (const FileState &f : s.files) out += f.path + '\n';
  size_t withIncludes = std::count_if(s.files.begin(), s.files.end(),
                                      [](const FileState &f) { return !f.includes.empty(); });
  out += "I ", num(withIncludes), out += '\n';
  for (size_t id = 0; id < s.files.size(); ++id) {
    const FileState &f = s.files[id];
    if (f.includes.empty()) continue;
    num(id), out += ' ', num(f.resolved), out += ' ', num(f.includes.size());
    for (int t : f.targets) out += ' ', num(t);
    out += '\n';
    for (const IncludeDirective &inc : f.includes)
      out += (inc.angled ? "a" : "q") + inc.target + '\n';
  }
  size_t counted = std::count_if(s.counts.begin(), s.counts.end(), [](int n) { return n > 0; });
  out += "C ", num(counted), out += '\n';
  for (size_t id = 0; id < s.counts.size(); ++id)
    if (s.counts[id] > 0) num(id), out += ' ', num(s.counts[id]), out += '\n';
  out += "S ", num(s.symbols.size()), out += '\n';
  for (const auto &[key, sym] : s.symbols) {
    num(key), out += ' ', num(sym.users), out += ' ', num(sym.declaredIn);
    for (int id : sym.definers) out += ' ', num(id);
    out += '\n';
  }
  out += "N ", num(s.names.size()), out += '\n';
  for (const auto &[key, name] : s.names) num(key), out += ' ', out += name, out += '\n';
  return sealCache(out, key);
}

bool DependencyTracker::deserialize(std::string_view file, const std::string &key, bool &stale) {
  State &s = *state_;
  auto data = unsealCache(file, key, stale);
  if (!data) return false;
  Lines in(*data);
  std::string_view line;
  if (!in.next(line)) return false;
  std::vector<std::string_view> w;
  const std::vector<std::string_view> &st = words(line, w);
  if (st.size() != 4 || !Lines::number(st[0], s.stats.files) ||
      !Lines::number(st[1], s.stats.includes) || !Lines::number(st[2], s.stats.resolved) ||
      !Lines::number(st[3], s.stats.symbols))
    return false;
  size_t n = 0;
  if (!in.section('P', n)) return false;
  for (size_t i = 0; i < n; ++i) {
    if (!in.next(line)) return false;
    int id = s.idFor(std::string(line));
    FileState &f = s.files[id];
    f.alive = true;
    f.source = isSource(f.path);
    s.resolver.addPath(f.path, id);
  }
  s.resolver.takeDirectoriesChanged();
  if (!in.section('I', n)) return false;
  for (size_t i = 0; i < n; ++i) {
    if (!in.next(line)) return false;
    words(line, w);
    size_t id = 0, includes = 0;
    if (w.size() < 3 || !Lines::number(w[0], id) || id >= s.files.size() ||
        !Lines::number(w[2], includes))
      return false;
    FileState &f = s.files[id];
    if (!Lines::number(w[1], f.resolved)) return false;
    for (size_t k = 3; k < w.size(); ++k) {
      int t = 0;
      if (!Lines::number(w[k], t) || t < 0 || size_t(t) >= s.files.size()) return false;
      f.targets.push_back(t);
      s.includers[t].push_back(static_cast<int>(id)); // ids ascend: stays sorted
    }
    std::vector<IncludeDirective> list(includes);
    for (IncludeDirective &inc : list) {
      if (!in.next(line) || line.empty()) return false;
      inc.angled = line[0] == 'a';
      inc.target = std::string(line.substr(1));
    }
    size_t before = s.stats.includes;
    s.setIncludes(static_cast<int>(id), std::move(list));
    s.stats.includes = before; // the figure read above already counts them
  }
  if (!in.section('C', n)) return false;
  s.history->includedBy.answers.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    size_t id = 0;
    int count = 0;
    if (!in.next(line) || words(line, w).size() != 2 || !Lines::number(w[0], id) ||
        id >= s.files.size() || !Lines::number(w[1], count))
      return false;
    s.counts[id] = count;
    History::first(s.history->includedBy, s.files[id].path, count);
  }
  if (!in.section('S', n)) return false;
  s.symbols.reserve(n);
  s.history->fanIn.answers.reserve(s.stats.symbols);
  s.history->declaredIn.answers.reserve(s.stats.symbols);
  for (size_t i = 0; i < n; ++i) {
    uint64_t key = 0;
    Symbol sym;
    if (!in.next(line) || words(line, w).size() < 3 || !Lines::number(w[0], key) ||
        !Lines::number(w[1], sym.users) || !Lines::number(w[2], sym.declaredIn))
      return false;
    for (size_t k = 3; k < w.size(); ++k) {
      int id = 0;
      if (!Lines::number(w[k], id) || id < 0 || size_t(id) >= s.files.size()) return false;
      sym.definers.push_back(id);
    }
    if (sym.declaredIn > 0) {
      History::first(s.history->fanIn, key, sym.users);
      History::first(s.history->declaredIn, key, s.declarers(sym));
    }
    s.symbols.emplace(key, std::move(sym));
  }
  if (!in.section('N', n)) return false;
  s.names.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    uint64_t key = 0;
    size_t space = 0;
    if (!in.next(line) || (space = line.find(' ')) == std::string_view::npos ||
        !Lines::number(line.substr(0, space), key))
      return false;
    s.names.emplace(key, std::string(line.substr(space + 1)));
  }
  return true;
}

std::unique_ptr<DependencyTracker> DependencyTracker::open(const TreeView &tree,
                                                           const DependencyOptions &opts) {
  auto [file, key] = dependencyCacheFile(tree, opts, "deps-state");
  key += " state";
  auto notice = [&](const std::string &text) {
    if (opts.notice) opts.notice(text);
  };
  if (!file.empty()) {
    if (std::optional<std::string> text = readWholeFile(file, /*markUsed=*/false)) {
      std::unique_ptr<DependencyTracker> t(new DependencyTracker());
      t->state_ = std::make_unique<State>(opts);
      bool stale = false;
      if (t->deserialize(*text, key, stale)) {
        t->state_->stats.fromCache = true;
        std::error_code ec; // the most recently used caches are the ones pruning keeps
        std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now(), ec);
        return t;
      }
      if (!stale) notice("dependency cache " + file.string() + " is corrupt: rebuilt");
    }
  }
  auto t = std::make_unique<DependencyTracker>(tree, opts);
  if (!file.empty()) {
    if (Status s = writeFileAtomically(file, t->serialize(key)); !s)
      notice("dependency cache not saved (the next run scans the tree again): " + s.error().str());
    pruneCache(file.parent_path(), file, opts.cacheKeep, opts.cacheMaxAgeDays);
  }
  return t;
}

void DependencyTracker::advance(const TreeView &from, const TreeView &to,
                                const std::vector<std::string> &changed) {
  advance(std::vector<Step>{{&from, &to, &changed}});
}

namespace {

// A file version's key: the tree's key of its contents (a git blob id), else its tree
// and path.
std::string versionKey(const TreeView &tree, const std::string &path) {
  std::optional<std::string> key = tree.fileKey(path);
  return key ? "k:" + *key : "t:" + tree.id() + ":" + path;
}

} // namespace

void DependencyTracker::advance(const std::vector<Step> &steps) {
  State &s = *state_;
  // Steps are taken a batch at a time: the source files of the whole batch are read and
  // scanned together on the threads, each version once (a file a step changes is often
  // the next step's before), then the steps are applied in order. A batch ends after 64
  // steps, or after the step that brings the file versions it scans to the bound: its
  // scans are held until its steps are applied.
  constexpr size_t kBatch = 64;
  for (size_t begin = 0, end = 0; begin < steps.size(); begin = end) {
    std::vector<std::vector<Change>> batch;
    Scans scans;
    struct Job {
      std::string key;
      const TreeView *tree;
      std::string path;
    };
    std::vector<Job> jobs;
    auto need = [&](const std::string &key, const TreeView &tree, const std::string &path) {
      if (!scans.emplace(key, nullptr).second) return;
      if (auto kept = s.kept(path, key)) scans[key] = std::move(kept);
      else jobs.push_back({key, &tree, path});
    };
    for (end = begin; end < steps.size() && end - begin < kBatch && jobs.size() < s.batchFiles; ++end) {
      const Step &step = steps[end];
      std::vector<Change> &changes = batch.emplace_back();
      for (const std::string &path : *step.changed) {
        Change c;
        c.path = path;
        c.before = step.from->isFile(path);
        c.after = step.to->isFile(path);
        c.source = isSource(path);
        if (c.source) {
          if (c.before) c.oldKey = versionKey(*step.from, path);
          if (c.after) c.newKey = versionKey(*step.to, path);
          if (c.before && c.after && c.oldKey == c.newKey) continue; // the same file
          if (c.before) need(c.oldKey, *step.from, path);
          if (c.after) need(c.newKey, *step.to, path);
        } else if (c.before == c.after) {
          continue; // only whether it exists matters (an include may name it)
        }
        changes.push_back(std::move(c));
      }
    }
    s.largestBatch = std::max(s.largestBatch, jobs.size());
    s.scanned += jobs.size();
    std::vector<std::shared_ptr<const Contribution>> scanned(jobs.size());
    parallelFor(jobs.size(), jobCount(s.opts.jobs), [&](size_t j) {
      std::string_view key = jobs[j].key;
      key = key.starts_with("k:") ? key.substr(2) : std::string_view();
      if (auto c = contributionOf(*jobs[j].tree, jobs[j].path, key, s.scanCache))
        scanned[j] = std::make_shared<const Contribution>(std::move(*c));
    });
    for (size_t j = 0; j < jobs.size(); ++j) scans[jobs[j].key] = std::move(scanned[j]);
    for (std::vector<Change> &changes : batch) s.apply(changes, scans);
  }
}

void DependencyTracker::State::apply(const std::vector<Change> &changes, const Scans &scans) {
  State &s = *this;
  int v = ++s.version;
  State::Touched touched;
  std::vector<int> pathsMoved;
  auto scanOf = [&](const std::string &key) -> const Contribution * {
    if (key.empty()) return nullptr;
    auto it = scans.find(key);
    return it == scans.end() ? nullptr : it->second.get();
  };
  // Changed files whose include lines name other files than before, or that came or went:
  // the others' includes resolve as they did.
  std::vector<int> relinked;
  for (const Change &c : changes) {
    int id = s.idFor(c.path);
    const Contribution *before = scanOf(c.oldKey), *after = scanOf(c.newKey);
    s.count(id, before, after, &touched);
    if (c.before && !c.after) s.removePath(id);
    if (!c.before && c.after) s.addPath(id);
    if (c.before != c.after) pathsMoved.push_back(id);
    if (s.files[id].source) {
      static const std::vector<IncludeDirective> none;
      const std::vector<IncludeDirective> &includes = after ? after->includes : none;
      if (!sameTargets(s.files[id].includes, includes)) {
        s.setIncludes(id, includes);
        relinked.push_back(id);
      }
    }
    if (c.before != c.after && (relinked.empty() || relinked.back() != id)) relinked.push_back(id);
    if (after)
      s.keep(id, c.newKey, scans.at(c.newKey), s.version, c.oldKey,
             before ? scans.at(c.oldKey) : nullptr);
    else s.forget(id);
  }
  s.trimRecent();

  // Includes that may resolve differently: the changed files' own, and those naming a
  // file that came or went; all of them when the include directories changed.
  std::set<int> again(relinked.begin(), relinked.end());
  if (s.resolver.takeDirectoriesChanged()) {
    for (size_t id = 0; id < s.files.size(); ++id)
      if (!s.files[id].includes.empty() || !s.files[id].targets.empty()) again.insert(int(id));
  } else {
    for (int id : pathsMoved) {
      auto it = s.byTarget.find(std::string(baseName(s.files[id].path)));
      if (it != s.byTarget.end()) again.insert(it->second.begin(), it->second.end());
    }
  }
  std::set<int> moved(pathsMoved.begin(), pathsMoved.end());
  std::unordered_map<int, std::vector<int>> before;
  for (int id : again) s.resolve(id, moved, before);

  if (s.onlyRootsRelinked(before)) {
    // Only files no file includes (.c files) include others than before: each count
    // moves by whether the file reaches it now and whether it did (the files below it
    // kept their edges, and nothing else reaches it). A file that came or went is
    // counted anew: only such files can include it.
    std::unordered_map<int, int> delta;
    for (const auto &[id, old] : before) {
      s.reach(old, [&](int x) { --delta[x]; });
      s.reach(s.files[id].targets, [&](int x) { ++delta[x]; });
    }
    for (int id : pathsMoved) delta[id] = (s.files[id].alive ? s.reverseCount(id) : 0) - s.counts[id];
    std::vector<std::pair<int, int>> moves(delta.begin(), delta.end());
    std::sort(moves.begin(), moves.end());
    for (const auto &[id, d] : moves) {
      if (d == 0) continue;
      s.counts[id] += d;
      History::set(s.history->includedBy, s.files[id].path, v, s.counts[id]);
    }
  } else {
    // A changed edge changes the count of its target and of everything the target
    // includes, through the edges of before or after the change.
    std::set<int> affected;
    std::vector<int> stack(moved.begin(), moved.end());
    while (!stack.empty()) {
      int cur = stack.back();
      stack.pop_back();
      if (!affected.insert(cur).second) continue;
      for (int t : s.files[cur].targets) stack.push_back(t);
      if (auto it = before.find(cur); it != before.end())
        for (int t : it->second) stack.push_back(t);
    }
    for (int id : affected) {
      int n = s.files[id].alive ? s.reverseCount(id) : 0;
      s.counts[id] = n;
      History::set(s.history->includedBy, s.files[id].path, v, n);
    }
  }
  for (uint64_t key : touched) {
    auto it = s.symbols.find(key);
    int n = it->second.declaredIn > 0 ? it->second.users : 0;
    History::set(s.history->fanIn, key, v, n);
    History::set(s.history->declaredIn, key, v, s.declarers(it->second));
    if (it->second.users == 0 && it->second.declaredIn == 0 && it->second.definers.empty())
      s.symbols.erase(it);
  }
}

int DependencyTracker::version() const { return state_->version; }

void DependencyTracker::closeCaches() { state_->scanCache.close(); }

std::shared_ptr<const DependencyMap> DependencyTracker::mapAt(int v) const {
  return std::make_shared<VersionMap>(state_->history, v);
}

std::map<std::string, int, std::less<>> DependencyTracker::includedByAll(int v) const {
  std::map<std::string, int, std::less<>> out;
  for (const auto &[path, changes] : state_->history->includedBy.answers)
    if (int n = History::at(state_->history->includedBy, path, v)) out.emplace(path, n);
  return out;
}

std::map<std::string, int, std::less<>> DependencyTracker::fanInAll(int v) const {
  // A name has a fan-in only while a header declares it: its name is known.
  std::map<std::string, int, std::less<>> out;
  for (const auto &[key, changes] : state_->history->fanIn.answers)
    if (int n = History::at(state_->history->fanIn, key, v)) out.emplace(state_->names.at(key), n);
  return out;
}

std::map<std::string, std::vector<std::string>, std::less<>>
DependencyTracker::declaredInAll(int v) const {
  std::map<std::string, std::vector<std::string>, std::less<>> out;
  const History &h = *state_->history;
  for (const auto &[key, changes] : h.declaredIn.answers) {
    const std::vector<int> &ids = History::at(h.declaredIn, key, v);
    if (ids.empty()) continue;
    std::vector<std::string> &paths = out[state_->names.at(key)];
    for (int id : ids) paths.push_back(h.paths[id]);
  }
  return out;
}

const DependencyStats &DependencyTracker::stats() const { return state_->stats; }

DependencyTracker::Footprint DependencyTracker::footprint() const {
  const State &s = *state_;
  Footprint f;
  f.paths = s.files.size();
  f.names = s.names.size();
  f.symbols = s.symbols.size();
  f.targets = s.byTarget.size();
  f.recent = s.recent.size();
  f.recentBytes = s.recentBytes;
  f.largestBatch = s.largestBatch;
  f.scanned = s.scanned;
  const History &h = *s.history;
  auto add = [&](const auto &table) {
    f.answers += table.answers.size();
    for (const auto &[key, changes] : table.answers) f.changes += changes.size();
  };
  add(h.includedBy);
  add(h.fanIn);
  add(h.declaredIn);
  return f;
}

void DependencyTracker::forgetBefore(int v) {
  State &s = *state_;
  History &h = *s.history;
  History::forgetBefore(h.includedBy, v);
  History::forgetBefore(h.fanIn, v);
  History::forgetBefore(h.declaredIn, v);
  // A name no header declares now and no kept version answers for is not needed.
  std::vector<uint64_t> still;
  for (uint64_t key : s.undeclared) {
    auto sym = s.symbols.find(key);
    if (sym != s.symbols.end() && sym->second.declaredIn > 0) continue; // declared again
    if (h.fanIn.answers.count(key) || h.declaredIn.answers.count(key)) still.push_back(key);
    else s.names.erase(key);
  }
  std::sort(still.begin(), still.end());
  still.erase(std::unique(still.begin(), still.end()), still.end());
  s.undeclared = std::move(still);
}

void DependencyTracker::scanAtOnce(size_t files) { state_->batchFiles = std::max<size_t>(1, files); }

void DependencyTracker::keepScans(size_t bytes) {
  state_->recentBudget = bytes;
  state_->trimRecent();
}

} // namespace provcheck
