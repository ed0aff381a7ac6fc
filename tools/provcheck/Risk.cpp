#include "tools/provcheck/Risk.h"

#include "analysis/Git.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace provcheck {

// ---------------------------------------------------------------- recent history

namespace {

// The paths asked about, as a tree of their components: one walk down the two trees
// of a commit answers for all of them, and shared directories are read once.
struct PathTrie {
  std::map<std::string, PathTrie> children;
  std::vector<size_t> ends; // indices of the paths that end here

  void insert(const std::string &path, size_t index) {
    PathTrie *node = this;
    size_t start = 0;
    while (start <= path.size()) {
      size_t slash = path.find('/', start);
      if (slash == std::string::npos) slash = path.size();
      if (slash > start) node = &node->children[path.substr(start, slash - start)];
      start = slash + 1;
    }
    node->ends.push_back(index);
  }
};

git::Tree subtree(git_repository *repo, const git_tree_entry *e) {
  git_tree *t = nullptr;
  if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE ||
      git_tree_lookup(&t, repo, git_tree_entry_id(e)) != 0)
    return nullptr;
  return git::Tree(t);
}

// Calls changed(i) for every path i of `node` whose entry differs between the trees `a`
// and `b` (either may be null): present on one side only, or with another id. Descends
// only where the ids differ, so an unchanged directory costs one comparison.
template <class Fn>
void changedPaths(git_repository *repo, const PathTrie &node, const git_tree *a,
                  const git_tree *b, Fn &changed) {
  for (const auto &[name, child] : node.children) {
    const git_tree_entry *ea = a ? git_tree_entry_byname(a, name.c_str()) : nullptr;
    const git_tree_entry *eb = b ? git_tree_entry_byname(b, name.c_str()) : nullptr;
    if (!ea && !eb) continue;
    if (ea && eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb))) continue;
    for (size_t i : child.ends) changed(i);
    if (child.children.empty()) continue;
    git::Tree ta = subtree(repo, ea), tb = subtree(repo, eb);
    if (ta || tb) changedPaths(repo, child, ta.get(), tb.get(), changed);
  }
}

} // namespace

Expected<ChangeFrequency> recentChanges(const std::string &repository,
                                        const std::vector<std::string> &paths,
                                        const HistoryWindow &window) {
  auto repo = git::openRepository(repository);
  if (!repo) return repo.error();
  git_object *obj = nullptr;
  if (git_revparse_single(&obj, repo->get(), window.tip.c_str()) != 0)
    return git::lastError(window.tip, "unknown revision");
  git::Object tipObj(obj);
  git_object *peeled = nullptr;
  if (git_object_peel(&peeled, tipObj.get(), GIT_OBJECT_COMMIT) != 0)
    return git::lastError(window.tip, "not a commit");
  git::Commit tip(reinterpret_cast<git_commit *>(peeled));

  ChangeFrequency out;
  out.tip = git::toHex(*git_commit_id(tip.get()));
  out.since = git_commit_time(tip.get()) - int64_t(window.days) * 86400;
  PathTrie trie;
  for (size_t i = 0; i < paths.size(); ++i)
    if (out.commits.emplace(paths[i], 0).second) trie.insert(paths[i], i);
  std::vector<int *> counters;
  for (const std::string &p : paths) counters.push_back(&out.commits[p]);
  auto count = [&](size_t i) { ++*counters[i]; };
  if (paths.empty() || window.maxCommits <= 0) return out;

  // An unsorted walk streams commits as it reaches them; a time-sorted one would read
  // the whole history before returning the first.
  git_revwalk *rw = nullptr;
  if (git_revwalk_new(&rw, repo->get()) != 0) return git::lastError(repository, "revwalk");
  git::Revwalk walk(rw);
  git_revwalk_sorting(walk.get(), GIT_SORT_NONE);
  if (git_revwalk_push(walk.get(), git_commit_id(tip.get())) != 0)
    return git::lastError(window.tip, "revwalk");

  git_oid oid;
  int olderInARow = 0;
  while (out.walked < window.maxCommits && git_revwalk_next(&oid, walk.get()) == 0) {
    git_commit *c = nullptr;
    if (git_commit_lookup(&c, repo->get(), &oid) != 0) continue;
    git::Commit commit(c);
    ++out.walked;
    if (git_commit_time(c) < out.since) {
      // The walk is close to time order: a long run of old commits means we are done.
      if (++olderInARow >= 64) break;
      continue;
    }
    olderInARow = 0;
    unsigned parents = git_commit_parentcount(c);
    if (parents > 1) continue; // a merge's changes are counted on the merged commits
    git_tree *t = nullptr;
    if (git_commit_tree(&t, c) != 0) continue;
    git::Tree tree(t);
    git::Tree parentTree;
    if (parents == 1) {
      git_commit *p = nullptr;
      if (git_commit_parent(&p, c, 0) != 0) continue;
      git::Commit parent(p);
      git_tree *pt = nullptr;
      if (git_commit_tree(&pt, p) != 0) continue;
      parentTree.reset(pt);
      if (git_oid_equal(git_tree_id(t), git_tree_id(pt))) continue;
    }
    changedPaths(repo->get(), trie, parentTree.get(), tree.get(), count);
  }
  return out;
}

