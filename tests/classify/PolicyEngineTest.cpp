// Verdicts on hand-built patches and classifications: one case per policy rule, and
// series judged as a whole.
#include "classify/PolicyEngine.h"
#include "maps/MailAddress.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

const Policy &qemu() {
  static const Policy p = *builtinPolicy("qemu");
  return p;
}

struct FileSpec {
  std::string path;
  Category category;
  int lines;                              // added lines in one hunk
  std::vector<std::string> entities = {};
};

const Person kAda{"Ada Lovelace", "ada@example.org"};
const Person kPaolo{"Paolo Maintainer", "paolo@example.org"};
const Person kMarc{"Marc Devices", "marc@example.org"};

OwningSection section(std::string name, std::vector<Person> maintainers, int depth = 2) {
  OwningSection s;
  s.name = std::move(name);
  s.maintainers = std::move(maintainers);
  s.depth = depth;
  s.status = "Supported";
  return s;
}

struct Built {
  Patch patch;
  PatchClass pc;
  std::vector<std::vector<OwningSection>> owners;
};

// A patch by Ada with `trailers` (Signed-off-by by Ada added unless `signoff` is false)
// changing `files`; owners by path prefix: util/ and include/qemu/ -> "Main loop" (Paolo),
// hw/misc/ -> "Misc devices" (Marc), docs/ -> "Documentation" (Paolo).
Built build(std::vector<std::pair<std::string, std::string>> trailers,
            std::vector<FileSpec> files, bool signoff = true,
            std::string subject = "util: fix the thing") {
  Built b;
  Patch &p = b.patch;
  p.author = kAda;
  p.subject = subject;
  p.message = subject + "\n\nWhy and how.\n\n";
  if (signoff) trailers.push_back({"Signed-off-by", "Ada Lovelace <ada@example.org>"});
  int line = 5;
  for (auto &[k, v] : trailers) {
    p.message += k + ": " + v + "\n";
    p.trailers.push_back({k, v, line++});
  }
  for (const FileSpec &f : files) {
    FileChange fc;
    fc.oldPath = fc.newPath = f.path;
    Hunk h;
    h.oldStart = 10;
    h.newStart = 10;
    h.newLines = f.lines;
    for (int i = 0; i < f.lines; ++i)
      h.lines.push_back({LineKind::Added, 0, 10 + i, "x = " + std::to_string(i) + ";"});
    fc.hunks.push_back(h);
    p.files.push_back(fc);

    FileClass cls;
    cls.path = f.path;
    cls.category = f.category;
    HunkClass hc;
    hc.category = f.category;
    hc.lines = {f.lines, 0};
    hc.entities = f.entities;
    hc.smallFixLines =
        (f.category == Category::Code || f.category == Category::Core) ? f.lines : 0;
    cls.hunks.push_back(hc);
    cls.byCategory[static_cast<int>(f.category)] = hc.lines;
    cls.smallFixLines = hc.smallFixLines;
    b.pc.byCategory[static_cast<int>(f.category)].added += f.lines;
    b.pc.smallFixLines += hc.smallFixLines;
    b.pc.files.push_back(cls);

    std::vector<OwningSection> owners;
    if (f.path.rfind("util/", 0) == 0 || f.path.rfind("include/qemu/", 0) == 0)
      owners.push_back(section("Main loop", {kPaolo}));
    else if (f.path.rfind("hw/misc/", 0) == 0)
      owners.push_back(section("Misc devices", {kMarc}));
    else if (f.path.rfind("docs/", 0) == 0)
      owners.push_back(section("Documentation", {kPaolo}, 1));
    owners.push_back(section("All", {}, 0)); // broad section without an M:
    b.owners.push_back(owners);
  }
  std::vector<Category> cats;
  for (const FileSpec &f : files)
    if (std::find(cats.begin(), cats.end(), f.category) == cats.end()) cats.push_back(f.category);
  b.pc.mixed = cats.size() > 1;
  if (!cats.empty()) b.pc.category = cats.front();
  return b;
}

Verdict judge(const Built &b, JudgeOptions o = {}, const Policy &policy = qemu()) {
  return judgePatch(b.patch, b.pc, b.owners, policy, o);
}

const Finding *find(const Verdict &v, const std::string &rule) {
  for (const Finding &f : v.findings)
    if (f.rule == rule) return &f;
  return nullptr;
}

std::string dump(const Verdict &v) {
  std::string out = std::string(toString(v.kind)) + ": " + v.summary + "\n";
  for (const Finding &f : v.findings)
    out += "  " + f.rule + " [" + f.clause + "] " + toString(f.effect) +
           (f.satisfied ? " (satisfied)" : "") + ": " + f.message + "\n";
  return out;
}

TEST(JudgePatch, DocsOnlyAiPatchIsOk) {
  Verdict v = judge(build({{"AI-used-for", "docs"}}, {{"docs/devel/x.rst", Category::Docs, 30}}));
  EXPECT_EQ(v.kind, VerdictKind::Ok) << dump(v);
  EXPECT_TRUE(v.aiAssisted);
  EXPECT_TRUE(v.limitsApplied);
  EXPECT_EQ(v.aiUsedFor, (std::vector<std::string>{"docs"}));
  ASSERT_NE(find(v, "ai-permitted-category"), nullptr) << dump(v);
  EXPECT_EQ(find(v, "ai-permitted-category")->clause, "ai-permitted");
}

TEST(JudgePatch, FifteenLineFixInADeviceModelIsOk) {
  Verdict v = judge(build({{"AI-used-for", "code"}},
                          {{"hw/misc/foo.c", Category::Code, 15, {"function foo_write (body)"}}}));
  EXPECT_EQ(v.kind, VerdictKind::Ok) << dump(v);
  ASSERT_NE(find(v, "ai-small-fix"), nullptr) << dump(v);
  EXPECT_NE(find(v, "ai-small-fix")->message.find("15 changed lines"), std::string::npos);
}

