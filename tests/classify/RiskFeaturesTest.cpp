// The risk features on facts gathered from a fixture history (Fixes: trailers with an
// abbreviated id and a subject alone) and from hand-made stage results: history as of
// each change's own date, whether it is a fix, ownership, core-ness, AST entities, the
// category mix and the lines removed.
#include "analysis/GitSource.h"
#include "classify/risk/Facts.h"
#include "classify/risk/Features.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace provcheck {
namespace {

using testing::Author;
using testing::FixtureRepo;

Author by(const std::string &name, const std::string &email, int64_t day) {
  Author a;
  a.name = name;
  a.email = email;
  a.time = 1767225600 + day * 86400;
  return a;
}
Author ada(int64_t day) { return by("Ada Lovelace", "ada@example.org", day); }
Author bob(int64_t day) { return by("Bob Builder", "bob@old.example.org", day); }

// Day 0: Ada adds hw/frob.c; 10: Bob changes it; 20: Ada adds util/helper.c; 30: Bob
// fixes day 0 (abbreviated id); 40: Ada fixes day 20 (subject only); 400: Bob changes
// hw/frob.c again, a year later.
struct History {
  FixtureRepo repo;
  std::string add, reset, helper, fixById, fixBySubject, late;
  History() {
    repo.write(".mailmap", "Bob Builder <bob@example.org> <bob@old.example.org>\n");
    repo.write("hw/frob.c", "int frob;\n");
    add = repo.commit("hw/frob: add the frob device\n", ada(0));
    repo.write("hw/frob.c", "int frob;\nvoid frob_reset(void);\n");
    reset = repo.commit("hw/frob: add reset\n", bob(10));
    repo.write("util/helper.c", "int helper;\n");
    helper = repo.commit("util: add a helper\n", ada(20));
    repo.write("hw/frob.c", "int frob = 1;\nvoid frob_reset(void);\n");
    fixById = repo.commit("hw/frob: initialise frob\n\nFixes: " + add.substr(0, 7) +
                              " (\"hw/frob: add the frob device\")\n",
                          bob(30));
    repo.write("util/helper.c", "int helper = 2;\n");
    fixBySubject = repo.commit("util: fix the helper\n\nFixes: (\"util: add a helper\")\n", ada(40));
    repo.write("hw/frob.c", "int frob = 2;\nvoid frob_reset(void);\n");
    late = repo.commit("hw/frob: change again\n", bob(400));
  }

