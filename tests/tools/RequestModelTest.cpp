// The pre-approval request model: who is asked, about what, and the body from the
// template. On the hand-built run of ReportTestData.
#include "tests/tools/ReportTestData.h"
#include "tools/provcheck/Request.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::sampleRun;

RequestOptions opts(bool perPatch = false) {
  RequestOptions o;
  o.perPatch = perPatch;
  o.now = 1767258000; // 2026-01-01T09:00:00Z
  o.tzOffsetMinutes = 60;
  return o;
}

std::vector<std::string> emails(const std::vector<Person> &v) {
  std::vector<std::string> out;
  for (const auto &p : v) out.push_back(p.email);
  return out;
}

TEST(RequestModel, OneRequestPerSeriesForThePatchesNeedingAgreement) {
  auto reqs = buildRequests(sampleRun(), opts());
  ASSERT_TRUE(reqs) << reqs.error().str();
  ASSERT_EQ(reqs->size(), 1u);
  const Request &r = reqs->front();
  EXPECT_EQ(r.from.name, "Zoë Çelik");
  EXPECT_EQ(r.subject,
            "[RFC] Pre-approval for AI-assisted change: qom: add object_frob helper (and 1 more "
            "patch)");
  ASSERT_EQ(r.patches.size(), 2u); // the tests/docs patch is allowed: not asked about
  EXPECT_EQ(r.patches[0].id, "111111111111");
  EXPECT_EQ(r.patches[1].id, "333333333333");
  EXPECT_EQ(emails(r.to), (std::vector<std::string>{"pbonzini@redhat.com", "berrange@redhat.com"}));
  EXPECT_EQ(emails(r.cc), std::vector<std::string>{"armbru@redhat.com"});
  EXPECT_EQ(r.ccLists, std::vector<std::string>{"qemu-devel@nongnu.org"});
  EXPECT_EQ(r.sections, (std::vector<std::string>{"QOM", "Frob device"}));
  EXPECT_EQ(r.clauses, (std::vector<std::string>{"core-code", "small-fixes"}));
  EXPECT_EQ(r.aiUsedFor, std::vector<std::string>{"code"});
  ASSERT_EQ(r.files.size(), 3u);
  EXPECT_EQ(r.files[0].path, "include/qom/object.h");
  EXPECT_EQ(r.files[0].category, "core");
  EXPECT_EQ(r.files[0].facts, std::vector<std::string>{"header included by 812 files"});
  EXPECT_EQ(r.files[2].path, "hw/misc/frob.c");
  EXPECT_EQ(r.files[2].added, 18);
  EXPECT_EQ(r.files[2].removed, 14);
  EXPECT_EQ(r.messageId.substr(r.messageId.find('@')), "@example.org");
  EXPECT_EQ(r.date, 1767258000);
}

TEST(RequestModel, BodyStatesFilesEntitiesClausesAndFacts) {
  auto reqs = buildRequests(sampleRun(), opts());
  ASSERT_TRUE(reqs);
  const std::string &b = reqs->front().body;
  for (const char *needle :
       {"Dear Paolo Bonzini, Daniel P. Berrangé,", "AI-used-for: code",
        "include/qom/object.h (core, +12 -2)", "entities: function object_frob (signature)\n",
        "header included by 812 files", "hw/misc/frob.c: 32 changed lines: over the 20-line limit by 12 lines [small-fixes]",
        "[core-code]", "object_frob() looks an object up by its frob name.",
        "Policy clauses: core-code, small-fixes", "Thanks,\nZoë Çelik\n",
        "  - 333333333333 hw/misc/frob: fix off-by-one in frob_read"})
    EXPECT_NE(b.find(needle), std::string::npos) << needle << "\n--- body:\n" << b;
  // Trailers are not part of the plan.
  EXPECT_EQ(b.find("Signed-off-by"), std::string::npos);
}