TEST(JudgePatch, FortyLineFixNeedsAgreementFromTheDeviceMaintainer) {
  Verdict v = judge(build({{"AI-used-for", "code"}},
                          {{"hw/misc/foo.c", Category::Code, 40, {"function foo_write (body)"}}}));
  EXPECT_EQ(v.kind, VerdictKind::NeedsAgreement) << dump(v);
  const Finding *f = find(v, "ai-large-change");
  ASSERT_NE(f, nullptr) << dump(v);
  EXPECT_EQ(f->clause, "ai-agreement");
  EXPECT_EQ(f->needAgreementFrom, (std::vector<Person>{kMarc}));
  EXPECT_EQ(f->sections, (std::vector<std::string>{"Misc devices"}));
  EXPECT_EQ(f->files(), (std::vector<std::string>{"hw/misc/foo.c"}));
  EXPECT_EQ(f->entities(), (std::vector<std::string>{"function foo_write (body)"}));
  EXPECT_EQ(f->locations.at(0).line, 10);
  EXPECT_NE(v.summary.find("Marc Devices <marc@example.org>"), std::string::npos) << v.summary;
}

TEST(JudgePatch, ToolRenameAcrossCoreHeadersIsMechanicalAndOk) {
  Built b = build({{"AI-used-for", "code (ran the sed script)"}},
                  {{"include/qemu/a.h", Category::Mechanical, 30},
                   {"include/qemu/b.h", Category::Mechanical, 25},
                   {"util/a.c", Category::Mechanical, 40}});
  b.pc.tools = {"sed"};
  Verdict v = judge(b);
  EXPECT_EQ(v.kind, VerdictKind::Ok) << dump(v);
  EXPECT_EQ(find(v, "core-needs-agreement"), nullptr);
  ASSERT_NE(find(v, "ai-mechanical"), nullptr) << dump(v);
  // Without a tool named, still ok, with a warning citing the tools clause.
  b.pc.tools.clear();
  Verdict w = judge(b);
  EXPECT_EQ(w.kind, VerdictKind::Ok);
  ASSERT_NE(find(w, "ai-tool-not-named"), nullptr) << dump(w);
  EXPECT_EQ(find(w, "ai-tool-not-named")->clause, "ai-tools");
}

TEST(JudgePatch, CoreChangeNeedsAgreementFromItsMaintainer) {
  std::vector<FileSpec> files = {{"util/main-loop.c", Category::Core, 8, {"function main_loop_wait (body)"}}};
  Verdict v = judge(build({{"AI-used-for", "code"}}, files));
  EXPECT_EQ(v.kind, VerdictKind::NeedsAgreement) << dump(v);
  const Finding *f = find(v, "core-needs-agreement");
  ASSERT_NE(f, nullptr) << dump(v);
  EXPECT_EQ(f->clause, "ai-core");
  EXPECT_FALSE(f->satisfied);
  EXPECT_EQ(f->needAgreementFrom, (std::vector<Person>{kPaolo}));
  EXPECT_EQ(f->sections, (std::vector<std::string>{"Main loop"}));

  // An Acked-by from someone else is not agreement.
  Verdict other = judge(build({{"AI-used-for", "code"}, {"Acked-by", "Marc Devices <marc@example.org>"}}, files));
  EXPECT_EQ(other.kind, VerdictKind::NeedsAgreement) << dump(other);

  // An Acked-by from the section's maintainer is.
  Verdict acked = judge(build({{"AI-used-for", "code"}, {"Acked-by", "Paolo Maintainer <paolo@example.org>"}}, files));
  EXPECT_EQ(acked.kind, VerdictKind::Ok) << dump(acked);
  const Finding *g = find(acked, "core-needs-agreement");
  ASSERT_NE(g, nullptr);
  EXPECT_TRUE(g->satisfied);
  EXPECT_NE(g->satisfiedBy.find("Acked-by: Paolo Maintainer"), std::string::npos) << g->satisfiedBy;
  EXPECT_NE(acked.summary.find("agreement recorded"), std::string::npos) << acked.summary;

  // So is a Reviewed-by, and --approved-by with the maintainer's address.
  EXPECT_EQ(judge(build({{"AI-used-for", "code"}, {"Reviewed-by", "Paolo Maintainer <PAOLO@example.org>"}}, files)).kind,
            VerdictKind::Ok);
  JudgeOptions approved;
  approved.approvedBy = {"paolo@example.org"};
  EXPECT_EQ(judge(build({{"AI-used-for", "code"}}, files), approved).kind, VerdictKind::Ok);
  approved.approvedBy = {"marc@example.org"};
  EXPECT_EQ(judge(build({{"AI-used-for", "code"}}, files), approved).kind, VerdictKind::NeedsAgreement);
}

TEST(JudgePatch, LargeCoreChangeIsOneAgreementNotTwo) {
  Verdict v = judge(build({{"AI-used-for", "code"}}, {{"util/main-loop.c", Category::Core, 60}}));
  EXPECT_EQ(v.kind, VerdictKind::NeedsAgreement);
  EXPECT_EQ(find(v, "ai-large-change"), nullptr) << dump(v);
  ASSERT_NE(find(v, "core-needs-agreement"), nullptr);
  EXPECT_NE(find(v, "core-needs-agreement")->message.find("larger than a small fix"), std::string::npos);
}

