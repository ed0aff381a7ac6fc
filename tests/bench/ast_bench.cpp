// The AST map on a realistic pair of images: a device-model-like C file on glib and libc
// headers with a compilation database, four functions and a struct changed. Compares
// parsing the post-image alone with mapping both images (with and without the shared
// precompiled preamble), the same with the compiled-code proof (the four changed functions
// compiled to LLVM IR in both images; goal: the AST map's time plus at most 1.5x more),
// and the raw lexer. The goal: both images <= 1.5x post alone.
// Then a series of patches on the file: each patch alone (as a history scan did before
// sessions) against one session that keeps the preamble from patch to patch; and eight
// files touched once each, with and without the shared precompiled first include.
#include "analysis/AstMap.h"
#include "analysis/Tokens.h"
#include "tests/analysis/AstTestSupport.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>

namespace provcheck {
namespace {

using testing::diffFile;
using testing::MemTree;

std::string image(bool post) {
  std::string s = "#include <glib.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
                  "#include <string.h>\n#include <pthread.h>\n#include \"dev.h\"\n\n";
  s += "typedef struct DevState {\n    GMutex lock;\n    GHashTable *regs;\n    uint32_t irq;\n";
  if (post) s += "    uint32_t irq_mask;\n";
  s += "    char name[32];\n} DevState;\n\n";
  for (int i = 0; i < 60; ++i) {
    std::string n = std::to_string(i);
    s += "/* Handles register " + n + ". */\n";
    s += "static uint32_t dev_reg" + n + "_read(DevState *s, hwaddr addr)\n{\n";
    s += "    uint32_t v = GPOINTER_TO_UINT(g_hash_table_lookup(s->regs, GUINT_TO_POINTER(addr)));\n";
    s += "    g_mutex_lock(&s->lock);\n";
    if (post && i % 15 == 3)
      s += "    v = (v << " + n + ") | (s->irq & 0xff);\n";
    else
      s += "    v ^= s->irq + " + n + ";\n";
    s += "    g_mutex_unlock(&s->lock);\n    return v;\n}\n\n";
  }
  s += "void dev_reset(DevState *s)\n{\n    memset(s->name, 0, sizeof(s->name));\n}\n";
  return s;
}

struct Fixture {
  std::filesystem::path root;
  Patch modified, postOnly, withHeader;
  PatchImages images, headerImages; // headerImages: dev.h changed by the patch too
  std::string pre = image(false), post = image(true);

