#include "maps/IncludeGraph.h"

#include "analysis/Parallel.h"

#include "maps/DependencyCache.h"
#include "maps/SourceScan.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace provcheck {
namespace {

namespace fs = std::filesystem;

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

std::string_view dirName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

// "a/b/../c/./d.h" -> "a/c/d.h"; "" when it climbs above the root.
std::string normalizePath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (part == "..") {
      if (parts.empty()) return {};
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (std::string_view p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::string joinPath(std::string_view dir, std::string_view name) {
  return normalizePath(dir.empty() ? std::string(name) : std::string(dir) + "/" + std::string(name));
}

class Resolver {
public:
  Resolver(const std::vector<std::string> &files, const DependencyOptions &opts)
      : fallback_(opts.uniqueSuffixFallback) {
    for (size_t i = 0; i < files.size(); ++i) {
      ids_.emplace(files[i], static_cast<int>(i));
      size_t slash = files[i].rfind('/');
      byBase_[files[i].substr(slash == std::string::npos ? 0 : slash + 1)].push_back(static_cast<int>(i));
    }
    dirs_ = opts.includeDirs;
    if (dirs_.empty()) {
      std::vector<std::string> inc;
      std::unordered_set<std::string> seen;
      for (const std::string &f : files) {
        std::string_view d = dirName(f);
        while (!d.empty()) {
          size_t slash = d.rfind('/');
          std::string_view last = slash == std::string_view::npos ? d : d.substr(slash + 1);
          if (last == "include" && seen.insert(std::string(d)).second) inc.emplace_back(d);
          d = dirName(d);
        }
      }
      std::sort(inc.begin(), inc.end(), [](const std::string &a, const std::string &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
      });
      dirs_.push_back("");
      dirs_.insert(dirs_.end(), inc.begin(), inc.end());
    }
  }

  int resolve(std::string_view includer, const IncludeDirective &inc,
              const std::vector<std::string> &files) const {
    if (!inc.angled)
      if (int id = lookup(joinPath(dirName(includer), inc.target)); id >= 0) return id;
    for (const std::string &d : dirs_)
      if (int id = lookup(joinPath(d, inc.target)); id >= 0) return id;
    if (!fallback_) return -1;
    std::string target = normalizePath(inc.target);
    if (target.empty()) return -1;
    size_t slash = target.rfind('/');
    auto it = byBase_.find(target.substr(slash == std::string::npos ? 0 : slash + 1));
    if (it == byBase_.end()) return -1;
    int found = -1;
    for (int id : it->second) {
      const std::string &f = files[id];
      if (f == target || (f.size() > target.size() && f.ends_with(target) &&
                          f[f.size() - target.size() - 1] == '/')) {
        if (found >= 0) return -1; // ambiguous
        found = id;
      }
    }
    return found;
  }

private:
  int lookup(const std::string &path) const {
    auto it = ids_.find(path);
    return it == ids_.end() ? -1 : it->second;
  }
  bool fallback_;
  std::vector<std::string> dirs_;
  std::unordered_map<std::string, int> ids_;
  std::unordered_map<std::string, std::vector<int>> byBase_;
};

int jobsFor(const DependencyOptions &opts) { return jobCount(opts.jobs); }

fs::path cacheDirectory(const DependencyOptions &opts) {
  if (!opts.cacheDir.empty()) return opts.cacheDir;
  if (const char *x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "provcheck";
  if (const char *h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache" / "provcheck";
  return {};
}

std::string cacheKey(const TreeView &tree, const DependencyOptions &opts) {
  std::string key = tree.id() + (opts.uniqueSuffixFallback ? " suffix" : " exact");
  for (const std::string &d : opts.includeDirs) key += " -I" + d;
  return key;
}

std::string safeFileName(std::string_view id) {
  std::string out;
  for (char c : id) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  return out.substr(0, 100);
}

} // namespace

int IncludeGraph::includedBy(std::string_view header) const {
  auto it = includedBy_.find(header);
  return it == includedBy_.end() ? 0 : it->second;
}

int IncludeGraph::symbolFanIn(std::string_view symbol) const {
  auto it = fanIn_.find(symbol);
  return it == fanIn_.end() ? 0 : it->second;
}

std::vector<std::string> IncludeGraph::declaredIn(std::string_view symbol) const {
  std::vector<std::string> out;
  auto it = declaredIn_.find(symbol);
  if (it != declaredIn_.end())
    for (int f : it->second) out.push_back(declaringFiles_[f]);
  return out;
}

std::shared_ptr<IncludeGraph> IncludeGraph::build(const TreeView &tree, const DependencyOptions &opts) {
  auto graph = std::make_shared<IncludeGraph>();
  std::vector<std::string> files;
  listFiles(tree, "", files);
  std::sort(files.begin(), files.end());
  std::vector<int> sources;
  for (size_t i = 0; i < files.size(); ++i)
    if (isSource(files[i])) sources.push_back(static_cast<int>(i));

  // Scan every source file.
  int jobs = jobsFor(opts);
  std::vector<SourceScan> scans(sources.size());
  std::mutex progressLock;
  std::atomic<size_t> done{0};
  parallelFor(sources.size(), jobs, [&](size_t k) {
    if (auto text = tree.read(files[sources[k]])) scans[k] = scanSource(*text);
    size_t d = ++done;
    if (opts.progress && (d % 256 == 0 || d == sources.size())) {
      std::lock_guard lock(progressLock);
      opts.progress(d, sources.size());
    }
  });

  // Resolve the includes into reverse edges (included -> includers).
  Resolver resolver(files, opts);
  std::vector<std::vector<int>> includers(files.size());
  DependencyStats &st = graph->stats_;
  st.files = sources.size();
  for (size_t k = 0; k < sources.size(); ++k) {
    for (const IncludeDirective &inc : scans[k].includes) {
      ++st.includes;
      int to = resolver.resolve(files[sources[k]], inc, files);
      if (to < 0) continue;
      ++st.resolved;
      if (to != sources[k]) includers[to].push_back(sources[k]);
    }
  }
  for (auto &v : includers) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }

  // Transitive includer counts, one reverse walk per included file.
  std::vector<int> counts(files.size(), 0);
  std::vector<int> targets;
  for (size_t i = 0; i < files.size(); ++i)
    if (!includers[i].empty()) targets.push_back(static_cast<int>(i));
  parallelFor(targets.size(), jobs, [&](size_t k) {
    thread_local std::vector<unsigned> seen;
    thread_local unsigned stamp = 0;
    if (seen.size() != files.size()) seen.assign(files.size(), 0), stamp = 0;
    ++stamp;
    int root = targets[k];
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
    counts[root] = n;
  });
  for (int t : targets) graph->includedBy_.emplace(files[t], counts[t]);

  // Symbol fan-in: files using a name declared in a header, other than the files that
  // declare or define it.
  std::unordered_map<std::string_view, std::vector<int>> definers;
  std::unordered_set<std::string_view> exported;
  for (size_t k = 0; k < sources.size(); ++k) {
    bool header = isHeader(files[sources[k]]);
    // Headers that declare a name, and other files that define it, are its definers; a
    // prototype repeated in a .c file is a use.
    for (const std::string &name : header ? scans[k].declared : scans[k].defined) {
      definers[name].push_back(static_cast<int>(k));
      if (header) exported.insert(name);
    }
  }
  std::unordered_map<std::string_view, int> fanIn;
  for (size_t k = 0; k < sources.size(); ++k)
    for (const std::string &id : scans[k].identifiers) {
      if (!exported.count(id)) continue;
      const std::vector<int> &def = definers.find(id)->second;
      if (std::find(def.begin(), def.end(), static_cast<int>(k)) != def.end()) continue;
      ++fanIn[id];
    }
  st.symbols = exported.size();
  for (const auto &[name, n] : fanIn) graph->fanIn_.emplace(std::string(name), n);
  std::unordered_map<int, int> fileIndex; // source index -> declaringFiles_ index
  for (std::string_view name : exported) {
    std::vector<int> &list = graph->declaredIn_[std::string(name)];
    for (int k : definers.find(name)->second) {
      auto [it, fresh] = fileIndex.emplace(k, static_cast<int>(graph->declaringFiles_.size()));
      if (fresh) graph->declaringFiles_.push_back(files[sources[k]]);
      list.push_back(it->second);
    }
  }
  return graph;
}

std::string IncludeGraph::serialize(const std::string &key) const {
  std::ostringstream out;
  out << stats_.files << ' ' << stats_.includes << ' ' << stats_.resolved << ' ' << stats_.symbols << '\n';
  out << "I " << includedBy_.size() << '\n';
  for (const auto &[path, n] : includedBy_) out << n << '\t' << path << '\n';
  out << "S " << fanIn_.size() << '\n';
  for (const auto &[name, n] : fanIn_) out << n << '\t' << name << '\n';
  out << "F " << declaringFiles_.size() << '\n';
  for (const std::string &f : declaringFiles_) out << f << '\n';
  out << "D " << declaredIn_.size() << '\n';
  for (const auto &[name, list] : declaredIn_) {
    for (size_t i = 0; i < list.size(); ++i) out << (i ? "," : "") << list[i];
    out << '\t' << name << '\n';
  }
  return sealCache(out.str(), key);
}

namespace {

// A whole field as a number; nothing else (no sign, no spaces, no trailing bytes).
template <class T> bool readNumber(std::string_view field, T &out) {
  if (field.empty()) return false;
  auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), out);
  return ec == std::errc() && end == field.data() + field.size();
}

std::vector<std::string_view> splitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (size_t pos = 0;;) {
    size_t at = s.find(sep, pos);
    out.push_back(s.substr(pos, at == std::string_view::npos ? at : at - pos));
    if (at == std::string_view::npos) return out;
    pos = at + 1;
  }
}

} // namespace

