// Replay of the tools a message quotes, through classification: the hunks a quoted
// command makes exactly are mechanical (replayed), the others stay code, and the claim
// says what the replay showed. Commands that would run code or write files never run.
#include "analysis/PatchProofs.h"
#include "classify/Classifier.h"
#include "tests/analysis/AstTestSupport.h"
#include "tests/classify/ClassifyTestSupport.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace provcheck {
namespace {

using testing::filler;
using testing::makePatch;
using testing::MemTree;
using testing::modify;

struct Case {
  std::map<std::string, std::string> before, after;
  std::string message;
};

struct Result {
  Patch patch;
  PatchClass pc;
};

// The patch between the two trees (every file that differs), classified with the
// outside proofs of those trees.
Result classifyCase(const Case &c, replay::ReplayOptions options = {}) {
  std::vector<FileChange> files;
  for (const auto &[path, text] : c.before)
    if (c.after.count(path) && c.after.at(path) != text) files.push_back(modify(path, text, c.after.at(path)));
  Result r{makePatch(files, c.message), {}};
  PatchImages images{std::make_shared<MemTree>(c.before), std::make_shared<MemTree>(c.after), ""};
  PatchProofs proofs(images, nullptr, options);
  r.pc = classify(ClassifyInput{r.patch, nullptr, nullptr, &proofs}, testing::detectorRules());
  testing::expectAccounting(r.patch, r.pc);
  return r;
}

// A temporary directory as TMPDIR for the duration of a test: what a replay writes
// lands there, so a test can see that nothing was written.
class TmpDirScope {
public:
  TmpDirScope() {
    const char *old = std::getenv("TMPDIR");
    if (old) old_ = old;
    ::setenv("TMPDIR", dir_.str().c_str(), 1);
  }
  ~TmpDirScope() {
    if (old_) ::setenv("TMPDIR", old_->c_str(), 1);
    else ::unsetenv("TMPDIR");
  }
  bool empty() const { return std::filesystem::is_empty(dir_.path()); }
  const std::filesystem::path &path() const { return dir_.path(); }

private:
  testing::TempDir dir_;
  std::optional<std::string> old_;
};

const std::string kTimer =
    filler(3) + "static int64_t timer_read(TimerState *s)\n{\n    return clock_get_ns(s->clk);\n}\n" +
    filler(3, "mid") + "static void timer_reset(TimerState *s)\n{\n    s->base = 0;\n}\n";

// The one call of clock_get_ns() in kTimer renamed clock_read_ns(); no message yet.
Case timerCallRenamed() {
  std::string after = kTimer;
  after.replace(after.find("clock_get_ns(s->clk)"), 12, "clock_read_ns");
  return Case{{{"hw/timer/t.c", kTimer}}, {{"hw/timer/t.c", after}}, ""};
}

TEST(Replay, OneSiteRenameReproducedBySed) {
  // One call site: no token rule proves a one-site substitution.
  Case c = timerCallRenamed();
  c.message = "hw/timer: use clock_read_ns()\n\nDone with\n\n  sed -i 's/clock_get_ns(/clock_read_ns(/' hw/timer/t.c\n";
  Result r = classifyCase(c);
  const HunkClass &h = r.pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical);
  ASSERT_FALSE(h.reasons.empty());
  EXPECT_EQ(h.reasons[0], (Reason{"replayed", "sed -i 's/clock_get_ns(/clock_read_ns(/' hw/timer/t.c"}));
  EXPECT_EQ(r.pc.label(), "mechanical");
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  const ToolClaim &claim = r.pc.toolClaims[0];
  EXPECT_EQ(claim.tool, "sed");
  EXPECT_EQ(claim.line, 5);
  EXPECT_EQ(claim.status, ToolClaimStatus::Reproduced);
  EXPECT_EQ(claim.detail, "1 of 1 hunk in 1 file made exactly");
  EXPECT_EQ(claim.hunksReproduced, 1);
}

