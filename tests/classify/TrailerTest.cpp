// Trailer analysis: the AI trailer's value parsed strictly (table-driven), misspelt and
// foreign trailers, AI tools named where a person belongs, and sign-off against author.
#include "classify/Trailers.h"

#include "analysis/MessageTrailers.h"
#include "classify/Signoff.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

const Policy &qemu() {
  static const Policy p = *builtinPolicy("qemu");
  return p;
}
const Policy &linuxPolicy() {
  static const Policy p = *builtinPolicy("linux");
  return p;
}

struct ValueCase {
  const char *value;
  std::vector<std::string> values; // expected when valid
  const char *explanation;
  const char *problem;             // substring of the problem; nullptr when valid
  int column;                      // expected column of the problem (0: not checked)
};

TEST(AiUsedForValue, ParsesStrictly) {
  const ValueCase cases[] = {
      {"code", {"code"}, "", nullptr, 0},
      {"docs", {"docs"}, "", nullptr, 0},
      {"code, tests", {"code", "tests"}, "", nullptr, 0},
      {"code,tests,docs,research", {"code", "tests", "docs", "research"}, "", nullptr, 0},
      {"code (refactoring)", {"code"}, "refactoring", nullptr, 0},
      {"code, tests (generated the qtest, then edited)", {"code", "tests"},
       "generated the qtest, then edited", nullptr, 0},
      {"code(refactoring)", {"code"}, "refactoring", nullptr, 0},
      {"tests (see f(x) in the cover letter)", {"tests"}, "see f(x) in the cover letter", nullptr, 0},
      // Malformed.
      {"", {}, "", "no value", 1},
      {"Code", {}, "", "lower case: 'code'", 1},
      {"code, Tests", {}, "", "lower case: 'tests'", 7},
      {"code tests", {}, "", "separated by ','", 1},
      {"code and tests", {}, "", "separated by ','", 1},
      {"code; tests", {}, "", "not ';'", 5},
      {"code/tests", {}, "", "not '/'", 5},
      {"code,", {}, "", "nothing after the last ','", 0},
      {"code,,tests", {}, "", "empty value between commas", 0},
      {"review", {}, "", "unknown value 'review'", 1},
      {"documentation", {}, "", "did you mean 'docs'", 1},
      {"test", {}, "", "did you mean 'tests'", 1},
      {"code, code", {}, "", "given twice", 7},
      {"code (refactoring", {}, "", "never closed", 6},
      {"code refactoring)", {}, "", "')' without a matching '('", 17},
      {"code ()", {}, "", "empty explanation", 6},
      {"code (refactoring) tests", {}, "", "text after the explanation", 20},
      {"(refactoring)", {}, "", "no value before the explanation", 1},
  };
  for (const ValueCase &c : cases) {
    AiTrailerValue v = parseAiTrailerValue(c.value, qemu().aiTrailer);
    if (!c.problem) {
      EXPECT_TRUE(v.ok()) << "'" << c.value << "': " << v.problem;
      EXPECT_EQ(v.values, c.values) << c.value;
      EXPECT_EQ(v.explanation, c.explanation) << c.value;
    } else {
      EXPECT_FALSE(v.ok()) << "'" << c.value << "' should be malformed";
      EXPECT_NE(v.problem.find(c.problem), std::string::npos)
          << "'" << c.value << "': " << v.problem;
      if (c.column) {
        EXPECT_EQ(v.column, c.column) << c.value << ": " << v.problem;
      }
      EXPECT_TRUE(v.values.empty());
    }
  }
}

struct AgentCase {
  const char *value;
  const char *agent, *model;
  std::vector<std::string> tools;
  const char *problem;
};

