// The bundled demo: its repository, and the report the check makes of it.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"
#include "tools/provcheck/Demo.h"
#include "tools/provcheck/Pipeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

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

namespace provcheck::testing {
namespace {

struct DemoRepo {
  TempDir dir;
  DemoRepository demo;
  DemoRepo() {
    auto d = createDemoRepository((dir.path() / "demo").string());
    if (!d) throw std::runtime_error(d.error().str());
    demo = *d;
  }
  // The id of the demo commit whose subject starts with `subject`.
  std::string commit(const std::string &subject) const {
    CommandResult r = runProvcheck({"-C", demo.path, "check", "--format", "oneline", "--no-ast"});
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
      if (line.find(" " + subject) != std::string::npos) return line.substr(0, 12);
    throw std::runtime_error("no demo commit " + subject);
  }
};

TEST(CliPolicy, CoreChangeNeedsAgreementExitOne) {
  DemoRepo r;
  CommandResult res = runProvcheck(
      {"-C", r.demo.path, "check", "--format", "oneline", r.commit("util/cutils:")});
  EXPECT_EQ(res.exitCode, 1) << res.err;
  EXPECT_THAT(res.out, HasSubstr(" core 12 needs-agreement util/cutils:"));
}

TEST(CliPolicy, ApprovedByTheMaintainerIsOk) {
  DemoRepo r;
  CommandResult res =
      runProvcheck({"-C", r.demo.path, "check", "--format", "oneline", "--approved-by",
                    "cora@example.org", r.commit("util/cutils:")});
  EXPECT_EQ(res.exitCode, 0) << res.out << res.err;
  EXPECT_THAT(res.out, HasSubstr(" ok util/cutils:"));
}

TEST(CliPolicy, DocsPatchIsOkExitZero) {
  DemoRepo r;
  CommandResult res = runProvcheck(
      {"-C", r.demo.path, "check", "--format", "oneline", r.commit("docs/devel/frob:")});
  EXPECT_EQ(res.exitCode, 0) << res.err;
  EXPECT_THAT(res.out, HasSubstr(" docs 0 ok docs/devel/frob:"));
}

TEST(CliPolicy, MalformedTrailerIsAViolation) {
  DemoRepo r;
  CommandResult res = runProvcheck({"-C", r.demo.path, "check", r.commit("tests/qtest/frob:")});
  EXPECT_EQ(res.exitCode, 1) << res.err;
  EXPECT_THAT(res.out, HasSubstr("Verdict:  violation"));
  EXPECT_THAT(res.out, HasSubstr("AI-Used-By:"));
}

// Without an AI trailer the limits do not apply; --assume-ai judges as if it were there.
TEST(CliPolicy, AssumeAiAppliesTheLimits) {
  FixtureRepo repo;
  repo.write("include/qemu/x.h", "int x(void);\n");
  repo.commit("Initial\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  repo.write("include/qemu/x.h", "int x(int y);\n");
  std::string id =
      repo.commit("qemu/x: take an argument\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
  CommandResult plain = runProvcheck({"-C", repo.str(), "check", "--format", "oneline", id});
  EXPECT_EQ(plain.exitCode, 0) << plain.err;
  EXPECT_THAT(plain.out, HasSubstr(" core 1 ok "));
  CommandResult assumed =
      runProvcheck({"-C", repo.str(), "check", "--format", "oneline", "--assume-ai", id});
  EXPECT_EQ(assumed.exitCode, 1) << assumed.err;
  EXPECT_THAT(assumed.out, HasSubstr(" core 1 needs-agreement "));
}

TEST(CliPolicy, LinuxPolicyByName) {
  DemoRepo r;
  CommandResult res = runProvcheck({"-C", r.demo.path, "check", "--policy", "linux",
                                    "--format", "json", r.commit("docs/devel/frob:")});
  EXPECT_NE(res.exitCode, 2) << res.err;
  EXPECT_THAT(res.out, HasSubstr("\"policy\": \"linux\""));
}

} // namespace
} // namespace provcheck::testing