TEST(Replay, WithoutTheCommandTheSameHunkIsCode) {
  Case c = timerCallRenamed();
  c.message = "hw/timer: use clock_read_ns()\n\nDone with sed.\n";
  Result r = classifyCase(c);
  EXPECT_EQ(r.pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(r.pc.toolClaims.empty());
}

TEST(Replay, TokenProofAndReplayAreBothNamed) {
  // Trailing spaces the quoted sed removes: the tokens prove the hunks (formatting only)
  // and so does the replay; the hunks keep the token rule's claim and name the replay.
  std::string before = filler(2) + "static void timer_arm(TimerState *s)\n{\n    s->armed = 1;   \n}\n" +
                       filler(3, "mid") + "void timer_start(TimerState *s)\n{\n    timer_arm(s); \n}\n";
  std::string after = before;
  for (size_t at; (at = after.find(" \n")) != std::string::npos;) after.erase(at, 1);
  Case c{{{"hw/timer/t.c", before}}, {{"hw/timer/t.c", after}},
         "hw/timer: no trailing spaces\n\n  sed -i -e 's/ *$//' hw/timer/t.c\n"};
  Result r = classifyCase(c);
  ASSERT_EQ(r.pc.files[0].hunks.size(), 2u);
  for (const HunkClass &h : r.pc.files[0].hunks) {
    EXPECT_EQ(h.category, Category::Mechanical);
    ASSERT_EQ(h.reasons.size(), 2u);
    EXPECT_EQ(h.reasons[0].rule, "formatting-only");
    EXPECT_EQ(h.reasons[1], (Reason{"replayed", "sed -i -e 's/ *$//' hw/timer/t.c"}));
  }
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::Reproduced);
}

TEST(Replay, SubstitutionPlusOneChangedArgumentIsPartly) {
  // The sed adds an argument at three sites; the patch also changes another argument at
  // one of them. Two identical edits prove nothing by tokens; the replay proves them.
  std::string before = filler(2) + "void a(S *s)\n{\n    put(s, 1);\n}\n" + filler(3, "m") +
                       "void b(S *s)\n{\n    put(s, 2);\n}\n" + filler(3, "n") +
                       "void c(S *s)\n{\n    put(s, 3);\n}\n";
  std::string after = filler(2) + "void a(S *s)\n{\n    put(s, 0, 1);\n}\n" + filler(3, "m") +
                      "void b(S *s)\n{\n    put(s, 0, 20);\n}\n" + filler(3, "n") +
                      "void c(S *s)\n{\n    put(s, 0, 3);\n}\n";
  Case c{{{"hw/misc/p.c", before}}, {{"hw/misc/p.c", after}},
         "hw/misc: pass the flags\n\n  $ sed -i -e 's/put(s, /put(s, 0, /g' hw/misc/p.c\n"};
  Result r = classifyCase(c);
  const auto &hunks = r.pc.files[0].hunks;
  ASSERT_EQ(hunks.size(), 3u);
  EXPECT_EQ(hunks[0].category, Category::Mechanical);
  EXPECT_EQ(hunks[0].reasons[0], (Reason{"replayed", "sed -i -e 's/put(s, /put(s, 0, /g' hw/misc/p.c"}));
  EXPECT_EQ(hunks[1].category, Category::Code); // the changed argument
  EXPECT_EQ(hunks[2].category, Category::Mechanical);
  EXPECT_EQ(r.pc.label(), "code");
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::Partly);
  EXPECT_EQ(r.pc.toolClaims[0].hunksReproduced, 2);
  EXPECT_EQ(r.pc.toolClaims[0].detail,
            "2 of 3 hunks in 1 file made exactly; hw/misc/p.c @@ -29,7 +29,7 @@ differs from what it makes");
}

