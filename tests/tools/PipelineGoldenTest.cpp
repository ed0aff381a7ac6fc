// The whole check pipeline in-process on fixture repositories, compared with the golden
// reports in tests/data/golden/ (PROVCHECK_UPDATE_GOLDEN=1 rewrites them for review).
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/render/Jsonl.h"
#include "tools/provcheck/render/Oneline.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <thread>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

namespace provcheck::testing {
namespace {

const char *kMaintainers = R"(Core
M: Carla Core <carla@example.org>
S: Maintained
F: include/qemu/
F: util/

LED device
M: Lee Dee <lee@example.org>
S: Odd Fixes
F: hw/misc/led*.c
F: tests/unit/test-led.c

Documentation
M: Dora Docs <dora@example.org>
S: Maintained
F: docs/
)";

const char *kLed = R"(#include "qemu/log.h"

static int led_state;

void led_set(int on)
{
    led_state = on;
    qemu_log("led %d\n", on);
}

int led_get(void)
{
    return led_state;
}
)";

// A history with one commit of each kind the report shows: docs, a code fix with a
// test, a rename, a deletion with a binary file, a core header change.
struct History {
  FixtureRepo repo;
  std::string base, docs, fix, rename, binary, core;

  History() {
    repo.write("MAINTAINERS", kMaintainers);
    repo.write("docs/led.rst", "LED\n===\n\nA light.\n");
    repo.write("include/qemu/log.h", "#ifndef LOG_H\n#define LOG_H\n"
                                     "void qemu_log(const char *fmt, ...);\n#endif\n");
    repo.write("util/log.c", "#include \"qemu/log.h\"\n\nvoid qemu_log(const char *fmt, ...)\n"
                             "{\n}\n");
    repo.write("hw/misc/led.c", kLed);
    repo.write("hw/misc/old.c", "int old_device;\n");
    repo.write("tests/unit/test-led.c", "int main(void)\n{\n    return 0;\n}\n");
    base = repo.commit("Initial import\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
    repo.branch("upstream", base);

    repo.write("docs/led.rst", "LED\n===\n\nA light that is on or off.\n\nSee led_set().\n");
    docs = repo.commit("docs/led: say what the LED does\n\n"
                       "AI-used-for: docs\n"
                       "Signed-off-by: Ada Lovelace <ada@example.org>\n");

    std::string led = kLed;
    led.replace(led.find("led_state = on;"), 15, "led_state = !!on;");
    repo.write("hw/misc/led.c", led);
    repo.write("tests/unit/test-led.c",
               "void led_set(int on);\nint led_get(void);\n\nint main(void)\n{\n"
               "    led_set(2);\n    return led_get() == 1 ? 0 : 1;\n}\n");
    fix = repo.commit("hw/misc/led: store the state as a boolean\n\n"
                      "AI-used-for: code, tests\n"
                      "Signed-off-by: Ada Lovelace <ada@example.org>\n");

    repo.rename("hw/misc/led.c", "hw/misc/led-core.c");
    rename = repo.commit("hw/misc/led: rename led.c to led-core.c\n\n"
                         "Signed-off-by: Ada Lovelace <ada@example.org>\n");

    repo.remove("hw/misc/old.c");
    repo.write("docs/led.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    binary = repo.commit("hw/misc: drop the old device, add a picture of the LED\n\n"
                         "Signed-off-by: Ada Lovelace <ada@example.org>\n");

    repo.write("include/qemu/log.h",
               "#ifndef LOG_H\n#define LOG_H\n"
               "void qemu_log(const char *fmt, ...);\nvoid qemu_log_flush(void);\n#endif\n");
    core = repo.commit("qemu/log: declare qemu_log_flush()\n\n"
                       "AI-used-for: code\n"
                       "Signed-off-by: Ada Lovelace <ada@example.org>\n");
  }

  RunResult check(std::vector<std::string> sources, int jobs = 1, bool noAst = false) const {
    PipelineOptions options;
    options.dir = repo.str();
    options.sources = std::move(sources);
    options.jobs = jobs;
    options.noAst = noAst;
    auto run = runPipeline(options);
    if (!run) ADD_FAILURE() << run.error().str();
    return run ? *run : RunResult{};
  }

  // The output of a streaming sink over `sources`, the repository path as "<repo>".
  template <class Sink> std::string stream(std::vector<std::string> sources) const {
    PipelineOptions options;
    options.dir = repo.str();
    options.sources = std::move(sources);
    options.jobs = 1;
    std::ostringstream os;
    Sink sink(os);
    auto needsAction = streamPipeline(options, sink);
    if (!needsAction) ADD_FAILURE() << needsAction.error().str();
    std::string out = os.str();
    std::string path = "\"" + repo.str() + "\"";
    for (size_t at; (at = out.find(path)) != std::string::npos;)
      out.replace(at, path.size(), "\"<repo>\"");
    return out;
  }
};

TEST(PipelineGolden, TextReportOfHistory) {
  History h;
  RunResult run = h.check({"upstream..HEAD"});
  ASSERT_EQ(run.series.size(), 1u);
  EXPECT_EQ(run.series[0].patches.size(), 5u);
  EXPECT_EQ(compareGolden("golden/history.txt", textReport(run)), "");
  EXPECT_EQ(compareGolden("golden/history-verbose.txt", textReport(run, true)), "");
}

TEST(PipelineGolden, JsonReportOfHistory) {
  History h;
  RunResult run = h.check({"upstream..HEAD"});
  EXPECT_EQ(compareGolden("golden/history.json", jsonReport(run)), "");
}

TEST(PipelineGolden, OnelineReportOfHistory) {
  History h;
  RunResult run = h.check({"upstream..HEAD"});
  EXPECT_EQ(compareGolden("golden/history.oneline", onelineReport(run)), "");
}

// JSON Lines: a run line, a series line, one line per patch, the series verdict, and an
// end line with what was skipped and the notices. A patch line is the JSON report's patch
// with its place in the run; the series verdict is the JSON report's.
TEST(PipelineGolden, JsonlReportOfHistory) {
  History h;
  std::string jsonl = h.stream<render::JsonlSink>({"upstream..HEAD"});
  EXPECT_EQ(compareGolden("golden/history.jsonl", jsonl), "");
  auto whole = nlohmann::json::parse(jsonReport(h.check({"upstream..HEAD"})));
  const auto &series = whole.at("series").at(0);
  std::istringstream lines(jsonl);
  std::vector<std::string> types;
  for (std::string line; std::getline(lines, line);) {
    auto record = nlohmann::json::parse(line); // each line a document of its own
    types.push_back(record.at("type"));
    if (record.at("type") == "patch") {
      int index = record.at("index");
      EXPECT_EQ(record.at("series"), 0);
      for (const char *key : {"type", "series", "index"}) record.erase(key);
      EXPECT_EQ(record, series.at("patches").at(index)) << "patch " << index;
    } else if (record.at("type") == "series-verdict") {
      EXPECT_EQ(record.at("verdict"), series.at("verdict"));
      EXPECT_EQ(record.at("patches"), series.at("patches").size());
    }
  }
  EXPECT_EQ(types, (std::vector<std::string>{"run", "series", "patch", "patch", "patch", "patch",
                                             "patch", "series-verdict", "end"}));
}

// The streamed oneline report is the one rendered from the whole run.
TEST(PipelineGolden, StreamedOnelineIsTheCollectedOne) {
  History h;
  EXPECT_EQ(h.stream<render::OnelineSink>({"upstream..HEAD"}),
            onelineReport(h.check({"upstream..HEAD"})));
}

// What a streaming run hands on, in order, with the commits read in between.
class Recorder : public RunSink {
public:
  std::mutex mutex;
  std::vector<std::string> events;
  void record(std::string e) {
    std::lock_guard<std::mutex> lock(mutex);
    events.push_back(std::move(e));
  }
  void beginSeries(const SeriesResult &s) override { record("series " + s.title); }
  void patch(PatchResult &&p) override {
    std::this_thread::sleep_for(slow);
    record("patch " + p.patch.subject.substr(0, 9));
  }
  std::chrono::milliseconds slow{0};
  void endSeries(const Verdict &) override { record("verdict"); }
  void end(RunResult &&) override { record("end"); }
};

std::vector<std::string> streamEvents(const History &h, size_t batch, int jobs,
                                      bool overlap = false) {
  PipelineOptions options;
  options.dir = h.repo.str();
  options.sources = {"upstream..HEAD"};
  options.jobs = jobs;
  options.batch = batch;
  options.overlap = overlap;
  Recorder recorder;
  // A slow sink: what overlaps runs as far ahead as it may.
  if (overlap) recorder.slow = std::chrono::milliseconds(20);
  options.commitRead = [&] { recorder.record("read"); };
  auto run = streamPipeline(options, recorder);
  EXPECT_TRUE(run) << (run ? "" : run.error().str());
  return recorder.events;
}

// Each patch is checked and handed on before the next commit is read: nothing of the
// range is kept but the batch on its way. The first batch is read before the series
// begins (its first commit may be b4's cover letter, the series' title).
TEST(PipelineStream, EachPatchIsHandedOnBeforeTheNextIsRead) {
  History h;
  EXPECT_EQ(streamEvents(h, 1, 1),
            (std::vector<std::string>{"read", "series upstream..HEAD", "patch docs/led:", "read",
                                      "patch hw/misc/l", "read", "patch hw/misc/l", "read",
                                      "patch hw/misc: ", "read", "patch qemu/log:", "verdict",
                                      "end"}));
}

// With a batch of two (read on two threads), two commits are read, then handed on.
TEST(PipelineStream, ABatchIsReadThenHandedOn) {
  History h;
  EXPECT_EQ(streamEvents(h, 2, 2),
            (std::vector<std::string>{"read", "read", "series upstream..HEAD", "patch docs/led:",
                                      "patch hw/misc/l", "read", "read", "patch hw/misc/l",
                                      "patch hw/misc: ", "read", "patch qemu/log:", "verdict",
                                      "end"}));
}

// Overlapping the batches, the next batch is read while one goes through the stages and
// the one before is handed on, and no further: when the patches of batch k are handed on
// (by a slow sink), batches k+2 at most have been read, and k at least.
TEST(PipelineStream, OverlapHoldsThreeBatchesAtMost) {
  History h;
  for (size_t batch : {1, 2}) {
    std::vector<std::string> events = streamEvents(h, batch, 1, true);
    size_t read = 0, handed = 0;
    for (const std::string &e : events) {
      if (e == "read") ++read;
      if (e.rfind("patch ", 0) != 0) continue;
      size_t k = handed++ / batch; // the batch of this patch
      EXPECT_GE(read, std::min<size_t>(5, (k + 1) * batch)) << "batch " << batch << ", " << e;
      EXPECT_LE(read, std::min<size_t>(5, (k + 3) * batch)) << "batch " << batch << ", " << e;
    }
    EXPECT_EQ(read, 5u);
    EXPECT_EQ(handed, 5u);
    EXPECT_EQ(events.back(), "end");
  }
  // What is handed on is what a run that does not overlap hands on, in the same order.
  auto handedOn = [](std::vector<std::string> events) {
    events.erase(std::remove(events.begin(), events.end(), "read"), events.end());
    return events;
  };
  EXPECT_EQ(handedOn(streamEvents(h, 1, 2, true)), handedOn(streamEvents(h, 1, 2, false)));
  EXPECT_EQ(handedOn(streamEvents(h, 2, 2, true)), handedOn(streamEvents(h, 2, 2, false)));
}

// A policy file that does not parse ends the run with its error, after the patches
// checked before it: overlapping the batches, they are handed on before the run returns,
// as they are without.
TEST(PipelineStream, AnErrorEndsTheRunAfterWhatCameBeforeIt) {
  FixtureRepo repo;
  repo.write("MAINTAINERS", kMaintainers);
  repo.write("a.c", "int a;\n");
  std::string start = repo.commit("start\n");
  for (int i = 0; i < 3; ++i) {
    repo.write("a.c", "int a" + std::to_string(i) + ";\n");
    repo.commit("step " + std::to_string(i) + "\n\nSigned-off-by: A <a@example.org>\n");
  }
  repo.write(".provcheck.toml", "base = [not toml\n");
  repo.commit("broken policy\n\nSigned-off-by: A <a@example.org>\n");
  repo.remove(".provcheck.toml"); // HEAD's policy is QEMU's: only this patch's base is broken
  repo.commit("after\n\nSigned-off-by: A <a@example.org>\n");
  for (bool overlap : {false, true}) {
    PipelineOptions options;
    options.dir = repo.str();
    options.sources = {start + "..HEAD"};
    options.jobs = 1;
    options.batch = 1;
    options.noAst = true;
    options.overlap = overlap;
    Recorder recorder;
    if (overlap) recorder.slow = std::chrono::milliseconds(20);
    auto run = streamPipeline(options, recorder);
    ASSERT_FALSE(run) << "overlap " << overlap;
    EXPECT_NE(run.error().str().find(".provcheck.toml"), std::string::npos) << run.error().str();
    std::lock_guard<std::mutex> lock(recorder.mutex);
    EXPECT_EQ(recorder.events,
              (std::vector<std::string>{"series " + start + "..HEAD", "patch step 0", "patch step 1",
                                        "patch step 2", "patch broken po", "verdict"}))
        << "overlap " << overlap;
  }
}

// What the patches of a range touch is told before any commit is read (the report reads
// the history of those paths while the patches are checked): every old and new path of
// their files, and the earliest author time.
TEST(PipelineStream, AfterPlanTellsWhatThePatchesTouchBeforeAnyIsRead) {
  History h;
  PipelineOptions options;
  options.dir = h.repo.str();
  options.sources = {"upstream..HEAD"};
  options.jobs = 1;
  options.batch = 1;
  options.overlap = false;
  Recorder recorder;
  options.commitRead = [&] { recorder.record("read"); };
  PlanTouch touch;
  options.afterPlan = [&](const PlanTouch &t, const std::string &repository, const Policy &) {
    recorder.record("plan of " + repository);
    touch = t;
  };
  auto needsAction = streamPipeline(options, recorder);
  ASSERT_TRUE(needsAction) << needsAction.error().str();
  ASSERT_FALSE(recorder.events.empty());
  EXPECT_EQ(recorder.events.front(), "plan of " + h.repo.str());
  EXPECT_EQ(std::count(recorder.events.begin(), recorder.events.end(), "read"), 5);

  std::set<std::string> paths;
  int64_t earliest = INT64_MAX;
  RunResult run = h.check({"upstream..HEAD"});
  for (const PatchResult &p : run.series.at(0).patches) {
    earliest = std::min(earliest, p.patch.time);
    for (const FileChange &f : p.patch.files)
      for (const std::string *path : {&f.path(), &f.oldPath})
        if (!path->empty()) paths.insert(*path);
  }
  EXPECT_EQ(touch.paths, paths);
  EXPECT_TRUE(touch.paths.count("hw/misc/led.c")); // a renamed file's old path
  EXPECT_TRUE(touch.paths.count("docs/led.png"));  // a binary file
  EXPECT_EQ(touch.earliest, earliest);
  EXPECT_EQ(touch.series, 1u);
}

// A sink that takes one series as it comes gets several once all are checked and each
// one's earlier versions are linked over the whole run, as runPipeline gives them.
TEST(PipelineStream, SeveralSeriesAreHandedOnAtTheEndWhenAsked) {
  History h;
  PipelineOptions options;
  options.dir = h.repo.str();
  options.sources = {"upstream.." + h.fix, h.fix + "..HEAD"};
  options.jobs = 1;
  options.batch = 1;
  options.overlap = false;
  options.streamOneSeriesOnly = true;
  Recorder recorder;
  options.commitRead = [&] { recorder.record("read"); };
  auto needsAction = streamPipeline(options, recorder);
  ASSERT_TRUE(needsAction) << needsAction.error().str();
  EXPECT_EQ(recorder.events,
            (std::vector<std::string>{"read", "read", "read", "read", "read",
                                      "series upstream.." + h.fix, "patch docs/led:",
                                      "patch hw/misc/l", "verdict", "series " + h.fix + "..HEAD",
                                      "patch hw/misc/l", "patch hw/misc: ", "patch qemu/log:",
                                      "verdict", "end"}));
  // One series streams.
  options.sources = {"upstream..HEAD"};
  recorder.events.clear();
  ASSERT_TRUE(streamPipeline(options, recorder));
  EXPECT_EQ(recorder.events.at(1), "series upstream..HEAD");
  EXPECT_EQ(recorder.events.at(3), "read"); // the second commit is read after the first is handed on
}

// The accounting invariant: per patch, the lines per category add up to the diffstat.
TEST(PipelineGolden, CategoryTotalsEqualTheDiffstat) {
  History h;
  RunResult run = h.check({"upstream..HEAD"});
  ASSERT_TRUE(run.stages.classify);
  for (const PatchResult &p : run.series.at(0).patches) {
    int added = 0, removed = 0;
    for (const LineCounts &c : p.classification.byCategory) {
      added += c.added;
      removed += c.removed;
    }
    EXPECT_EQ(added, p.patch.added()) << p.patch.subject;
    EXPECT_EQ(removed, p.patch.removed()) << p.patch.subject;
  }
}

// Patches parsed on several threads give the same report as on one.
TEST(PipelineGolden, JobsDoNotChangeTheResult) {
  History h;
  EXPECT_EQ(jsonReport(h.check({"upstream..HEAD"}, 1)), jsonReport(h.check({"upstream..HEAD"}, 3)));
}

// Without the AST map: no entities (null in JSON, no Entities section), classification
// still there.
TEST(PipelineGolden, NoAstLeavesEntitiesOut) {
  History h;
  RunResult run = h.check({"upstream..HEAD"}, 1, true);
  EXPECT_FALSE(run.stages.entities);
  EXPECT_TRUE(run.stages.classify);
  std::string json = jsonReport(run);
  EXPECT_EQ(json.find("\"parsed_new\""), std::string::npos);
  EXPECT_EQ(textReport(run).find("Entities:"), std::string::npos);
}

// The entities the AST map found are in the report: the function the fix changed.
TEST(PipelineGolden, EntitiesOfTheFix) {
  History h;
  RunResult run = h.check({h.fix});
  ASSERT_TRUE(run.stages.entities);
  const PatchResult &p = run.series.at(0).patches.at(0);
  ASSERT_EQ(p.patch.files.at(0).path(), "hw/misc/led.c");
  EXPECT_NE(textReport(run).find("function led_set (body)"), std::string::npos);
}

// With no SOURCE: the commits of the branch that are not on its upstream.
TEST(PipelineGolden, NoSourceMeansCommitsNotOnUpstream) {
  History h;
  git_config *raw = nullptr;
  ASSERT_EQ(git_repository_config(&raw, h.repo.repo()), 0);
  git::Ptr<git_config> cfg(raw);
  ASSERT_EQ(git_config_set_string(cfg.get(), "branch.main.remote", "."), 0);
  ASSERT_EQ(git_config_set_string(cfg.get(), "branch.main.merge", "refs/heads/upstream"), 0);
  RunResult run = h.check({});
  ASSERT_EQ(run.series.size(), 1u);
  ASSERT_EQ(run.series[0].patches.size(), 5u);
  EXPECT_EQ(run.series[0].patches.front().patch.id, h.docs);
  EXPECT_EQ(run.series[0].patches.back().patch.id, h.core);
}

// A commit and its format-patch file give the same files, hunks and classification.
TEST(PipelineGolden, CommitAndFormatPatchGiveTheSameReport) {
  History h;
  TempDir tmp;
  std::string file = (tmp.path() / "0001-fix.patch").string();
  {
    std::ofstream(file) << h.repo.formatPatch(h.fix);
  }
  RunResult fromCommit = h.check({h.fix});
  RunResult fromFile = h.check({file});
  const PatchResult &a = fromCommit.series.at(0).patches.at(0);
  const PatchResult &b = fromFile.series.at(0).patches.at(0);
  EXPECT_EQ(a.patch.subject, b.patch.subject);
  EXPECT_EQ(a.patch.author, b.patch.author);
  EXPECT_EQ(a.patch.trailers, b.patch.trailers);
  ASSERT_EQ(a.patch.files.size(), b.patch.files.size());
  for (size_t i = 0; i < a.patch.files.size(); ++i) {
    EXPECT_EQ(a.patch.files[i].oldPath, b.patch.files[i].oldPath);
    EXPECT_EQ(a.patch.files[i].newPath, b.patch.files[i].newPath);
    EXPECT_EQ(a.patch.files[i].status, b.patch.files[i].status);
    EXPECT_EQ(a.patch.files[i].hunks, b.patch.files[i].hunks);
  }
  EXPECT_EQ(a.classification.label(), b.classification.label());
  EXPECT_EQ(a.classification.smallFixLines, b.classification.smallFixLines);
  EXPECT_EQ(onelineReport(fromCommit).substr(13), onelineReport(fromFile).substr(2));
}

} // namespace
} // namespace provcheck::testing
