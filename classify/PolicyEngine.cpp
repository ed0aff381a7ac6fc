// Judging one patch: trailers and sign-off, then the limits on AI-assisted patches.
#include "classify/PolicyEngine.h"

#include "classify/Agreement.h"
#include "classify/ToolFindings.h"
#include "classify/Trailers.h"

#include <algorithm>

namespace provcheck {
namespace {

int changed(const LineCounts &c) { return c.added + c.removed; }

int firstChangedLine(const Hunk &h) {
  for (const DiffLine &l : h.lines)
    if (l.kind == LineKind::Added) return l.newLine;
  return h.newStart;
}

void addUnique(std::vector<std::string> &list, const std::string &s) {
  if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

std::string join(const std::vector<std::string> &items, size_t max = 4) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > max) out += " and " + std::to_string(items.size() - max) + " more";
  return out;
}

std::string sectionsText(const AgreementGroup &g) {
  if (g.sections.empty()) return "no MAINTAINERS section names a maintainer";
  std::vector<std::string> names;
  for (const OwningSection *s : g.sections) names.push_back("'" + s->name + "'");
  return "MAINTAINERS " + join(names);
}

Finding makeFinding(std::string rule, std::string clause, Severity severity, VerdictKind effect,
                    std::string message) {
  Finding f;
  f.rule = std::move(rule);
  f.clause = std::move(clause);
  f.severity = severity;
  f.effect = effect;
  f.message = std::move(message);
  return f;
}

const std::vector<OwningSection> &ownersOf(const std::vector<std::vector<OwningSection>> &owners,
                                           size_t i) {
  static const std::vector<OwningSection> kNone;
  return i < owners.size() ? owners[i] : kNone;
}

// Groups the files whose hunks satisfy `pick` by the sections that must agree.
template <class Pick>
std::vector<AgreementGroup> groupFiles(const Patch &patch, const PatchClass &pc,
                                       const std::vector<std::vector<OwningSection>> &owners,
                                       Pick pick) {
  std::vector<AgreementGroup> groups;
  for (size_t i = 0; i < pc.files.size(); ++i) {
    const FileClass &fc = pc.files[i];
    const FileChange *change = i < patch.files.size() ? &patch.files[i] : nullptr;
    bool any = false;
    for (size_t h = 0; h < fc.hunks.size(); ++h)
      if (pick(fc.hunks[h])) any = true;
    if (!any) continue;
    AgreementGroup &g = groupFor(groups, agreementSections(ownersOf(owners, i)));
    addUnique(g.files, fc.path);
    for (size_t h = 0; h < fc.hunks.size(); ++h) {
      const HunkClass &hc = fc.hunks[h];
      if (!pick(hc)) continue;
      for (const std::string &e : hc.entities) addUnique(g.entities, e);
      g.lines += hc.smallFixLines;
      if (g.line == 0 && g.files.front() == fc.path && change && h < change->hunks.size())
        g.line = firstChangedLine(change->hunks[h]);
    }
  }
  return groups;
}

struct Judge {
  const Patch &patch;
  const PatchClass &pc;
  const std::vector<std::vector<OwningSection>> &owners;
  const Policy &policy;
  const JudgeOptions &options;
  Verdict &v;

  int lines(Category c) const { return changed(pc.byCategory[static_cast<int>(c)]); }
  // "4 changed lines (+2/-2)": the count the limits use, and what it is made of.
  std::string linesText(Category c) const {
    const LineCounts &n = pc.byCategory[static_cast<int>(c)];
    int total = changed(n);
    return std::to_string(total) + (total == 1 ? " changed line (+" : " changed lines (+") +
           std::to_string(n.added) + "/-" + std::to_string(n.removed) + ")";
  }
  bool allowed(Category c) const {
    const auto &a = policy.limits.allowedCategories;
    return std::find(a.begin(), a.end(), c) != a.end();
  }