TEST(Replay, QuotedSedThatDoesNotMakeTheDiff) {
  Case c = timerCallRenamed();
  c.message = "hw/timer: use clock_read_ns()\n\n  sed -i 's/clock_get_ns/clock_now_ns/' hw/timer/t.c\n";
  Result r = classifyCase(c);
  EXPECT_EQ(r.pc.files[0].hunks[0].category, Category::Code);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::NotReproduced);
  EXPECT_EQ(r.pc.toolClaims[0].detail,
            "0 of 1 hunk in 1 file made exactly; hw/timer/t.c @@ -15,7 +15,7 @@ differs from what it makes");
  EXPECT_TRUE(r.pc.toolClaims[0].madeChanges);
  EXPECT_TRUE(r.pc.toolClaims[0].meetsPatch); // it rewrites the very line the patch changes
  // A command that changes nothing at all.
  c.message = "hw/timer: x\n\n  sed -i 's/no_such_name/x/' hw/timer/t.c\n";
  Result none = classifyCase(c);
  ASSERT_EQ(none.pc.toolClaims.size(), 1u);
  EXPECT_EQ(none.pc.toolClaims[0].status, ToolClaimStatus::NotReproduced);
  EXPECT_EQ(none.pc.toolClaims[0].detail, "it changes nothing in hw/timer/t.c");
}

TEST(Replay, QuotedSedAboutOtherLinesMeetsNoHunk) {
  // The message shows how the warnings were found: a sed that turns the debug output on.
  // It rewrites a line far from the hunk the patch makes by hand.
  std::string before = "//#define DEBUG_TIMER\n" + filler(6) +
                       "static void timer_log(hwaddr addr)\n{\n    DPRINTF(\"addr %04x\\n\", addr);\n}\n";
  std::string after = before;
  after.replace(after.find("%04x"), 4, "%04\" HWADDR_PRIx \"");
  Case c{{{"hw/timer/t.c", before}}, {{"hw/timer/t.c", after}},
         "hw/timer: fix debug print warning\n\nEnable the debug output with\n\n"
         "  sed -i \"s/\\/\\/#define DEBUG/#define DEBUG/g\" hw/timer/t.c\n\nFix it.\n"};
  Result r = classifyCase(c);
  EXPECT_EQ(r.pc.files[0].hunks[0].category, Category::Code);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  const ToolClaim &claim = r.pc.toolClaims[0];
  EXPECT_EQ(claim.status, ToolClaimStatus::NotReproduced) << claim.detail;
  EXPECT_TRUE(claim.madeChanges);
  EXPECT_FALSE(claim.meetsPatch) << claim.detail;
  EXPECT_EQ(claim.detail, "0 of 1 hunk in 1 file made exactly; hw/timer/t.c @@ -31,5 +31,5 @@ differs "
                          "from what it makes; it also changes hw/timer/t.c:1");
}

TEST(Replay, SedWithExecuteOrWriteNeverRuns) {
  TmpDirScope tmp;
  std::filesystem::path marker = tmp.path() / "marker";
  Case c = timerCallRenamed();
  c.message = "hw/timer: x\n\n  sed -i -e 's/clock_get_ns(/clock_read_ns(/w " + marker.string() +
              "' hw/timer/t.c\n  sed -i -e '1e touch " + marker.string() + "' hw/timer/t.c\n";
  Result r = classifyCase(c);
  ASSERT_EQ(r.pc.toolClaims.size(), 2u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::NotReplayable);
  EXPECT_EQ(r.pc.toolClaims[0].detail, "sed script: the s command's w flag writes a file");
  EXPECT_EQ(r.pc.toolClaims[1].status, ToolClaimStatus::NotReplayable);
  EXPECT_EQ(r.pc.toolClaims[1].detail, "sed script: the e command runs a shell command");
  EXPECT_EQ(r.pc.files[0].hunks[0].category, Category::Code);
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_TRUE(tmp.empty()) << "a replay wrote in " << tmp.path();
}

