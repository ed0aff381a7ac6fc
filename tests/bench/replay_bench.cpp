// The replay of quoted tools on a realistic patch: a tree of device-model-like C files
// (300 lines each) in which a function is renamed at 8 call sites per file, with the
// commit message quoting the command that did it. Measures the whole replay (reading the
// commands, copying the pre-images to a scratch directory, running the tool in the
// sandbox, comparing with the post-images) for sed over 1 and 20 files, perl over 20
// files, and a quoted semantic patch over 1 and 20 files (spatch parses C: the costly
// one); and the reading of the message alone. The tools run in child processes: the
// times are wall-clock times, and items_per_second is files per second of wall time.
#include "analysis/replay/QuotedCommands.h"
#include "analysis/replay/Replay.h"
#include "tests/analysis/AstTestSupport.h"

#include <benchmark/benchmark.h>

#include <filesystem>

#include <map>
#include <memory>
#include <string>

namespace {

using namespace provcheck;
using testing::diffFile;
using testing::MemTree;

std::string device(int n, bool post) {
  std::string call = post ? "timer_read_ns(" : "timer_get_ns(";
  std::string s = "#include \"qemu/osdep.h\"\n#include \"hw/timer/dev.h\"\n\n";
  for (int i = 0; i < 40; ++i) {
    std::string f = "dev" + std::to_string(n) + "_reg" + std::to_string(i);
    s += "static uint64_t " + f + "_read(DevState *s, hwaddr addr, unsigned size)\n{\n";
    s += "    uint64_t v = s->regs[addr >> 2];\n";
    if (i % 5 == 0) s += "    v ^= " + call + "s->clk);\n";
    s += "    trace_dev_read(addr, v);\n    return v;\n}\n\n";
  }
  return s;
}

struct Case {
  Patch patch;
  PatchImages images;
};

// `files` modified files; the message quotes `command` (FILES stands for their names).
Case makeCase(int files, const std::string &message) {
  std::map<std::string, std::string> before, after;
  Case c;
  std::string names;
  for (int i = 0; i < files; ++i) {
    std::string path = "hw/timer/dev" + std::to_string(i) + ".c";
    before[path] = device(i, false);
    after[path] = device(i, true);
    c.patch.files.push_back(diffFile(path, before[path], after[path]));
    names += " " + path;
  }
  std::string text = message;
  for (size_t at; (at = text.find("FILES")) != std::string::npos;) text.replace(at, 5, names.substr(1));
  c.patch.id = "0123456789abcdef0123456789abcdef01234567";
  c.patch.subject = "hw/timer: use timer_read_ns()";
  c.patch.message = c.patch.subject + "\n\n" + text;
  c.images = {std::make_shared<MemTree>(before), std::make_shared<MemTree>(after), ""};
  return c;
}

const char *kSed = "Done with\n\n  sed -i 's/timer_get_ns(/timer_read_ns(/g' FILES\n";
const char *kPerl = "Done with\n\n  perl -pi -e 's/timer_get_ns\\(/timer_read_ns(/g' FILES\n";
const char *kCocci = "Done with this semantic patch:\n\n    @@\n    expression E;\n    @@\n"
                     "    -timer_get_ns(E)\n    +timer_read_ns(E)\n";

void replay(benchmark::State &state, const char *program, const char *message,
            const std::string &cacheDir = "") {
  if (replay::findProgram(program).empty()) {
    state.SkipWithError((std::string("replay unavailable: ") + program + " not installed").c_str());
    return;
  }
  Case c = makeCase(static_cast<int>(state.range(0)), message);
  replay::ReplayOptions options;
  options.cacheDir = cacheDir;
  if (!cacheDir.empty()) replay::replayQuotedTools(c.patch, c.images, options); // the record
  for (auto _ : state) {
    replay::ReplayOutcome out = replay::replayQuotedTools(c.patch, c.images, options);
    if (out.claims.size() != 1 || out.claims[0].status != ToolClaimStatus::Reproduced) {
      state.SkipWithError(("not reproduced: " + (out.claims.empty() ? "no claim" : out.claims[0].detail)).c_str());
      return;
    }
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_ReplaySed(benchmark::State &state) { replay(state, "sed", kSed); }
BENCHMARK(BM_ReplaySed)->Arg(1)->Arg(20)->Unit(benchmark::kMillisecond)->MinTime(2)->UseRealTime();

void BM_ReplayPerl(benchmark::State &state) { replay(state, "perl", kPerl); }
BENCHMARK(BM_ReplayPerl)->Arg(20)->Unit(benchmark::kMillisecond)->MinTime(2)->UseRealTime();

void BM_ReplaySemanticPatch(benchmark::State &state) { replay(state, "spatch", kCocci); }
BENCHMARK(BM_ReplaySemanticPatch)->Arg(1)->Arg(20)->Unit(benchmark::kMillisecond)->MinTime(2)->UseRealTime();

// The same semantic patch found in the replay cache (ReplayCache.h): spatch runs once
// before the timing, every timed replay reads its record.
void BM_ReplaySemanticPatchCached(benchmark::State &state) {
  auto dir = std::filesystem::temp_directory_path() / "provcheck-replay-bench-cache";
  replay(state, "spatch", kCocci, dir.string());
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
BENCHMARK(BM_ReplaySemanticPatchCached)->Arg(20)->Unit(benchmark::kMillisecond)->MinTime(2)->UseRealTime();

// Reading the commands of the message only (what every patch pays, tool quoted or not).
void BM_ReadQuotedCommands(benchmark::State &state) {
  Case c = makeCase(20, kSed);
  for (auto _ : state) benchmark::DoNotOptimize(replay::quotedCommands(c.patch.message));
}
BENCHMARK(BM_ReadQuotedCommands)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
