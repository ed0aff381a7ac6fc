// Mailed patches checked on their own base: the base found and reported (base-commit:,
// index lines, HEAD), a series applied one patch after another, against the entities
// the same commits give as revisions.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/render/Entities.h"

#include <gtest/gtest.h>

#include <fstream>

namespace provcheck::testing {
namespace {

const char *kMaintainers = "Devices\nM: Dee Vice <dee@example.org>\nS: Maintained\nF: hw/\n";

// A device model: three functions, one per register access.
std::string device(const std::string &writeBody = "    dev_state = reg + val;\n",
                   const std::string &before = "", const std::string &readName = "dev_read") {
  return "#include <stdint.h>\n\n" + before + "static int dev_state;\n\nint " + readName +
         "(int reg)\n{\n    return dev_state + reg;\n}\n\nvoid dev_write(int reg, int val)\n{\n" +
         writeBody + "}\n\nvoid dev_init(void)\n{\n    dev_state = 0;\n}\n";
}

std::string shortId(const std::string &id) { return id.substr(0, 12); }

// main: X, then three upstream commits that move and conflict with the author's change;
// side (from X): the author's patches.
struct Upstream {
  FixtureRepo repo;
  std::string base;   // X
  std::string head;   // main, 3 commits after X
  TempDir mails;

  Upstream() {
    repo.write("MAINTAINERS", kMaintainers);
    repo.write("hw/dev.c", device());
    base = repo.commit("hw/dev: the device\n");
    repo.branch("side", base);
    // Upstream moves on: lines added above, the author's line changed, a function renamed.
    repo.write("hw/dev.c", device("    dev_state = reg + val;\n", "/* A device. */\n#define DEV_REGS 4\n\n"));
    repo.commit("hw/dev: document it\n");
    repo.write("hw/dev.c", device("    dev_state = reg | val;\n", "/* A device. */\n#define DEV_REGS 4\n\n"));
    repo.commit("hw/dev: or the value in\n");
    repo.write("hw/dev.c", device("    dev_state = reg | val;\n", "/* A device. */\n#define DEV_REGS 4\n\n",
                                  "dev_peek"));
    head = repo.commit("hw/dev: rename dev_read\n");
  }

  // Commits `text` at `path` on the side branch, and points HEAD back at main.
  std::string onSide(const std::string &path, const std::string &text, const std::string &message) {
    repo.setHead("side");
    repo.write("hw/dev.c", sideText_);
    repo.write(path, text);
    std::string id = repo.commit(message); // moves side
    if (path == "hw/dev.c") sideText_ = text;
    repo.setHead("main"); // its work tree no longer matters: nothing is committed there
    return id;
  }

  std::string save(const std::string &name, const std::string &text) {
    std::string path = (mails.path() / name).string();
    std::ofstream(path) << text;
    return path;
  }

  std::string gitOut(const std::string &args) const {
    CommandOutput out = runCommand("git -C '" + repo.str() + "' -c core.abbrev=12 " + args);
    EXPECT_EQ(out.rc, 0) << args;
    return out.text;
  }