  Patch patch(const std::string &id) {
    PatchSet set;
    Status s = readRevisions(repo.repo(), id, set);
    EXPECT_TRUE(s) << s.error().str();
    return set.series.at(0).patches.at(0);
  }
};

struct Gathered {
  Patch patch;
  RiskFacts facts;
};

RiskModel model() {
  RiskModel m;
  m.recentDays = 90;
  m.fixDays = 365;
  m.historyDays = 730;
  return m;
}

// The facts of one commit of the fixture, with the fixture's whole history.
Gathered gather(History &h, const std::string &id, const ChangeHistory &history) {
  Gathered g{h.patch(id), {}};
  RiskChange change;
  change.patch = &g.patch;
  for (const FileChange &f : g.patch.files) change.files.push_back({&f, nullptr, nullptr, nullptr});
  g.facts = riskFacts(change, &history, model());
  return g;
}

ChangeHistory readAll(History &h) {
  auto history = readChangeHistory(h.repo.str(), {"hw/frob.c", "util/helper.c"}, {});
  EXPECT_TRUE(history) << history.error().str();
  return std::move(*history);
}

std::string words(const std::string &feature, const RiskFacts &f) {
  const RiskFeature *x = findRiskFeature(feature);
  EXPECT_NE(x, nullptr) << feature;
  std::optional<double> v = x->value(f);
  return v ? x->words(f, *v) : "absent: " + std::string(x->absent);
}

double value(const std::string &feature, const RiskFacts &f) {
  std::optional<double> v = findRiskFeature(feature)->value(f);
  return v ? *v : NAN;
}

TEST(RiskHistoryFeatures, CountWhatHappenedBeforeTheChangeOnly) {
  History h;
  ChangeHistory history = readAll(h);
  // Bob's fix of day 30: Ada's add and Bob's reset came before; the add was not fixed
  // yet (the fix is this very commit).
  Gathered fix = gather(h, h.fixById, history);
  ASSERT_TRUE(fix.facts.history);
  EXPECT_EQ(fix.facts.history->recent, 2);
  EXPECT_EQ(fix.facts.history->changes, 2);
  EXPECT_EQ(fix.facts.history->fixes, 0);
  EXPECT_EQ(fix.facts.history->fixed, 0);
  EXPECT_EQ(fix.facts.history->authorInFiles, 1); // his reset, through .mailmap
  EXPECT_EQ(fix.facts.history->authorCommits, 1);
  EXPECT_EQ(words("recent", fix.facts), "2 changes in the last 90 days");
  EXPECT_EQ(words("fixes", fix.facts), "no fix in the last year");
  EXPECT_EQ(words("author_in_files", fix.facts), "author's 1 earlier change to this file");
  EXPECT_EQ(fix.facts.history->authors, 2);
  EXPECT_EQ(words("authors", fix.facts), "2 authors changed this file in the last 2 years");
  EXPECT_EQ(words("age", fix.facts), "last changed 20 days before");

  // Day 400: the changes of days 0 to 30 are out of the 90-day and 1-year windows but in
  // the 2-year one; the add was fixed (by id) before day 400.
  Gathered late = gather(h, h.late, history);
  EXPECT_EQ(late.facts.history->recent, 0);
  EXPECT_EQ(late.facts.history->changes, 3); // days 0, 10 and 30, each once
  EXPECT_EQ(words("changes", late.facts), "3 changes in the last 2 years");
  EXPECT_EQ(late.facts.history->fixes, 0);
  EXPECT_EQ(late.facts.history->fixed, 1);
  EXPECT_EQ(late.facts.history->authorInFiles, 2);
  EXPECT_EQ(late.facts.history->authorCommits, 2);
  EXPECT_EQ(words("fixed", late.facts), "1 change of the last 2 years needed a fix");
  EXPECT_EQ(words("author_commits", late.facts), "author made 2 commits in the last 2 years");
  EXPECT_EQ(late.facts.history->age, 370);

  // Ada's subject-only fix of day 40: the helper it fixes counts as fixed only for
  // changes after day 40.
  Gathered subj = gather(h, h.fixBySubject, history);
  EXPECT_EQ(subj.facts.history->recent, 1);
  EXPECT_EQ(subj.facts.history->changes, 1);
  EXPECT_EQ(subj.facts.history->fixed, 0);
  EXPECT_EQ(subj.facts.history->authorInFiles, 1);
  EXPECT_EQ(subj.facts.history->authorCommits, 2); // the add and the helper
}

TEST(RiskHistoryFeatures, AFixesWindowCountsFixCommits) {
  History h;
  ChangeHistory history = readAll(h);
  RiskModel m = model();
  // As of day 50, hw/frob.c had one fix (day 30) and one fixed change (day 0).
  HistoryFacts f = historyFacts(history, {"hw/frob.c"}, "bob@example.org",
                                1767225600 + 50 * 86400, m);
  EXPECT_EQ(f.recent, 3);
  EXPECT_EQ(f.changes, 3);
  EXPECT_EQ(f.fixes, 1);
  EXPECT_EQ(f.fixed, 1);
  EXPECT_EQ(f.authorInFiles, 2);
  // Both files as of day 50: the five commits before, each counted once.
  EXPECT_EQ(historyFacts(history, {"hw/frob.c", "util/helper.c"}, "x", 1767225600 + 50 * 86400, m)
                .changes,
            5);
  // As of day 35 util/helper.c was not fixed yet; as of day 45 it was (by subject).
  EXPECT_EQ(historyFacts(history, {"util/helper.c"}, "x", 1767225600 + 35 * 86400, m).fixed, 0);
  EXPECT_EQ(historyFacts(history, {"util/helper.c"}, "x", 1767225600 + 45 * 86400, m).fixed, 1);
}

TEST(RiskHistoryFeatures, APatchOutsideTheHistoryIsJudgedAfterItsTip) {
  History h;
  ChangeHistory history = readAll(h);
  Patch mail = h.patch(h.late);
  mail.origin.kind = Origin::Kind::Mbox;
  mail.author = Person{"Newcomer", "new@example.org"};
  EXPECT_EQ(asOf(mail, history), history.tipTime + 1);
  RiskChange change;
  change.patch = &mail;
  for (const FileChange &f : mail.files) change.files.push_back({&f, nullptr, nullptr, nullptr});
  RiskFacts facts = riskFacts(change, &history, model());
  EXPECT_EQ(facts.history->recent, 1); // day 400 itself: 90 days before the tip
  EXPECT_EQ(facts.history->changes, 4); // all of hw/frob.c's, day 400's too
  EXPECT_EQ(words("author_in_files", facts), "author new to this file");
  EXPECT_EQ(words("author_commits", facts), "author's first commit in the last 2 years");
  EXPECT_EQ(facts.history->authors, 2);
  EXPECT_EQ(facts.history->age, 0); // changed the day the history ends
}

// Whether a change is itself a fix comes from its own message, with or without history;
// the share of removed lines from its diff.
TEST(RiskChangeFeatures, AFixAndItsRemovedLinesOnTheFixtureHistory) {
  History h;
  for (bool withHistory : {true, false}) {
    ChangeHistory history = readAll(h);
    const ChangeHistory *hist = withHistory ? &history : nullptr;
    auto facts = [&](const std::string &id, Patch &keep) {
      keep = h.patch(id);
      RiskChange change;
      change.patch = &keep;
      for (const FileChange &f : keep.files) change.files.push_back({&f, nullptr, nullptr, nullptr});
      return riskFacts(change, hist, model());
    };
    Patch p;
    RiskFacts byId = facts(h.fixById, p);
    EXPECT_EQ(value("is_fix", byId), 1);
    EXPECT_EQ(words("is_fix", byId),
              "a fix of " + h.add.substr(0, 7) + " (\"hw/frob: add the frob device\")");
    RiskFacts bySubject = facts(h.fixBySubject, p);
    EXPECT_EQ(value("is_fix", bySubject), 1);
    EXPECT_EQ(words("is_fix", bySubject), "a fix of (\"util: add a helper\")");
    RiskFacts late = facts(h.late, p);
    EXPECT_EQ(value("is_fix", late), 0);
    EXPECT_EQ(words("is_fix", late), "not a fix");
    // "int frob;" became "int frob = 1;": one line removed, one added.
    EXPECT_DOUBLE_EQ(value("removed_share", byId), 0.5);
    EXPECT_EQ(words("removed_share", byId), "50% of the changed lines removed");
    RiskFacts add = facts(h.add, p);
    EXPECT_EQ(value("removed_share", add), 0);
    EXPECT_EQ(words("removed_share", add), "only added lines");
  }
  // A fix trailer the model does not count does not make a fix.
  Patch p = h.patch(h.fixById);
  RiskChange change;
  change.patch = &p;
  RiskModel m = model();
  m.fixTrailers = {"Closes"};
  EXPECT_EQ(value("is_fix", riskFacts(change, nullptr, m)), 0);
}

// Hunks are the places a change touches: runs of changed lines, however the diff's
// context joined them.
TEST(RiskChangeFeatures, HunksAreRunsOfChangedLines) {
  FixtureRepo repo;
  std::string twenty;
  for (int i = 1; i <= 20; ++i) twenty += "int v" + std::to_string(i) + ";\n";
  repo.write("hw/a.c", twenty);
  repo.write("hw/b.c", "int b;\n");
  repo.commit("add\n", ada(0));
  std::string a = twenty;
  a.replace(a.find("int v2;"), 7, "int w2;");
  a.replace(a.find("int v3;"), 7, "int w3;\nint w3b;");
  a.replace(a.find("int v10;"), 8, "int w10;"); // 6 lines of context apart: one diff hunk
  a.erase(a.find("int v20;\n"));
  repo.write("hw/a.c", a);
  repo.write("hw/b.c", "int b;\nint c;\n");
  std::string id = repo.commit("change\n", ada(1));
  PatchSet set;
  Status st = readRevisions(repo.repo(), id, set);
  ASSERT_TRUE(st) << st.error().str();
  const Patch &p = set.series.at(0).patches.at(0);
  ASSERT_EQ(p.files.size(), 2u);
  ASSERT_EQ(p.files[0].path(), "hw/a.c");
  RiskChange change;
  change.patch = &p;
  for (const FileChange &f : p.files) change.files.push_back({&f, nullptr, nullptr, nullptr});
  RiskFacts all = riskFacts(change, nullptr, model());
  EXPECT_EQ(value("hunks", all), 4); // v2-v3, v10, v20 and hw/b.c's line
  EXPECT_EQ(words("hunks", all), "4 hunks");
  change.files.resize(1);
  EXPECT_EQ(value("hunks", riskFacts(change, nullptr, model())), 3);
}

TEST(RiskHistoryFeatures, AbsentWithoutHistory) {
  History h;
  Patch p = h.patch(h.late);
  RiskChange change;
  change.patch = &p;
  for (const FileChange &f : p.files) change.files.push_back({&f, nullptr, nullptr, nullptr});
  RiskFacts facts = riskFacts(change, nullptr, model());
  EXPECT_FALSE(facts.history);
  for (const char *name :
       {"recent", "changes", "fixes", "fixed", "author_in_files", "author_commits", "authors", "age"}) {
    EXPECT_FALSE(findRiskFeature(name)->value(facts)) << name;
    EXPECT_EQ(words(name, facts), "absent: history not read");
  }
}

// Hand-made stage results for one patch of three files.
struct Staged {
  Patch patch;
  std::vector<FileClass> classes;
  std::vector<std::vector<OwningSection>> owners;
  std::vector<FileEntities> entities;