// ---------------------------------------------------------------- the report model

namespace {

std::string patchRefId(const Patch &p) {
  if (auto s = p.shortId(); !s.empty()) return s;
  if (!p.messageId.empty()) return p.messageId;
  return p.origin.name;
}

int firstChangedLine(const FileChange &fc) {
  for (const auto &h : fc.hunks)
    for (const auto &l : h.lines) {
      if (l.kind == LineKind::Added) return l.newLine;
      if (l.kind == LineKind::Removed)
        return fc.status == FileStatus::Deleted ? l.oldLine : std::max(1, h.newStart);
    }
  return 1;
}

template <class T> void addUnique(std::vector<T> &v, const T &x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

SectionSummary summarize(const OwningSection &s) {
  return {s.name, s.status, s.maintainers, s.reviewers, s.lists};
}

struct RowBuilder {
  RiskRow row;
  // The owning sections by path (not keyword), most specific first, for the score.
  std::vector<const OwningSection *> pathOwners;
  bool ownersKnown = false;
  bool assumed = false; // AI assistance assumed (--assume-ai), not declared
};

void addFile(RowBuilder &b, const Patch &patch, const FileChange &fc, const FileClass *cls,
             const FileResult *fr, const Verdict &verdict, const PatchRef &ref) {
  RiskRow &r = b.row;
  if (r.patches.empty()) r.firstLine = firstChangedLine(fc);
  r.patches.push_back(ref);
  r.lines.added += fc.added();
  r.lines.removed += fc.removed();
  if (cls) {
    r.category = std::max(r.category, cls->category);
    for (int c = 0; c < kCategoryCount; ++c) {
      r.byCategory[c].added += cls->byCategory[c].added;
      r.byCategory[c].removed += cls->byCategory[c].removed;
    }
    for (const auto &h : cls->hunks)
      for (const auto &e : h.entities) addUnique(r.entities, e);
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
    b.ownersKnown = true;
    for (const auto &s : fr->owners) {
      bool seen = std::any_of(r.sections.begin(), r.sections.end(),
                              [&](const SectionSummary &x) { return x.name == s.name; });
      if (!seen) r.sections.push_back(summarize(s));
      if (!s.byKeyword &&
          std::none_of(b.pathOwners.begin(), b.pathOwners.end(),
                       [&](const OwningSection *x) { return x->name == s.name; }))
        b.pathOwners.push_back(&s);
    }
  }
  if (verdict.aiAssisted) {
    r.aiAssisted = true;
    b.assumed = b.assumed || verdict.assumed;
    for (const auto &v : verdict.aiUsedFor) addUnique(r.aiUsedFor, v);
  }
  r.verdict = std::max(r.verdict, verdict.kind);
  (void)patch;
}

std::string fmtCount(int n, const char *one, const char *many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void score(RowBuilder &b, const RiskOptions &o) {
  RiskRow &r = b.row;
  const RiskWeights &w = o.weights;
  std::string catDetail = toString(r.category);
  if (r.core && !r.coreWhy.empty())
    catDetail += ": " + (r.coreWhy.front().detail.empty() ? r.coreWhy.front().rule
                                                           : r.coreWhy.front().detail);
  r.parts.push_back({"category", w.category[int(r.category)], catDetail});

  int changed = r.lines.added + r.lines.removed;
  double size = w.linesPerPoint > 0 ? std::ceil(changed / w.linesPerPoint) : 0;
  r.parts.push_back({"size", std::min(w.sizeCap, size), fmtCount(changed, "changed line",
                                                                 "changed lines")});

  std::string aiDetail = "not declared";
  if (r.aiAssisted && !r.aiUsedFor.empty()) {
    aiDetail = "AI-used-for:";
    for (size_t i = 0; i < r.aiUsedFor.size(); ++i)
      aiDetail += (i ? ", " : " ") + r.aiUsedFor[i];
  } else if (r.aiAssisted) {
    aiDetail = b.assumed ? "assumed (--assume-ai)" : "declared without a value";
  }
  r.parts.push_back({"ai", r.aiAssisted ? w.aiAssisted : 0, aiDetail});

  if (!b.ownersKnown) {
    r.parts.push_back({"ownership", 0, "owners not computed"});
  } else if (b.pathOwners.empty()) {
    r.parts.push_back({"ownership", w.unowned, "no MAINTAINERS section"});
  } else {
    const OwningSection &s = *b.pathOwners.front();
    auto it = w.status.find(s.status);
    double pts = it == w.status.end() ? 0 : it->second;
    r.parts.push_back({"ownership", pts,
                       s.name + ": " + (s.status.empty() ? "no status" : s.status)});
  }

  if (r.recentCommits) {
    int n = *r.recentCommits;
    r.parts.push_back({"churn", std::min(w.churnCap, n * w.perRecentCommit),
                       fmtCount(n, "commit", "commits") + " in the last " +
                           std::to_string(o.window.days) + " days"});
  } else {
    r.parts.push_back({"churn", 0, "history not read"});
  }
  r.score = 0;
  for (const auto &p : r.parts) r.score += p.points;
}

} // namespace

std::vector<std::string> touchedPaths(const RunResult &run) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto &s : run.series)
    for (const auto &p : s.patches)
      for (const auto &f : p.patch.files)
        if (seen.insert(f.path()).second) out.push_back(f.path());
  return out;
}

