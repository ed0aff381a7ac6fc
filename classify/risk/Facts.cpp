#include "classify/risk/Facts.h"

#include "analysis/AstMap.h"
#include "analysis/UniqueList.h"
#include "maps/MailAddress.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace provcheck {

int RiskFacts::lines() const {
  int n = 0;
  for (const LineCounts &l : byCategory) n += l.added + l.removed;
  return n;
}

int RiskFacts::removed() const {
  int n = 0;
  for (const LineCounts &l : byCategory) n += l.removed;
  return n;
}

namespace {

std::string directoryOf(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// A section that owns everything (`F: *`, `F: */`) says nothing about a file.
bool catchAll(const OwningSection &s) { return s.pattern == "*" || s.pattern == "*/"; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Weaker ownership first: a file nobody owns, then Orphan, Obsolete, Odd Fixes.
int weakness(const std::string &status) {
  std::string s = lower(status);
  if (s == "unowned") return 4;
  if (s == "orphan") return 3;
  if (s == "obsolete") return 2;
  if (s == "odd fixes") return 1;
  return 0;
}

bool names(const std::vector<Person> &people, const std::string &address) {
  return std::any_of(people.begin(), people.end(),
                     [&](const Person &p) { return asciiLower(p.email) == address; });
}

void addEntities(EntityChanges &out, const FileEntities &fe) {
  UniqueAppender addBody(out.bodies), addSignature(out.signatures), addLayout(out.layouts),
      addMacro(out.macros);
  for (const HunkEntities &h : fe.hunks)
    for (const LineAttribution &a : h.lines) {
      const auto &list = a.side == Side::Old ? fe.oldEntities : fe.newEntities;
      if (a.entity < 0 || a.entity >= static_cast<int>(list.size()) ||
          a.part == EntityPart::Comment)
        continue;
      const Entity &e = list[a.entity];
      std::string name = describe(e, EntityPart::Whole);
      switch (e.kind) {
      case EntityKind::Function:
        (a.part == EntityPart::Body ? addBody : addSignature)(name);
        break;
      case EntityKind::Record:
      case EntityKind::Enum:
        addLayout(name);
        break;
      case EntityKind::Field: {
        // A member changes the layout of the type around it.
        int outer = a.enclosing.empty() ? -1 : a.enclosing.front();
        if (outer >= 0 && outer < static_cast<int>(list.size()))
          addLayout(describe(list[outer], EntityPart::Whole));
        else
          addLayout(name);
        break;
      }
      case EntityKind::Macro:
        addMacro(name);
        break;
      default:
        break;
      }
    }
}

// The runs of consecutive changed lines of a file: its hunks without context.
int changedRuns(const FileChange &fc) {
  int n = 0;
  for (const Hunk &h : fc.hunks) {
    bool inRun = false;
    for (const DiffLine &l : h.lines) {
      bool changed = l.kind != LineKind::Context;
      if (changed && !inRun) ++n;
      inRun = changed;
    }
  }
  return n;
}

// Calls fn(k) for each commit k touching one of `paths` made in [from, to), each once.
template <class Fn>
void eachTouching(const ChangeHistory &h, const std::vector<std::string> &paths, int64_t from,
                  int64_t to, Fn fn) {
  std::set<int> seen;
  for (const std::string &p : paths)
    for (int k : h.touching(p)) {
      int64_t t = h.commits()[k].time;
      if (t >= to) continue;
      if (t < from) break; // newest first
      if (seen.insert(k).second) fn(k);
    }
}

} // namespace

int64_t asOf(const Patch &patch, const ChangeHistory &history) {
  int k = patch.origin.kind == Origin::Kind::Commit ? history.find(patch.id) : -1;
  return k >= 0 ? history.commits()[k].time : history.tipTime + 1;
}

HistoryFacts historyFacts(const ChangeHistory &history, const std::vector<std::string> &paths,
                          const std::string &author, int64_t t, const RiskModel &model) {
  HistoryFacts out;
  out.recentDays = model.recentDays;
  out.fixDays = model.fixDays;
  out.historyDays = model.historyDays;
  const int64_t day = 86400;
  const auto &commits = history.commits();
  eachTouching(history, paths, t - model.recentDays * day, t, [&](int) { ++out.recent; });
  eachTouching(history, paths, t - model.fixDays * day, t,
               [&](int k) { out.fixes += commits[k].fix; });
  std::set<std::string_view> authors;
  int64_t last = t - model.historyDays * day;
  eachTouching(history, paths, t - model.historyDays * day, t, [&](int k) {
    const HistoryCommit &c = commits[k];
    ++out.changes;
    authors.insert(c.author);
    last = std::max(last, c.time);
    if (std::any_of(c.fixedBy.begin(), c.fixedBy.end(),
                    [&](int f) { return commits[f].time < t; }))
      ++out.fixed;
    if (c.author == author) ++out.authorInFiles;
  });
  out.authors = static_cast<int>(authors.size());
  out.age = static_cast<int>((t - last) / day);
  for (int k : history.byAuthor(author)) {
    if (commits[k].time >= t) continue;
    if (commits[k].time < t - model.historyDays * day) break;
    ++out.authorCommits;
  }
  return out;
}

RiskFacts riskFacts(const RiskChange &change, const ChangeHistory *history,
                    const RiskModel &model) {
  RiskFacts f;
  const Patch &patch = *change.patch;
  f.classified = change.classified;
  f.fixes = fixTrailerValues(patch.message, model.fixTrailers);
  if (change.entitiesKnown) f.entities = EntityChanges{};
  if (change.ownersKnown) f.sections = std::vector<std::string>{};
  std::string author = history ? history->identity(patch.author) : asciiLower(patch.author.email);
  std::vector<std::string> reviewers; // canonical addresses of Reviewed-by/Acked-by
  for (const Trailer &t : patch.trailers)
    for (const std::string &key : model.reviewTrailers)
      if (lower(t.key) == lower(key)) {
        MailAddress a = parseEmail(t.value);
        Person p{a.name, a.address};
        reviewers.push_back(history ? history->identity(p) : asciiLower(a.address));
      }

  std::vector<std::string> paths;
  int weakest = 0;
  UniqueAppender addDirectory(f.directories);
  std::vector<std::string> noSections;
  UniqueAppender addSection(f.sections ? *f.sections : noSections);
  for (const RiskFile &file : change.files) {
    const FileChange &fc = *file.change;
    ++f.files;
    f.hunks += changedRuns(fc);
    paths.push_back(fc.path());
    if (!fc.oldPath.empty() && fc.oldPath != fc.path()) paths.push_back(fc.oldPath);
    addDirectory(directoryOf(fc.path()));
    if (file.classification) {
      for (int c = 0; c < kCategoryCount; ++c) {
        f.byCategory[c].added += file.classification->byCategory[c].added;
        f.byCategory[c].removed += file.classification->byCategory[c].removed;
      }
      const FileClass &cls = *file.classification;
      if (cls.includedBy > f.includedBy) {
        f.includedBy = cls.includedBy;
        f.includedByPath = fc.oldPath.empty() ? fc.path() : fc.oldPath;
      }
      if (cls.symbolFanIn > f.symbolFanIn) {
        f.symbolFanIn = cls.symbolFanIn;
        f.symbolName = cls.symbol;
      }
    } else {
      // Unclassified lines count as code.
      f.byCategory[static_cast<int>(Category::Code)].added += fc.added();
      f.byCategory[static_cast<int>(Category::Code)].removed += fc.removed();
    }
    if (f.entities && file.entities) addEntities(*f.entities, *file.entities);
    if (f.sections && file.owners) {
      bool owned = false;
      for (const OwningSection &s : *file.owners) {
        if (s.byKeyword || catchAll(s)) continue;
        if (!owned && weakness(s.status) > weakest) {
          weakest = weakness(s.status);
          f.weakOwnership = s.status;
        }
        owned = true;
        addSection(s.name);
        if (f.authorOwns.empty() && (names(s.maintainers, author) || names(s.reviewers, author)))
          f.authorOwns = s.name;
        if (f.reviewerOwns.empty())
          for (const Person &p : s.maintainers)
            for (const std::string &r : reviewers)
              if (asciiLower(p.email) == r) f.reviewerOwns = p.name + " (" + s.name + ")";
        if (f.reviewerOwns.empty())
          for (const Person &p : s.reviewers)
            for (const std::string &r : reviewers)
              if (asciiLower(p.email) == r) f.reviewerOwns = p.name + " (" + s.name + ")";
      }
      if (!owned && weakness("unowned") > weakest) {
        weakest = weakness("unowned");
        f.weakOwnership = "unowned";
      }
    }
  }
  if (history)
    f.history = historyFacts(*history, paths, author, asOf(patch, *history), model);
  return f;
}

} // namespace provcheck
