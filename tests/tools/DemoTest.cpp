// The bundled demo: its repository, and the report the check makes of it.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"
#include "tools/provcheck/Demo.h"
#include "tools/provcheck/Pipeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace provcheck::testing {
namespace {

using ::testing::HasSubstr;

TEST(Demo, RepositoryHasTheDemoCommitsOnTopOfUpstream) {
  TempDir dir;
  auto demo = createDemoRepository((dir.path() / "demo").string());
  ASSERT_TRUE(demo) << demo.error().str();
  EXPECT_EQ(demo->commits, 5);
  PipelineOptions options;
  options.dir = demo->path;
  options.jobs = 1;
  auto run = runPipeline(options); // no SOURCE: master's commits not on upstream
  ASSERT_TRUE(run) << run.error().str();
  ASSERT_EQ(run->series.size(), 1u);
  ASSERT_EQ(run->series[0].patches.size(), 5u);
  EXPECT_EQ(compareGolden("golden/demo.txt", textReport(*run)), "");
  EXPECT_EQ(compareGolden("golden/demo.oneline", onelineReport(*run)), "");
}

TEST(Demo, SameCommitIdsEveryTime) {
  TempDir a, b;
  auto da = createDemoRepository(a.str()), db = createDemoRepository(b.str());
  ASSERT_TRUE(da && db);
  PipelineOptions oa, ob;
  oa.dir = da->path;
  ob.dir = db->path;
  auto ra = runPipeline(oa), rb = runPipeline(ob);
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(onelineReport(*ra), onelineReport(*rb));
}

TEST(Demo, RefusesANonEmptyDirectory) {
  FixtureRepo repo;
  repo.write("file", "x\n");
  auto demo = createDemoRepository(repo.str());
  ASSERT_FALSE(demo);
  EXPECT_THAT(demo.error().str(), HasSubstr("new or empty directory"));
}

TEST(Demo, CommandPrintsTheReport) {
  TempDir dir;
  CommandResult res = runProvcheck({"demo", "--dir", (dir.path() / "d").string()});
  EXPECT_EQ(res.exitCode, 0) << res.err;
  EXPECT_THAT(res.out, HasSubstr("util/cutils: add a strict mode to qemu_strtoul()"));
  EXPECT_THAT(res.out, HasSubstr("AI-used-for: docs (first draft)"));
  EXPECT_THAT(res.out, HasSubstr("provcheck check would exit with status"));
}

} // namespace
} // namespace provcheck::testing