Expected<std::shared_ptr<IncludeGraph>> IncludeGraph::deserialize(std::string_view file,
                                                                  const std::string &key,
                                                                  bool *stale) {
  bool isStale = false;
  auto data = unsealCache(file, key, isStale);
  if (stale) *stale = isStale;
  if (!data) return data.error();
  constexpr int kHeaderLines = 3; // format, key, checksum
  auto graph = std::make_shared<IncludeGraph>();
  std::vector<std::string_view> lines = splitOn(*data, '\n');
  if (lines.empty() || !lines.back().empty())
    return Error{"", kHeaderLines + static_cast<int>(lines.size()), 0, "no newline at the end"};
  lines.pop_back();
  size_t at = 0;
  auto bad = [&](const std::string &what) {
    return Error{"", kHeaderLines + static_cast<int>(at) + 1, 0, what};
  };
  DependencyStats &st = graph->stats_;
  if (at >= lines.size()) return bad("no counts");
  auto counts = splitOn(lines[at], ' ');
  if (counts.size() != 4 || !readNumber(counts[0], st.files) ||
      !readNumber(counts[1], st.includes) || !readNumber(counts[2], st.resolved) ||
      !readNumber(counts[3], st.symbols))
    return bad("malformed counts");
  ++at;
  for (auto [table, tag] : {std::pair{&graph->includedBy_, "I"}, std::pair{&graph->fanIn_, "S"}}) {
    if (at >= lines.size()) return bad(std::string("no ") + tag + " table");
    auto head = splitOn(lines[at], ' ');
    size_t n = 0;
    if (head.size() != 2 || head[0] != tag || !readNumber(head[1], n))
      return bad(std::string("malformed ") + tag + " table header");
    if (n > lines.size() - at - 1)
      return bad(std::string(tag) + " table: fewer entries than announced");
    ++at;
    for (size_t i = 0; i < n; ++i, ++at) {
      size_t tab = lines[at].find('\t');
      int count = 0;
      if (tab == std::string_view::npos || tab + 1 == lines[at].size() ||
          !readNumber(lines[at].substr(0, tab), count) || count < 0)
        return bad("malformed entry");
      if (!table->emplace(std::string(lines[at].substr(tab + 1)), count).second)
        return bad("repeated entry");
    }
  }
  // The files that declare header symbols, then each symbol with its files' indices.
  auto tableHead = [&](const char *tag, size_t &n) {
    if (at >= lines.size()) return false;
    auto head = splitOn(lines[at], ' ');
    if (head.size() != 2 || head[0] != tag || !readNumber(head[1], n) || n > lines.size() - at - 1) return false;
    ++at;
    return true;
  };
  size_t n = 0;
  if (!tableHead("F", n)) return bad("malformed F table header");
  for (size_t i = 0; i < n; ++i, ++at) {
    if (lines[at].empty()) return bad("malformed entry");
    graph->declaringFiles_.emplace_back(lines[at]);
  }
  if (!tableHead("D", n)) return bad("malformed D table header");
  for (size_t i = 0; i < n; ++i, ++at) {
    size_t tab = lines[at].find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 == lines[at].size()) return bad("malformed entry");
    std::vector<int> list;
    for (std::string_view field : splitOn(lines[at].substr(0, tab), ',')) {
      int f = 0;
      if (!readNumber(field, f) || f < 0 || f >= static_cast<int>(graph->declaringFiles_.size()))
        return bad("malformed entry");
      list.push_back(f);
    }
    if (!graph->declaredIn_.emplace(std::string(lines[at].substr(tab + 1)), std::move(list)).second)
      return bad("repeated entry");
  }
  if (at != lines.size()) return bad("data after the last table");
  st.fromCache = true;
  return graph;
}