TEST(JudgePatch, MissingSignoffIsAViolation) {
  Verdict v = judge(build({{"AI-used-for", "docs"}}, {{"docs/x.rst", Category::Docs, 3}}, false));
  EXPECT_EQ(v.kind, VerdictKind::Violation) << dump(v);
  ASSERT_NE(find(v, "signoff-missing"), nullptr);
  EXPECT_EQ(find(v, "signoff-missing")->clause, "dco");
  // Also without any AI trailer: the DCO applies to every patch.
  Verdict plain = judge(build({}, {{"hw/misc/foo.c", Category::Code, 3}}, false));
  EXPECT_EQ(plain.kind, VerdictKind::Violation) << dump(plain);
}

TEST(JudgePatch, AssistedByIsAViolationAndTheLimitsApply) {
  Verdict v = judge(build({{"Assisted-by", "Claude:claude-opus-4"}},
                          {{"util/main-loop.c", Category::Core, 8}}));
  EXPECT_EQ(v.kind, VerdictKind::Violation) << dump(v);
  EXPECT_TRUE(v.aiAssisted);
  ASSERT_NE(find(v, "ai-trailer-foreign"), nullptr);
  EXPECT_EQ(find(v, "ai-trailer-foreign")->messageLine, 5);
  EXPECT_NE(find(v, "core-needs-agreement"), nullptr) << dump(v);
  EXPECT_NE(find(v, "ai-undeclared"), nullptr);
}

TEST(JudgePatch, WithoutTrailerTheLimitsDoNotApply) {
  Built b = build({}, {{"util/main-loop.c", Category::Core, 80}});
  Verdict v = judge(b);
  EXPECT_EQ(v.kind, VerdictKind::Ok) << dump(v);
  EXPECT_FALSE(v.aiAssisted);
  EXPECT_FALSE(v.limitsApplied);
  ASSERT_NE(find(v, "ai-limits-not-applied"), nullptr);
  EXPECT_NE(v.summary.find("did not apply"), std::string::npos);

  JudgeOptions assume;
  assume.assumeAi = true;
  Verdict a = judge(b, assume);
  EXPECT_EQ(a.kind, VerdictKind::NeedsAgreement) << dump(a);
  EXPECT_TRUE(a.aiAssisted);
  EXPECT_TRUE(a.assumed);
  EXPECT_NE(find(a, "ai-assumed"), nullptr);
}

TEST(JudgePatch, DeclaringMoreThanThePatchChangesIsAWarning) {
  // Over-declaring is safe: one rule, a warning, whichever value is not used.
  Verdict docsTests = judge(build({{"AI-used-for", "docs, tests"}}, {{"docs/x.rst", Category::Docs, 5}}));
  EXPECT_EQ(docsTests.kind, VerdictKind::Ok) << dump(docsTests);
  const Finding *f = find(docsTests, "ai-declared-unused");
  ASSERT_NE(f, nullptr) << dump(docsTests);
  EXPECT_NE(f->message.find("'AI-used-for: tests' but the patch changes no tests"), std::string::npos)
      << f->message;
  EXPECT_EQ(f->severity, Severity::Warning);

  Verdict code = judge(build({{"AI-used-for", "code"}}, {{"docs/x.rst", Category::Docs, 5}}));
  EXPECT_EQ(code.kind, VerdictKind::Ok) << dump(code);
  ASSERT_NE(find(code, "ai-declared-unused"), nullptr) << dump(code);
  EXPECT_EQ(find(code, "ai-declared-unused")->effect, VerdictKind::Ok);

  // Tests declared and tests changed: consistent, nothing said.
  Verdict ok = judge(build({{"AI-used-for", "tests"}}, {{"tests/qtest/foo-test.c", Category::Tests, 50}}));
  EXPECT_EQ(ok.kind, VerdictKind::Ok) << dump(ok);
  EXPECT_EQ(find(ok, "ai-declared-unused"), nullptr) << dump(ok);
  EXPECT_EQ(find(ok, "ai-undeclared-change"), nullptr) << dump(ok);
}

TEST(JudgePatch, ChangingCodeTheTrailerDoesNotDeclareIsAViolation) {
  Verdict docs = judge(build({{"AI-used-for", "docs"}}, {{"hw/misc/foo.c", Category::Code, 5}}));
  EXPECT_EQ(docs.kind, VerdictKind::Violation) << dump(docs);
  const Finding *f = find(docs, "ai-undeclared-change");
  ASSERT_NE(f, nullptr) << dump(docs);
  EXPECT_EQ(f->files(), (std::vector<std::string>{"hw/misc/foo.c"}));
  EXPECT_EQ(f->effect, VerdictKind::Violation);
  EXPECT_NE(f->message.find("declare 'code' too"), std::string::npos) << f->message;
  EXPECT_NE(find(docs, "ai-declared-unused"), nullptr) << dump(docs); // and docs is unused

  // Docs declared, docs and code changed: the same rule; the limits still judge the code.
  Verdict partial = judge(build({{"AI-used-for", "docs"}}, {{"docs/x.rst", Category::Docs, 5},
                                                           {"hw/misc/foo.c", Category::Code, 30}}));
  EXPECT_EQ(partial.kind, VerdictKind::Violation) << dump(partial);
  ASSERT_NE(find(partial, "ai-undeclared-change"), nullptr);
  EXPECT_EQ(find(partial, "ai-undeclared-change")->files(),
            (std::vector<std::string>{"hw/misc/foo.c"}));
  EXPECT_NE(find(partial, "ai-large-change"), nullptr) << dump(partial);

  // Tests the trailer does not declare beside declared code: a warning.
  Verdict tests = judge(build({{"AI-used-for", "code"}}, {{"hw/misc/foo.c", Category::Code, 5},
                                                         {"tests/qtest/foo-test.c", Category::Tests, 9}}));
  EXPECT_EQ(tests.kind, VerdictKind::Ok) << dump(tests);
  const Finding *t = find(tests, "ai-undeclared-change");
  ASSERT_NE(t, nullptr) << dump(tests);
  EXPECT_EQ(t->severity, Severity::Warning);
  EXPECT_EQ(t->files(), (std::vector<std::string>{"tests/qtest/foo-test.c"}));

  // A mechanical change made by a named tool needs no 'code': the tool made it.
  Built tool = build({{"AI-used-for", "docs"}}, {{"docs/x.rst", Category::Docs, 3},
                                                 {"hw/misc/foo.c", Category::Mechanical, 12}});
  tool.pc.tools = {"sed"};
  Verdict v = judge(tool);
  EXPECT_EQ(v.kind, VerdictKind::Ok) << dump(v);
  EXPECT_EQ(find(v, "ai-undeclared-change"), nullptr) << dump(v);
}

