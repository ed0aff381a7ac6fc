// The ownership map on QEMU's real MAINTAINERS and tree (tests/data/qemu):
// parsing and indexing, the owners of every path of the tree, and one whole
// get_maintainer.pl-compatible answer for one file.
#include "maps/GetMaintainer.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace {

using namespace provcheck;
namespace fs = std::filesystem;

fs::path qemuData(const std::string &rel) {
  return fs::path(PROVCHECK_SOURCE_DIR) / "tests" / "data" / "qemu" / rel;
}

std::string slurp(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Data {
  std::string maintainers = slurp(qemuData("MAINTAINERS"));
  std::string mailmap = slurp(qemuData("mailmap"));
  std::vector<std::string> paths;
  std::set<std::string, std::less<>> dirs, files;
  Data() {
    std::istringstream in(slurp(qemuData("tree.tsv")));
    std::string line;
    while (std::getline(in, line)) {
      auto tab = line.find('\t');
      std::string path = line.substr(tab + 1);
      paths.push_back(path);
      files.insert(path);
      if (line.substr(0, tab) == "160000") dirs.insert(path);
      for (size_t s = path.find('/'); s != std::string::npos; s = path.find('/', s + 1))
        dirs.insert(path.substr(0, s));
    }
  }
  OwnershipMap build() const {
    MaintainersOptions o;
    o.mailmap = mailmap;
    auto map = OwnershipMap::build(maintainers, "MAINTAINERS",
                                   [this](std::string_view p) { return dirs.count(p) != 0; }, o);
    if (!map) throw std::runtime_error(map.error().str());
    return std::move(*map);
  }
};

const Data &data() {
  static const Data d;
  return d;
}

void BM_ParseAndIndexQemuMaintainers(benchmark::State &state) {
  const Data &d = data();
  for (auto _ : state) {
    OwnershipMap map = d.build();
    benchmark::DoNotOptimize(map.patterns().size());
  }
}
BENCHMARK(BM_ParseAndIndexQemuMaintainers)->Unit(benchmark::kMillisecond);

// What a history scan pays for each version of MAINTAINERS it meets: a version edited
// (a section added, a pattern of its own), built with the patterns of the version before
// already compiled (one RegexCache for the run), the same directory answers.
void BM_ParseAndIndexEditedQemuMaintainersSharingPatterns(benchmark::State &state) {
  const Data &d = data();
  RegexCache cache;
  MaintainersOptions o;
  o.mailmap = d.mailmap;
  o.regexes = &cache;
  auto build = [&](const std::string &text) {
    auto map = OwnershipMap::build(text, "MAINTAINERS",
                                   [&d](std::string_view p) { return d.dirs.count(p) != 0; }, o);
    if (!map) throw std::runtime_error(map.error().str());
    cache.retire();
    return std::move(*map);
  };
  (void)build(d.maintainers);
  size_t k = 0;
  for (auto _ : state) {
    std::string n = std::to_string(k++);
    OwnershipMap map = build(d.maintainers + "\nNew part " + n +
                             "\nM: Part Keeper <part@example.org>\nS: Maintained\nF: hw/part" + n +
                             "/*.[ch]\n");
    benchmark::DoNotOptimize(map.patterns().size());
  }
  state.counters["compiled"] = static_cast<double>(cache.compiled());
}
BENCHMARK(BM_ParseAndIndexEditedQemuMaintainersSharingPatterns)->Unit(benchmark::kMillisecond);

// Owning sections (people, lists, mailmap resolved) of all ~11,000 paths of the tree.
void BM_OwnersOfEveryPathOfTheTree(benchmark::State &state) {
  const Data &d = data();
  OwnershipMap map = d.build();
  for (auto _ : state) {
    size_t n = 0;
    for (const auto &p : d.paths) n += map.sectionsFor(p).size();
    benchmark::DoNotOptimize(n);
  }
  state.counters["paths"] = static_cast<double>(d.paths.size());
  state.counters["per_path_us"] = benchmark::Counter(
      static_cast<double>(d.paths.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert,
      benchmark::Counter::kIs1000);
}
BENCHMARK(BM_OwnersOfEveryPathOfTheTree)->Unit(benchmark::kMillisecond);

// Only the matching (sections and depths), no people.
void BM_MatchEveryPathOfTheTree(benchmark::State &state) {
  const Data &d = data();
  OwnershipMap map = d.build();
  for (auto _ : state) {
    size_t n = 0;
    for (const auto &p : d.paths) n += map.match(p).size();
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_MatchEveryPathOfTheTree)->Unit(benchmark::kMillisecond);

// What `get_maintainer.pl -f hw/arm/virt.c` prints (without git), the map already built.
void BM_GetMaintainerOneFile(benchmark::State &state) {
  const Data &d = data();
  OwnershipMap map = d.build();
  GetMaintainerOptions o;
  o.gitFallback = false;
  validate(o);
  MaintainersInput in;
  in.fromFiles = true;
  in.paths = {"hw/arm/virt.c"};
  in.isDirectory = [&d](std::string_view p) { return d.dirs.count(p) != 0; };
  in.readFile = [](std::string_view) { return std::optional<std::string>(std::string()); };
  for (auto _ : state) {
    auto r = getMaintainers(map, in, o);
    benchmark::DoNotOptimize(renderText(*r, o));
  }
}
BENCHMARK(BM_GetMaintainerOneFile)->Unit(benchmark::kMicrosecond);

// The same from nothing: parse, index, answer (what one `provcheck maintainers -f` does).
void BM_GetMaintainerOneFileFromScratch(benchmark::State &state) {
  const Data &d = data();
  GetMaintainerOptions o;
  o.gitFallback = false;
  validate(o);
  MaintainersInput in;
  in.fromFiles = true;
  in.paths = {"hw/arm/virt.c"};
  in.isDirectory = [&d](std::string_view p) { return d.dirs.count(p) != 0; };
  in.readFile = [](std::string_view) { return std::optional<std::string>(std::string()); };
  for (auto _ : state) {
    OwnershipMap map = d.build();
    auto r = getMaintainers(map, in, o);
    benchmark::DoNotOptimize(renderText(*r, o));
  }
}
BENCHMARK(BM_GetMaintainerOneFileFromScratch)->Unit(benchmark::kMillisecond);

// `get_maintainer.pl -f` over every path of the tree in one answer (what
// `provcheck maintainers -f $(git ls-files)` computes once the files are read): matching,
// the K: keywords on each file's text, selection and de-duplication of the people, and
// the output. The texts are the files of $PROVCHECK_QEMU_TREE (a QEMU checkout at the
// commit of tests/data/qemu) read into memory beforehand, else empty.
void BM_GetMaintainerEveryFileOfTheTree(benchmark::State &state) {
  const Data &d = data();
  OwnershipMap map = d.build();
  static const std::map<std::string, std::string, std::less<>> texts = [&d] {
    std::map<std::string, std::string, std::less<>> out;
    const char *root = std::getenv("PROVCHECK_QEMU_TREE");
    for (const auto &p : d.paths) {
      if (d.dirs.count(p)) continue; // a submodule: a directory
      std::string text;
      if (root && fs::is_regular_file(fs::path(root) / p)) text = slurp(fs::path(root) / p);
      out.emplace(p, std::move(text));
    }
    return out;
  }();
  GetMaintainerOptions o;
  validate(o);
  MaintainersInput in;
  in.fromFiles = true;
  in.paths = d.paths;
  in.isDirectory = [&d](std::string_view p) { return d.dirs.count(p) != 0; };
  in.readFile = [](std::string_view p) -> std::optional<std::string> {
    auto it = texts.find(p);
    if (it == texts.end()) return std::nullopt;
    return it->second;
  };
  in.readFilePrefix = [](std::string_view p, size_t n) -> std::optional<std::string> {
    auto it = texts.find(p);
    if (it == texts.end()) return std::nullopt;
    return it->second.substr(0, n);
  };
  for (auto _ : state) {
    auto r = getMaintainers(map, in, o);
    if (!r) {
      state.SkipWithError(r.error().str().c_str());
      return;
    }
    benchmark::DoNotOptimize(renderText(*r, o));
  }
  state.SetLabel(std::getenv("PROVCHECK_QEMU_TREE") ? "file texts of $PROVCHECK_QEMU_TREE"
                                                     : "empty file texts");
  state.counters["files"] = static_cast<double>(d.paths.size());
  state.counters["per_file_us"] = benchmark::Counter(
      static_cast<double>(d.paths.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert,
      benchmark::Counter::kIs1000);
}
BENCHMARK(BM_GetMaintainerEveryFileOfTheTree)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