  std::vector<std::string> filesIn(std::initializer_list<Category> cats) const {
    std::vector<std::string> out;
    for (const FileClass &fc : pc.files)
      for (const HunkClass &hc : fc.hunks)
        if (std::find(cats.begin(), cats.end(), hc.category) != cats.end()) addUnique(out, fc.path);
    return out;
  }

  void agreementFindings(std::vector<AgreementGroup> groups, const std::string &rule,
                         const std::string &clause, const std::string &what) {
    for (AgreementGroup &g : groups) {
      std::vector<Person> people = maintainersOf(g.sections);
      std::string evidence = agreementEvidence(people, patch.trailers, policy, options);
      std::string where = join(g.files) + (g.entities.empty() ? "" : " (" + join(g.entities, 3) + ")");
      Finding f = makeFinding(rule, clause, evidence.empty() ? Severity::Warning : Severity::Info,
                              VerdictKind::NeedsAgreement, "");
      describeAgreement(f, g, evidence);
      if (evidence.empty())
        f.message = what + " in " + where + ": needs prior agreement from " + peopleText(people) +
                    " (" + sectionsText(g) + ")";
      else
        f.message = what + " in " + where + ": agreement recorded from " + sectionsText(g) +
                    " by " + evidence;
      v.findings.push_back(std::move(f));
    }
  }

  void consistency(const TrailerAnalysis &ta) {
    const AiLimits &l = policy.limits;
    if (l.consistencyClause.empty() || !ta.aiDeclared ||
        policy.aiTrailer.syntax != TrailerSyntax::Values)
      return;
    const std::string key = policy.aiTrailer.key;
    bool commentDocs = false;
    for (const FileClass &fc : pc.files)
      for (const HunkClass &hc : fc.hunks) commentDocs |= hc.commentOnly;
    bool hasDocs = lines(Category::Docs) > 0 || commentDocs;
    bool hasTests = lines(Category::Tests) > 0;
    bool hasCode = lines(Category::Code) + lines(Category::Core) + lines(Category::Mechanical) > 0;
    std::vector<std::string> code = filesIn({Category::Code, Category::Core, Category::Mechanical});
    auto declared = [&](const char *x) {
      return std::find(ta.declared.begin(), ta.declared.end(), x) != ta.declared.end();
    };
    auto violation = [&](std::string message) {
      v.findings.push_back(makeFinding("ai-declared-scope", l.consistencyClause, Severity::Error,
                                       VerdictKind::Violation, std::move(message)));
      v.findings.back().files = code;
    };
    if (declared("docs") && !hasDocs)
      violation("'" + key + ": docs' but the patch changes no documentation" +
                (code.empty() ? std::string() : " (it changes code: " + join(code) + ")"));
    if (declared("tests") && !hasTests)
      violation("'" + key + ": tests' but the patch changes no tests" +
                (code.empty() ? std::string() : " (it changes code: " + join(code) + ")"));
    if (declared("code") && !hasCode) {
      v.findings.push_back(makeFinding(
          "ai-declared-scope", l.consistencyClause, Severity::Warning, VerdictKind::Ok,
          "'" + key + ": code' but the patch changes only " + (hasTests ? "tests" : "documentation") +
              ": declare '" + (hasTests ? "tests" : "docs") + "' instead"));
    }
    bool onlyDocsTests = !declared("code") && (declared("docs") || declared("tests"));
    if (onlyDocsTests && hasCode && (hasDocs || hasTests)) {
      Finding f = makeFinding("ai-declared-scope-partial", l.consistencyClause, Severity::Warning,
                              VerdictKind::Ok,
                              "the patch also changes code (" + join(code) + ") that '" + key +
                                  ":' does not declare; if AI shaped it, declare 'code' too. "
                                  "The limits are applied to the whole patch");
      f.files = code;
      v.findings.push_back(std::move(f));
    }
  }