TEST(Replay, SemanticPatchWithScriptRuleNeverRuns) {
  TmpDirScope tmp;
  std::filesystem::path marker = tmp.path() / "ran";
  std::string before = filler(2) + "void f(S *s)\n{\n    old_call(s);\n}\n";
  std::string after = filler(2) + "void f(S *s)\n{\n    new_call(s);\n}\n";
  Case c{{{"hw/misc/f.c", before}}, {{"hw/misc/f.c", after}},
         "hw/misc: convert\n\n    @r@\n    expression E;\n    @@\n    -old_call(E);\n    +new_call(E);\n\n"
         "    @script:python@\n    e << r.E;\n    @@\n    open('" + marker.string() + "', 'w')\n"};
  Result r = classifyCase(c);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].tool, "spatch");
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::NotReplayable);
  EXPECT_EQ(r.pc.toolClaims[0].detail, "semantic patch: a @script:python@ rule runs code");
  EXPECT_EQ(r.pc.files[0].hunks[0].category, Category::Code);
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_TRUE(tmp.empty());
}

TEST(Replay, OneSiteCoccinelleConversion) {
  if (replay::findProgram("spatch").empty())
    GTEST_SKIP() << "replay unavailable: spatch not installed";
  std::string before = filler(2) + "void f(Dev *d)\n{\n    d->buf = g_malloc(64);\n    memset(d->buf, 0, 64);\n}\n";
  std::string after = filler(2) + "void f(Dev *d)\n{\n    d->buf = g_malloc0(64);\n}\n";
  Case c{{{"hw/misc/f.c", before}}, {{"hw/misc/f.c", after}},
         "hw/misc: use g_malloc0()\n\nDone with this semantic patch:\n\n    @@\n    expression E, N;\n    @@\n"
         "    -E = g_malloc(N);\n    -memset(E, 0, N);\n    +E = g_malloc0(N);\n"};
  Result r = classifyCase(c);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::Reproduced) << r.pc.toolClaims[0].detail;
  EXPECT_EQ(r.pc.files[0].hunks[0].category, Category::Mechanical);
  EXPECT_EQ(r.pc.files[0].hunks[0].reasons[0], (Reason{"replayed", "semantic patch quoted at line 5"}));
}

TEST(Replay, UnavailableToolIsSaid) {
  Case c;
  c.before = {{"hw/timer/t.c", kTimer}};
  std::string after = kTimer;
  after.replace(after.find("clock_get_ns(s->clk)"), 12, "clock_read_ns");
  c.after = {{"hw/timer/t.c", after}};
  c.message = "x\n\n  spatch --sp-file scripts/coccinelle/r.cocci --dir hw\n";
  c.before["scripts/coccinelle/r.cocci"] = "@@\n@@\n-clock_get_ns(\n+clock_read_ns(\n";
  c.after["scripts/coccinelle/r.cocci"] = c.before["scripts/coccinelle/r.cocci"];
  replay::ReplayOptions options;
  options.toolDir = "/nonexistent";
  Result r = classifyCase(c, options);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::Unavailable);
  EXPECT_EQ(r.pc.toolClaims[0].detail, "replay unavailable: spatch not installed");
}

TEST(Replay, PerlSubstitution) {
  Case c = timerCallRenamed();
  c.message = "x\n\n  perl -pi -e 's/\\bclock_get_ns\\(/clock_read_ns(/g' hw/timer/t.c\n";
  Result r = classifyCase(c);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::Reproduced) << r.pc.toolClaims[0].detail;
  EXPECT_EQ(r.pc.files[0].hunks[0].category, Category::Mechanical);
}