TEST(AssistedByValue, ParsesAgentModelAndTools) {
  const AgentCase cases[] = {
      {"Claude:claude-3-opus coccinelle sparse", "Claude", "claude-3-opus",
       {"coccinelle", "sparse"}, nullptr},
      {"Copilot:gpt-4o", "Copilot", "gpt-4o", {}, nullptr},
      {"Claude:claude-sonnet-4 [smatch] [clang-tidy]", "Claude", "claude-sonnet-4",
       {"smatch", "clang-tidy"}, nullptr},
      {"Claude", "", "", {}, "no ':' between agent and model"},
      {":gpt-4", "", "", {}, "agent name before ':' is empty"},
      {"Claude:", "", "", {}, "model version after ':' is empty"},
      {"", "", "", {}, "no value"},
      {"Claude:opus sparse,smatch", "", "", {}, "is not a tool name"},
  };
  for (const AgentCase &c : cases) {
    AiTrailerValue v = parseAiTrailerValue(c.value, linuxPolicy().aiTrailer);
    if (!c.problem) {
      EXPECT_TRUE(v.ok()) << c.value << ": " << v.problem;
      EXPECT_EQ(v.agent, c.agent);
      EXPECT_EQ(v.model, c.model);
      EXPECT_EQ(v.tools, c.tools);
    } else {
      EXPECT_FALSE(v.ok()) << c.value;
      EXPECT_NE(v.problem.find(c.problem), std::string::npos) << c.value << ": " << v.problem;
    }
  }
}

TEST(AiTrailerKey, MisspellingsAreRecognised) {
  const AiTrailerSpec &spec = qemu().aiTrailer;
  for (const char *k : {"AI-Used-By", "AI-used-by", "AI_used_for", "AI-use-for", "AI-used",
                        "AI-assisted", "AI-Generated-By"})
    EXPECT_TRUE(isMisspeltAiKey(k, spec)) << k;
  // The key in another case is the key (git reads keys case-insensitively).
  for (const char *k : {"AI-used-for", "AI-Used-For", "ai-used-for", "Ai-used-for",
                        "Signed-off-by", "Acked-by", "Reviewed-by", "Tested-by", "Fixes",
                        "Suggested-by", "Based-on", "Message-Id", "Cc"})
    EXPECT_FALSE(isMisspeltAiKey(k, spec)) << k;
}

TEST(PersonText, ParsesNamesAndAddresses) {
  Person p;
  ASSERT_TRUE(parsePerson("Ada Lovelace <ada@example.org>", p));
  EXPECT_EQ(p.name, "Ada Lovelace");
  EXPECT_EQ(p.email, "ada@example.org");
  ASSERT_TRUE(parsePerson("\"Lovelace, Ada\" <ada@example.org>", p));
  EXPECT_EQ(p.name, "Lovelace, Ada");
  ASSERT_TRUE(parsePerson("ada@example.org", p));
  EXPECT_EQ(p.email, "ada@example.org");
  EXPECT_FALSE(parsePerson("Ada <ada@example.org", p));
  EXPECT_FALSE(parsePerson("Ada <nobody>", p));
}

Patch patchWith(std::vector<std::pair<std::string, std::string>> trailers,
                std::string body = "The body explains the change.") {
  Patch p;
  p.author = {"Ada Lovelace", "ada@example.org"};
  p.subject = "hw/misc: fix the thing";
  p.message = p.subject + "\n\n" + body + "\n\n";
  int line = 5 + static_cast<int>(std::count(body.begin(), body.end(), '\n'));
  for (auto &[k, v] : trailers) {
    p.message += k + ": " + v + "\n";
    p.trailers.push_back({k, v, line++});
  }
  return p;
}

bool hasIssue(const TrailerAnalysis &a, const std::string &rule, const std::string &needle = "") {
  for (const TrailerIssue &i : a.issues)
    if (i.rule == rule && i.message.find(needle) != std::string::npos) return true;
  return false;
}

std::string issues(const TrailerAnalysis &a) {
  std::string out;
  for (const TrailerIssue &i : a.issues) out += i.rule + ": " + i.message + "\n";
  return out;
}

