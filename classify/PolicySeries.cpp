// Judging a series as a whole (classify/POLICY.md, "Series").
#include "analysis/UniqueList.h"
#include "classify/Agreement.h"
#include "classify/People.h"
#include "classify/PolicyEngine.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace provcheck {
namespace {

void addUnique(std::vector<std::string> &list, const std::string &s) {
  if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

void addLocations(std::vector<FindingLocation> &to, const std::vector<FindingLocation> &from) {
  for (const FindingLocation &l : from) {
    auto it = std::find_if(to.begin(), to.end(),
                           [&](const FindingLocation &x) { return x.file == l.file; });
    if (it == to.end()) {
      to.push_back(l);
      continue;
    }
    if (it->line == 0) it->line = l.line;
    UniqueAppender addEntity(it->entities);
    for (const std::string &e : l.entities) addEntity(e);
  }
}

std::string patchName(const std::string &subject, size_t i, size_t n) {
  return "patch " + std::to_string(i + 1) + "/" + std::to_string(n) + " '" + subject + "'";
}

// "function foo_write (body)" -> "function foo_write".
std::string entityOf(const std::string &e) {
  size_t paren = e.rfind(" (");
  return paren != std::string::npos && e.back() == ')' ? e.substr(0, paren) : e;
}

// Adds patch `i`'s AI-assisted code lines to the tallies: per file, and per entity the
// hunk touches (each entity a hunk touches counts all its lines), or, without entities,
// per function context of the hunk header. A tally has a count for each patch up to the
// last one that added to it (the series' length is known at its end).
//
// Linear in the tallies and the patch's entities (a hunk may touch hundreds of thousands):
// the patch's lines are summed per (file, entity) first, then merged in one pass.
void tally(std::vector<CodeTally> &tallies, const Patch &patch, const PatchClass &pc, size_t i) {
  auto key = [](const std::string &file, const std::string &entity) {
    return file + '\0' + entity;
  };
  std::vector<CodeTally> found; // this patch's, in order of first appearance
  std::unordered_map<std::string, size_t> foundAt;
  auto add = [&](const std::string &file, const std::string &entity, int lines) {
    auto [it, fresh] = foundAt.try_emplace(key(file, entity), found.size());
    if (fresh) found.push_back(CodeTally{file, entity, std::vector<int>(i + 1, 0)});
    found[it->second].perPatch[i] += lines;
  };
  for (size_t f = 0; f < pc.files.size(); ++f) {
    const FileClass &fc = pc.files[f];
    if (fc.smallFixLines == 0) continue;
    add(fc.path, "", fc.smallFixLines);
    for (size_t h = 0; h < fc.hunks.size(); ++h) {
      const HunkClass &hc = fc.hunks[h];
      if (hc.smallFixLines == 0) continue;
      std::vector<std::string> entities;
      UniqueAppender addEntity(entities);
      for (const std::string &e : hc.entities) addEntity(entityOf(e));
      const Hunk *hunk = f < patch.files.size() && h < patch.files[f].hunks.size()
                             ? &patch.files[f].hunks[h]
                             : nullptr;
      if (entities.empty() && hunk && !hunk->section.empty()) {
        std::string section = hunk->section;
        while (!section.empty() && (section.front() == ' ' || section.front() == '\t'))
          section.erase(0, 1);
        if (!section.empty()) entities.push_back("near '" + section + "'");
      }
      for (const std::string &e : entities) add(fc.path, e, hc.smallFixLines);
    }
  }
  // An entry tallied before gets the lines; a new entity goes after its file's last
  // entry, a new file at the end.
  std::unordered_map<std::string, size_t> known, lastOfFile;
  for (size_t k = 0; k < tallies.size(); ++k) {
    known.emplace(key(tallies[k].file, tallies[k].entity), k);
    lastOfFile[tallies[k].file] = k;
  }
  std::unordered_map<std::string, std::vector<CodeTally>> newOfFile;
  std::vector<std::string> newFiles;
  for (CodeTally &t : found) {
    auto it = known.find(key(t.file, t.entity));
    if (it == known.end()) {
      auto &list = newOfFile[t.file];
      if (list.empty() && !lastOfFile.count(t.file)) newFiles.push_back(t.file);
      list.push_back(std::move(t));
      continue;
    }
    std::vector<int> &perPatch = tallies[it->second].perPatch;
    if (perPatch.size() <= i) perPatch.resize(i + 1, 0);
    perPatch[i] += t.perPatch[i];
  }
  if (newOfFile.empty()) return;
  std::vector<CodeTally> merged;
  merged.reserve(tallies.size() + found.size());
  auto append = [&](const std::string &file) {
    auto it = newOfFile.find(file);
    if (it == newOfFile.end()) return;
    for (CodeTally &t : it->second) merged.push_back(std::move(t));
    newOfFile.erase(it);
  };
  for (size_t k = 0; k < tallies.size(); ++k) {
    std::string file = tallies[k].file;
    merged.push_back(std::move(tallies[k]));
    if (lastOfFile[file] == k) append(file);
  }
  for (const std::string &file : newFiles) append(file);
  tallies = std::move(merged);
}

std::string sumText(const CodeTally &t) {
  std::string out;
  for (int x : t.perPatch)
    if (x > 0) out += (out.empty() ? "" : " + ") + std::to_string(x);
  return out + " = " + std::to_string(t.total());
}

} // namespace

// What the judgement of a series keeps of each patch: its verdict's facts, the agreement
// trailers, and the small-fix lines per who may agree; never the patch itself.
struct SeriesJudge::State {
  struct Violation {
    size_t index;
    std::string subject, summary, clause;
    int messageLine = 0;
    std::vector<FindingLocation> locations;
  };
  struct SectionTotal {
    AgreementGroup group;   // its sections point into `sections`
    int patches = 0;        // AI-assisted patches contributing lines
    bool patchOverLimit = false;
  };
  struct AgreementTrailers {
    size_t index;
    Person author;
    std::vector<Trailer> trailers;
  };
  const Policy &policy;
  JudgeOptions options;
  size_t count = 0;
  Person firstAuthor;
  Verdict verdict;
  std::vector<Violation> violations;
  std::vector<bool> overLimit;  // AI-assisted patches above the small-fix limit
  std::vector<Finding> pending; // patch agreement findings, merged per sections
  std::vector<SectionTotal> totals;
  std::deque<OwningSection> sections; // copies the totals point to
  std::vector<AgreementTrailers> trailers;
  std::unordered_set<std::string> agreeing; // the values of the trailers kept

