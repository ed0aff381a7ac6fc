// The renderers on a hand-made RunResult in which every stage ran: owners, entities per
// hunk, categories with reasons, a verdict with findings, degraded markers.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"
#include "tools/provcheck/render/Json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

namespace provcheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RunResult allStages() {
  Patch p;
  p.id = "0123456789abcdef0123456789abcdef01234567";
  p.author = {"Ada Lovelace", "ada@example.org"};
  p.time = 1767261600;
  p.tzOffsetMinutes = 60;
  p.subject = "util/cutils: add a strict mode to qemu_strtoul()";
  p.trailers = {{"AI-used-for", "code", 5}, {"Signed-off-by", "Ada Lovelace <ada@example.org>", 6}};
  FileChange f;
  f.oldPath = f.newPath = "util/cutils.c";
  Hunk h;
  h.oldStart = 20, h.oldLines = 2, h.newStart = 20, h.newLines = 3;
  h.lines = {{LineKind::Context, 20, 20, "{"},
             {LineKind::Removed, 21, 0, "    return x;"},
             {LineKind::Added, 0, 21, "    if (strict)"},
             {LineKind::Added, 0, 22, "        return -1;"}};
  f.hunks = {h};
  p.files = {f};

  PatchResult r;
  r.patch = p;
  FileResult fr;
  fr.entities.path = "util/cutils.c";
  fr.entities.parsedOld = fr.entities.parsedNew = true;
  fr.entities.degraded = true;
  fr.entities.degradedReasons = {"no compile_commands.json: fallback flags"};
  fr.entities.flagsSource = "fallback";
  fr.entities.oldEntities = {{EntityKind::Function, "qemu_strtoul", "", 18, 22, false}};
  fr.entities.newEntities = {{EntityKind::Function, "qemu_strtoul", "", 18, 24, false}};
  fr.entities.hunks = {{{{Side::Old, 21, 0, EntityPart::Body, {}},
                         {Side::New, 21, 0, EntityPart::Body, {}},
                         {Side::New, 22, 0, EntityPart::Body, {}}}}};
  OwningSection core;
  core.name = "Core utilities";
  core.maintainers = {{"Cora Core", "cora@example.org"}};
  fr.owners = {core};
  r.files = {fr};

  FileClass fc;
  fc.path = "util/cutils.c";
  fc.category = Category::Core;
  fc.reasons = {{"core-path", "util/"}};
  HunkClass hc;
  hc.category = Category::Core;
  hc.reasons = {{"core-path", "util/"}};
  hc.lines = {2, 1};
  hc.smallFixLines = 2;
  hc.entities = {"function qemu_strtoul (body)"};
  fc.hunks = {hc};
  fc.byCategory[static_cast<int>(Category::Core)] = {2, 1};
  fc.smallFixLines = 2;
  r.classification.category = Category::Core;
  r.classification.files = {fc};
  r.classification.byCategory = fc.byCategory;
  r.classification.smallFixLines = 2;

  Finding f1;
  f1.rule = "core-needs-agreement";
  f1.clause = "ai-core";
  f1.severity = Severity::Error;
  f1.effect = VerdictKind::NeedsAgreement;
  f1.message = "AI-assisted change to core code needs a maintainer's prior agreement";
  f1.locations = {{"util/cutils.c", 0, {"function qemu_strtoul (body)"}}};
  f1.needAgreementFrom = {{"Cora Core", "cora@example.org"}};
  f1.sections = {"Core utilities"};
  r.verdict.kind = VerdictKind::NeedsAgreement;
  r.verdict.aiAssisted = true;
  r.verdict.aiUsedFor = {"code"};
  r.verdict.summary = "core code changed with AI assistance: agreement needed";
  r.verdict.findings = {f1};

  RunResult run;
  run.repository = "/somewhere";
  run.policy = "qemu";
  run.stages = {true, true, true, true};
  SeriesResult s;
  s.title = "HEAD";
  s.patches = {r};
  s.verdict = r.verdict;
  run.series = {s};
  run.skipped = {{{Origin::Kind::Commit, "HEAD~3", 0}, "fedcba9876543210", "Merge branch 'x'",
                  "merge commit"}};
  run.notices = {"no dependency map: core code decided by path rules only"};
  return run;
}

