#include "tools/provcheck/Risk.h"

#include "analysis/UniqueList.h"
#include "classify/risk/Facts.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace provcheck {

// ---------------------------------------------------------------- the report model

namespace {

std::string patchRefId(const Patch &p) {
  if (auto s = p.shortId(); !s.empty()) return s;
  if (!p.messageId.empty()) return p.messageId;
  return p.origin.name;
}

template <class T> void addUnique(std::vector<T> &v, const T &x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

SectionSummary summarize(const OwningSection &s) {
  return {s.name, s.status, s.maintainers, s.reviewers, s.lists};
}

struct RowBuilder {
  RiskRow row;
  bool scored = false;
};

RiskChange riskChange(const RunResult &run, const PatchResult &pr) {
  RiskChange c;
  c.patch = &pr.patch;
  c.classified = run.stages.classify;
  c.ownersKnown = run.stages.owners;
  c.entitiesKnown = run.stages.entities;
  return c;
}

RiskFile riskFile(const RunResult &run, const PatchResult &pr, size_t i) {
  RiskFile f;
  f.change = &pr.patch.files[i];
  if (run.stages.classify && i < pr.classification.files.size())
    f.classification = &pr.classification.files[i];
  if (i < pr.files.size()) {
    if (run.stages.owners) f.owners = &pr.files[i].owners;
    if (run.stages.entities) f.entities = &pr.files[i].entities;
  }
  return f;
}

void addFile(RowBuilder &b, const FileChange &fc, const FileClass *cls, const FileResult *fr,
             const Verdict &verdict, const PatchRef &ref) {
  RiskRow &r = b.row;
  if (r.patches.empty()) r.firstLine = fc.firstChangedLine();
  r.patches.push_back(ref);
  r.lines.added += fc.added();
  r.lines.removed += fc.removed();
  if (cls) {
    r.category = std::max(r.category, cls->category);
    for (int c = 0; c < kCategoryCount; ++c) {
      r.byCategory[c].added += cls->byCategory[c].added;
      r.byCategory[c].removed += cls->byCategory[c].removed;
    }
    UniqueAppender addEntity(r.entities);
    for (const auto &h : cls->hunks)
      for (const auto &e : h.entities) addEntity(e);
    if (cls->category == Category::Core) {
      r.core = true;
      for (const auto &why : cls->reasons) addUnique(r.coreWhy, why);
      for (const auto &h : cls->hunks)
        if (h.category == Category::Core)
          for (const auto &why : h.reasons) addUnique(r.coreWhy, why);
    }
  } else {
    // Unclassified: every line counts as code, so totals still match the diffstat.
    r.category = std::max(r.category, Category::Code);
    r.byCategory[int(Category::Code)].added += fc.added();
    r.byCategory[int(Category::Code)].removed += fc.removed();
  }
  if (fr) {
    for (const auto &s : fr->owners) {
      bool seen = std::any_of(r.sections.begin(), r.sections.end(),
                              [&](const SectionSummary &x) { return x.name == s.name; });
      if (!seen) r.sections.push_back(summarize(s));
    }
  }
  if (verdict.aiAssisted) {
    r.aiAssisted = true;
    for (const auto &v : verdict.aiUsedFor) addUnique(r.aiUsedFor, v);
  }
  r.verdict = std::max(r.verdict, verdict.kind);
}

// Scores the patch's part touching one file; the row keeps its riskiest change.
void scoreFile(RowBuilder &b, const RunResult &run, const PatchResult &pr, size_t i,
               const PatchRef &ref, const RiskOptions &o) {
  RiskChange change = riskChange(run, pr);
  change.files.push_back(riskFile(run, pr, i));
  RiskFacts facts = riskFacts(change, o.history, o.model);
  RiskScore score = scoreRisk(o.model, facts);
  if (b.scored && score.score <= b.row.risk.score) return;
  b.scored = true;
  b.row.risk = std::move(score);
  b.row.riskPatch = ref.id;
  if (facts.history) b.row.recentCommits = facts.history->recent;
}

// One LocatedFinding per place the finding names: each file with its own line and
// entities, or the commit message.
void locateFinding(RiskReport &rep, const Finding &f, const Patch &p, const std::string &id) {
  LocatedFinding lf{f.rule, f.clause,  f.severity, f.effect,      f.message, id,
                    p.subject, "",     1,          {},            f.satisfied, f.satisfiedBy,
                    f.messageLine};
  if (f.locations.empty()) {
    // A file the checkout has after the patch, when there is one.
    auto first = std::find_if(p.files.begin(), p.files.end(), [](const FileChange &c) {
      return c.status != FileStatus::Deleted;
    });
    if (first == p.files.end()) first = p.files.begin();
    if (first != p.files.end()) {
      lf.anchorPath = first->path();
      lf.anchorLine = std::max(1, first->firstChangedLine());
    }
    rep.findings.push_back(std::move(lf));
    return;
  }
  for (const FindingLocation &l : f.locations) {
    LocatedFinding at = lf;
    at.messageLine = 0;
    at.path = l.file;
    at.entities = l.entities;
    at.line = l.line;
    if (at.line <= 0) {
      auto fc = std::find_if(p.files.begin(), p.files.end(),
                             [&](const FileChange &c) { return c.path() == l.file; });
      at.line = fc == p.files.end() ? 1 : fc->firstChangedLine();
    }
    rep.findings.push_back(std::move(at));
  }
}

} // namespace

std::string LocatedFinding::where() const {
  if (!aboutMessage()) return path + ":" + std::to_string(line);
  return "message of " + patch + (messageLine > 0 ? " line " + std::to_string(messageLine) : "");
}

std::vector<std::string> touchedPaths(const RunResult &run) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto &s : run.series)
    for (const auto &p : s.patches)
      for (const auto &f : p.patch.files)
        for (const std::string *path : {&f.path(), &f.oldPath})
          if (!path->empty() && seen.insert(*path).second) out.push_back(*path);
  return out;
}