  Staged() {
    patch.id = "1111111111111111111111111111111111111111";
    patch.author = {"Ada Lovelace", "Ada@Example.org"};
    patch.trailers = {{"Reviewed-by", "Paolo Bonzini <pbonzini@redhat.com>", 5}};
    for (const char *path : {"include/qom/object.h", "qom/object.c", "docs/qom.rst"}) {
      FileChange f;
      f.oldPath = f.newPath = path;
      patch.files.push_back(f);
    }
    classes.resize(3);
    classes[0].byCategory[int(Category::Core)] = {6, 2};
    classes[0].includedBy = 812;
    classes[0].symbolFanIn = 40;
    classes[0].symbol = "object_new";
    classes[1].byCategory[int(Category::Code)] = {10, 0};
    classes[1].byCategory[int(Category::Mechanical)] = {4, 4};
    classes[1].includedBy = 0;
    classes[2].byCategory[int(Category::Docs)] = {14, 0};
    OwningSection all{"General Project Administration", 0, 1, "", -1, "*", false,
                      {{"Peter", "peter@example.org"}}, {}, {}};
    OwningSection qom{"QOM", 5, 100, "Supported", 2, "qom/", false,
                      {{"Paolo Bonzini", "pbonzini@redhat.com"}}, {{"Ada Lovelace", "ada@example.org"}}, {}};
    OwningSection docs{"Docs", 6, 200, "Odd Fixes", 1, "docs/", false, {{"Doc", "doc@example.org"}}, {}, {}};
    owners = {{qom, all}, {qom, all}, {docs, all}};
    // object.h: a prototype and a struct member change; object.c: two bodies, a macro.
    entities.resize(3);
    FileEntities &h = entities[0];
    h.newEntities = {{EntityKind::Function, "object_new", "", 10, 10, false},
                     {EntityKind::Record, "Object", "struct", 20, 30, false},
                     {EntityKind::Field, "Object.ref", "", 22, 22, false}};
    h.hunks.push_back({{{Side::New, 10, 0, EntityPart::Signature, {}},
                        {Side::New, 22, 2, EntityPart::Whole, {1}}}});
    FileEntities &c = entities[1];
    c.newEntities = {{EntityKind::Function, "object_new", "", 50, 60, false},
                     {EntityKind::Function, "object_ref", "", 70, 80, false},
                     {EntityKind::Macro, "OBJECT_MAGIC", "", 5, 5, false}};
    c.hunks.push_back({{{Side::New, 55, 0, EntityPart::Body, {}},
                        {Side::New, 56, 0, EntityPart::Body, {}},
                        {Side::New, 75, 1, EntityPart::Body, {}},
                        {Side::New, 76, 1, EntityPart::Comment, {}},
                        {Side::New, 5, 2, EntityPart::Whole, {}}}});
  }

