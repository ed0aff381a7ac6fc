// Time of the dependency map (lexer-level include scan, transitive counts, symbol fan-in)
// on a whole tree, and the figures that choose coreIncludedBy and coreSymbolFanIn.
//   deps_bench [benchmark flags]   time a build of $PROVCHECK_DEPS_TREE (a directory,
//                                  e.g. an export of QEMU) with 1 and 2 threads, no cache,
//                                  and a load from the cache
//   deps_bench --measure DIR       print the distributions of includedBy and fan-in
#include "maps/IncludeGraph.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace provcheck;

std::string treeDir() {
  const char *d = std::getenv("PROVCHECK_DEPS_TREE");
  return d && *d ? d : "/tmp/qemu-ref";
}

void BM_BuildDependencyMap(benchmark::State &state) {
  auto tree = directoryTreeView(treeDir());
  DependencyOptions opts;
  opts.jobs = static_cast<int>(state.range(0));
  opts.useCache = false; // every file scanned
  size_t files = 0;
  for (auto _ : state) {
    auto graph = IncludeGraph::build(*tree, opts);
    files = graph->stats().files;
    benchmark::DoNotOptimize(graph);
  }
  state.counters["files"] = static_cast<double>(files);
}
BENCHMARK(BM_BuildDependencyMap)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_LoadCachedDependencyMap(benchmark::State &state) {
  auto tree = directoryTreeView(treeDir());
  DependencyOptions opts;
  opts.cacheDir = (std::filesystem::temp_directory_path() / "provcheck-deps-bench").string();
  (void)loadDependencyMap(*tree, opts); // fills the cache
  for (auto _ : state) {
    auto map = loadDependencyMap(*tree, opts);
    benchmark::DoNotOptimize(map);
  }
}
BENCHMARK(BM_LoadCachedDependencyMap)->Unit(benchmark::kMillisecond)->Iterations(3);

void printDistribution(const char *what, std::vector<int> v) {
  std::sort(v.rbegin(), v.rend());
  std::printf("%s: %zu entries\n", what, v.size());
  for (int threshold : {5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000})
    std::printf("  >= %4d: %zu\n", threshold,
                static_cast<size_t>(std::count_if(v.begin(), v.end(), [&](int n) { return n >= threshold; })));
}

int measure(const std::string &dir) {
  auto tree = directoryTreeView(dir);
  DependencyOptions opts;
  opts.useCache = false;
  auto t0 = std::chrono::steady_clock::now();
  auto graph = IncludeGraph::build(*tree, opts);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const DependencyStats &st = graph->stats();
  std::printf("tree %s: %zu source files, %zu #include lines (%zu resolved), %zu header symbols, "
              "%.2f s\n", dir.c_str(), st.files, st.includes, st.resolved, st.symbols, secs);
  std::vector<int> inc, fan;
  std::vector<std::pair<int, std::string>> topInc, topFan;
  for (const auto &[p, n] : graph->includedByAll()) inc.push_back(n), topInc.emplace_back(n, p);
  for (const auto &[s, n] : graph->fanInAll()) fan.push_back(n), topFan.emplace_back(n, s);
  printDistribution("includedBy (files included by at least one other)", inc);
  printDistribution("symbol fan-in (header symbols used elsewhere)", fan);
  for (auto *top : {&topInc, &topFan}) {
    std::sort(top->rbegin(), top->rend());
    for (size_t i = 0; i < std::min<size_t>(15, top->size()); ++i)
      std::printf("  %6d %s\n", (*top)[i].first, (*top)[i].second.c_str());
  }
  const char *probe = std::getenv("PROVCHECK_DEPS_PROBE"); // "a.h,b.h,sym" to look up
  for (std::string rest = probe ? probe : ""; !rest.empty();) {
    size_t comma = rest.find(',');
    std::string item = rest.substr(0, comma);
    std::printf("  probe %s: includedBy %d, fan-in %d\n", item.c_str(), graph->includedBy(item),
                graph->symbolFanIn(item));
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--measure") == 0) return measure(argv[2]);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