  Fixture() {
    root = std::filesystem::temp_directory_path() / "provcheck-ast-bench";
    std::filesystem::create_directories(root);
    std::ofstream db(root / "compile_commands.json");
    db << "[{\"directory\": \"" << root.string() << "\", \"file\": \"" << (root / "dev.c").string()
       << "\", \"arguments\": [\"cc\", \"-I/usr/include/glib-2.0\", "
          "\"-I/usr/lib/x86_64-linux-gnu/glib-2.0/include\", \"-D_GNU_SOURCE\", \"-c\", "
          "\"dev.c\", \"-o\", \"dev.o\"]}]\n";
    Files common{{"dev.h", "#include <stdint.h>\ntypedef uint64_t hwaddr;\n"}};
    Files oldFiles = common, newFiles = common;
    oldFiles["dev.c"] = pre;
    newFiles["dev.c"] = post;
    images = {std::make_shared<MemTree>(oldFiles), std::make_shared<MemTree>(newFiles), ""};
    modified.files.push_back(diffFile("dev.c", pre, post));
    Files headerNew = newFiles;
    headerNew["dev.h"] = common["dev.h"] + "typedef uint32_t irqmask;\n";
    headerImages = {std::make_shared<MemTree>(oldFiles), std::make_shared<MemTree>(headerNew), ""};
    withHeader.files.push_back(diffFile("dev.c", pre, post));
    withHeader.files.push_back(diffFile("dev.h", common["dev.h"], headerNew["dev.h"]));
    postOnly.files.push_back(diffFile("dev.c", std::nullopt, post));
  }
  using Files = std::map<std::string, std::string>;
  // In this process, so that the CPU time measured is the parse's.
  AstOptions options(bool preamble, bool skipBodies = true, bool compiled = false) const {
    AstOptions o;
    o.repoRoot = root.string();
    o.preamble = preamble;
    o.skipFunctionBodies = skipBodies;
    o.compiledCode = compiled;
    o.isolate = false;
    o.sharedPreamble = false; // the file's own preamble (BM_ManyFilesOneSession: the shared one)
    return o;
  }
};

const Fixture &fixture() {
  static Fixture f;
  return f;
}

void checkParsed(benchmark::State &state, const FileEntities &fe, bool both) {
  if (!fe.parsedNew || (both && !fe.parsedOld) || fe.degraded)
    state.SkipWithError("fixture did not parse cleanly");
}

// The reference: what clang needs to parse the post-image alone (a whole parse).
void BM_PostImageAlone(benchmark::State &state) {
  const Fixture &f = fixture();
  for (auto _ : state) {
    auto out = mapEntities(f.postOnly, f.images, f.options(false, false));
    checkParsed(state, out[0], false);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_PostImageAlone)->Unit(benchmark::kMillisecond)->MinTime(3);

void BM_BothImagesSharedPreamble(benchmark::State &state) {
  const Fixture &f = fixture();
  for (auto _ : state) {
    auto out = mapEntities(f.modified, f.images, f.options(true));
    checkParsed(state, out[0], true);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_BothImagesSharedPreamble)->Unit(benchmark::kMillisecond)->MinTime(3);

// The patch also changes a header the file includes: the pre-image cannot reuse a
// preamble, so none is built and both images of dev.c are parsed whole; plus the
// post-image of dev.h, parsed after dev.c's includes.
void BM_BothImagesHeaderAlsoChanged(benchmark::State &state) {
  const Fixture &f = fixture();
  for (auto _ : state) {
    auto out = mapEntities(f.withHeader, f.headerImages, f.options(true));
    checkParsed(state, out[0], true);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_BothImagesHeaderAlsoChanged)->Unit(benchmark::kMillisecond)->MinTime(3);

void BM_BothImagesSeparateParses(benchmark::State &state) {
  const Fixture &f = fixture();
  for (auto _ : state) {
    auto out = mapEntities(f.modified, f.images, f.options(false));
    checkParsed(state, out[0], true);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_BothImagesSeparateParses)->Unit(benchmark::kMillisecond)->MinTime(3);

void BM_BothImagesWholeBodies(benchmark::State &state) {
  const Fixture &f = fixture();
  for (auto _ : state) {
    auto out = mapEntities(f.modified, f.images, f.options(true, false));
    checkParsed(state, out[0], true);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_BothImagesWholeBodies)->Unit(benchmark::kMillisecond)->MinTime(3);

// The AST map and the compiled-code proof: the changed functions of both images compiled
// on the shared preamble.
void BM_BothImagesWithCompiledCode(benchmark::State &state) {
  const Fixture &f = fixture();
  for (auto _ : state) {
    auto out = mapEntities(f.modified, f.images, f.options(true, true, true));
    checkParsed(state, out[0], true);
    if (!out[0].compiled || !out[0].compiled->oldImage.compiled || !out[0].compiled->newImage.compiled)
      state.SkipWithError("fixture did not compile");
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_BothImagesWithCompiledCode)->Unit(benchmark::kMillisecond)->MinTime(3);

// No preamble to share (a header the file includes changes too): each image compiled
// whole, beside its parse.
void BM_BothImagesHeaderAlsoChangedWithCompiledCode(benchmark::State &state) {
  const Fixture &f = fixture();
  for (auto _ : state) {
    auto out = mapEntities(f.withHeader, f.headerImages, f.options(true, true, true));
    checkParsed(state, out[0], true);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_BothImagesHeaderAlsoChangedWithCompiledCode)->Unit(benchmark::kMillisecond)->MinTime(3);

// A series: eight patches, each changing one more function of dev.c, in that order
// (image k of the history is dev.c with the first k functions changed).
struct Series {
  std::vector<Patch> patches;
  std::vector<PatchImages> images;
  explicit Series(const Fixture &f) {
    auto version = [&](int k) {
      std::string s = f.pre;
      for (int i = 0; i < k; ++i) {
        std::string from = "v ^= s->irq + " + std::to_string(i * 7) + ";";
        size_t at = s.find(from);
        if (at != std::string::npos) s.replace(at, from.size(), "v ^= s->irq - " + std::to_string(i * 7) + ";");
      }
      return s;
    };
    std::string dev = "#include <stdint.h>\ntypedef uint64_t hwaddr;\n";
    for (int k = 1; k <= 8; ++k) {
      std::string before = version(k - 1), after = version(k);
      Patch p;
      p.files.push_back(diffFile("dev.c", before, after));
      patches.push_back(std::move(p));
      images.push_back({std::make_shared<MemTree>(Fixture::Files{{"dev.h", dev}, {"dev.c", before}}),
                        std::make_shared<MemTree>(Fixture::Files{{"dev.h", dev}, {"dev.c", after}}),
                        ""});
    }
  }
};

const Series &series() {
  static Series s(fixture());
  return s;
}

// The series as a history scan did before sessions: each patch on its own (the compile
// database read again, a preamble shared by the two images of the file and dropped).
void BM_SeriesEachPatchAlone(benchmark::State &state) {
  const Fixture &f = fixture();
  const Series &s = series();
  for (auto _ : state)
    for (size_t i = 0; i < s.patches.size(); ++i) {
      AstOptions o = f.options(true);
      o.isolate = state.range(0) != 0;
      auto out = mapEntities(s.patches[i], s.images[i], o);
      checkParsed(state, out[0], true);
    }
}
BENCHMARK(BM_SeriesEachPatchAlone)->Arg(0)->Unit(benchmark::kMillisecond)->MinTime(3);

// The series in one session: the preamble built for the first patch serves them all.
// Arg: 0 parses in this process, 1 in parse workers (their preambles then persist
// between sessions too: the first iteration builds, the later ones reuse; the CPU time
// is this process's alone, the wall time tells).
void BM_SeriesOneSession(benchmark::State &state) {
  const Fixture &f = fixture();
  const Series &s = series();
  for (auto _ : state) {
    AstOptions o = f.options(true);
    o.isolate = state.range(0) != 0;
    AstSession session(o);
    for (size_t i = 0; i < s.patches.size(); ++i) {
      auto out = session.map(s.patches[i], s.images[i]);
      checkParsed(state, out[0], true);
    }
    state.counters["preamble builds"] = static_cast<double>(session.stats().preambleBuilds);
  }
}
BENCHMARK(BM_SeriesOneSession)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(3);

// A history that touches many files once each (most of a history scan): eight files
// opening with the same include block, one patch each changing a function. Arg: 1 with
// the shared precompiled first include (glib.h compiled once for all the files), 0
// without (each file builds its own preamble for its two images, as before it).
struct ManyFiles {
  std::vector<Patch> patches;
  std::vector<PatchImages> images;
  explicit ManyFiles(const Fixture &f) {
    std::string dev = "#include <stdint.h>\ntypedef uint64_t hwaddr;\n";
    for (int k = 0; k < 8; ++k) {
      std::string name = "dev" + std::to_string(k) + ".c";
      Patch p;
      p.files.push_back(diffFile(name, f.pre, f.post));
      patches.push_back(std::move(p));
      images.push_back({std::make_shared<MemTree>(Fixture::Files{{"dev.h", dev}, {name, f.pre}}),
                        std::make_shared<MemTree>(Fixture::Files{{"dev.h", dev}, {name, f.post}}),
                        ""});
    }
  }
};

void BM_ManyFilesOneSession(benchmark::State &state) {
  const Fixture &f = fixture();
  static const ManyFiles many(f);
  for (auto _ : state) {
    AstOptions o = f.options(true);
    o.sharedPreamble = state.range(0) != 0;
    AstSession session(o);
    for (size_t i = 0; i < many.patches.size(); ++i) {
      auto out = session.map(many.patches[i], many.images[i]);
      checkParsed(state, out[0], true);
    }
    AstSession::Stats st = session.stats();
    state.counters["preamble builds"] = static_cast<double>(st.preambleBuilds);
    state.counters["shared builds"] = static_cast<double>(st.sharedBuilds);
    state.counters["shared uses"] = static_cast<double>(st.sharedUses);
  }
}
BENCHMARK(BM_ManyFilesOneSession)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(3);

void BM_RawLexBothImages(benchmark::State &state) {
  const Fixture &f = fixture();
  for (auto _ : state) {
    benchmark::DoNotOptimize(lexTokens(f.pre));
    benchmark::DoNotOptimize(lexTokens(f.post));
  }
}
BENCHMARK(BM_RawLexBothImages)->Unit(benchmark::kMicrosecond);

} // namespace
} // namespace provcheck

BENCHMARK_MAIN();