  RunResult check(std::vector<std::string> sources) const {
    PipelineOptions options;
    options.dir = repo.str();
    options.sources = std::move(sources);
    options.jobs = 1;
    auto run = runPipeline(options);
    if (!run) ADD_FAILURE() << run.error().str();
    return run ? *run : RunResult{};
  }

private:
  std::string sideText_ = device();
};

const PatchResult &only(const RunResult &run) {
  static const PatchResult none;
  if (run.series.size() != 1 || run.series[0].patches.size() != 1) {
    ADD_FAILURE() << "expected one patch";
    return none;
  }
  return run.series[0].patches[0];
}

std::vector<std::string> changed(const PatchResult &p, size_t file = 0) {
  if (file >= p.files.size()) return {};
  return render::fileLabels(p.files[file].entities);
}

std::string fixWrite(const std::string &op) { return device("    dev_state = reg " + op + " val;\n"); }

// The author's patch was written 3 commits ago; upstream has since changed the very line
// it changes and moved everything around it. Its index line names the pre-image blob,
// which only X holds: X is the base, and the entity is the one the author changed.
TEST(MailBase, BaseThreeCommitsBehindHeadWithConflictingLaterChanges) {
  Upstream u;
  std::string fix = u.onSide("hw/dev.c", fixWrite("^"), "hw/dev: xor the value in\n");
  std::string file = u.save("0001-xor.patch", u.repo.formatPatch(fix));

  RunResult run = u.check({file});
  const PatchResult &p = only(run);
  EXPECT_EQ(p.base.from, PatchBase::From::IndexLines);
  EXPECT_EQ(p.base.commit, u.base);
  EXPECT_EQ(p.base.behindHead, 3);
  EXPECT_TRUE(p.base.exact);
  EXPECT_EQ(p.base.summary, shortId(u.base) +
                                " (from index lines: the newest first-parent commit holding the "
                                "pre-image blob, 3 commits behind HEAD)");
  EXPECT_EQ(p.base.steps, std::vector<std::string>{});
  EXPECT_EQ(changed(p), std::vector<std::string>{"function dev_write (body)"});

  // The same commit checked as a revision says the same.
  RunResult asCommit = u.check({fix});
  EXPECT_EQ(changed(only(asCommit)), changed(p));
  EXPECT_EQ(only(asCommit).classification.label(), p.classification.label());
  EXPECT_EQ(only(asCommit).base.summary, shortId(u.base) + " (from the commit's parent)");

  // The text report says where the base came from.
  EXPECT_NE(textReport(run).find("  Base:     " + p.base.summary + "\n"), std::string::npos);
}

// Upstream put a new function where the author's hunk was: read at HEAD, the hunk's old
// line numbers fall inside dev_status. Its index line names X's blob, so X is the base
// (before the fuzzless application to HEAD, where it would also apply, 8 lines lower),
// and the entity is the one the author changed, as the revision check says.
TEST(MailBase, EntityIsTheBasesWhenHeadHasAnotherFunctionAtTheHunksLines) {
  FixtureRepo repo;
  repo.write("MAINTAINERS", kMaintainers);
  repo.write("hw/dev.c", device());
  std::string base = repo.commit("hw/dev: the device\n");
  repo.branch("side", base);
  std::string upstream = device();
  upstream.insert(upstream.find("void dev_write"),
                  "int dev_status(void)\n{\n    int s = dev_state;\n    s &= 0xff;\n"
                  "    return s | 0x100;\n}\n\n");
  repo.write("hw/dev.c", upstream);
  repo.commit("hw/dev: a status register\n");
  repo.setHead("side");
  repo.write("hw/dev.c", fixWrite("^"));
  std::string fix = repo.commit("hw/dev: xor the value in\n");
  repo.setHead("main");
  TempDir dir;
  std::string file = (dir.path() / "0001-xor.patch").string();
  std::ofstream(file) << repo.formatPatch(fix);

  PipelineOptions options;
  options.dir = repo.str();
  options.sources = {file};
  options.jobs = 1;
  auto run = runPipeline(options);
  ASSERT_TRUE(run.ok()) << run.error().str();
  const PatchResult &p = only(*run);
  const Hunk &h = p.patch.files.at(0).hunks.at(0);
  ASSERT_EQ(h.oldStart, 9);
  // What HEAD holds at the hunk's changed line: dev_status's body.
  std::string atHead = upstream;
  for (int line = 1; line < h.oldStart + 3; ++line) atHead.erase(0, atHead.find('\n') + 1);
  EXPECT_EQ(atHead.substr(0, atHead.find('\n')), "    int s = dev_state;");
  EXPECT_EQ(p.base.from, PatchBase::From::IndexLines);
  EXPECT_EQ(p.base.commit, base);
  EXPECT_EQ(p.base.behindHead, 1);
  EXPECT_EQ(changed(p), std::vector<std::string>{"function dev_write (body)"});
  options.sources = {fix};
  auto asCommit = runPipeline(options);
  ASSERT_TRUE(asCommit.ok());
  EXPECT_EQ(changed(only(*asCommit)), changed(p));
}

// The README's example: the last 3 commits piped as mails into "check -". They are in
// HEAD already, so none applies to HEAD; the index lines find their base 3 commits
// behind, and each patch applies on the ones before it.
TEST(MailBase, FormatPatchOfTheLastThreeCommitsPipedToStdin) {
  Upstream u;
  std::string mbox = u.gitOut("format-patch -3 --stdout " + u.head);
  CommandResult r = runProvcheck({"-C", u.repo.str(), "check", "--no-progress", "-"}, mbox);
  EXPECT_TRUE(r.exitCode == 0 || r.exitCode == 1) << r.err; // findings, not an input error
  std::string how = " (from index lines: the newest first-parent commit holding the pre-image "
                    "blob, 3 commits behind HEAD)\n";
  EXPECT_NE(r.out.find("  Base:     " + shortId(u.base) + how), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  Base:     " + shortId(u.base) + " + patch 1" + how), std::string::npos);
  EXPECT_NE(r.out.find("  Base:     " + shortId(u.base) + " + patches 1-2" + how),
            std::string::npos);
  EXPECT_EQ(r.out.find("does not apply"), std::string::npos) << r.out;
  // Patch 2 changes dev_write's body; patch 3 renames dev_read.
  EXPECT_NE(r.out.find("dev_write (body)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dev_peek"), std::string::npos) << r.out;
}

// The maps come from the base: a header that was moved away since the patch was written
// is judged by the base's MAINTAINERS (its QOM section), the base's dependency map (two
// includers) and the base's .provcheck.toml (core from two includers); at HEAD the path
// exists in none of them.
TEST(MailBase, MapsComeFromTheBaseWhenThePathNoLongerExistsAtHead) {
  FixtureRepo repo;
  const std::string qom = "QOM\nM: Oh Em <qom@example.org>\nS: Supported\nF: ";
  const std::string decl = "typedef struct DeviceState DeviceState;\n"
                           "int qdev_realize(DeviceState *dev);\n";
  // The tree at the base (the work tree is not checked out when HEAD moves).
  auto writeBase = [&](const std::string &header) {
    repo.write("MAINTAINERS", std::string(kMaintainers) + "\n" + qom + "include/hw/qdev-core.h\n");
    repo.write(".provcheck.toml", "base = \"qemu\"\nname = \"qemu-small\"\n"
                                  "[classification]\ncore_included_by = 2\n");
    repo.write("include/hw/qdev-core.h", header);
    repo.write("hw/a.c", "#include \"hw/qdev-core.h\"\nint a;\n");
    repo.write("hw/b.c", "#include \"hw/qdev-core.h\"\nint b;\n");
  };
  writeBase(decl);
  std::string base = repo.commit("hw: devices\n");
  repo.branch("side", base);
  // Upstream moves the header and drops the policy file.
  repo.remove("include/hw/qdev-core.h");
  repo.remove(".provcheck.toml");
  repo.write("include/hw/core/qdev.h", decl);
  repo.write("hw/a.c", "#include \"hw/core/qdev.h\"\nint a;\n");
  repo.write("hw/b.c", "#include \"hw/core/qdev.h\"\nint b;\n");
  repo.write("MAINTAINERS", std::string(kMaintainers) + "\n" + qom + "include/hw/core/qdev.h\n");
  repo.commit("hw: move qdev-core.h\n");
  repo.setHead("side");
  repo.remove("include/hw/core/qdev.h");
  writeBase(decl + "int qdev_unrealize(DeviceState *dev);\n");
  std::string fix = repo.commit("qdev: unrealize\n\nAI-used-for: code\n"
                                "Signed-off-by: Dee Vice <dee@example.org>\n");
  repo.setHead("main");
  TempDir dir;
  std::string file = (dir.path() / "0001-unrealize.patch").string();
  std::ofstream(file) << repo.formatPatch(fix);

  PipelineOptions options;
  options.dir = repo.str();
  options.sources = {file};
  options.jobs = 1;
  options.noAst = true;
  for (const std::string &source : {file, fix}) {
    options.sources = {source};
    auto run = runPipeline(options);
    ASSERT_TRUE(run.ok()) << run.error().str();
    const PatchResult &p = only(*run);
    EXPECT_EQ(p.base.commit, base) << source;
    EXPECT_EQ(run->policy, "qemu-small") << source;
    ASSERT_EQ(p.files.size(), 1u);
    ASSERT_EQ(p.files[0].owners.size(), 1u) << source;
    EXPECT_EQ(p.files[0].owners[0].name, "QOM");
    ASSERT_EQ(p.classification.files.size(), 1u);
    EXPECT_EQ(p.classification.files[0].category, Category::Core) << source;
    EXPECT_NE(p.verdict.kind, VerdictKind::Ok) << source; // AI-written core code
  }
}

// A base-commit: line is taken first, when the repository has that commit.
TEST(MailBase, BaseCommitLine) {
  Upstream u;
  std::string fix = u.onSide("hw/dev.c", fixWrite("^"), "hw/dev: xor the value in\n");
  std::string text = u.gitOut("format-patch -1 --stdout --base=" + u.base + " " + fix);
  ASSERT_NE(text.find("base-commit: " + u.base), std::string::npos);
  RunResult run = u.check({u.save("0001-xor.patch", text)});
  const PatchResult &p = only(run);
  EXPECT_EQ(p.base.from, PatchBase::From::BaseCommit);
  EXPECT_EQ(p.base.commit, u.base);
  EXPECT_EQ(p.base.summary, shortId(u.base) + " (from base-commit:)");
  EXPECT_TRUE(p.base.exact);
  EXPECT_EQ(changed(p), std::vector<std::string>{"function dev_write (body)"});
}

// A base-commit the repository does not have is reported, and the next step finds it.
TEST(MailBase, UnknownBaseCommitFallsBackToIndexLines) {
  Upstream u;
  std::string fix = u.onSide("hw/dev.c", fixWrite("^"), "hw/dev: xor the value in\n");
  std::string text = u.repo.formatPatch(fix);
  text.replace(text.rfind("-- \n"), 0,
               "\nbase-commit: 0123456789abcdef0123456789abcdef01234567\n");
  RunResult run = u.check({u.save("0001-xor.patch", text)});
  const PatchResult &p = only(run);
  EXPECT_EQ(p.base.from, PatchBase::From::IndexLines);
  EXPECT_EQ(p.base.commit, u.base);
  EXPECT_EQ(p.base.steps,
            std::vector<std::string>{"base-commit: 0123456789ab is not in the repository"});
  EXPECT_EQ(changed(p), std::vector<std::string>{"function dev_write (body)"});
}

// Without index blobs in the repository, the patch is applied to HEAD without fuzz; a
// hunk that lands lower is moved to the lines it applies to.
TEST(MailBase, AppliedToHeadAtAnOffset) {
  Upstream u;
  // A change to dev_init, which upstream only moved down.
  std::string init = device();
  init.replace(init.find("    dev_state = 0;\n"), 19, "    dev_state = 1;\n");
  std::string fix = u.onSide("hw/dev.c", init, "hw/dev: start at one\n");
  std::string text = u.repo.formatPatch(fix);
  // An index line naming blobs nobody has: the mail of a tree we do not know.
  size_t at = text.find("index ");
  text.replace(at, text.find('\n', at) - at, "index 1111111..2222222 100644");
  RunResult run = u.check({u.save("0001-init.patch", text)});
  const PatchResult &p = only(run);
  EXPECT_EQ(p.base.from, PatchBase::From::Head);
  EXPECT_EQ(p.base.commit, u.head);
  EXPECT_FALSE(p.base.exact);
  EXPECT_EQ(p.base.summary,
            shortId(u.head) + " (from fuzzless application to HEAD; 1 hunk moved)");
  EXPECT_EQ(p.base.steps, std::vector<std::string>{"index lines: the pre-image blob 1111111 of "
                                                   "hw/dev.c is not in the repository"});
  const Hunk &h = p.patch.files.at(0).hunks.at(0);
  EXPECT_EQ(h.oldStart, 17); // 3 lines lower than the author's 14
  EXPECT_EQ(changed(p), std::vector<std::string>{"function dev_init (body)"});
}

// Nothing to apply it to: the patch is degraded with the reason, never analysed against
// another text.
TEST(MailBase, NothingItAppliesTo) {
  Upstream u;
  std::string fix = u.onSide("hw/dev.c", fixWrite("^"), "hw/dev: xor the value in\n");
  std::string text = u.repo.formatPatch(fix);
  size_t at = text.find("index ");
  text.replace(at, text.find('\n', at) - at, "index 1111111..2222222 100644");
  RunResult run = u.check({u.save("0001-xor.patch", text)});
  const PatchResult &p = only(run);
  EXPECT_EQ(p.base.from, PatchBase::From::None);
  std::string why = "patch 1 does not apply to HEAD " + shortId(u.head) +
                    ": hunk 1 (@@ -9,7 +9,7 @@) of hw/dev.c does not match";
  EXPECT_EQ(p.base.summary, "none (from nothing: " + why + ")");
  ASSERT_EQ(p.files.size(), 1u);
  EXPECT_TRUE(p.files[0].entities.degraded);
  EXPECT_EQ(changed(p), (std::vector<std::string>{"top level"}));
  EXPECT_NE(std::find(run.notices.begin(), run.notices.end(), "hw/dev: xor the value in: " + why),
            run.notices.end());
}

// Patch 1 adds dev_reset, patch 2 edits its body.
struct ResetSeries {
  std::string withReset = device("    dev_state = reg + val;\n") +
                          "\nvoid dev_reset(void)\n{\n    dev_state = 0;\n}\n";
  std::string resetTwice;
  std::string first, second;
  explicit ResetSeries(Upstream &u) : resetTwice(withReset) {
    resetTwice.replace(resetTwice.rfind("    dev_state = 0;\n"), 19,
                       "    dev_state = 0;\n    dev_init();\n");
    first = u.onSide("hw/dev.c", withReset, "hw/dev: add a reset\n");
    second = u.onSide("hw/dev.c", resetTwice, "hw/dev: reset calls init\n");
  }
};

// A series where patch 2 edits the lines patch 1 adds: patch 2 applies on patch 1.
TEST(MailBase, SeriesPatchTwoEditsPatchOneNewLines) {
  Upstream u;
  ResetSeries rs(u);
  std::string second = rs.second;
  std::string mbox = u.gitOut("format-patch --stdout -2 " + second);
  RunResult run = u.check({u.save("series.mbox", mbox)});
  ASSERT_EQ(run.series.size(), 1u);
  ASSERT_EQ(run.series[0].patches.size(), 2u);
  const PatchResult &p1 = run.series[0].patches[0], &p2 = run.series[0].patches[1];
  EXPECT_EQ(p1.base.summary, shortId(u.base) +
                                 " (from index lines: the newest first-parent commit holding "
                                 "the pre-image blob, 3 commits behind HEAD)");
  EXPECT_EQ(p2.base.summary,
            shortId(u.base) + " + patch 1 (from index lines: the newest first-parent commit "
                              "holding the pre-image blob, 3 commits behind HEAD)");
  EXPECT_EQ(p2.base.seriesBelow, 1);
  EXPECT_TRUE(p2.base.exact);
  EXPECT_EQ(changed(p1), (std::vector<std::string>{"function dev_reset (signature)", "function dev_reset (body)"}));
  EXPECT_EQ(changed(p2), std::vector<std::string>{"function dev_reset (body)"});
  EXPECT_EQ(changed(only(u.check({second}))), changed(p2));
}

// A cover letter is the series' title and text, not a patch; its base-commit is the
// series' base; the version and RFC of the prefixes are the series'.
TEST(MailBase, CoverLetterIsTheSeriesTitleAndText) {
  Upstream u;
  ResetSeries rs(u);
  std::string mbox = u.gitOut("format-patch --stdout --cover-letter -v2 --rfc --base=" + u.base +
                              " -2 " + rs.second);
  mbox.replace(mbox.find("*** SUBJECT HERE ***"), 20, "hw/dev: a reset");
  mbox.replace(mbox.find("*** BLURB HERE ***"), 18, "The device gets a reset that calls init.");
  RunResult run = u.check({u.save("v2.mbox", mbox)});
  ASSERT_EQ(run.series.size(), 1u);
  const SeriesResult &s = run.series[0];
  EXPECT_EQ(s.title, "hw/dev: a reset");
  EXPECT_EQ(s.version, 2);
  EXPECT_TRUE(s.rfc);
  ASSERT_TRUE(s.coverLetter);
  EXPECT_EQ(s.coverLetter->series.prefix, "RFC PATCH v2 0/2");
  EXPECT_NE(s.coverLetter->message.find("The device gets a reset that calls init."),
            std::string::npos);
  ASSERT_EQ(s.patches.size(), 2u);
  EXPECT_EQ(s.patches[0].base.summary, shortId(u.base) + " (from base-commit:)");
  EXPECT_EQ(s.patches[1].base.summary, shortId(u.base) + " + patch 1 (from base-commit:)");
  EXPECT_EQ(changed(s.patches[0]), (std::vector<std::string>{"function dev_reset (signature)", "function dev_reset (body)"}));
  EXPECT_EQ(changed(s.patches[1]), std::vector<std::string>{"function dev_reset (body)"});
  std::string text = textReport(run);
  EXPECT_NE(text.find("== hw/dev: a reset (2 patches, v2, RFC)\nCover letter: hw/dev: a reset\n"
                      "  The device gets a reset that calls init.\n"),
            std::string::npos)
      << text;
  EXPECT_NE(jsonReport(run).find("\"version\": 2,\n      \"rfc\": true"), std::string::npos);
}

const char *kB4Cover = "hw/dev: a reset\n\nThe device gets a reset.\n\n"
                       "--- b4-submit-tracking ---\n"
                       "# This section is used internally by b4 prep for tracking purposes.\n"
                       "{\n  \"series\": {\n    \"revision\": 3,\n"
                       "    \"change-id\": \"20260101-reset-0123456789ab\",\n"
                       "    \"prefixes\": [\"RFC\"]\n  }\n}\n";

// The empty commit b4 prep keeps at the start of a branch is the series' cover letter,
// skipped as a patch; its revision and prefixes are the series' version and RFC.
TEST(MailBase, B4CoverCommitIsSkipped) {
  Upstream u;
  std::string cover = u.onSide("hw/dev.c", device(), kB4Cover);
  ResetSeries rs(u);
  RunResult run = u.check({u.base + "..side"});
  ASSERT_EQ(run.series.size(), 1u);
  const SeriesResult &s = run.series[0];
  EXPECT_EQ(s.title, "hw/dev: a reset");
  EXPECT_EQ(s.version, 3);
  EXPECT_TRUE(s.rfc);
  ASSERT_TRUE(s.coverLetter);
  EXPECT_EQ(s.coverLetter->id, cover);
  EXPECT_EQ(s.coverLetter->message, "hw/dev: a reset\n\nThe device gets a reset.\n");
  ASSERT_EQ(s.patches.size(), 2u);
  EXPECT_EQ(s.patches[0].patch.id, rs.first);
  EXPECT_EQ(s.patches[1].base.summary, shortId(rs.first) + " (from the commit's parent)");
  EXPECT_EQ(changed(s.patches[0]), (std::vector<std::string>{"function dev_reset (signature)", "function dev_reset (body)"}));
  EXPECT_EQ(changed(s.patches[1]), std::vector<std::string>{"function dev_reset (body)"});
  ASSERT_EQ(run.skipped.size(), 1u);
  EXPECT_EQ(run.skipped[0].id, cover);
  EXPECT_EQ(run.skipped[0].reason, "b4 cover letter");
  // The commit alone: a cover letter, no patch.
  RunResult alone = u.check({cover});
  EXPECT_TRUE(alone.series.at(0).patches.empty());
  EXPECT_EQ(alone.skipped.at(0).reason, "b4 cover letter");
}


// A range is judged commit by commit on each parent's maps, whether it is read whole or a
// batch at a time: a patch before MAINTAINERS gives a directory to a new section is owned
// by the old one, a patch after it by the new one; a header becomes core (two includers)
// only from the commit that adds its second includer on.
TEST(MailBase, RangeMapsFollowEachParentBatchAfterBatch) {
  FixtureRepo repo;
  const std::string irq = "IRQ\nM: Ira Q <irq@example.org>\nS: Maintained\nF: hw/irq/\n";
  repo.write("MAINTAINERS", kMaintainers);
  repo.write(".provcheck.toml", "base = \"qemu\"\nname = \"qemu-small\"\n"
                                "[classification]\ncore_included_by = 2\n");
  repo.write("hw/irq/irq.h", "int irq_raise(int line);\n");
  repo.write("hw/irq/irq.c", "#include \"irq.h\"\nint irq_raise(int line) { return line; }\n");
  std::string start = repo.commit("hw: irq\n");
  repo.write("hw/irq/irq.h", "int irq_raise(int line);\nint irq_lower(int line);\n");
  repo.commit("irq: lower (one includer: not core)\n\nSigned-off-by: Dee Vice <dee@example.org>\n");
  repo.write("hw/dev.c", "#include \"irq/irq.h\"\nint dev(void) { return irq_raise(1); }\n");
  repo.write("MAINTAINERS", std::string(kMaintainers) + "\n" + irq);
  repo.commit("hw: a device; irq gets its section\n\nSigned-off-by: Dee Vice <dee@example.org>\n");
  repo.write("hw/irq/irq.h", "int irq_raise(int line);\nint irq_lower(int line);\nint irq_pulse(int line);\n");
  repo.commit("irq: pulse (two includers: core)\n\nSigned-off-by: Dee Vice <dee@example.org>\n");

  PipelineOptions options;
  options.dir = repo.str();
  options.sources = {start + "..HEAD"};
  options.jobs = 1;
  options.noAst = true;
  std::vector<std::vector<std::string>> seen;
  for (size_t batch : {size_t{1}, size_t{2}, size_t{100}}) {
    options.batch = batch;
    auto run = runPipeline(options);
    ASSERT_TRUE(run.ok()) << run.error().str();
    ASSERT_EQ(run->series.size(), 1u);
    const std::vector<PatchResult> &patches = run->series[0].patches;
    ASSERT_EQ(patches.size(), 3u);
    std::vector<std::string> lines;
    for (const PatchResult &p : patches)
      for (size_t f = 0; f < p.files.size(); ++f) {
        std::string owners;
        for (const OwningSection &o : p.files[f].owners) owners += o.name + ";";
        lines.push_back(p.patch.files[f].path() + " " +
                        std::string(toString(p.classification.files[f].category)) + " " + owners);
      }
    EXPECT_EQ(run->policy, "qemu-small");
    seen.push_back(lines);
  }
  EXPECT_EQ(seen[0], (std::vector<std::string>{
                         "hw/irq/irq.h code Devices;",           // its parent: one includer
                         "MAINTAINERS docs ",                     // no section owns it
                         "hw/dev.c code Devices;",
                         "hw/irq/irq.h core IRQ;Devices;"}));    // two includers, new section
  EXPECT_EQ(seen[1], seen[0]);
  EXPECT_EQ(seen[2], seen[0]);
}

} // namespace
} // namespace provcheck::testing