TEST(Replay, ToolChangingMoreThanThePatch) {
  // git grep | xargs over the patch's files: the sed also rewrites a line the patch kept.
  std::string before = filler(2) + "void f(void)\n{\n    old_x();\n}\n" + filler(3, "m") +
                       "void g(void)\n{\n    old_x();\n}\n";
  std::string after = filler(2) + "void f(void)\n{\n    new_x();\n}\n" + filler(3, "m") +
                      "void g(void)\n{\n    old_x();\n}\n";
  Case c{{{"hw/a.c", before}}, {{"hw/a.c", after}},
         "x\n\n  git grep -l old_x | xargs sed -i 's/old_x/new_x/'\n"};
  Result r = classifyCase(c);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::Partly);
  EXPECT_EQ(r.pc.toolClaims[0].detail, "1 of 1 hunk in 1 file made exactly; it also changes hw/a.c:32");
}

TEST(Replay, UpToLayoutInCFiles) {
  // The author re-wrapped what the tool made: the same tokens, other line breaks.
  std::string before = filler(2) + "void f(S *s)\n{\n    n = (s->size + s->unit - 1) / s->unit;\n}\n";
  std::string after = filler(2) + "void f(S *s)\n{\n    n = DIV_ROUND_UP(s->size,\n                     s->unit);\n}\n";
  Case c{{{"hw/a.c", before}}, {{"hw/a.c", after}},
         "x\n\n  sed -i -E 's@\\(([^()]+) \\+ ([^()]+) - 1\\) / \\2@DIV_ROUND_UP(\\1, \\2)@' hw/a.c\n"};
  Result r = classifyCase(c);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::Reproduced) << r.pc.toolClaims[0].detail;
  EXPECT_EQ(r.pc.toolClaims[0].detail, "1 of 1 hunk in 1 file made (1 up to layout)");
  const HunkClass &h = r.pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical);
  EXPECT_EQ(h.reasons[0].detail.substr(h.reasons[0].detail.size() - 15), " (up to layout)");
  // In a string literal, a space is no layout.
  std::string sBefore = filler(2) + "void g(void)\n{\n    puts(\"a  b\");\n}\n";
  std::string sAfter = filler(2) + "void g(void)\n{\n    puts(\"a b\");\n}\n";
  Case str{{{"hw/b.c", sBefore}}, {{"hw/b.c", sAfter}}, "x\n\n  sed -i 's/puts(/puts (/' hw/b.c\n"};
  Result rs = classifyCase(str);
  ASSERT_EQ(rs.pc.toolClaims.size(), 1u);
  EXPECT_EQ(rs.pc.toolClaims[0].status, ToolClaimStatus::NotReproduced);
}

TEST(Replay, UpToCommentsWhenTheToolDropsAComment) {
  // Like spatch removing a declaration with the comment above it: the author kept the
  // comment, the code is token for token what the tool makes (94956d7b510d's whpx hunk).
  std::string before = filler(2) + "int f(CPUState *cpu)\n{\n    if (cpu->dirty) {\n"
                       "        /* The registers were modified. */\n"
                       "        CPUArchState *env = cpu_env(cpu);\n        return env->eip;\n    }\n"
                       "    return 0;\n}\n";
  std::string after = filler(2) + "int f(CPUState *cpu)\n{\n    if (cpu->dirty) {\n"
                      "        /* The registers were modified. */\n"
                      "        return cpu_env(cpu)->eip;\n    }\n    return 0;\n}\n";
  Case c{{{"hw/a.c", before}}, {{"hw/a.c", after}},
         "x\n\n  sed -i -e '/registers were modified/d' -e '/CPUArchState \\*env = /d'"
         " -e 's/return env->eip/return cpu_env(cpu)->eip/' hw/a.c\n"};
  Result r = classifyCase(c);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::Reproduced) << r.pc.toolClaims[0].detail;
  EXPECT_EQ(r.pc.toolClaims[0].detail, "1 of 1 hunk in 1 file made (1 up to comments)");
  const HunkClass &h = r.pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical);
  EXPECT_TRUE(h.reasons[0].detail.ends_with(" (up to comments)")) << h.reasons[0].detail;

  // Code the tool leaves and the author comments out is a change of code, not of a comment.
  std::string commented = after;
  commented.replace(commented.find("    return 0;"), 13, "    /* return 0; */");
  Case out{{{"hw/a.c", before}}, {{"hw/a.c", commented}}, c.message};
  Result ro = classifyCase(out);
  ASSERT_EQ(ro.pc.toolClaims.size(), 1u);
  EXPECT_EQ(ro.pc.toolClaims[0].status, ToolClaimStatus::NotReproduced) << ro.pc.toolClaims[0].detail;
  EXPECT_EQ(ro.pc.files[0].hunks[0].category, Category::Code);

  // A comment closed one line later swallows a line of code: the lines that differ are
  // comment lines, the code that differs is the line the comment now holds.
  std::string swallowed = after;
  swallowed.replace(swallowed.find(" */\n        return"), 3, "");
  swallowed.replace(swallowed.find("->eip;"), 6, "->eip; */");
  Case sw{{{"hw/a.c", before}}, {{"hw/a.c", swallowed}}, c.message};
  Result rw = classifyCase(sw);
  ASSERT_EQ(rw.pc.toolClaims.size(), 1u);
  EXPECT_EQ(rw.pc.toolClaims[0].status, ToolClaimStatus::NotReproduced) << rw.pc.toolClaims[0].detail;
  EXPECT_EQ(rw.pc.files[0].hunks[0].category, Category::Code);
}

