// Earlier versions of a series read in one run: v1 of a series sent as one patch, then v2
// splitting the same change of one function into two small fixes. The v2 series verdict
// lists the AI-assisted code lines of v1 beside its own, and its warning about the
// function carries the numbers of both versions.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"
#include "tools/provcheck/Pipeline.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace provcheck::testing {
namespace {

const char *kMaintainers = R"(Misc devices
M: Marc Devices <marc@example.org>
S: Maintained
F: hw/misc/
)";

std::string device(const std::string &checks) {
  return "typedef struct FooState {\n    int reg[64];\n    int flags;\n} FooState;\n\n"
         "void foo_write(FooState *s, int addr, int val)\n{\n    s->reg[addr & 63] = val;\n"
         "    s->flags &= ~1;\n    s->flags &= ~2;\n" +
         checks + "}\n";
}

// `n` lines of checks, numbered from `from`.
std::string checks(int from, int n) {
  std::string out;
  for (int i = from; i < from + n; ++i)
    out += "    s->flags |= (addr == " + std::to_string(i) + ") << " + std::to_string(i % 31) + ";\n";
  return out;
}

const char *kTrailers = "\n\nAI-used-for: code\nSigned-off-by: Ada Lovelace <ada@example.org>\n";

struct TwoVersions {
  FixtureRepo repo;
  TempDir mails;
  std::string v1, v2;

  TwoVersions() {
    repo.write("MAINTAINERS", kMaintainers);
    repo.write("hw/misc/foo.c", device(""));
    std::string base = repo.commit("Initial import\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
    repo.branch("upstream", base);
    // v1: one patch of 24 lines in foo_write, above the small-fix limit.
    repo.write("hw/misc/foo.c", device(checks(0, 24)));
    std::string one = repo.commit(std::string("hw/misc/foo: set the flags of every register") + kTrailers);
    // v2, from the same base: the same lines in two patches of 12.
    repo.branch("v2", base);
    repo.setHead("v2");
    repo.write("hw/misc/foo.c", device(checks(0, 12)));
    std::string first = repo.commit(std::string("hw/misc/foo: set the flags of every register") + kTrailers);
    repo.write("hw/misc/foo.c", device(checks(0, 24)));
    std::string second = repo.commit(std::string("hw/misc/foo: set the flags of the upper registers") + kTrailers);
    v1 = (mails.path() / "v1.mbox").string();
    v2 = (mails.path() / "v2.mbox").string();
    std::ofstream(v1) << repo.formatPatch(one);
    std::ofstream(v2) << version(repo.formatPatch(first), "PATCH v2 1/2")
                      << version(repo.formatPatch(second), "PATCH v2 2/2");
  }

  static std::string version(std::string mail, const std::string &prefix) {
    mail.replace(mail.find("[PATCH]"), 7, "[" + prefix + "]");
    return mail;
  }

  RunResult check(std::vector<std::string> sources) const {
    PipelineOptions options;
    options.dir = repo.str();
    options.sources = std::move(sources);
    options.jobs = 1;
    // Functions from the hunk headers: each patch of v2 names foo_write the same way.
    options.noAst = true;
    auto run = runPipeline(options);
    if (!run) ADD_FAILURE() << run.error().str();
    return run ? *run : RunResult{};
  }
};

TEST(EarlierVersions, TheLaterVersionListsTheEarlierOnesCodeLines) {
  TwoVersions t;
  RunResult run = t.check({t.v1, t.v2});
  ASSERT_EQ(run.series.size(), 2u);
  const SeriesResult &v1 = run.series[0], &v2 = run.series[1];
  ASSERT_EQ(v1.patches.size(), 1u);
  ASSERT_EQ(v2.patches.size(), 2u);
  EXPECT_EQ(v1.patches[0].verdict.kind, VerdictKind::NeedsAgreement) << v1.patches[0].verdict.summary;
  EXPECT_TRUE(v1.verdict.earlierVersions.empty());

  ASSERT_EQ(v2.verdict.earlierVersions.size(), 1u);
  const EarlierVersion &e = v2.verdict.earlierVersions[0];
  EXPECT_EQ(e.version, 1);
  EXPECT_EQ(e.title, "hw/misc/foo: set the flags of every register");
  EXPECT_EQ(e.codeLines, v1.verdict.codeLines);
  ASSERT_FALSE(e.codeLines.empty());
  EXPECT_EQ(e.codeLines[0].file, "hw/misc/foo.c");
  EXPECT_EQ(e.codeLines[0].perPatch, (std::vector<int>{24}));

  const Finding *over = nullptr;
  for (const Finding &f : v2.verdict.findings)
    if (f.rule == "series-function-over-limit") over = &f;
  ASSERT_NE(over, nullptr) << v2.verdict.summary;
  EXPECT_NE(over->message.find("change 12 + 12 = 24 lines of it"), std::string::npos) << over->message;
  EXPECT_NE(over->message.find("(earlier versions: v1 changed it by 24 lines in 1 patch)"),
            std::string::npos)
      << over->message;

  std::string text = textReport(run);
  EXPECT_NE(text.find("AI-assisted code lines of v1 'hw/misc/foo: set the flags of every register', "
                      "per patch:\n"),
            std::string::npos)
      << text;
  nlohmann::json doc = nlohmann::json::parse(jsonReport(run));
  const nlohmann::json &earlier = doc["series"][1]["verdict"]["earlier_versions"];
  ASSERT_EQ(earlier.size(), 1u) << earlier.dump();
  EXPECT_EQ(earlier[0]["version"], 1);
  EXPECT_EQ(earlier[0]["code_lines"][0]["per_patch"], nlohmann::json::array({24}));
  EXPECT_TRUE(doc["series"][0]["verdict"]["earlier_versions"].empty());
}

TEST(EarlierVersions, AVersionReadAloneHasNoEarlierOnes) {
  TwoVersions t;
  RunResult run = t.check({t.v2});
  ASSERT_EQ(run.series.size(), 1u);
  EXPECT_TRUE(run.series[0].verdict.earlierVersions.empty());
  for (const Finding &f : run.series[0].verdict.findings)
    EXPECT_EQ(f.message.find("earlier versions"), std::string::npos) << f.message;
}

} // namespace
} // namespace provcheck::testing