RiskReport buildRiskReport(const RunResult &run, const RiskOptions &options) {
  RiskReport rep;
  rep.repository = run.repository;
  rep.policy = run.policy;
  rep.seriesCount = int(run.series.size());
  rep.model = options.model;
  if (const ChangeHistory *h = options.history)
    rep.history = HistorySummary{options.historyFrom, h->tip, h->since, h->walked,
                                 h->resolution()};
  rep.skipped = run.skipped;
  rep.notices = run.notices;

  std::vector<RowBuilder> builders;
  std::map<std::string, size_t> index;

  for (const auto &series : run.series) {
    std::set<std::string> seriesFindings;
    for (const auto &pr : series.patches) {
      const Patch &p = pr.patch;
      PatchRef ref{patchRefId(p), p.subject, pr.verdict.kind};
      PatchRisk risk{ref, {p.added(), p.removed()}, {}, std::nullopt};
      RiskChange change = riskChange(run, pr);
      for (size_t i = 0; i < p.files.size(); ++i) change.files.push_back(riskFile(run, pr, i));
      risk.risk = scoreRisk(options.model, riskFacts(change, options.history, options.model));
      if (const ChangeHistory *h = options.history) {
        int k = p.origin.kind == Origin::Kind::Commit ? h->find(p.id) : -1;
        if (k >= 0) {
          risk.laterFixes.emplace();
          for (int f : h->commits()[k].fixedBy)
            risk.laterFixes->push_back(h->commits()[f].id.substr(0, 12));
        }
      }
      rep.patches.push_back(std::move(risk));
      ++rep.patchCount;
      for (size_t i = 0; i < p.files.size(); ++i) {
        const FileChange &fc = p.files[i];
        auto [it, added] = index.emplace(fc.path(), builders.size());
        if (added) {
          builders.emplace_back();
          builders.back().row.path = fc.path();
          builders.back().row.category = Category::Docs;
        }
        const FileClass *cls =
            i < pr.classification.files.size() ? &pr.classification.files[i] : nullptr;
        const FileResult *fr = i < pr.files.size() ? &pr.files[i] : nullptr;
        addFile(builders[it->second], fc, cls, fr, pr.verdict, ref);
        scoreFile(builders[it->second], run, pr, i, ref, options);
      }
      for (const auto &f : pr.verdict.findings) {
        seriesFindings.insert(f.rule + "\n" + f.message);
        locateFinding(rep, f, p, ref.id);
      }
    }
    // Series-level findings not already reported on one of its patches.
    if (!series.patches.empty()) {
      for (const auto &f : series.verdict.findings) {
        if (seriesFindings.count(f.rule + "\n" + f.message)) continue;
        size_t at = f.patchIndex >= 0 && size_t(f.patchIndex) < series.patches.size()
                        ? size_t(f.patchIndex)
                        : 0;
        const Patch &p = series.patches[at].patch;
        locateFinding(rep, f, p, patchRefId(p));
      }
    }
  }

  for (int c = 0; c < kCategoryCount; ++c) rep.categories[c].category = Category(c);
  for (auto &b : builders) {
    RiskRow &r = b.row;
    auto &total = rep.categories[int(r.category)];
    ++total.files;
    total.score = std::max(total.score, r.score());
    for (int c = 0; c < kCategoryCount; ++c) {
      rep.categories[c].lines.added += r.byCategory[c].added;
      rep.categories[c].lines.removed += r.byCategory[c].removed;
    }
    rep.rows.push_back(std::move(r));
  }
  std::stable_sort(rep.rows.begin(), rep.rows.end(), [](const RiskRow &a, const RiskRow &b) {
    if (a.score() != b.score()) return a.score() > b.score();
    return a.path < b.path;
  });
  return rep;
}

} // namespace provcheck