TEST(Replay, CommentTheToolChangesOutsideThePatchIsAnExtraChange) {
  // The tool also rewrites a comment the patch leaves alone: the hunk is made, the claim
  // says what else the tool changes.
  std::string before = "/* old_x is called in f() */\n" + filler(2) + "void f(void)\n{\n    old_x();\n}\n";
  std::string after = "/* old_x is called in f() */\n" + filler(2) + "void f(void)\n{\n    new_x();\n}\n";
  Case c{{{"hw/a.c", before}}, {{"hw/a.c", after}}, "x\n\n  sed -i 's/old_x/new_x/' hw/a.c\n"};
  Result r = classifyCase(c);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::Partly) << r.pc.toolClaims[0].detail;
  EXPECT_EQ(r.pc.toolClaims[0].detail, "1 of 1 hunk in 1 file made exactly; it also changes hw/a.c:1");
  EXPECT_EQ(r.pc.files[0].hunks[0].category, Category::Mechanical);
}

TEST(Replay, RenamedFileAndScriptUpdatedByThePatch) {
  // The commit updates the semantic patch's sed twin (a script file of the tree) and
  // applies the new one to a file it also renames.
  Case c;
  c.before = {{"scripts/fix.sed", "s/old_api(/mid_api(/\n"},
              {"hw/old-name.c", kTimer}};
  std::string after = kTimer;
  after.replace(after.find("clock_get_ns(s->clk)"), 12, "clock_read_ns");
  c.after = {{"scripts/fix.sed", "s/clock_get_ns(/clock_read_ns(/\n"}, {"hw/new-name.c", after}};
  c.message = "x\n\n  git mv hw/old-name.c hw/new-name.c\n  sed -i -f scripts/fix.sed hw/new-name.c\n";
  std::vector<FileChange> files{modify("scripts/fix.sed", c.before["scripts/fix.sed"], c.after["scripts/fix.sed"]),
                                testing::diffTexts("hw/old-name.c", kTimer, "hw/new-name.c", after)};
  files[1].status = FileStatus::Renamed;
  Patch p = makePatch(files, c.message);
  PatchImages images{std::make_shared<MemTree>(c.before), std::make_shared<MemTree>(c.after), ""};
  PatchProofs proofs(images, nullptr);
  PatchClass pc = classify(ClassifyInput{p, nullptr, nullptr, &proofs}, testing::detectorRules());
  ASSERT_EQ(pc.toolClaims.size(), 1u);
  EXPECT_EQ(pc.toolClaims[0].status, ToolClaimStatus::Reproduced) << pc.toolClaims[0].detail;
  EXPECT_EQ(pc.files[1].hunks[0].category, Category::Mechanical);
}