TEST(Render, TextWithEveryStage) {
  EXPECT_EQ(compareGolden("golden/render-all-stages.txt", textReport(allStages())), "");
  EXPECT_EQ(compareGolden("golden/render-all-stages-verbose.txt", textReport(allStages(), true)),
            "");
}

TEST(Render, JsonWithEveryStage) {
  std::string text = jsonReport(allStages());
  EXPECT_EQ(compareGolden("golden/render-all-stages.json", text), "");
  auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["schema_version"], render::kJsonSchemaVersion);
  const auto &patch = doc["series"][0]["patches"][0];
  EXPECT_EQ(patch["verdict"]["verdict"], "needs-agreement");
  EXPECT_EQ(patch["classification"]["label"], "core");
  EXPECT_EQ(patch["files"][0]["owners"][0]["name"], "Core utilities");
  EXPECT_EQ(patch["files"][0]["entities"]["changed"][0], "function qemu_strtoul (body)");
  EXPECT_EQ(patch["date"], "2026-01-01T11:00:00+01:00");
}

TEST(Render, StagesThatDidNotRunAreNullNotEmpty) {
  RunResult run = allStages();
  run.stages = {};
  auto doc = nlohmann::json::parse(jsonReport(run));
  const auto &patch = doc["series"][0]["patches"][0];
  EXPECT_TRUE(patch["verdict"].is_null());
  EXPECT_TRUE(patch["classification"].is_null());
  EXPECT_TRUE(patch["files"][0]["owners"].is_null());
  EXPECT_TRUE(patch["files"][0]["entities"].is_null());
  std::string text = textReport(run);
  EXPECT_EQ(text.find("Verdict"), std::string::npos);
  EXPECT_EQ(text.find("owners"), std::string::npos);
}

TEST(Render, VerboseTextSaysWhatTheCompiledCodeCovered) {
  RunResult run = allStages();
  auto cf = std::make_shared<CompiledFile>();
  cf->oldImage.compiled = cf->newImage.compiled = true;
  CompiledSymbol fn{"qemu_strtoul", true, 18, 24, true, "code", ""};
  CompiledSymbol unused{"helper", true, 2, 5, false, "", ""};
  CompiledSymbol table{"limits", false, 10, 12, true, "code", ""};
  cf->newImage.symbols = {fn, unused, table};
  run.series[0].patches[0].files[0].entities.compiled = cf;
  EXPECT_THAT(textReport(run, true),
              HasSubstr("      compiled code: 1 function, 1 variable compiled in both images\n"));
  EXPECT_THAT(textReport(run), Not(HasSubstr("compiled code")));

  cf->newImage.compiled = false;
  cf->newImage.problem = "util/cutils.c:21: error: use of undeclared identifier 'strict'";
  EXPECT_THAT(textReport(run, true),
              HasSubstr("compiled code: not compared: the post-image does not compile "
                        "(util/cutils.c:21: error: use of undeclared identifier 'strict')\n"));
  cf->skipped = "no compilation database entry of its own (flags: fallback)";
  EXPECT_THAT(textReport(run, true),
              HasSubstr("compiled code: not compared: no compilation database entry of its own "
                        "(flags: fallback)\n"));
}

TEST(Render, OnelineShowsCategorySmallFixAndVerdict) {
  EXPECT_EQ(onelineReport(allStages()),
            "0123456789ab core 2 needs-agreement util/cutils: add a strict mode to "
            "qemu_strtoul()\n");
  RunResult run = allStages();
  run.stages.policy = false;
  run.series[0].patches[0].classification.mixed = true;
  EXPECT_EQ(onelineReport(run),
            "0123456789ab mixed 2 util/cutils: add a strict mode to qemu_strtoul()\n");
}

TEST(Render, DumpFindingsAndOwners) {
  std::ostringstream os;
  render::renderDump(allStages(), render::DumpKind::Findings, os);
  auto doc = nlohmann::json::parse(os.str());
  EXPECT_EQ(doc["patches"][0]["verdict"]["findings"][0]["rule"], "core-needs-agreement");
  EXPECT_EQ(doc["series"][0]["verdict"]["verdict"], "needs-agreement");
  std::ostringstream owners;
  render::renderDump(allStages(), render::DumpKind::Owners, owners);
  doc = nlohmann::json::parse(owners.str());
  EXPECT_EQ(doc["patches"][0]["files"][0]["owners"][0]["maintainers"][0]["email"],
            "cora@example.org");
}

} // namespace
} // namespace provcheck::testing
