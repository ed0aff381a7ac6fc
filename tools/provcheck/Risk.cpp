#include "tools/provcheck/Risk.h"

#include "analysis/UniqueList.h"
#include "classify/risk/Facts.h"

#include <algorithm>
#include <cmath>
#include <memory>
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

// What places a patch's findings: its id, subject and files.
struct PatchAnchor {
  struct File {
    std::string path;
    int firstLine = 0;
    bool deleted = false;
  };
  std::string id, subject;
  std::vector<File> files;

  static PatchAnchor of(const Patch &p) {
    PatchAnchor a{patchRefId(p), p.subject, {}};
    for (const FileChange &c : p.files)
      a.files.push_back({c.path(), c.firstChangedLine(), c.status == FileStatus::Deleted});
    return a;
  }
};

struct RowBuilder {
  RiskRow row;
  bool scored = false;
};

RiskChange riskChange(const StagesRun &stages, const PatchResult &pr) {
  RiskChange c;
  c.patch = &pr.patch;
  c.classified = stages.classify;
  c.ownersKnown = stages.owners;
  c.entitiesKnown = stages.entities;
  return c;
}

RiskFile riskFile(const StagesRun &stages, const PatchResult &pr, size_t i) {
  RiskFile f;
  f.change = &pr.patch.files[i];
  if (stages.classify && i < pr.classification.files.size())
    f.classification = &pr.classification.files[i];
  if (i < pr.files.size()) {
    if (stages.owners) f.owners = &pr.files[i].owners;
    if (stages.entities) f.entities = &pr.files[i].entities;
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
void scoreFile(RowBuilder &b, const StagesRun &stages, const PatchResult &pr, size_t i,
               const PatchRef &ref, const RiskOptions &o) {
  RiskChange change = riskChange(stages, pr);
  change.files.push_back(riskFile(stages, pr, i));
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
void locateFinding(std::vector<LocatedFinding> &out, const Finding &f, const PatchAnchor &p) {
  LocatedFinding lf{f.rule, f.clause,  f.severity, f.effect,      f.message, p.id,
                    p.subject, "",     1,          {},            f.satisfied, f.satisfiedBy,
                    f.messageLine};
  if (f.locations.empty()) {
    // A file the checkout has after the patch, when there is one.
    auto first = std::find_if(p.files.begin(), p.files.end(),
                              [](const PatchAnchor::File &c) { return !c.deleted; });
    if (first == p.files.end()) first = p.files.begin();
    if (first != p.files.end()) {
      lf.anchorPath = first->path;
      lf.anchorLine = std::max(1, first->firstLine);
    }
    out.push_back(std::move(lf));
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
                             [&](const PatchAnchor::File &c) { return c.path == l.file; });
      at.line = fc == p.files.end() ? 1 : fc->firstLine;
    }
    out.push_back(std::move(at));
  }
}

} // namespace

std::string LocatedFinding::where() const {
  if (!aboutMessage()) return path + ":" + std::to_string(line);
  return "message of " + patch + (messageLine > 0 ? " line " + std::to_string(messageLine) : "");
}

struct RiskReportBuilder::State {
  const RiskOptions &options;
  StagesRun stages;
  RiskReport rep;
  std::vector<RowBuilder> builders;
  std::map<std::string, size_t> index;
  // Of the current series: the findings reported on its patches, and what places the
  // series' own findings on one of them.
  std::set<std::string> seriesFindings;
  std::vector<PatchAnchor> anchors;
};

RiskReportBuilder::RiskReportBuilder(const RiskOptions &options)
    : state_(std::make_unique<State>(State{options, {}, {}, {}, {}, {}, {}})) {}

RiskReportBuilder::~RiskReportBuilder() = default;

void RiskReportBuilder::begin(const RunResult &header) { state_->stages = header.stages; }

void RiskReportBuilder::beginSeries() {
  State &s = *state_;
  ++s.rep.seriesCount;
  s.seriesFindings.clear();
  s.anchors.clear();
}

void RiskReportBuilder::add(const PatchResult &pr) {
  State &s = *state_;
  const RiskOptions &options = s.options;
  RiskReport &rep = s.rep;
  const Patch &p = pr.patch;
  PatchRef ref{patchRefId(p), p.subject, pr.verdict.kind};
  PatchRisk risk{ref, {p.added(), p.removed()}, {}, std::nullopt};
  RiskChange change = riskChange(s.stages, pr);
  for (size_t i = 0; i < p.files.size(); ++i) change.files.push_back(riskFile(s.stages, pr, i));
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
    auto [it, added] = s.index.emplace(fc.path(), s.builders.size());
    if (added) {
      s.builders.emplace_back();
      s.builders.back().row.path = fc.path();
      s.builders.back().row.category = Category::Docs;
    }
    const FileClass *cls =
        i < pr.classification.files.size() ? &pr.classification.files[i] : nullptr;
    const FileResult *fr = i < pr.files.size() ? &pr.files[i] : nullptr;
    addFile(s.builders[it->second], fc, cls, fr, pr.verdict, ref);
    scoreFile(s.builders[it->second], s.stages, pr, i, ref, options);
  }
  s.anchors.push_back(PatchAnchor::of(p));
  for (const auto &f : pr.verdict.findings) {
    s.seriesFindings.insert(f.rule + "\n" + f.message);
    locateFinding(rep.findings, f, s.anchors.back());
  }
}

void RiskReportBuilder::endSeries(const Verdict &verdict) {
  State &s = *state_;
  // Series-level findings not already reported on one of its patches.
  if (!s.anchors.empty())
    for (const auto &f : verdict.findings) {
      if (s.seriesFindings.count(f.rule + "\n" + f.message)) continue;
      size_t at = f.patchIndex >= 0 && size_t(f.patchIndex) < s.anchors.size()
                      ? size_t(f.patchIndex)
                      : 0;
      locateFinding(s.rep.findings, f, s.anchors[at]);
    }
  s.seriesFindings.clear();
  s.anchors.clear();
}

RiskReport RiskReportBuilder::finish(const RunResult &header) {
  State &s = *state_;
  const RiskOptions &options = s.options;
  RiskReport rep = std::move(s.rep);
  rep.repository = header.repository;
  rep.policy = header.policy;
  rep.model = options.model;
  if (const ChangeHistory *h = options.history)
    rep.history = HistorySummary{options.historyFrom, h->tip, h->since, h->walked,
                                 h->resolution()};
  rep.skipped = header.skipped;
  rep.notices = header.notices;
  for (int c = 0; c < kCategoryCount; ++c) rep.categories[c].category = Category(c);
  for (auto &b : s.builders) {
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
  s.builders.clear();
  s.index.clear();
  std::stable_sort(rep.rows.begin(), rep.rows.end(), [](const RiskRow &a, const RiskRow &b) {
    if (a.score() != b.score()) return a.score() > b.score();
    return a.path < b.path;
  });
  return rep;
}

RiskReport buildRiskReport(const RunResult &run, const RiskOptions &options) {
  RiskReportBuilder builder(options);
  builder.begin(run);
  for (const SeriesResult &series : run.series) {
    builder.beginSeries();
    for (const PatchResult &pr : series.patches) builder.add(pr);
    builder.endSeries(series.verdict);
  }
  return builder.finish(run);
}

} // namespace provcheck