TEST(JudgePatch, ResearchOnlyDeclaresNoAiOutput) {
  Verdict v = judge(build({{"AI-used-for", "research"}}, {{"util/main-loop.c", Category::Core, 80}}));
  EXPECT_EQ(v.kind, VerdictKind::Ok) << dump(v);
  EXPECT_NE(find(v, "ai-research-only"), nullptr);
}

TEST(JudgePatch, MalformedTrailerIsAViolation) {
  Verdict v = judge(build({{"AI-used-for", "Code, tests"}}, {{"hw/misc/foo.c", Category::Code, 5}}));
  EXPECT_EQ(v.kind, VerdictKind::Violation) << dump(v);
  ASSERT_NE(find(v, "ai-trailer-malformed"), nullptr);
  EXPECT_NE(v.summary.find("lower case"), std::string::npos) << v.summary;
}

TEST(JudgePatch, QuotedToolThatDoesNotMakeTheDiffIsReported) {
  // On any patch, AI or not: the message says how the change was made, and it was not.
  Built b = build({}, {{"hw/misc/foo.c", Category::Code, 4}});
  b.pc.toolClaims = {{"sed", "sed -i 's/a/b/' hw/misc/foo.c", 3, ToolClaimStatus::NotReproduced,
                      "0 of 1 hunk in 1 file made exactly; hw/misc/foo.c @@ -10,0 +10,4 @@ differs "
                      "from what it makes", 0},
                     {"spatch", "semantic patch quoted at line 7", 7, ToolClaimStatus::Unavailable,
                      "replay unavailable: spatch not installed", 0}};
  Verdict v = judge(b);
  EXPECT_EQ(v.kind, VerdictKind::Ok) << dump(v);
  const Finding *f = find(v, "tool-claim-not-reproduced");
  ASSERT_NE(f, nullptr) << dump(v);
  EXPECT_EQ(f->clause, "ai-tools");
  EXPECT_EQ(f->severity, Severity::Warning);
  EXPECT_EQ(f->messageLine, 3);
  EXPECT_EQ(f->message,
            "the command of message line 3 does not make the diff (0 of 1 hunk in 1 file made "
            "exactly; hw/misc/foo.c @@ -10,0 +10,4 @@ differs from what it makes); the hunks it does "
            "not make are judged as written by hand: sed -i 's/a/b/' hw/misc/foo.c");
  const Finding *u = find(v, "tool-replay-unavailable");
  ASSERT_NE(u, nullptr) << dump(v);
  EXPECT_EQ(u->severity, Severity::Info);
  // Of several commands, one that changes nothing while another made the diff is no
  // warning.
  Built several = build({}, {{"hw/misc/foo.c", Category::Mechanical, 4}});
  ToolClaim made{"sed", "sed -i 's/a/b/' hw/misc/foo.c", 3, ToolClaimStatus::Reproduced,
                 "1 of 1 hunk in 1 file made exactly", 1, true};
  ToolClaim idle{"sed", "sed -i 's/c/d/' hw/misc/foo.c", 4, ToolClaimStatus::NotReproduced,
                 "it changes nothing in hw/misc/foo.c", 0, false};
  several.pc.toolClaims = {made, idle};
  Verdict sv = judge(several);
  EXPECT_EQ(find(sv, "tool-claim-not-reproduced"), nullptr) << dump(sv);
  ASSERT_NE(find(sv, "tool-claim-no-change"), nullptr) << dump(sv);
  EXPECT_EQ(find(sv, "tool-claim-no-change")->severity, Severity::Info);
  // Alone, it is one.
  several.pc.toolClaims = {idle};
  EXPECT_NE(find(judge(several), "tool-claim-not-reproduced"), nullptr);
  // A policy without a tools clause reports nothing about tools.
  Policy quiet = qemu();
  quiet.toolsClause.clear();
  EXPECT_EQ(find(judge(b, {}, quiet), "tool-claim-not-reproduced"), nullptr);
}