  void limits() {
    const AiLimits &l = policy.limits;
    bool coreFound = false;
    if (l.coreNeedsAgreement && lines(Category::Core) > 0) {
      coreFound = true;
      agreementFindings(groupFiles(patch, pc, owners,
                                   [](const HunkClass &h) { return h.category == Category::Core; }),
                        "core-needs-agreement", l.coreClause, "AI-assisted change to core code");
    }

    int code = lines(Category::Code) + (coreFound ? 0 : lines(Category::Core));
    int measure = pc.smallFixLines;
    if (code > 0 || (coreFound && measure > 0)) {
      if (l.smallFixLines > 0 && measure <= l.smallFixLines) {
        if (code > 0)
          v.findings.push_back(makeFinding(
              "ai-small-fix", l.smallFixClause, Severity::Info, VerdictKind::Ok,
              std::to_string(measure) + (measure == 1 ? " changed line" : " changed lines") +
                  " of code, within the small-fix limit of " +
                  std::to_string(l.smallFixLines) + "; the message must still explain the fix"));
      } else if (l.outsideNeedsAgreement) {
        auto pick = [coreFound](const HunkClass &h) {
          return h.category == Category::Code || (!coreFound && h.category == Category::Core);
        };
        std::vector<AgreementGroup> groups = groupFiles(patch, pc, owners, pick);
        std::string what =
            l.smallFixLines > 0
                ? "AI-assisted change of " + std::to_string(measure) +
                      " lines of code (a small fix is at most " + std::to_string(l.smallFixLines) +
                      ")"
                : "AI-assisted code change";
        if (!groups.empty()) {
          agreementFindings(groups, "ai-large-change", l.outsideClause, what);
        } else {
          // All the code is core: the core findings ask the same people; say it there.
          for (Finding &f : v.findings)
            if (f.rule == "core-needs-agreement")
              f.message += "; it is also larger than a small fix (" + std::to_string(measure) +
                           " lines of code, limit " + std::to_string(l.smallFixLines) + ")";
        }
      }
    }

    for (Category c : {Category::Docs, Category::Tests, Category::Mechanical}) {
      int n = lines(c);
      if (n == 0) continue;
      if (!allowed(c)) {
        agreementFindings(
            groupFiles(patch, pc, owners, [c](const HunkClass &h) { return h.category == c; }),
            "ai-category-needs-agreement", l.categoriesClause,
            std::string("AI-assisted ") + toString(c) + " change, not among the permitted uses");
        continue;
      }
      if (c == Category::Mechanical) {
        if (pc.tools.empty())
          v.findings.push_back(makeFinding(
              "ai-tool-not-named", policy.toolsClause, Severity::Warning, VerdictKind::Ok,
              "mechanical change, " + linesText(c) +
                  ", with no deterministic tool named in the message: the policy prefers "
                  "a tool (sed, coccinelle, a formatter) and asks to name it"));
        else
          v.findings.push_back(makeFinding("ai-mechanical", l.categoriesClause, Severity::Info,
                                           VerdictKind::Ok,
                                           "mechanical change, " + linesText(c) +
                                               ", made with " + join(pc.tools)));
      } else {
        v.findings.push_back(makeFinding("ai-permitted-category", l.categoriesClause,
                                         Severity::Info, VerdictKind::Ok,
                                         std::string(toString(c)) + ": " + linesText(c) +
                                             ", a permitted use"));
      }
    }
  }
};

VerdictKind worstOf(const std::vector<Finding> &findings) {
  VerdictKind k = VerdictKind::Ok;
  for (const Finding &f : findings)
    if (!f.satisfied && static_cast<int>(f.effect) > static_cast<int>(k)) k = f.effect;
  return k;
}

} // namespace

