#include "tests/tools/ReportTestData.h"

#include <algorithm>

namespace provcheck::testing {

namespace {

// A file change with one hunk of `added` new lines and `removed` old lines from `start`.
FileChange change(const std::string &path, int start, int added, int removed,
                  FileStatus status = FileStatus::Modified) {
  FileChange f;
  f.oldPath = f.newPath = path;
  f.status = status;
  Hunk h;
  h.oldStart = status == FileStatus::Added ? 0 : start;
  h.newStart = start;
  h.oldLines = removed;
  h.newLines = added;
  for (int i = 0; i < removed; ++i)
    h.lines.push_back({LineKind::Removed, start + i, 0, "old line " + std::to_string(i)});
  for (int i = 0; i < added; ++i)
    h.lines.push_back({LineKind::Added, 0, start + i, "new line " + std::to_string(i)});
  f.hunks.push_back(h);
  return f;
}

FileClass classOf(const FileChange &f, Category c, std::vector<Reason> reasons,
                  std::vector<std::string> entities) {
  FileClass fc;
  fc.path = f.path();
  fc.category = c;
  fc.reasons = reasons;
  HunkClass h;
  h.category = c;
  h.reasons = reasons;
  h.lines = {f.added(), f.removed()};
  h.entities = entities;
  fc.hunks.push_back(h);
  fc.byCategory[int(c)] = {f.added(), f.removed()};
  fc.includedBy = 0; // the dependency map ran
  fc.symbolFanIn = 0;
  return fc;
}

OwningSection section(const std::string &name, const std::string &status,
                      std::vector<Person> m, std::vector<Person> r,
                      std::vector<std::string> l) {
  OwningSection s;
  s.name = name;
  s.status = status;
  s.maintainers = std::move(m);
  s.reviewers = std::move(r);
  s.lists = std::move(l);
  return s;
}

Verdict verdict(VerdictKind kind, std::vector<std::string> usedFor, std::string summary,
                std::vector<Finding> findings) {
  Verdict v;
  v.kind = kind;
  v.aiAssisted = true;
  v.limitsApplied = true;
  v.aiUsedFor = std::move(usedFor);
  v.summary = std::move(summary);
  v.findings = std::move(findings);
  return v;
}

const Person kAuthor{"Zoë Çelik", "zoe@example.org"};
const Person kPaolo{"Paolo Bonzini", "pbonzini@redhat.com"};
const Person kDaniel{"Daniel P. Berrangé", "berrange@redhat.com"};
const Person kMarkus{"Markus Armbruster", "armbru@redhat.com"};

Patch patch(const std::string &id, const std::string &subject, const std::string &body,
            std::vector<Trailer> trailers, std::vector<FileChange> files, int minute) {
  Patch p;
  p.origin = {Origin::Kind::Commit, id, 0};
  p.id = id;
  p.author = kAuthor;
  p.committer = kAuthor;
  p.time = 1767225600 + minute * 60;
  p.subject = subject;
  p.message = subject + "\n\n" + body + "\n";
  int line = 3 + int(std::count(body.begin(), body.end(), '\n')) + 2;
  for (auto &t : trailers) {
    t.line = line++;
    p.message += t.key + ": " + t.value + "\n";
  }
  p.trailers = std::move(trailers);
  p.files = std::move(files);
  return p;
}

} // namespace

RunResult sampleRun() {
  RunResult run;
  run.repository = "/src/frob";
  run.policy = "QEMU";
  run.stages = {true, true, true, true};
  SeriesResult s;
  s.title = "main~3..main";

  OwningSection qom = section("QOM", "Supported", {kPaolo, kDaniel}, {kMarkus}, {});
  OwningSection frob = section("Frob device", "Orphan", {}, {}, {"qemu-devel@nongnu.org"});
  OwningSection docs = section("Documentation", "Odd Fixes", {kPaolo}, {}, {"qemu-devel@nongnu.org"});

  // 1. Core code: a header included everywhere and the QOM core.
  {
    PatchResult pr;
    pr.patch = patch("1111111111111111111111111111111111111111", "qom: add object_frob helper",
                     "object_frob() looks an object up by its frob name.",
                     {{"AI-used-for", "code"}, {"Signed-off-by", kAuthor.str()}},
                     {change("include/qom/object.h", 120, 12, 2), change("qom/object.c", 300, 40, 3)},
                     1);
    Reason fanIn{"header-fan-in", "header included by 812 files"};
    Reason corePath{"core-path", "qom/"};
    pr.classification.category = Category::Core;
    pr.classification.files = {
        classOf(pr.patch.files[0], Category::Core, {fanIn}, {"function object_frob (signature)"}),
        classOf(pr.patch.files[1], Category::Core, {corePath},
                {"function object_frob (body)", "function object_class_init (body)"})};
    pr.classification.byCategory[int(Category::Core)] = {52, 5};
    pr.classification.files[0].includedBy = 812;
    pr.classification.files[1].symbolFanIn = 3;
    pr.classification.files[1].symbol = "object_class_init";
    pr.files = {FileResult{{}, {qom}}, FileResult{{}, {qom}}};
    Finding f;
    f.rule = "core-needs-agreement";
    f.clause = "core-code";
    f.severity = Severity::Warning;
    f.effect = VerdictKind::NeedsAgreement;
    f.message = "AI-assisted change to core code (header included by 812 files): the "
                "maintainers' agreement is needed first";
    f.locations = {{"include/qom/object.h", 121, {"function object_frob (signature)"}},
                   {"qom/object.c", 0, {"function object_frob (body)"}}};
    f.needAgreementFrom = {kPaolo, kDaniel};
    f.sections = {"QOM"};
    pr.verdict = verdict(VerdictKind::NeedsAgreement, {"code"},
                         "needs the agreement of the QOM maintainers", {f});
    s.patches.push_back(pr);
  }
  // 2. Tests and documentation.
  {
    PatchResult pr;
    pr.patch = patch("2222222222222222222222222222222222222222", "tests: cover object_frob",
                     "A unit test and a paragraph of documentation.",
                     {{"AI-used-for", "tests"}, {"AI-used-for", "docs"},
                      {"Signed-off-by", kAuthor.str()}},
                     {change("tests/unit/test-qom-frob.c", 1, 55, 0, FileStatus::Added),
                      change("docs/devel/qom.rst", 40, 8, 1)},
                     2);
    pr.classification.mixed = true;
    pr.classification.category = Category::Tests;
    pr.classification.files = {
        classOf(pr.patch.files[0], Category::Tests, {{"path-tests", "tests/**"}},
                {"function test_frob_lookup"}),
        classOf(pr.patch.files[1], Category::Docs, {{"path-docs", "docs/**"}}, {})};
    pr.files = {FileResult{{}, {}}, FileResult{{}, {docs}}};
    Finding f;
    f.rule = "ai-allowed-category";
    f.clause = "allowed-categories";
    f.severity = Severity::Info;
    f.effect = VerdictKind::Ok;
    f.message = "AI-assisted tests and documentation are allowed";
    f.locations = {{"tests/unit/test-qom-frob.c", 0, {}}, {"docs/devel/qom.rst", 0, {}}};
    pr.verdict = verdict(VerdictKind::Ok, {"tests", "docs"}, "allowed", {f});
    s.patches.push_back(pr);
  }
  // 3. A fix over the small-fix limit in an orphaned device, with a mechanical rename.
  {
    PatchResult pr;
    pr.patch = patch("3333333333333333333333333333333333333333",
                     "hw/misc/frob: fix off-by-one in frob_read",
                     "The last register was never readable.",
                     {{"AI-used-for", "code"}, {"Fixes", "0123456789ab (\"hw/misc/frob: add\")"},
                      {"Signed-off-by", kAuthor.str()}},
                     {change("hw/misc/frob.c", 88, 18, 14), change("include/hw/misc/frob.h", 10, 3, 3)},
                     3);
    pr.classification.mixed = true;
    pr.classification.category = Category::Code;
    pr.classification.files = {
        classOf(pr.patch.files[0], Category::Code, {}, {"function frob_read (body)"}),
        classOf(pr.patch.files[1], Category::Mechanical, {{"rename", "frob_dev -> FrobDevice"}},
                {"struct FrobDevice"})};
    pr.classification.smallFixLines = 32;
    pr.classification.files[1].includedBy = 2;
    pr.files = {FileResult{{}, {frob}}, FileResult{{}, {frob}}};
    Finding f;
    f.rule = "small-fix-over-limit";
    f.clause = "small-fixes";
    f.severity = Severity::Warning;
    f.effect = VerdictKind::NeedsAgreement;
    f.message = "32 changed lines: over the 20-line limit by 12 lines";
    f.locations = {{"hw/misc/frob.c", 88, {"function frob_read"}}};
    f.sections = {"Frob device"};
    pr.verdict = verdict(VerdictKind::NeedsAgreement, {"code"},
                         "over the small-fix limit", {f});
    s.patches.push_back(pr);
  }
  s.verdict.kind = VerdictKind::NeedsAgreement;
  run.series.push_back(s);
  run.skipped.push_back({{Origin::Kind::Commit, "4444444444444444444444444444444444444444", 0},
                         "4444444444444444444444444444444444444444",
                         "Merge branch 'frob'",
                         "merge commit"});
  run.notices.push_back("hw/misc/frob.c: parsed without compile flags (fallback)");
  return run;
}

ChangeHistory sampleHistory() {
  // Days before the patches (day 0, 2026-01-01); ids in hex, one letter each.
  const int64_t day0 = 1767225600, day = 86400;
  ChangeHistory h;
  h.tip = "5555555555555555555555555555555555555555";
  h.tipTime = day0 - 60;
  h.since = day0 - 730 * day;
  int n = 0;
  auto add = [&](int daysBefore, const std::string &author, std::vector<std::string> paths,
                 std::vector<FixRef> refs = {}) {
    std::string id(40, "abcdef0123456789"[n % 16]);
    id[0] = "0123456789abcdef"[n / 16];
    ++n;
    HistoryCommit c;
    c.id = id;
    c.time = day0 - daysBefore * day;
    c.author = author;
    c.subject = "change " + std::to_string(n);
    c.fix = !refs.empty();
    c.refs = std::move(refs);
    h.add(std::move(c), std::move(paths));
    return id;
  };
  // QOM: busy and looked after by Paolo; the header changed with it three times.
  for (int i = 0; i < 7; ++i)
    add(5 + 10 * i, "pbonzini@redhat.com",
        i < 3 ? std::vector<std::string>{"qom/object.c", "include/qom/object.h"}
              : std::vector<std::string>{"qom/object.c"});
  // The frob device: added by Zoë 300 days ago, fixed twice since.
  std::string added = add(300, "zoe@example.org", {"hw/misc/frob.c", "include/hw/misc/frob.h"});
  add(200, "someone@example.org", {"hw/misc/frob.c"}, {{added.substr(0, 10), ""}});
  add(100, "someone@example.org", {"hw/misc/frob.c"}, {{"", "change 8"}});
  // The documentation changes often.
  for (int i = 0; i < 12; ++i) add(3 + 7 * i, "doc@example.org", {"docs/devel/qom.rst"});
  h.walked = n + 2;
  h.finish();
  return h;
}

RiskModel sampleModel() {
  RiskModel m;
  m.fitted = "test model, weights set by hand";
  m.intercept = -2.6;
  m.features = {{"lines", 0.45, 2.0},     {"removed_share", -1.0, 0.2},
                {"hunks", 0.1, 0.7},           {"files", 0.2, 1.0},
                {"directories", 0.1, 0.9},     {"sections", 0.1, 0.8},
                {"docs_share", -0.8, 0.1},     {"tests_share", -0.6, 0.1},
                {"mechanical_share", -0.5, 0.1}, {"is_fix", 0.4, 0.1},
                {"core_share", 0.3, 0.2},
                {"fan_in", 0.08, 1.5},         {"signatures", 0.2, 0.3},
                {"layouts", 0.3, 0.1},         {"macros", 0.1, 0.1},
                {"bodies", 0.1, 0.6},          {"recent", 0.1, 1.5},
                {"changes", 0.3, 1.0},
                {"fixes", 0.35, 0.5},          {"fixed", 0.3, 0.5},
                {"author_in_files", -0.2, 1.0}, {"author_commits", -0.05, 3.0},
                {"authors", 0.1, 1.0},         {"age", -0.1, 3.0},
                {"author_owner", -0.2, 0.4},   {"reviewer_owner", -0.1, 0.3},
                {"weak_ownership", 0.2, 0.3}};
  return m;
}

RiskReport sampleReport() {
  static const ChangeHistory history = sampleHistory();
  RiskOptions o;
  o.model = sampleModel();
  o.history = &history;
  o.historyFrom = "origin/master";
  return buildRiskReport(sampleRun(), o);
}

} // namespace provcheck::testing