TEST(TrailerAnalysis, WellFormedDeclarationAndSignoff) {
  TrailerAnalysis a = analyzeTrailers(
      patchWith({{"AI-used-for", "code (refactoring)"}, {"AI-used-for", "tests"},
                 {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
      qemu());
  EXPECT_TRUE(a.aiDeclared);
  EXPECT_EQ(a.declared, (std::vector<std::string>{"code", "tests"}));
  EXPECT_TRUE(a.authorSignedOff);
  EXPECT_TRUE(a.issues.empty()) << issues(a);
}

TEST(TrailerAnalysis, MalformedValueNamesLineAndColumn) {
  TrailerAnalysis a = analyzeTrailers(
      patchWith({{"AI-used-for", "Code"}, {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
      qemu());
  EXPECT_FALSE(a.aiDeclared);
  EXPECT_TRUE(a.aiEvidence);
  ASSERT_TRUE(hasIssue(a, "ai-trailer-malformed", "(line 5), column 1")) << issues(a);
  EXPECT_EQ(a.issues[0].effect, VerdictKind::Violation);
  EXPECT_EQ(a.issues[0].line, 5);
  EXPECT_EQ(a.issues[0].clause, "ai-trailer");
}

TEST(TrailerAnalysis, MisspeltKeyIsAViolationButStillEvidence) {
  TrailerAnalysis a = analyzeTrailers(
      patchWith({{"AI-Used-By", "code"}, {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
      qemu());
  EXPECT_FALSE(a.aiDeclared);
  EXPECT_TRUE(a.aiEvidence);
  EXPECT_EQ(a.declared, (std::vector<std::string>{"code"}));
  EXPECT_TRUE(hasIssue(a, "ai-trailer-misspelt", "write it as 'AI-used-for:'")) << issues(a);
}

TEST(TrailerAnalysis, AssistedByAndGeneratedByAreForeignToQemu) {
  TrailerAnalysis a = analyzeTrailers(
      patchWith({{"Assisted-by", "Claude:claude-opus-4"}, {"Generated-by", "ChatGPT"},
                 {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
      qemu());
  EXPECT_TRUE(a.aiEvidence);
  EXPECT_TRUE(hasIssue(a, "ai-trailer-foreign", "'Assisted-by:' (line 5)")) << issues(a);
  EXPECT_TRUE(hasIssue(a, "ai-trailer-foreign", "'Generated-by:' (line 6)")) << issues(a);
  EXPECT_TRUE(hasIssue(a, "ai-trailer-foreign", "'AI-used-for: code, tests, docs or research'"));
  for (const TrailerIssue &i : a.issues) EXPECT_EQ(i.clause, "ai-foreign-trailers");
}

TEST(TrailerAnalysis, CoDevelopedByAToolIsNotAPerson) {
  TrailerAnalysis a = analyzeTrailers(
      patchWith({{"Co-developed-by", "Claude <noreply@anthropic.com>"},
                 {"Co-developed-by", "Claude Fontaine <claude@example.org>"},
                 {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
      qemu());
  EXPECT_TRUE(a.aiEvidence);
  int n = 0;
  for (const TrailerIssue &i : a.issues) n += i.rule == "ai-tool-as-person";
  EXPECT_EQ(n, 1) << issues(a); // the person named Claude is a person
  EXPECT_TRUE(hasIssue(a, "ai-tool-as-person", "(line 5)"));
}

TEST(TrailerAnalysis, ToolNamedInTheMessageIsAWarning) {
  TrailerAnalysis a = analyzeTrailers(
      patchWith({{"Signed-off-by", "Ada Lovelace <ada@example.org>"}},
                "I asked ChatGPT how to do this."),
      qemu());
  EXPECT_FALSE(a.aiEvidence);
  ASSERT_TRUE(hasIssue(a, "ai-tool-mentioned", "ChatGPT (line 3)")) << issues(a);
  EXPECT_EQ(a.issues[0].effect, VerdictKind::Ok);
}

TEST(TrailerAnalysis, DeclarationOutsideTheTrailerBlockIsNotRead) {
  TrailerAnalysis a = analyzeTrailers(
      patchWith({{"Signed-off-by", "Ada Lovelace <ada@example.org>"}},
                "AI-used-for: code\n\nMore explanation."),
      qemu());
  EXPECT_TRUE(a.aiEvidence);
  EXPECT_TRUE(hasIssue(a, "ai-trailer-misplaced", "(line 3)")) << issues(a);
}

struct SignoffCase {
  std::vector<std::pair<std::string, std::string>> trailers;
  const char *rule; // expected issue, nullptr for none
  bool authorSignedOff;
};

TEST(TrailerAnalysis, SignoffMatchesAuthorAsCheckpatchDoes) {
  const SignoffCase cases[] = {
      {{{"Signed-off-by", "Ada Lovelace <ada@example.org>"}}, nullptr, true},
      {{{"Signed-off-by", "ada lovelace <ADA@example.org>"}}, nullptr, true},
      {{{"Signed-off-by", "Ada Lovelace <ada+qemu@example.org>"}}, nullptr, true},
      {{{"Signed-off-by", "A. Lovelace <ada@example.org>"}}, "signoff-author-mismatch", true},
      {{{"Signed-off-by", "Ada Lovelace <ada@work.example>"}}, "signoff-author-mismatch", true},
      {{{"Signed-off-by", "Charles Babbage <cb@example.org>"}}, "signoff-author-missing", false},
      {{{"Reviewed-by", "Charles Babbage <cb@example.org>"}}, "signoff-missing", false},
      {{}, "signoff-missing", false},
      // Malformed, still the author's: a warning (the certification is there).
      {{{"Signed-off-by", "Ada Lovelace <ada@example.org"}}, "signoff-malformed", true},
      {{{"Signed-off-by", "Ada Lovelace ada@example.org"}}, "signoff-malformed", true},
      {{{"Signed-off-by", "Ada Lovelace"}}, "signoff-malformed", true},
      {{{"Signed-off-by", "Charles Babbage cb@example.org"}}, "signoff-author-missing", false},
  };
  for (const SignoffCase &c : cases) {
    TrailerAnalysis a = analyzeTrailers(patchWith(c.trailers), qemu());
    EXPECT_EQ(a.authorSignedOff, c.authorSignedOff) << issues(a);
    if (c.rule) {
      EXPECT_TRUE(hasIssue(a, c.rule)) << c.rule << "\n" << issues(a);
    } else {
      EXPECT_TRUE(a.issues.empty()) << issues(a);
    }
    // Only a missing author's sign-off is a violation.
    bool violation = std::any_of(a.issues.begin(), a.issues.end(), [](const TrailerIssue &i) {
      return i.effect == VerdictKind::Violation;
    });
    EXPECT_EQ(violation, !c.authorSignedOff) << issues(a);
  }
}

TEST(TrailerAnalysis, LinuxWantsAssistedByAndAHumanSignoff) {
  TrailerAnalysis ok = analyzeTrailers(
      patchWith({{"Assisted-by", "Claude:claude-3-opus coccinelle"},
                 {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
      linuxPolicy());
  EXPECT_TRUE(ok.aiDeclared);
  EXPECT_TRUE(ok.issues.empty()) << issues(ok);

  TrailerAnalysis bot = analyzeTrailers(
      patchWith({{"Assisted-by", "Claude:claude-3-opus git"},
                 {"Signed-off-by", "Claude <noreply@anthropic.com>"},
                 {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
      linuxPolicy());
  EXPECT_TRUE(hasIssue(bot, "signoff-by-ai")) << issues(bot);
  EXPECT_TRUE(hasIssue(bot, "ai-trailer-basic-tool", "'git'")) << issues(bot);

  TrailerAnalysis bad = analyzeTrailers(
      patchWith({{"Assisted-by", "Claude"}, {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
      linuxPolicy());
  EXPECT_TRUE(hasIssue(bad, "ai-trailer-malformed", "AGENT_NAME:MODEL_VERSION")) << issues(bad);

  // QEMU's trailer means nothing to the Linux policy, but AI-used-for is a near miss of
  // nothing there: it is not reported as misspelt Assisted-by.
  TrailerAnalysis other = analyzeTrailers(
      patchWith({{"AI-used-for", "code"}, {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
      linuxPolicy());
  EXPECT_FALSE(other.aiDeclared);
}

// A patch from a whole commit message, its trailers read as git reads them.
Patch commitWith(const std::string &message, Person author = {"Ada Lovelace", "ada@example.org"}) {
  Patch p;
  p.author = std::move(author);
  p.message = message;
  p.subject = message.substr(0, message.find('\n'));
  p.trailers = parseTrailers(message);
  return p;
}

TEST(Signoff, AuthorsSignoffAboveAScissorsLikeLineCounts) {
  TrailerAnalysis a = analyzeTrailers(
      commitWith("block/rbd: add write zeroes support\n\nThe rationale:\n\n---8<---\n"
                 "a) always unmap\n--->8---\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n"
                 "Reviewed-by: Charles Babbage <cb@example.org>\n"
                 "Signed-off-by: Kevin Maintainer <kevin@example.org>\n"),
      qemu());
  EXPECT_TRUE(a.authorSignedOff);
  EXPECT_TRUE(a.issues.empty()) << issues(a);
}

TEST(Signoff, AQuotedDiffWithTripleDashesDoesNotHideTheSignoff) {
  TrailerAnalysis a = analyzeTrailers(
      commitWith("tests: drop _DSM 5 from the expected tables\n\n"
                 "diff -rup /tmp/old/DSDT.dsl /tmp/new/DSDT.dsl\n--- /tmp/old/DSDT.dsl\n"
                 "+++ /tmp/new/DSDT.dsl\n@@ -1,2 +1,1 @@\n-    0x21\n+    0x01\n\n"
                 "Signed-off-by: Ada Lovelace <ada@example.org>\n"),
      qemu());
  EXPECT_TRUE(a.authorSignedOff);
  EXPECT_TRUE(a.issues.empty()) << issues(a);
}

TEST(Signoff, TheAuthorsSignoffInAParagraphAboveTheTrailerBlockCounts) {
  Patch p = commitWith("qapi: add spaces after symbol declarations\n\nFor consistency.\n\n"
                       "Signed-off-by: Ada Lovelace <ada@example.org>\n\n"
                       "Message-Id: <20210930205716.1148693-5-ada@example.org>\n"
                       "Reviewed-by: Markus Maintainer <markus@example.org>\n"
                       "Signed-off-by: Markus Maintainer <markus@example.org>\n");
  ASSERT_EQ(p.trailers.size(), 3u); // the author's sign-off is not in git's trailer block
  TrailerAnalysis a = analyzeTrailers(p, qemu());
  EXPECT_TRUE(a.authorSignedOff);
  EXPECT_TRUE(a.issues.empty()) << issues(a);
  // The AI trailer is held to the block: in that paragraph it is not read.
  Patch q = commitWith("hw/misc: fix the thing\n\nWhy.\n\nAI-used-for: code\n"
                       "Signed-off-by: Ada Lovelace <ada@example.org>\n\n"
                       "Message-Id: <1@example.org>\n");
  TrailerAnalysis b = analyzeTrailers(q, qemu());
  EXPECT_FALSE(b.aiDeclared);
  EXPECT_TRUE(hasIssue(b, "ai-trailer-misplaced", "(line 5)")) << issues(b);
  EXPECT_TRUE(b.authorSignedOff);
}

TEST(Signoff, AnAuthorWhoNeverSignedOffIsStillAViolation) {
  TrailerAnalysis a = analyzeTrailers(
      commitWith("hw/misc: fix the thing\n\nSigned-off-by in prose is no sign-off.\n"
                 "> Signed-off-by: Ada Lovelace <ada@example.org>\n\n"
                 "Signed-off-by: Kevin Maintainer <kevin@example.org>\n"),
      qemu());
  EXPECT_FALSE(a.authorSignedOff);
  EXPECT_TRUE(hasIssue(a, "signoff-author-missing", "anywhere in the message")) << issues(a);
  TrailerAnalysis none = analyzeTrailers(commitWith("hw/misc: fix\n\nNo sign-off.\n"), qemu());
  EXPECT_TRUE(hasIssue(none, "signoff-missing")) << issues(none);
}

TEST(Signoff, LinesAreFoundAsCheckpatchFindsThem) {
  std::vector<SignoffLine> lines =
      signoffLines("Subject\n\n  Signed-off-by: Indented <i@example.org>\n"
                   "signed-off-by: lower <l@example.org>\nSigned-off-by : Spaced <s@example.org>\n"
                   "Not Signed-off-by: x\nSigned-off-byx: y\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].line, 3);
  EXPECT_TRUE(lines[0].indented);
  EXPECT_EQ(lines[1].key, "signed-off-by");
  EXPECT_EQ(lines[2].value, "Spaced <s@example.org>");
}

TEST(Signoff, AForgottenColonOrAListRewrittenAuthorStillCount) {
  TrailerAnalysis colon = analyzeTrailers(
      commitWith("hw/arm: fix\n\nWhy.\n\nSigned-off-by Ada Lovelace <ada@example.org>\n"
                 "Signed-off-by: Peter Maintainer <peter@example.org>\n"),
      qemu());
  EXPECT_TRUE(colon.authorSignedOff);
  EXPECT_TRUE(hasIssue(colon, "signoff-malformed", "lacks its ':'")) << issues(colon);
  // A line that only starts like one is not.
  EXPECT_TRUE(signoffLines("S\n\nSigned-off-by the maintainer, see above.\n").empty());

  TrailerAnalysis list = analyzeTrailers(
      commitWith("block: fix\n\nWhy.\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n",
                 {"Ada Lovelace via", "qemu-block@nongnu.org"}),
      qemu());
  EXPECT_TRUE(list.authorSignedOff);
  EXPECT_TRUE(hasIssue(list, "signoff-author-mismatch", "mailing list's rewrite of Ada Lovelace"))
      << issues(list);
  for (const TrailerIssue &i : list.issues) EXPECT_NE(i.effect, VerdictKind::Violation) << i.message;
}

TEST(Signoff, MailmapMakesTheAuthorsOldAddressTheirs) {
  Expected<Mailmap> mm = Mailmap::parse("Ada Lovelace <ada@example.org> <ada@old.example>\n");
  ASSERT_TRUE(mm) << mm.error().str();
  Patch p = commitWith("hw/misc: fix\n\nWhy.\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n",
                       {"A. Lovelace", "ADA@old.example"});
  TrailerAnalysis without = analyzeTrailers(p, qemu());
  EXPECT_TRUE(hasIssue(without, "signoff-author-missing")) << issues(without);
  TrailerAnalysis with = analyzeTrailers(p, qemu(), &*mm);
  EXPECT_TRUE(with.authorSignedOff);
  EXPECT_TRUE(with.issues.empty()) << issues(with);
}

TEST(Signoff, AKeyWithoutItsHyphensStillCountsWithAWarning) {
  TrailerAnalysis a = analyzeTrailers(
      commitWith("ppc/spapr: fix\n\nWhy.\n\nReviewed-by: Peter Reviewer <peter@example.org>\n"
                 "Signed off by: Ada Lovelace <ada@example.org>\n"
                 "Signed-off-by: Nick Maintainer <nick@example.org>\n"),
      qemu());
  EXPECT_TRUE(a.authorSignedOff);
  EXPECT_TRUE(hasIssue(a, "signoff-malformed", "'Signed off by:' (line 6) is read as "
                                               "'Signed-off-by:'"))
      << issues(a);
  for (const TrailerIssue &i : a.issues) EXPECT_NE(i.effect, VerdictKind::Violation) << i.message;
  // Words that only start like one are not.
  EXPECT_TRUE(signoffLines("S\n\nSigned-off-bye: x\nSigned off by the maintainer.\n").empty());
}

TEST(Signoff, AMisspeltKeyStillCountsWithAWarning) {
  // As checkpatch.pl suggests the standard signature for a key two letters from it.
  for (const char *key : {"Signed-of-by", "Singed-off-by", "Signed-off", "Signed-Of-By",
                          "Signed offby"}) {
    TrailerAnalysis a = analyzeTrailers(
        commitWith(std::string("hw/misc: fix\n\nWhy.\n\n") + key +
                   ": Ada Lovelace <ada@example.org>\n"
                   "Signed-off-by: Nick Maintainer <nick@example.org>\n"),
        qemu());
    EXPECT_TRUE(a.authorSignedOff) << key;
    EXPECT_TRUE(hasIssue(a, "signoff-malformed",
                         "'" + std::string(key) +
                             ":' (line 5) is read as 'Signed-off-by:': write it 'Signed-off-by:'"))
        << key << ": " << issues(a);
    for (const TrailerIssue &i : a.issues) EXPECT_NE(i.effect, VerdictKind::Violation) << i.message;
  }
  // Other keys, a misspelt key without a person's address, or without its ':', are not.
  EXPECT_TRUE(signoffLines("S\n\nSigned-by: x <x@example.org>\nSuggested-by: y <y@example.org>\n"
                           "Signed-of-by: the maintainer\nSigned-of-by z <z@example.org>\n"
                           "Assigned-to: w <w@example.org>\n")
                  .empty());
  // An author whose only sign-off is another's, misspelt or not, still has none.
  TrailerAnalysis other = analyzeTrailers(
      commitWith("hw/misc: fix\n\nWhy.\n\nSigned-of-by: Nick Maintainer <nick@example.org>\n"),
      qemu());
  EXPECT_TRUE(hasIssue(other, "signoff-author-missing")) << issues(other);
}

TEST(Signoff, ASignoffThatMayBeTheAuthorUnderAnotherIdentityIsNamedButNotCounted) {
  // The same person, it seems, under two identities: still no sign-off by the author, but
  // the message says which sign-off may be theirs and how to settle it.
  TrailerAnalysis a = analyzeTrailers(
      commitWith("target/riscv: rvv: rename esz\n\nWhy.\n\n"
                 "Signed-off-by: eop Chen <eop.chen@sifive.example>\n"
                 "Signed-off-by: Alistair Maintainer <alistair@example.org>\n",
                 {"eopXD", "yueh.ting.chen@example.com"}),
      qemu());
  EXPECT_FALSE(a.authorSignedOff);
  EXPECT_TRUE(hasIssue(a, "signoff-author-missing",
                       "'Signed-off-by: eop Chen <eop.chen@sifive.example>' (line 5) may be the "
                       "author under another identity"))
      << issues(a);
  // Someone else entirely: no such hint.
  TrailerAnalysis b = analyzeTrailers(
      commitWith("hw/misc: fix\n\nWhy.\n\nSigned-off-by: Magnus Submitter <magnus@example.org>\n",
                 {"Praveen Author", "prapal@example.com"}),
      qemu());
  EXPECT_TRUE(hasIssue(b, "signoff-author-missing")) << issues(b);
  EXPECT_FALSE(hasIssue(b, "signoff-author-missing", "another identity")) << issues(b);
}

TEST(TrailerKeyCase, AnAiTrailerInAnotherCaseIsReadWithAWarning) {
  TrailerAnalysis a = analyzeTrailers(
      patchWith({{"AI-Used-For", "docs"}, {"Signed-Off-By", "Ada Lovelace <ada@example.org>"}}),
      qemu());
  EXPECT_TRUE(a.aiDeclared);
  EXPECT_EQ(a.declared, (std::vector<std::string>{"docs"}));
  EXPECT_TRUE(a.authorSignedOff);
  ASSERT_TRUE(hasIssue(a, "trailer-key-case", "write it as 'AI-used-for:'")) << issues(a);
  ASSERT_TRUE(hasIssue(a, "trailer-key-case", "write it as 'Signed-off-by:'")) << issues(a);
  for (const TrailerIssue &i : a.issues) {
    EXPECT_EQ(i.severity, Severity::Warning) << i.message;
    EXPECT_EQ(i.effect, VerdictKind::Ok) << i.message;
  }
}

TEST(LinuxPolicy, SignoffNamingTheDeclaredAgentIsFlagged) {
  // The agent named in Assisted-by is an AI agent wherever a person belongs.
  TrailerAnalysis a = analyzeTrailers(
      patchWith({{"Assisted-by", "Cursor:gpt-5 sparse"},
                 {"Signed-off-by", "Cursor Agent <cursoragent@cursor.example>"},
                 {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
      linuxPolicy());
  EXPECT_TRUE(a.aiDeclared);
  EXPECT_TRUE(hasIssue(a, "signoff-by-ai", "'Signed-off-by: Cursor Agent")) << issues(a);
  EXPECT_TRUE(a.authorSignedOff);
  // The documented format: AGENT_NAME:MODEL_VERSION, then optional tools.
  for (const char *ok : {"Claude:claude-3-opus", "Claude:claude-3-opus coccinelle sparse",
                         "Claude:claude-3-opus [coccinelle] [sparse]"}) {
    TrailerAnalysis t = analyzeTrailers(
        patchWith({{"Assisted-by", ok}, {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
        linuxPolicy());
    EXPECT_TRUE(t.aiDeclared) << ok << "\n" << issues(t);
  }
  for (const char *bad : {"Claude", "Claude:", ":claude-3-opus", "Claude:claude-3-opus sparse,"}) {
    TrailerAnalysis t = analyzeTrailers(
        patchWith({{"Assisted-by", bad}, {"Signed-off-by", "Ada Lovelace <ada@example.org>"}}),
        linuxPolicy());
    EXPECT_TRUE(hasIssue(t, "ai-trailer-malformed")) << bad << "\n" << issues(t);
  }
}

} // namespace
} // namespace provcheck