  bool isAgreementKey(const std::string &key) const {
    auto lower = [](std::string s) {
      for (char &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    std::string k = lower(key);
    return std::any_of(policy.limits.agreementTrailers.begin(),
                       policy.limits.agreementTrailers.end(),
                       [&](const std::string &a) { return lower(a) == k; });
  }

  // Agreement given anywhere in the series counts for the whole series.
  std::string evidence(const Agreers &who) const {
    JudgeOptions noApproval;
    noApproval.mailmap = options.mailmap;
    for (const AgreementTrailers &t : trailers) {
      std::string e = agreementEvidence(who, t.trailers, t.author, policy, noApproval);
      if (!e.empty()) return "patch " + std::to_string(t.index + 1) + ": " + e;
    }
    return agreementEvidence(who, {}, firstAuthor, policy, options);
  }

  // The sections as copies owned here, so that the patch's owners may go.
  Agreers own(Agreers who) {
    for (const OwningSection *&s : who.sections) {
      auto it = std::find_if(sections.begin(), sections.end(), [&](const OwningSection &x) {
        return x.name == s->name && x.line == s->line;
      });
      if (it == sections.end()) {
        sections.push_back(*s);
        it = sections.end() - 1;
      }
      s = &*it;
    }
    return who;
  }
};

SeriesJudge::SeriesJudge(const Policy &policy, const JudgeOptions &options)
    : state_(std::make_unique<State>(State{policy, options})) {}

SeriesJudge::~SeriesJudge() = default;

void SeriesJudge::add(const Patch &patch, const PatchClass &pc, const Verdict &pv,
                      const std::vector<std::vector<OwningSection>> &patchOwners) {
  State &st = *state_;
  const size_t i = st.count++;
  const int limit = st.policy.limits.smallFixLines;
  Verdict &s = st.verdict;
  if (i == 0) st.firstAuthor = patch.author;
  st.overLimit.push_back(false);
  s.aiAssisted |= pv.aiAssisted;
  s.limitsApplied |= pv.limitsApplied;
  for (const std::string &d : pv.aiUsedFor) addUnique(s.aiUsedFor, d);
  // Of the agreement trailers, only those that may be the series' evidence are kept: one
  // naming another person than the patch's author, the first time its text appears (an
  // earlier trailer answers first for whoever a later copy would). A long series, such as
  // a range of a project's history, keeps one trailer per person agreeing, not one per
  // patch.
  std::vector<Trailer> agreement;
  for (const Trailer &t : patch.trailers) {
    if (!st.isAgreementKey(t.key)) continue;
    Person by;
    if (!parsePerson(t.value, by) || samePerson(by, patch.author, st.options.mailmap)) continue;
    if (st.agreeing.insert(t.value).second) agreement.push_back(t);
  }
  if (!agreement.empty()) st.trailers.push_back({i, patch.author, std::move(agreement)});

  if (pv.kind == VerdictKind::Violation) {
    State::Violation v{i, patch.subject, pv.summary, {}, 0, {}};
    if (v.summary.rfind("violation: ", 0) == 0) v.summary.erase(0, 11);
    for (const Finding &pf : pv.findings)
      if (pf.effect == VerdictKind::Violation && !pf.satisfied && v.clause.empty()) {
        v.clause = pf.clause;
        v.messageLine = pf.messageLine;
        v.locations = pf.locations;
      }
    st.violations.push_back(std::move(v));
  }
  for (const Finding &pf : pv.findings) {
    if (pf.effect != VerdictKind::NeedsAgreement) continue;
    auto same = std::find_if(st.pending.begin(), st.pending.end(), [&](const Finding &x) {
      return x.sections == pf.sections && x.rule == pf.rule;
    });
    if (same == st.pending.end()) {
      st.pending.push_back(pf);
      st.pending.back().patchIndex = static_cast<int>(i);
    } else {
      addLocations(same->locations, pf.locations);
    }
  }

  // The small-fix lines of AI-assisted patches, summed per who may agree.
  if (!pv.limitsApplied || limit <= 0) return;
  tally(s.codeLines, patch, pc, i);
  bool overLimit = pc.smallFixLines > limit;
  st.overLimit[i] = overLimit;
  std::vector<size_t> seen; // totals this patch contributed to
  for (size_t f = 0; f < pc.files.size(); ++f) {
    const FileClass &fc = pc.files[f];
    if (fc.smallFixLines == 0) continue;
    static const std::vector<OwningSection> kNone;
    Agreers who = agreersFor(f < patchOwners.size() ? patchOwners[f] : kNone, patch.author,
                             st.options);
    auto it = std::find_if(st.totals.begin(), st.totals.end(),
                           [&](const State::SectionTotal &t) { return t.group.who == who; });
    if (it == st.totals.end()) {
      st.totals.push_back(State::SectionTotal{AgreementGroup{st.own(who), {}, 0}, 0, false});
      it = st.totals.end() - 1;
    }
    it->group.lines += fc.smallFixLines;
    FindingLocation loc{fc.path, 0, {}};
    UniqueAppender addEntity(loc.entities);
    for (const HunkClass &hc : fc.hunks)
      if (hc.smallFixLines > 0)
        for (const std::string &e : hc.entities) addEntity(e);
    addLocations(it->group.locations, {loc});
    size_t index = static_cast<size_t>(it - st.totals.begin());
    if (std::find(seen.begin(), seen.end(), index) == seen.end()) {
      seen.push_back(index);
      ++it->patches;
    }
    it->patchOverLimit |= overLimit;
  }
}

size_t SeriesJudge::agreementTrailersKept() const {
  size_t n = 0;
  for (const State::AgreementTrailers &t : state_->trailers) n += t.trailers.size();
  return n;
}

Verdict SeriesJudge::finish() {
  State &st = *state_;
  const Policy &policy = st.policy;
  const size_t n = st.count;
  const int limit = policy.limits.smallFixLines;
  Verdict s = std::move(st.verdict);
  for (CodeTally &t : s.codeLines) t.perPatch.resize(n, 0);
  for (State::Violation &v : st.violations) {
    Finding f;
    f.rule = "series-patch-violation";
    f.severity = Severity::Error;
    f.effect = VerdictKind::Violation;
    f.patchIndex = static_cast<int>(v.index);
    f.message = patchName(v.subject, v.index, n) + " violates the policy: " + v.summary;
    f.clause = std::move(v.clause);
    f.messageLine = v.messageLine;
    f.locations = std::move(v.locations);
    s.findings.push_back(std::move(f));
  }

  // Agreement the patches need, once per sections, satisfied by agreement on any patch.
  for (Finding &f : st.pending) {
    Agreers who;
    who.people = f.needAgreementFrom;
    std::string evidence = st.evidence(who);
    f.rule = "series-" + f.rule;
    f.satisfied = !evidence.empty();
    f.satisfiedBy = evidence;
    f.severity = f.satisfied ? Severity::Info : Severity::Warning;
    std::string sections;
    for (const std::string &name : f.sections) sections += (sections.empty() ? "'" : ", '") + name + "'";
    f.message = "the series changes " + std::to_string(f.locations.size()) + " file(s) of " +
                (sections.empty() ? std::string("code without a named maintainer") : sections) +
                " that need agreement" +
                (f.satisfied ? ": agreement recorded by " + evidence
                             : " from " + peopleText(f.needAgreementFrom));
    s.findings.push_back(std::move(f));
  }

  // Patches each within the small-fix limit that together change more under one section.
  for (const State::SectionTotal &t : st.totals) {
    if (t.group.lines <= limit || t.patches < 2 || t.patchOverLimit) continue;
    std::string evidence = st.evidence(t.group.who);
    Finding f;
    f.rule = "series-large-change";
    f.clause = policy.limits.outsideClause;
    f.effect = VerdictKind::NeedsAgreement;
    describeAgreement(f, t.group, evidence);
    f.severity = f.satisfied ? Severity::Info : Severity::Warning;
    std::vector<std::string> files;
    for (const FindingLocation &l : t.group.locations) files.push_back(l.file);
    std::string where = t.group.who.sections.empty()
                            ? std::string("that no MAINTAINERS section covers")
                            : "under '" + t.group.who.sections.front()->name + "'";
    f.message = std::to_string(t.patches) + " AI-assisted patches, each a small fix, together change " +
                std::to_string(t.group.lines) + " lines of code " + where +
                " (a small fix is at most " + std::to_string(limit) + "): " +
                (f.satisfied ? "agreement recorded by " + evidence
                 : t.group.who.people.empty()
                     ? "the series needs prior agreement, but " + agreersText(t.group.who, files)
                     : "the series needs prior agreement from " + peopleText(t.group.who.people));
    s.findings.push_back(std::move(f));
  }

  // Small fixes that add up to more than the limit in one function (or other entity).
  for (const CodeTally &t : s.codeLines) {
    if (t.entity.empty() || t.total() <= limit || t.patches() < 2) continue;
    bool allSmall = true;
    for (size_t i = 0; i < t.perPatch.size(); ++i)
      if (t.perPatch[i] > 0 && st.overLimit[i]) allSmall = false;
    if (!allSmall) continue;
    Finding f;
    f.rule = "series-function-over-limit";
    f.clause = policy.limits.smallFixClause;
    f.severity = Severity::Warning;
    f.effect = VerdictKind::Ok;
    f.message = t.entity + " in " + t.file + ": " + std::to_string(t.patches()) +
                " AI-assisted small fixes change " + sumText(t) + " lines of it (a small fix is "
                "at most " + std::to_string(limit) + "): splitting a change does not make it small";
    f.locations = {FindingLocation{t.file, 0, {t.entity}}};
    s.findings.push_back(std::move(f));
  }

  VerdictKind k = VerdictKind::Ok;
  for (const Finding &f : s.findings)
    if (!f.satisfied && static_cast<int>(f.effect) > static_cast<int>(k)) k = f.effect;
  s.kind = k;
  s.summary = "series of " + std::to_string(n) + " patch" + (n == 1 ? "" : "es") + ": " +
              verdictSummary(s, policy);
  return s;
}

Verdict judgeSeries(const std::vector<const Patch *> &patches,
                    const std::vector<const PatchClass *> &classes,
                    const std::vector<Verdict> &verdicts,
                    const std::vector<std::vector<std::vector<OwningSection>>> &owners,
                    const Policy &policy, const JudgeOptions &options) {
  static const std::vector<std::vector<OwningSection>> kNoOwners;
  SeriesJudge judge(policy, options);
  const size_t n = std::min({patches.size(), classes.size(), verdicts.size()});
  for (size_t i = 0; i < n; ++i)
    judge.add(*patches[i], *classes[i], verdicts[i], i < owners.size() ? owners[i] : kNoOwners);
  return judge.finish();
}

} // namespace provcheck