RiskReport buildRiskReport(const RunResult &run, const RiskOptions &options) {
  RiskReport rep;
  rep.repository = run.repository;
  rep.policy = run.policy;
  rep.seriesCount = int(run.series.size());
  rep.weights = options.weights;
  rep.window = options.window;
  rep.history = options.history.has_value();
  if (options.history) rep.historyWalked = options.history->walked;
  rep.skipped = run.skipped;
  rep.notices = run.notices;

  std::vector<RowBuilder> builders;
  std::map<std::string, size_t> index;

  for (const auto &series : run.series) {
    std::set<std::string> seriesFindings;
    for (const auto &pr : series.patches) {
      const Patch &p = pr.patch;
      PatchRef ref{patchRefId(p), p.subject, pr.verdict.kind};
      rep.patches.push_back(ref);
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
        addFile(builders[it->second], p, fc, cls, fr, pr.verdict, ref);
      }
      for (const auto &f : pr.verdict.findings) {
        seriesFindings.insert(f.rule + "\n" + f.message);
        std::vector<std::string> files = f.files;
        if (files.empty() && !p.files.empty()) files.push_back(p.files.front().path());
        if (files.empty()) files.push_back("");
        for (size_t k = 0; k < files.size(); ++k) {
          LocatedFinding lf{f.rule,    f.clause,  f.severity, f.effect,   f.message,
                            ref.id,    p.subject, files[k],   1,          f.entities,
                            f.satisfied, f.satisfiedBy};
          auto fileIt = std::find_if(p.files.begin(), p.files.end(),
                                     [&](const FileChange &fc) { return fc.path() == files[k]; });
          if (k == 0 && f.line > 0 && !f.files.empty()) lf.line = f.line;
          else if (fileIt != p.files.end()) lf.line = firstChangedLine(*fileIt);
          rep.findings.push_back(std::move(lf));
        }
      }
    }
    // Series-level findings not already reported on one of its patches.
    if (!series.patches.empty()) {
      for (const auto &f : series.verdict.findings) {
        if (seriesFindings.count(f.rule + "\n" + f.message)) continue;
        size_t at = f.patchIndex >= 0 && size_t(f.patchIndex) < series.patches.size()
                        ? size_t(f.patchIndex)
                        : 0;
        const Patch &first = series.patches[at].patch;
        std::string path = !f.files.empty()      ? f.files.front()
                           : !first.files.empty() ? first.files.front().path()
                                                  : std::string();
        LocatedFinding lf{f.rule,      f.clause,      f.severity, f.effect,
                          f.message,   patchRefId(first), first.subject, path,
                          f.line > 0 ? f.line : 1, f.entities, f.satisfied, f.satisfiedBy};
        rep.findings.push_back(std::move(lf));
      }
    }
  }

  for (auto &b : builders) {
    if (options.history) {
      auto it = options.history->commits.find(b.row.path);
      b.row.recentCommits = it == options.history->commits.end() ? 0 : it->second;
    }
    score(b, options);
  }

  for (int c = 0; c < kCategoryCount; ++c) rep.categories[c].category = Category(c);
  for (auto &b : builders) {
    RiskRow &r = b.row;
    auto &total = rep.categories[int(r.category)];
    ++total.files;
    total.score += r.score;
    for (int c = 0; c < kCategoryCount; ++c) {
      rep.categories[c].lines.added += r.byCategory[c].added;
      rep.categories[c].lines.removed += r.byCategory[c].removed;
    }
    rep.rows.push_back(std::move(r));
  }
  std::stable_sort(rep.rows.begin(), rep.rows.end(), [](const RiskRow &a, const RiskRow &b) {
    if (a.score != b.score) return a.score > b.score;
    return a.path < b.path;
  });
  return rep;
}

} // namespace provcheck