Expected<std::shared_ptr<const DependencyMap>> loadDependencyMap(const TreeView &tree,
                                                                 const DependencyOptions &opts) {
  if (!tree.isDirectory("")) return Error{tree.id(), 0, 0, "dependency map: the tree cannot be read"};
  std::string key = cacheKey(tree, opts);
  fs::path dir = opts.useCache ? cacheDirectory(opts) : fs::path();
  fs::path file = dir.empty() ? fs::path() : dir / ("deps-" + safeFileName(tree.id()) + ".bin");
  auto notice = [&](const std::string &text) {
    if (opts.notice) opts.notice(text);
  };
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (in) {
      std::ostringstream ss;
      ss << in.rdbuf();
      std::string text = std::move(ss).str();
      bool stale = false;
      auto g = IncludeGraph::deserialize(text, key, &stale);
      if (g) {
        std::error_code ec; // the most recently used caches are the ones pruning keeps
        fs::last_write_time(file, fs::file_time_type::clock::now(), ec);
        return std::shared_ptr<const DependencyMap>(*g);
      }
      if (!stale) {
        Error e = g.error();
        e.file = file.string();
        notice("dependency cache " + e.str() + ": rebuilt");
      }
    }
  }
  std::shared_ptr<IncludeGraph> graph = IncludeGraph::build(tree, opts);
  if (!file.empty()) {
    // A cache that cannot be written costs time on the next run, not this answer.
    if (Status s = writeFileAtomically(file, graph->serialize(key)); !s)
      notice("dependency cache not saved (the next run builds the map again): " +
             s.error().str());
    pruneCache(dir, file, opts.cacheKeep, opts.cacheMaxAgeDays);
  }
  return std::shared_ptr<const DependencyMap>(graph);
}

Expected<std::shared_ptr<const DependencyMap>> loadDependencyMap(const std::string &directory,
                                                                 const DependencyOptions &opts) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    return Error{directory, 0, 0, "dependency map: not a directory"};
  return loadDependencyMap(*directoryTreeView(directory), opts);
}

} // namespace provcheck