TEST(JudgePatch, QuotedToolThatChangesOnlyOtherLinesIsNoClaim) {
  // A message quotes the sed that turns the debug output on, to show the warnings the patch
  // then fixes by hand: the command rewrites lines the patch leaves alone.
  Built b = build({}, {{"hw/misc/foo.c", Category::Code, 2}});
  ToolClaim elsewhere{"sed", "sed -i 's|//#define DEBUG|#define DEBUG|g' hw/misc/foo.c", 5,
                      ToolClaimStatus::NotReproduced,
                      "0 of 1 hunk in 1 file made exactly; hw/misc/foo.c @@ -40,3 +40,3 @@ differs "
                      "from what it makes; it also changes hw/misc/foo.c:12",
                      0, true, false};
  b.pc.toolClaims = {elsewhere};
  Verdict v = judge(b);
  EXPECT_EQ(v.kind, VerdictKind::Ok) << dump(v);
  EXPECT_EQ(find(v, "tool-claim-not-reproduced"), nullptr) << dump(v);
  const Finding *f = find(v, "tool-claim-elsewhere");
  ASSERT_NE(f, nullptr) << dump(v);
  EXPECT_EQ(f->severity, Severity::Info);
  EXPECT_EQ(f->messageLine, 5);
  EXPECT_EQ(f->message,
            "the command of message line 5 changes only lines that the patch and its context leave "
            "alone (0 of 1 hunk in 1 file made exactly; hw/misc/foo.c @@ -40,3 +40,3 @@ differs from "
            "what it makes; it also changes hw/misc/foo.c:12); it is not how this diff was made: "
            "sed -i 's|//#define DEBUG|#define DEBUG|g' hw/misc/foo.c");
  // Once what it changes meets a hunk, the diff is not what the claimed tool makes.
  b.pc.toolClaims[0].meetsPatch = true;
  Verdict w = judge(b);
  ASSERT_NE(find(w, "tool-claim-not-reproduced"), nullptr) << dump(w);
  EXPECT_EQ(find(w, "tool-claim-not-reproduced")->severity, Severity::Warning);
  EXPECT_EQ(find(w, "tool-claim-elsewhere"), nullptr) << dump(w);
}

TEST(JudgePatch, LinuxPolicySetsNoLimitsButWantsAHumanSignoff) {
  const Policy linux = *builtinPolicy("linux");
  Verdict ok = judge(build({{"Assisted-by", "Claude:claude-3-opus coccinelle"}},
                           {{"util/main-loop.c", Category::Core, 200}}),
                     {}, linux);
  EXPECT_EQ(ok.kind, VerdictKind::Ok) << dump(ok);
  EXPECT_TRUE(ok.aiAssisted);
  EXPECT_NE(find(ok, "ai-no-limits"), nullptr);

  Built b = build({{"Assisted-by", "Claude:claude-3-opus"}, {"Signed-off-by", "Claude <noreply@anthropic.com>"}},
                  {{"util/main-loop.c", Category::Core, 2}});
  Verdict bot = judge(b, {}, linux);
  EXPECT_EQ(bot.kind, VerdictKind::Violation) << dump(bot);
  ASSERT_NE(find(bot, "signoff-by-ai"), nullptr);
  EXPECT_EQ(find(bot, "signoff-by-ai")->clause, "signoff");
}

// Who may agree.

const Person kPeter{"Peter Admin", "peter@example.org"};

OwningSection projectSection() { return section("General Project Administration", {kPeter}, 0); }

// The patch as written by `author` (its sign-off too).
Built byAuthor(Built b, const Person &author) {
  auto swap = [&](std::string &s) {
    for (size_t at; (at = s.find(kAda.str())) != std::string::npos;) s.replace(at, kAda.str().size(), author.str());
  };
  b.patch.author = author;
  swap(b.patch.message);
  for (Trailer &t : b.patch.trailers) swap(t.value);
  return b;
}

TEST(WhoMayAgree, CoreCodeWithoutAMaintainerAsksTheProjectsMaintainers) {
  Built b = build({{"AI-used-for", "code"}}, {{"util/cutils.c", Category::Core, 46}});
  b.owners = {{section("All patches CC here", {}, 1)}}; // owns it, names no maintainer
  JudgeOptions o;
  o.projectSections = {projectSection()};
  Verdict v = judge(b, o);
  EXPECT_EQ(v.kind, VerdictKind::NeedsAgreement) << dump(v);
  const Finding *f = find(v, "core-needs-agreement");
  ASSERT_NE(f, nullptr) << dump(v);
  EXPECT_EQ(f->needAgreementFrom, (std::vector<Person>{kPeter}));
  EXPECT_EQ(f->sections, (std::vector<std::string>{"General Project Administration"}));
  EXPECT_NE(f->message.find("needs prior agreement from Peter Admin <peter@example.org>"),
            std::string::npos) << f->message;
  EXPECT_NE(f->message.find("project's maintainers"), std::string::npos) << f->message;
  EXPECT_EQ(f->message.find("no MAINTAINERS section names a maintainer"), std::string::npos);

  // Nobody else's word counts: not a stranger's, not the author's own.
  for (const char *address : {"nobody@nowhere.invalid", "ada@example.org", "ADA@example.org"}) {
    JudgeOptions a = o;
    a.approvedBy = {address};
    EXPECT_EQ(judge(b, a).kind, VerdictKind::NeedsAgreement) << address;
  }
  JudgeOptions peter = o;
  peter.approvedBy = {"peter@example.org"};
  Verdict ok = judge(b, peter);
  EXPECT_EQ(ok.kind, VerdictKind::Ok) << dump(ok);
  EXPECT_EQ(find(ok, "core-needs-agreement")->satisfiedBy, "--approved-by peter@example.org");
  // The same holds for trailers.
  Built acked = build({{"AI-used-for", "code"}, {"Acked-by", "Ada Lovelace <ada@example.org>"},
                       {"Reviewed-by", "Stranger <nobody@nowhere.invalid>"}},
                      {{"util/cutils.c", Category::Core, 46}});
  acked.owners = b.owners;
  EXPECT_EQ(judge(acked, o).kind, VerdictKind::NeedsAgreement);
}

TEST(WhoMayAgree, WithNobodyKnownNothingCountsAndTheMessageSaysWhy) {
  Built b = build({{"AI-used-for", "code"}}, {{"util/cutils.c", Category::Core, 46}});
  b.owners = {{section("All patches CC here", {}, 1)}};
  JudgeOptions o;
  o.approvedBy = {"nobody@nowhere.invalid"};
  Verdict v = judge(b, o);
  EXPECT_EQ(v.kind, VerdictKind::NeedsAgreement) << dump(v);
  const Finding *f = find(v, "core-needs-agreement");
  ASSERT_NE(f, nullptr);
  EXPECT_FALSE(f->satisfied);
  EXPECT_TRUE(f->needAgreementFrom.empty());
  EXPECT_NE(f->message.find("MAINTAINERS names no maintainer, other than the author, for "
                            "util/cutils.c nor for the project as a whole"),
            std::string::npos) << f->message;
}