std::string verdictSummary(const Verdict &v, const std::string &aiKey) {
  if (v.kind == VerdictKind::Violation) {
    int n = 0;
    const Finding *first = nullptr;
    for (const Finding &f : v.findings)
      if (f.effect == VerdictKind::Violation && !f.satisfied && n++ == 0) first = &f;
    return "violation: " + first->message +
           (n > 1 ? " (and " + std::to_string(n - 1) + " more)" : std::string());
  }
  if (v.kind == VerdictKind::NeedsAgreement) {
    std::vector<Person> people;
    std::vector<std::string> sections;
    for (const Finding &f : v.findings) {
      if (f.effect != VerdictKind::NeedsAgreement || f.satisfied) continue;
      for (const Person &p : f.needAgreementFrom)
        if (std::find(people.begin(), people.end(), p) == people.end()) people.push_back(p);
      for (const std::string &s : f.sections) addUnique(sections, s);
    }
    return "needs agreement from " + peopleText(people) +
           (sections.empty() ? std::string() : " (" + join(sections) + ")") +
           " before it is submitted";
  }
  if (!v.aiAssisted) return "ok: no '" + aiKey + ":' trailer, the AI limits did not apply";
  std::vector<std::string> agreed;
  for (const Finding &f : v.findings)
    if (f.satisfied) addUnique(agreed, f.satisfiedBy);
  if (!agreed.empty()) return "ok: agreement recorded (" + join(agreed) + ")";
  if (!v.limitsApplied) return "ok: AI-assisted; the policy's limits did not apply";
  return std::string("ok: AI-assisted") + (v.assumed ? " (assumed)" : "") +
         ", within the policy's limits";
}

Verdict judgePatch(const Patch &patch, const PatchClass &pc,
                   const std::vector<std::vector<OwningSection>> &owners, const Policy &policy,
                   const JudgeOptions &options) {
  Verdict v;
  TrailerAnalysis ta = analyzeTrailers(patch, policy);
  for (const TrailerIssue &i : ta.issues) {
    Finding f = makeFinding(i.rule, i.clause, i.severity, i.effect, i.message);
    f.messageLine = i.line;
    v.findings.push_back(std::move(f));
  }
  addToolClaimFindings(pc, policy, v.findings);
  v.aiUsedFor = ta.declared;
  bool fromMessage = ta.aiDeclared || ta.aiEvidence;
  v.aiAssisted = fromMessage || options.assumeAi;
  v.assumed = options.assumeAi && !fromMessage;
  const std::string &key = policy.aiTrailer.key;
  bool researchOnly = ta.aiDeclared && !ta.declared.empty() &&
                      std::all_of(ta.declared.begin(), ta.declared.end(),
                                  [](const std::string &d) { return d == "research"; });

  Judge judge{patch, pc, owners, policy, options, v};
  if (!v.aiAssisted) {
    v.findings.push_back(makeFinding(
        "ai-limits-not-applied", policy.aiTrailer.clause, Severity::Info, VerdictKind::Ok,
        "no '" + key + ":' trailer: the policy's limits on AI-assisted patches did not apply "
        "(classified as " + pc.label() + ")"));
  } else if (researchOnly && !options.assumeAi) {
    v.findings.push_back(makeFinding(
        "ai-research-only", policy.aiTrailer.clause, Severity::Info, VerdictKind::Ok,
        "'" + key + ": research' only: no AI output is declared in the patch, so the limits on "
        "AI-generated content did not apply"));
  } else if (!policy.limits.limited()) {
    v.findings.push_back(makeFinding(
        "ai-no-limits", policy.aiTrailer.clause, Severity::Info, VerdictKind::Ok,
        "AI-assisted" + (ta.evidence.empty() ? std::string() : " (" + ta.evidence + ")") +
            ": the " + policy.name + " policy sets no limits on what such a patch may change"));
  } else {
    v.limitsApplied = true;
    if (v.assumed)
      v.findings.push_back(makeFinding("ai-assumed", policy.aiTrailer.clause, Severity::Info,
                                       VerdictKind::Ok,
                                       "judged as AI-assisted (--assume-ai): no '" + key +
                                           ":' trailer yet"));
    else if (!ta.aiDeclared)
      v.findings.push_back(makeFinding("ai-undeclared", policy.aiTrailer.clause, Severity::Info,
                                       VerdictKind::Ok,
                                       "judged as AI-assisted because of " + ta.evidence));
    judge.consistency(ta);
    judge.limits();
  }
  v.kind = worstOf(v.findings);
  v.summary = verdictSummary(v, key);
  return v;
}

} // namespace provcheck