// A sed of a tool directory that counts its runs in `count`, then is GNU sed.
std::string countingSed(const std::filesystem::path &toolDir, const std::filesystem::path &count) {
  std::filesystem::create_directories(toolDir);
  std::filesystem::path sed = toolDir / "sed";
  std::ofstream(sed) << "#!/bin/sh\necho run >> " << count.string() << "\nexec /bin/sed \"$@\"\n";
  std::filesystem::permissions(sed, std::filesystem::perms::owner_all);
  return sed.string();
}

size_t runsIn(const std::filesystem::path &count) {
  std::ifstream in(count);
  size_t n = 0;
  for (std::string l; std::getline(in, l);) ++n;
  return n;
}

std::vector<std::filesystem::path> records(const std::filesystem::path &dir) {
  std::vector<std::filesystem::path> out;
  for (const auto &e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().starts_with("replay-")) out.push_back(e.path());
  return out;
}

// A replay cache and a counting sed in a directory of their own, and the one-site rename
// the sed makes.
struct CachedSed {
  testing::TempDir dir;
  std::filesystem::path count = dir.path() / "count";
  replay::ReplayOptions options;
  Case c;
  std::string after = kTimer;
  CachedSed() {
    options.toolDir = (dir.path() / "bin").string();
    options.cacheDir = (dir.path() / "cache").string();
    countingSed(options.toolDir, count);
    after.replace(after.find("clock_get_ns(s->clk)"), 12, "clock_read_ns");
    c.before = {{"hw/timer/t.c", kTimer}};
    c.after = {{"hw/timer/t.c", after}};
    c.message = "hw/timer: use clock_read_ns()\n\n  sed -i 's/clock_get_ns(/clock_read_ns(/' hw/timer/t.c\n";
  }
};

TEST(ReplayCache, SecondRunOfTheSameCommandRunsNothing) {
  CachedSed cs;
  auto &[dir, count, options, c, after] = cs;
  Result first = classifyCase(c, options);
  EXPECT_EQ(runsIn(count), 1u);
  ASSERT_EQ(records(options.cacheDir).size(), 1u);
  Result again = classifyCase(c, options);
  EXPECT_EQ(runsIn(count), 1u); // from the cache
  ASSERT_EQ(again.pc.toolClaims.size(), 1u);
  EXPECT_EQ(again.pc.toolClaims[0].status, ToolClaimStatus::Reproduced);
  EXPECT_EQ(again.pc.toolClaims[0].detail, first.pc.toolClaims[0].detail);
  EXPECT_EQ(again.pc.files[0].hunks[0].reasons, first.pc.files[0].hunks[0].reasons);
  EXPECT_EQ(again.pc.files[0].hunks[0].category, Category::Mechanical);

  // Another script, or the same script on another pre-image, is another replay.
  Case other = c;
  other.message = "hw/timer: x\n\n  sed -i 's/clock_get_ns/clock_now_ns/' hw/timer/t.c\n";
  Result differs = classifyCase(other, options);
  EXPECT_EQ(runsIn(count), 2u);
  EXPECT_EQ(differs.pc.toolClaims[0].status, ToolClaimStatus::NotReproduced);
  EXPECT_EQ(classifyCase(other, options).pc.toolClaims[0].detail, differs.pc.toolClaims[0].detail);
  EXPECT_EQ(runsIn(count), 2u);
  Case moved = c;
  moved.before["hw/timer/t.c"] = "\n" + kTimer;
  moved.after["hw/timer/t.c"] = "\n" + after;
  classifyCase(moved, options);
  EXPECT_EQ(runsIn(count), 3u);
  // A file of the scratch tree the command is not given is part of what it may read:
  // the first command's key changes with the pre-image of the second one's file.
  Case beside = c;
  beside.before["hw/timer/u.c"] = kTimer;
  beside.after["hw/timer/u.c"] = kTimer;
  beside.after["hw/timer/u.c"].replace(kTimer.find("timer_reset"), 11, "timer_clear");
  beside.message += "  sed -i 's/timer_reset/timer_clear/' hw/timer/u.c\n";
  classifyCase(beside, options);
  EXPECT_EQ(runsIn(count), 5u);
  beside.before["hw/timer/u.c"] += "/* end */\n";
  beside.after["hw/timer/u.c"] += "/* end */\n";
  Result besideAgain = classifyCase(beside, options);
  EXPECT_EQ(runsIn(count), 7u);
  ASSERT_EQ(besideAgain.pc.toolClaims.size(), 2u);
  EXPECT_EQ(besideAgain.pc.toolClaims[1].status, ToolClaimStatus::Reproduced);
  EXPECT_EQ(records(options.cacheDir).size(), 7u);

  // Without a cache directory, every run runs.
  replay::ReplayOptions uncached = options;
  uncached.cacheDir = "";
  classifyCase(c, uncached);
  EXPECT_EQ(runsIn(count), 8u);
}

