// Judging a series as a whole (classify/POLICY.md, "Series").
#include "classify/Agreement.h"
#include "classify/PolicyEngine.h"

#include <algorithm>

namespace provcheck {
namespace {

void addUnique(std::vector<std::string> &list, const std::string &s) {
  if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

std::string patchName(const Patch &p, size_t i, size_t n) {
  return "patch " + std::to_string(i + 1) + "/" + std::to_string(n) + " '" + p.subject + "'";
}

// Agreement given anywhere in the series counts for the whole series.
std::string seriesEvidence(const std::vector<Person> &people,
                           const std::vector<const Patch *> &patches, const Policy &policy,
                           const JudgeOptions &options) {
  JudgeOptions noApproval;
  for (size_t i = 0; i < patches.size(); ++i) {
    std::string e = agreementEvidence(people, patches[i]->trailers, policy, noApproval);
    if (!e.empty()) return "patch " + std::to_string(i + 1) + ": " + e;
  }
  return agreementEvidence(people, {}, policy, options);
}

struct SectionTotal {
  AgreementGroup group;
  int patches = 0;        // AI-assisted patches contributing lines
  bool patchOverLimit = false;
};

} // namespace

Verdict judgeSeries(const std::vector<const Patch *> &patches,
                    const std::vector<const PatchClass *> &classes,
                    const std::vector<Verdict> &verdicts,
                    const std::vector<std::vector<std::vector<OwningSection>>> &owners,
                    const Policy &policy, const JudgeOptions &options) {
  Verdict s;
  const size_t n = std::min({patches.size(), classes.size(), verdicts.size()});
  const int limit = policy.limits.smallFixLines;
  static const std::vector<std::vector<OwningSection>> kNoOwners;

  std::vector<SectionTotal> totals;
  std::vector<Finding> pending; // patch agreement findings, merged per sections
  for (size_t i = 0; i < n; ++i) {
    const Verdict &pv = verdicts[i];
    s.aiAssisted |= pv.aiAssisted;
    s.limitsApplied |= pv.limitsApplied;
    for (const std::string &d : pv.aiUsedFor) addUnique(s.aiUsedFor, d);
    if (pv.kind == VerdictKind::Violation) {
      Finding f;
      f.rule = "series-patch-violation";
      f.severity = Severity::Error;
      f.effect = VerdictKind::Violation;
      f.patchIndex = static_cast<int>(i);
      std::string summary = pv.summary;
      if (summary.rfind("violation: ", 0) == 0) summary.erase(0, 11);
      f.message = patchName(*patches[i], i, n) + " violates the policy: " + summary;
      for (const Finding &pf : pv.findings)
        if (pf.effect == VerdictKind::Violation && f.clause.empty()) f.clause = pf.clause;
      s.findings.push_back(std::move(f));
    }
    for (const Finding &pf : pv.findings) {
      if (pf.effect != VerdictKind::NeedsAgreement) continue;
      auto same = std::find_if(pending.begin(), pending.end(), [&](const Finding &x) {
        return x.sections == pf.sections && x.rule == pf.rule;
      });
      if (same == pending.end()) {
        pending.push_back(pf);
        pending.back().patchIndex = static_cast<int>(i);
      } else {
        for (const std::string &f : pf.files) addUnique(same->files, f);
        for (const std::string &e : pf.entities) addUnique(same->entities, e);
      }
    }

    // The small-fix lines of AI-assisted patches, summed per owning section.
    if (!pv.limitsApplied || limit <= 0) continue;
    const PatchClass &pc = *classes[i];
    const auto &patchOwners = i < owners.size() ? owners[i] : kNoOwners;
    bool overLimit = pc.smallFixLines > limit;
    std::vector<size_t> seen; // totals this patch contributed to
    for (size_t f = 0; f < pc.files.size(); ++f) {
      const FileClass &fc = pc.files[f];
      if (fc.smallFixLines == 0) continue;
      static const std::vector<OwningSection> kNone;
      auto sections = agreementSections(f < patchOwners.size() ? patchOwners[f] : kNone);
      auto it = std::find_if(totals.begin(), totals.end(), [&](const SectionTotal &t) {
        return namesOf(t.group.sections) == namesOf(sections);
      });
      if (it == totals.end()) {
        totals.push_back(SectionTotal{AgreementGroup{sections, {}, {}, 0, 0}, 0, false});
        it = totals.end() - 1;
      }
      it->group.lines += fc.smallFixLines;
      addUnique(it->group.files, fc.path);
      for (const HunkClass &hc : fc.hunks)
        if (hc.smallFixLines > 0)
          for (const std::string &e : hc.entities) addUnique(it->group.entities, e);
      size_t index = static_cast<size_t>(it - totals.begin());
      if (std::find(seen.begin(), seen.end(), index) == seen.end()) {
        seen.push_back(index);
        ++it->patches;
      }
      it->patchOverLimit |= overLimit;
    }
  }

  // Agreement the patches need, once per sections, satisfied by agreement on any patch.
  for (Finding &f : pending) {
    std::string evidence = seriesEvidence(f.needAgreementFrom, patches, policy, options);
    f.rule = "series-" + f.rule;
    f.satisfied = !evidence.empty();
    f.satisfiedBy = evidence;
    f.severity = f.satisfied ? Severity::Info : Severity::Warning;
    std::string sections;
    for (const std::string &name : f.sections) sections += (sections.empty() ? "'" : ", '") + name + "'";
    f.message = "the series changes " + std::to_string(f.files.size()) + " file(s) of " +
                (sections.empty() ? std::string("code without a named maintainer") : sections) +
                " that need agreement" +
                (f.satisfied ? ": agreement recorded by " + evidence
                             : " from " + peopleText(f.needAgreementFrom));
    s.findings.push_back(std::move(f));
  }

  // Patches each within the small-fix limit that together change more under one section.
  for (const SectionTotal &t : totals) {
    if (t.group.lines <= limit || t.patches < 2 || t.patchOverLimit) continue;
    std::vector<Person> people = maintainersOf(t.group.sections);
    std::string evidence = seriesEvidence(people, patches, policy, options);
    Finding f;
    f.rule = "series-large-change";
    f.clause = policy.limits.outsideClause;
    f.effect = VerdictKind::NeedsAgreement;
    describeAgreement(f, t.group, evidence);
    f.severity = f.satisfied ? Severity::Info : Severity::Warning;
    std::string where = t.group.sections.empty() ? std::string("that no MAINTAINERS section covers")
                                                 : "under '" + t.group.sections.front()->name + "'";
    f.message = std::to_string(t.patches) + " AI-assisted patches, each a small fix, together change " +
                std::to_string(t.group.lines) + " lines of code " + where +
                " (a small fix is at most " + std::to_string(limit) + "): " +
                (f.satisfied ? "agreement recorded by " + evidence
                             : "the series needs prior agreement from " + peopleText(people));
    s.findings.push_back(std::move(f));
  }

  VerdictKind k = VerdictKind::Ok;
  for (const Finding &f : s.findings)
    if (!f.satisfied && static_cast<int>(f.effect) > static_cast<int>(k)) k = f.effect;
  s.kind = k;
  s.summary = "series of " + std::to_string(n) + " patch" + (n == 1 ? "" : "es") + ": " +
              verdictSummary(s, policy.aiTrailer.key);
  return s;
}

} // namespace provcheck