  RiskChange change(bool ast) const {
    RiskChange c;
    c.patch = &patch;
    c.classified = c.ownersKnown = true;
    c.entitiesKnown = ast;
    for (size_t i = 0; i < 3; ++i)
      c.files.push_back({&patch.files[i], &classes[i], &owners[i], ast ? &entities[i] : nullptr});
    return c;
  }
};

TEST(RiskChangeFeatures, SizeDiffusionAndMix) {
  Staged s;
  RiskFacts f = riskFacts(s.change(false), nullptr, model());
  EXPECT_EQ(value("lines", f), 40); // core 8, code 10, mechanical 8, docs 14
  EXPECT_EQ(value("files", f), 3);
  EXPECT_EQ(value("directories", f), 3);
  EXPECT_EQ(value("sections", f), 2); // QOM and Docs; the catch-all `F: *` is no owner
  EXPECT_EQ(words("sections", f), "2 MAINTAINERS sections (QOM and Docs)");
  EXPECT_DOUBLE_EQ(value("docs_share", f), 14.0 / 40);
  EXPECT_DOUBLE_EQ(value("mechanical_share", f), 8.0 / 40);
  EXPECT_EQ(value("tests_share", f), 0);
  EXPECT_EQ(words("docs_share", f), "35% documentation");
  EXPECT_EQ(words("tests_share", f), "no tests");
  EXPECT_EQ(words("lines", f), "40 changed lines");
  EXPECT_DOUBLE_EQ(value("removed_share", f), 6.0 / 40); // core 2, mechanical 4
  EXPECT_EQ(words("removed_share", f), "85% of the changed lines added");
}

TEST(RiskChangeFeatures, CoreAndFanIn) {
  Staged s;
  RiskFacts f = riskFacts(s.change(false), nullptr, model());
  EXPECT_DOUBLE_EQ(value("core_share", f), 8.0 / 40);
  EXPECT_EQ(value("fan_in", f), 812);
  EXPECT_EQ(words("fan_in", f), "core header include/qom/object.h included by 812 files");
  s.classes[0].includedBy = 3;
  f = riskFacts(s.change(false), nullptr, model());
  EXPECT_EQ(words("fan_in", f), "core symbol object_new used from 40 files");
  // Without a dependency map the feature is absent, not zero.
  for (auto &c : s.classes) c.includedBy = c.symbolFanIn = -1;
  f = riskFacts(s.change(false), nullptr, model());
  EXPECT_FALSE(findRiskFeature("fan_in")->value(f));
  EXPECT_EQ(words("fan_in", f), "absent: no dependency map");
}

TEST(RiskChangeFeatures, AstEntitiesOrAbsent) {
  Staged s;
  RiskFacts f = riskFacts(s.change(true), nullptr, model());
  EXPECT_EQ(value("signatures", f), 1);
  EXPECT_EQ(value("layouts", f), 1); // the member changes struct Object's layout
  EXPECT_EQ(value("macros", f), 1);
  EXPECT_EQ(value("bodies", f), 2);  // a comment inside a body is not code
  EXPECT_EQ(words("signatures", f), "1 signature changed (function object_new)");
  EXPECT_EQ(words("layouts", f), "1 type layout changed (struct Object)");
  EXPECT_EQ(words("bodies", f),
            "2 function bodies changed (function object_new and function object_ref)");
  RiskFacts noAst = riskFacts(s.change(false), nullptr, model());
  for (const char *name : {"signatures", "layouts", "macros", "bodies"}) {
    EXPECT_FALSE(findRiskFeature(name)->value(noAst)) << name;
    EXPECT_EQ(words(name, noAst), "absent: no AST map (--no-ast)");
  }
}

TEST(RiskChangeFeatures, Ownership) {
  Staged s;
  RiskFacts f = riskFacts(s.change(false), nullptr, model());
  // Ada is an R: of QOM (addresses compare without case); Paolo, an M:, reviewed.
  EXPECT_EQ(value("author_owner", f), 1);
  EXPECT_EQ(words("author_owner", f), "author looks after QOM (M:/R:)");
  EXPECT_EQ(value("reviewer_owner", f), 1);
  EXPECT_EQ(words("reviewer_owner", f), "reviewed by Paolo Bonzini (QOM)");
  EXPECT_EQ(value("weak_ownership", f), 1);
  EXPECT_EQ(words("weak_ownership", f), "section status Odd Fixes");

  s.patch.author = {"Eve", "eve@example.org"};
  s.patch.trailers = {{"Reviewed-by", "Someone <someone@example.org>", 5}};
  s.owners[2] = {s.owners[2].back()}; // docs/qom.rst: only the catch-all
  f = riskFacts(s.change(false), nullptr, model());
  EXPECT_EQ(value("author_owner", f), 0);
  EXPECT_EQ(value("reviewer_owner", f), 0);
  EXPECT_EQ(words("weak_ownership", f), "no MAINTAINERS section");

  RiskChange unknown = s.change(false);
  unknown.ownersKnown = false;
  f = riskFacts(unknown, nullptr, model());
  for (const char *name : {"sections", "author_owner", "reviewer_owner", "weak_ownership"})
    EXPECT_FALSE(findRiskFeature(name)->value(f)) << name;
}

TEST(RiskChangeFeatures, OneFileOfAPatch) {
  Staged s;
  RiskChange c = s.change(true);
  c.files = {c.files[2]};
  RiskFacts f = riskFacts(c, nullptr, model());
  EXPECT_EQ(value("files", f), 1);
  EXPECT_EQ(value("lines", f), 14);
  EXPECT_EQ(words("lines", f), "14 changed lines");
  EXPECT_EQ(words("docs_share", f), "all documentation");
  EXPECT_EQ(value("signatures", f), 0);
}

TEST(RiskFeatures, RegistryNamesAreUniqueAndGrouped) {
  std::set<std::string_view> names;
  for (const RiskFeature &f : riskFeatures()) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    EXPECT_FALSE(f.group.empty()) << f.name;
    EXPECT_NE(f.value, nullptr);
    EXPECT_NE(f.words, nullptr);
  }
  EXPECT_EQ(names.size(), 27u);
  EXPECT_EQ(findRiskFeature("nope"), nullptr);
}

} // namespace
} // namespace provcheck
