#include "maps/IncludeGraph.h"

#include "maps/DependencyCache.h"
#include "maps/DependencyTracker.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

namespace provcheck {
namespace {

namespace fs = std::filesystem;

fs::path cacheDirectory(const DependencyOptions &opts) {
  if (!opts.cacheDir.empty()) return opts.cacheDir;
  return defaultCacheDirectory();
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

DependencyCacheFile dependencyCacheFile(const TreeView &tree, const DependencyOptions &opts,
                                        std::string_view kind) {
  DependencyCacheFile out{{}, cacheKey(tree, opts)};
  fs::path dir = opts.useCache ? cacheDirectory(opts) : fs::path();
  if (!dir.empty()) out.file = dir / (std::string(kind) + "-" + safeFileName(tree.id()) + ".bin");
  return out;
}

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
  DependencyTracker tracker(tree, opts);
  graph->includedBy_ = tracker.includedByAll(0);
  graph->fanIn_ = tracker.fanInAll(0);
  graph->stats_ = tracker.stats();
  // The declaring files as a table, each name's list as indexes into it.
  std::map<std::string, std::vector<std::string>, std::less<>> declared = tracker.declaredInAll(0);
  std::set<std::string> paths;
  for (const auto &[name, list] : declared) paths.insert(list.begin(), list.end());
  graph->declaringFiles_.assign(paths.begin(), paths.end());
  for (auto &[name, list] : declared) {
    std::vector<int> &indexes = graph->declaredIn_[name];
    for (const std::string &f : list)
      indexes.push_back(static_cast<int>(
          std::lower_bound(graph->declaringFiles_.begin(), graph->declaringFiles_.end(), f) -
          graph->declaringFiles_.begin()));
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

// Adds key -> value to `table`, unless the key is there already (false). serialize writes
// each table in its order, so the new key is normally past the last one: inserted at the
// end, it costs no search of the tree.
template <class Map, class Value>
bool addInOrder(Map &table, std::string_view key, Value &&value) {
  if (table.empty() || table.rbegin()->first < key) {
    table.emplace_hint(table.end(), std::string(key), std::forward<Value>(value));
    return true;
  }
  return table.emplace(std::string(key), std::forward<Value>(value)).second;
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
      if (!addInOrder(*table, lines[at].substr(tab + 1), count)) return bad("repeated entry");
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
    if (!addInOrder(graph->declaredIn_, lines[at].substr(tab + 1), std::move(list)))
      return bad("repeated entry");
  }
  if (at != lines.size()) return bad("data after the last table");
  st.fromCache = true;
  return graph;
}

Expected<std::shared_ptr<const DependencyMap>> loadDependencyMap(const TreeView &tree,
                                                                 const DependencyOptions &opts) {
  if (!tree.isDirectory("")) return Error{tree.id(), 0, 0, "dependency map: the tree cannot be read"};
  auto [file, key] = dependencyCacheFile(tree, opts, "deps");
  fs::path dir = file.parent_path();
  auto notice = [&](const std::string &text) {
    if (opts.notice) opts.notice(text);
  };
  if (!file.empty()) {
    if (std::optional<std::string> text = readWholeFile(file, /*markUsed=*/false)) {
      bool stale = false;
      auto g = IncludeGraph::deserialize(*text, key, &stale);
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