TEST(ReplayCache, CorruptOrOtherVersionRecordIsReplayedAndWrittenAgain) {
  CachedSed cs;
  auto &[dir, count, options, c, after] = cs;
  classifyCase(c, options);
  ASSERT_EQ(records(options.cacheDir).size(), 1u);
  std::filesystem::path record = records(options.cacheDir)[0];
  auto rewrite = [&](auto edit) {
    std::ifstream in(record, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    edit(text);
    std::ofstream(record, std::ios::binary | std::ios::trunc) << text;
  };
  // One byte of the recorded post-image changed: the checksum no longer matches.
  rewrite([](std::string &t) { t[t.find("clock_read_ns")] = 'X'; });
  Result r = classifyCase(c, options);
  EXPECT_EQ(runsIn(count), 2u);
  EXPECT_EQ(r.pc.toolClaims[0].status, ToolClaimStatus::Reproduced);
  classifyCase(c, options); // written again, sound
  EXPECT_EQ(runsIn(count), 2u);
  // Cut short.
  rewrite([](std::string &t) { t.resize(t.size() / 2); });
  classifyCase(c, options);
  EXPECT_EQ(runsIn(count), 3u);
  // Another format version.
  rewrite([](std::string &t) { t.replace(0, t.find('\n'), "provcheck-replay 0"); });
  classifyCase(c, options);
  EXPECT_EQ(runsIn(count), 4u);
  classifyCase(c, options);
  EXPECT_EQ(runsIn(count), 4u);
  EXPECT_EQ(records(options.cacheDir).size(), 1u);
}

TEST(ReplayCache, RunStoppedByTheClockIsNotKept) {
  // A time-out depends on the machine's load, not on the command: it is not a result.
  testing::TempDir dir;
  replay::ReplayOptions options;
  options.toolDir = (dir.path() / "bin").string();
  options.cacheDir = (dir.path() / "cache").string();
  options.limits.seconds = 1;
  std::filesystem::create_directories(options.toolDir);
  std::ofstream(dir.path() / "bin" / "sed") << "#!/bin/sh\nwhile :; do :; done\n";
  std::filesystem::permissions(dir.path() / "bin" / "sed", std::filesystem::perms::owner_all);
  Case c = timerCallRenamed();
  c.message = "x\n\n  sed -i 's/clock_get_ns(/clock_read_ns(/' hw/timer/t.c\n";
  Result r = classifyCase(c, options);
  ASSERT_EQ(r.pc.toolClaims.size(), 1u);
  EXPECT_EQ(r.pc.toolClaims[0].detail, "sed did not finish within 1 s");
  EXPECT_TRUE(!std::filesystem::exists(options.cacheDir) || records(options.cacheDir).empty());
}

} // namespace
} // namespace provcheck