TEST(RequestModel, PerPatchGivesOneRequestEach) {
  auto reqs = buildRequests(sampleRun(), opts(true));
  ASSERT_TRUE(reqs);
  ASSERT_EQ(reqs->size(), 2u);
  EXPECT_EQ((*reqs)[0].subject, "[RFC] Pre-approval for AI-assisted change: qom: add object_frob helper");
  const Request &frob = (*reqs)[1];
  EXPECT_EQ(frob.plannedSubject, "hw/misc/frob: fix off-by-one in frob_read");
  // An orphaned section has no maintainer: its list is who there is to ask.
  EXPECT_EQ(emails(frob.to), std::vector<std::string>{"qemu-devel@nongnu.org"});
  EXPECT_TRUE(frob.ccLists.empty());
  EXPECT_NE((*reqs)[0].messageId, frob.messageId);
}

TEST(RequestModel, NothingToAskWhenEveryPatchIsAllowedOrAgreed) {
  RunResult run = sampleRun();
  for (auto &p : run.series[0].patches)
    if (p.verdict.kind == VerdictKind::NeedsAgreement) p.verdict.kind = VerdictKind::Ok;
  auto reqs = buildRequests(run, opts());
  ASSERT_TRUE(reqs);
  EXPECT_TRUE(reqs->empty());
}

TEST(RequestModel, SatisfiedFindingsAreNotAskedAgain) {
  RunResult run = sampleRun();
  run.series[0].patches[0].verdict.findings[0].satisfied = true;
  auto reqs = buildRequests(run, opts());
  ASSERT_TRUE(reqs);
  ASSERT_EQ(reqs->size(), 1u);
  ASSERT_EQ(reqs->front().files.size(), 1u);
  EXPECT_EQ(reqs->front().files[0].path, "hw/misc/frob.c");
  EXPECT_EQ(reqs->front().clauses, std::vector<std::string>{"small-fixes"});
}

TEST(RequestModel, TheAuthorIsNotAskedThemself) {
  RunResult run = sampleRun();
  for (auto &p : run.series[0].patches) p.patch.author = {"Paolo Bonzini", "PBonzini@redhat.com"};
  auto reqs = buildRequests(run, opts());
  ASSERT_TRUE(reqs);
  EXPECT_EQ(emails(reqs->front().to), std::vector<std::string>{"berrange@redhat.com"});
}

TEST(RequestModel, CoverLetterGivesSubjectAndPlan) {
  RunResult run = sampleRun();
  Patch cover;
  cover.subject = "Frob lookups for QOM";
  cover.message = "Frob lookups for QOM\n\nThis series adds frob lookups.\n";
  run.series[0].coverLetter = cover;
  auto reqs = buildRequests(run, opts());
  ASSERT_TRUE(reqs);
  EXPECT_EQ(reqs->front().subject, "[RFC] Pre-approval for AI-assisted change: Frob lookups for QOM");
  EXPECT_NE(reqs->front().body.find("This series adds frob lookups."), std::string::npos);
}

TEST(RequestModel, CustomTemplate) {
  RequestOptions o = opts();
  o.templateText = "Hi {to_names},\n{{literal}} {subject}\n{ai_used_for}\n";
  auto reqs = buildRequests(sampleRun(), o);
  ASSERT_TRUE(reqs) << reqs.error().str();
  EXPECT_EQ(reqs->front().body,
            "Hi Paolo Bonzini, Daniel P. Berrangé,\n{literal} qom: add object_frob helper (and 1 "
            "more patch)\ncode\n");
}

TEST(RequestModel, UnknownPlaceholderIsAnErrorWithItsLine) {
  RequestOptions o = opts();
  o.templateText = "Hello\n\nsee {patchez}\n";
  o.templateName = "req.tmpl";
  auto reqs = buildRequests(sampleRun(), o);
  ASSERT_FALSE(reqs);
  EXPECT_EQ(reqs.error().file, "req.tmpl");
  EXPECT_EQ(reqs.error().line, 3);
  EXPECT_EQ(reqs.error().column, 5);
  EXPECT_NE(reqs.error().message.find("unknown placeholder {patchez}"), std::string::npos);
}

TEST(RequestModel, UnterminatedPlaceholderIsAnError) {
  auto r = fillTemplate("a {subject\n}", "t", {{"subject", "x"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 1);
  EXPECT_EQ(r.error().column, 3);
}

} // namespace
} // namespace provcheck