TEST(WhoMayAgree, TheAuthorNeverAgreesToTheirOwnChange) {
  // Paolo maintains util/ and wrote the patch: his own Acked-by and address do not count,
  // the project's maintainers are asked.
  Built b = byAuthor(build({{"AI-used-for", "code"}, {"Acked-by", "Paolo Maintainer <paolo@example.org>"}},
                           {{"util/main-loop.c", Category::Core, 8}}),
                     kPaolo);
  JudgeOptions o;
  o.projectSections = {projectSection()};
  o.approvedBy = {"paolo@example.org"};
  Verdict v = judge(b, o);
  EXPECT_EQ(v.kind, VerdictKind::NeedsAgreement) << dump(v);
  const Finding *f = find(v, "core-needs-agreement");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->needAgreementFrom, (std::vector<Person>{kPeter}));
  EXPECT_EQ(find(v, "signoff-author-missing"), nullptr) << dump(v);
}

TEST(WhoMayAgree, AgreementThroughTheMailmapsCanonicalAddress) {
  Expected<Mailmap> mm =
      Mailmap::parse("Paolo Maintainer <paolo@example.org> <paolo@old.example>\n");
  ASSERT_TRUE(mm) << mm.error().str();
  Built b = build({{"AI-used-for", "code"}, {"Reviewed-by", "Paolo M <paolo@old.example>"}},
                  {{"util/main-loop.c", Category::Core, 8}});
  EXPECT_EQ(judge(b).kind, VerdictKind::NeedsAgreement);
  JudgeOptions o;
  o.mailmap = &*mm;
  EXPECT_EQ(judge(b, o).kind, VerdictKind::Ok) << dump(judge(b, o));
}

// Each finding carries its own files, lines and entities.

TEST(FindingPlaces, EachFileWithItsOwnLineAndEntities) {
  Built b = build({{"AI-used-for", "code, tests"}},
                  {{"util/cutils.c", Category::Core, 12, {"function qemu_strtoul (body)"}},
                   {"include/qemu/cutils.h", Category::Core, 2, {"function qemu_strtoul (declaration)"}},
                   {"hw/misc/foo.c", Category::Code, 3, {"function foo_write (body)"}},
                   {"tests/unit/test-cutils.c", Category::Tests, 14, {"function test_strtoul"}}});
  b.patch.files[1].hunks[0].newStart = 40;
  for (DiffLine &l : b.patch.files[1].hunks[0].lines) l.newLine += 30;
  Verdict v = judge(b);
  const Finding *core = find(v, "core-needs-agreement");
  ASSERT_NE(core, nullptr) << dump(v);
  ASSERT_EQ(core->locations.size(), 2u);
  EXPECT_EQ(core->locations[0],
            (FindingLocation{"util/cutils.c", 10, {"function qemu_strtoul (body)"}}));
  EXPECT_EQ(core->locations[1],
            (FindingLocation{"include/qemu/cutils.h", 40, {"function qemu_strtoul (declaration)"}}));
  const Finding *tests = find(v, "ai-permitted-category");
  ASSERT_NE(tests, nullptr) << dump(v);
  EXPECT_NE(tests->message.find("tests: 14 changed lines"), std::string::npos);
  EXPECT_EQ(tests->locations,
            (std::vector<FindingLocation>{{"tests/unit/test-cutils.c", 10, {"function test_strtoul"}}}));
  const Finding *small = find(v, "ai-small-fix");
  ASSERT_NE(small, nullptr) << dump(v);
  EXPECT_EQ(small->files(), (std::vector<std::string>{"hw/misc/foo.c"}));
  // Trailer findings are about the message: no file, a message line.
  Verdict unsigned_ = judge(build({{"AI-Used-For", "docs"}}, {{"docs/x.rst", Category::Docs, 3}}, false));
  const Finding *key = find(unsigned_, "trailer-key-case");
  ASSERT_NE(key, nullptr) << dump(unsigned_);
  EXPECT_TRUE(key->locations.empty());
  EXPECT_EQ(key->messageLine, 5);
  ASSERT_NE(find(unsigned_, "signoff-missing"), nullptr);
  EXPECT_TRUE(find(unsigned_, "signoff-missing")->locations.empty());
}

TEST(JudgePatch, BinaryFilesInAnAiPatchAreAWarning) {
  Built b = build({{"AI-used-for", "code"}}, {{"hw/misc/foo.c", Category::Code, 5}});
  FileChange blob;
  blob.oldPath = blob.newPath = "pc-bios/foo-firmware.bin";
  blob.binary = true;
  b.patch.files.push_back(blob);
  FileClass cls;
  cls.path = blob.newPath;
  cls.category = Category::Code;
  b.pc.files.push_back(cls);
  b.owners.push_back({});
  Verdict v = judge(b);
  EXPECT_EQ(v.kind, VerdictKind::Ok) << dump(v);
  const Finding *f = find(v, "ai-binary-unchecked");
  ASSERT_NE(f, nullptr) << dump(v);
  EXPECT_EQ(f->severity, Severity::Warning);
  EXPECT_EQ(f->files(), (std::vector<std::string>{"pc-bios/foo-firmware.bin"}));
  EXPECT_NE(f->message.find("not checked and counts 0 lines"), std::string::npos) << f->message;
  // Not without AI.
  Built plain = build({}, {{"hw/misc/foo.c", Category::Code, 5}});
  plain.patch.files.push_back(blob);
  plain.pc.files.push_back(cls);
  EXPECT_EQ(find(judge(plain), "ai-binary-unchecked"), nullptr);
}

TEST(Qemu2025Policy, DeclinesAiGeneratedContent) {
  const Policy p2025 = *builtinPolicy("qemu-2025");
  Verdict docs = judge(build({{"AI-used-for", "docs"}}, {{"docs/x.rst", Category::Docs, 3}}), {}, p2025);
  EXPECT_EQ(docs.kind, VerdictKind::Violation) << dump(docs);
  ASSERT_NE(find(docs, "ai-declined"), nullptr);
  EXPECT_EQ(find(docs, "ai-declined")->clause, "ai-declined");
  // Assisted-by is a sign of AI use there, not a foreign trailer.
  Verdict assisted = judge(build({{"Assisted-by", "Claude:claude-opus-4"}},
                                 {{"hw/misc/foo.c", Category::Code, 3}}), {}, p2025);
  EXPECT_EQ(assisted.kind, VerdictKind::Violation) << dump(assisted);
  EXPECT_NE(find(assisted, "ai-declined"), nullptr);
  EXPECT_EQ(find(assisted, "ai-trailer-foreign"), nullptr) << dump(assisted);
  // Research is not covered; no AI at all is fine.
  EXPECT_EQ(judge(build({{"AI-used-for", "research"}}, {{"hw/misc/foo.c", Category::Code, 30}}), {}, p2025).kind,
            VerdictKind::Ok);
  Verdict plain = judge(build({}, {{"util/cutils.c", Category::Core, 80}}), {}, p2025);
  EXPECT_EQ(plain.kind, VerdictKind::Ok) << dump(plain);
  EXPECT_EQ(plain.summary, "ok: no sign of AI-generated content");
}

// Series.

struct SeriesCase {
  std::vector<Built> patches;
  std::vector<Verdict> verdicts;
  Verdict verdict;
};

SeriesCase judgeAll(std::vector<Built> patches, JudgeOptions o = {}) {
  SeriesCase s{std::move(patches), {}, {}};
  std::vector<const Patch *> ps;
  std::vector<const PatchClass *> cs;
  std::vector<std::vector<std::vector<OwningSection>>> owners;
  for (const Built &b : s.patches) {
    s.verdicts.push_back(judge(b, o));
    ps.push_back(&b.patch);
    cs.push_back(&b.pc);
    owners.push_back(b.owners);
  }
  s.verdict = judgeSeries(ps, cs, s.verdicts, owners, qemu(), o);
  return s;
}

TEST(JudgeSeries, SmallFixesThatTogetherRewriteOneAreaNeedAgreement) {
  SeriesCase s = judgeAll({
      build({{"AI-used-for", "code"}}, {{"hw/misc/foo.c", Category::Code, 12}}, true, "hw/misc: 1"),
      build({{"AI-used-for", "code"}}, {{"hw/misc/foo.c", Category::Code, 15}}, true, "hw/misc: 2"),
      build({{"AI-used-for", "code"}}, {{"hw/misc/bar.c", Category::Code, 10}}, true, "hw/misc: 3"),
  });
  for (const Verdict &v : s.verdicts) EXPECT_EQ(v.kind, VerdictKind::Ok) << dump(v);
  EXPECT_EQ(s.verdict.kind, VerdictKind::NeedsAgreement) << dump(s.verdict);
  const Finding *f = find(s.verdict, "series-large-change");
  ASSERT_NE(f, nullptr) << dump(s.verdict);
  EXPECT_NE(f->message.find("37 lines of code under '"), std::string::npos) << f->message;
  EXPECT_EQ(f->needAgreementFrom, (std::vector<Person>{kMarc}));
  EXPECT_EQ(f->files(), (std::vector<std::string>{"hw/misc/foo.c", "hw/misc/bar.c"}));
  EXPECT_EQ(s.verdict.summary.rfind("series of 3 patches: needs agreement", 0), 0u) << s.verdict.summary;
}

TEST(JudgeSeries, SmallFixesAddingUpInOneFunctionAreReportedWithTheNumbers) {
  SeriesCase s = judgeAll({
      build({{"AI-used-for", "code"}}, {{"hw/misc/foo.c", Category::Code, 12, {"function foo_write (body)"}}},
            true, "hw/misc: 1"),
      build({{"AI-used-for", "code"}},
            {{"hw/misc/foo.c", Category::Code, 9, {"function foo_write (body)", "function foo_read (body)"}}},
            true, "hw/misc: 2"),
      build({}, {{"hw/misc/foo.c", Category::Code, 30, {"function foo_write (body)"}}}, true,
            "hw/misc: 3, written without AI"),
  });
  const Finding *f = find(s.verdict, "series-function-over-limit");
  ASSERT_NE(f, nullptr) << dump(s.verdict);
  EXPECT_EQ(f->severity, Severity::Warning);
  EXPECT_EQ(f->message.rfind("function foo_write in hw/misc/foo.c: 2 AI-assisted small fixes "
                             "change 12 + 9 = 21 lines of it (a small fix is at most 20)", 0),
            0u)
      << f->message;
  EXPECT_EQ(f->locations, (std::vector<FindingLocation>{{"hw/misc/foo.c", 0, {"function foo_write"}}}));
  EXPECT_EQ(s.verdict.codeLines,
            (std::vector<CodeTally>{{"hw/misc/foo.c", "", {12, 9, 0}},
                                    {"hw/misc/foo.c", "function foo_write", {12, 9, 0}},
                                    {"hw/misc/foo.c", "function foo_read", {0, 9, 0}}}));
  // foo_read's 9 lines stay within the limit: one finding only.
  int n = 0;
  for (const Finding &x : s.verdict.findings) n += x.rule == "series-function-over-limit";
  EXPECT_EQ(n, 1);
}

// The tallies stay grouped by file, each file's entities in the order the series first
// touches them, a file first seen in a later patch at the end.
TEST(JudgeSeries, TalliesKeepEachFilesEntitiesTogetherInOrderOfAppearance) {
  SeriesCase s = judgeAll({
      build({{"AI-used-for", "code"}},
            {{"hw/misc/a.c", Category::Code, 3, {"function a1 (body)", "function a2 (body)"}},
             {"hw/misc/b.c", Category::Code, 2, {"function b1 (body)"}}},
            true, "hw/misc: 1"),
      build({{"AI-used-for", "code"}},
            {{"hw/misc/b.c", Category::Code, 4, {"function b2 (body)", "function b1 (signature)"}},
             {"hw/misc/c.c", Category::Code, 1},
             {"hw/misc/a.c", Category::Code, 5, {"function a3 (body)", "function a1 (body)"}}},
            true, "hw/misc: 2"),
  });
  EXPECT_EQ(s.verdict.codeLines, (std::vector<CodeTally>{{"hw/misc/a.c", "", {3, 5}},
                                                         {"hw/misc/a.c", "function a1", {3, 5}},
                                                         {"hw/misc/a.c", "function a2", {3, 0}},
                                                         {"hw/misc/a.c", "function a3", {0, 5}},
                                                         {"hw/misc/b.c", "", {2, 4}},
                                                         {"hw/misc/b.c", "function b1", {2, 4}},
                                                         {"hw/misc/b.c", "function b2", {0, 4}},
                                                         {"hw/misc/c.c", "", {0, 1}}}));
}

TEST(JudgeSeries, SmallFixesInUnrelatedAreasDoNotAddUp) {
  SeriesCase s = judgeAll({
      build({{"AI-used-for", "code"}}, {{"hw/misc/foo.c", Category::Code, 15}}),
      build({{"AI-used-for", "code"}}, {{"hw/net/e1000.c", Category::Code, 15}}),
  });
  EXPECT_EQ(s.verdict.kind, VerdictKind::Ok) << dump(s.verdict);
}

TEST(JudgeSeries, AgreementOnOnePatchCoversTheSectionForTheSeries) {
  SeriesCase s = judgeAll({
      build({{"AI-used-for", "code"}}, {{"util/main-loop.c", Category::Core, 5}}),
      build({{"AI-used-for", "code"}, {"Acked-by", "Paolo Maintainer <paolo@example.org>"}},
            {{"include/qemu/main-loop.h", Category::Core, 5}}),
  });
  EXPECT_EQ(s.verdicts[0].kind, VerdictKind::NeedsAgreement);
  EXPECT_EQ(s.verdicts[1].kind, VerdictKind::Ok);
  EXPECT_EQ(s.verdict.kind, VerdictKind::Ok) << dump(s.verdict);
  const Finding *f = find(s.verdict, "series-core-needs-agreement");
  ASSERT_NE(f, nullptr) << dump(s.verdict);
  EXPECT_TRUE(f->satisfied);
  EXPECT_EQ(f->files(), (std::vector<std::string>{"util/main-loop.c", "include/qemu/main-loop.h"}));
  EXPECT_NE(f->satisfiedBy.find("patch 2: Acked-by"), std::string::npos) << f->satisfiedBy;
}

// A long series (a range of history) keeps one agreement trailer per person agreeing,
// not one per patch, and the evidence is still the first patch that agrees.
TEST(JudgeSeries, ALongSeriesKeepsOneAgreementTrailerPerPersonAgreeing) {
  Built first = build({{"AI-used-for", "code"}}, {{"util/main-loop.c", Category::Core, 5}});
  Built agreed = build({{"AI-used-for", "code"},
                        {"Reviewed-by", "Ada Lovelace <ada@example.org>"}, // the author: no
                        {"Reviewed-by", "Marc Devices <marc@example.org>"},
                        {"Acked-by", "Paolo Maintainer <paolo@example.org>"}},
                       {{"include/qemu/main-loop.h", Category::Core, 5}});
  SeriesJudge series(qemu(), {});
  series.add(first.patch, first.pc, judge(first), first.owners);
  Verdict v = judge(agreed);
  constexpr int kPatches = 500;
  for (int i = 1; i < kPatches; ++i) series.add(agreed.patch, agreed.pc, v, agreed.owners);
  EXPECT_EQ(series.agreementTrailersKept(), 2u); // Marc's and Paolo's, once each
  Verdict verdict = series.finish();
  const Finding *f = find(verdict, "series-core-needs-agreement");
  ASSERT_NE(f, nullptr) << dump(verdict);
  EXPECT_TRUE(f->satisfied);
  EXPECT_EQ(f->satisfiedBy, "patch 2: Acked-by: Paolo Maintainer <paolo@example.org> (line 8)");
}

TEST(JudgeSeries, AViolatingPatchMakesTheSeriesAViolation) {
  SeriesCase s = judgeAll({
      build({{"AI-used-for", "docs"}}, {{"docs/x.rst", Category::Docs, 5}}),
      build({{"AI-used-for", "docs"}}, {{"docs/y.rst", Category::Docs, 5}}, false, "docs: y"),
  });
  EXPECT_EQ(s.verdict.kind, VerdictKind::Violation) << dump(s.verdict);
  const Finding *f = find(s.verdict, "series-patch-violation");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->patchIndex, 1);
  EXPECT_EQ(f->clause, "dco");
  EXPECT_NE(f->message.find("patch 2/2 'docs: y' violates the policy: no 'Signed-off-by:'"),
            std::string::npos)
      << f->message;
}

} // namespace
} // namespace provcheck
