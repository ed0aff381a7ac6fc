// Judging one patch: trailers and sign-off, then the limits on AI-assisted patches.
#include "classify/PolicyEngine.h"

#include "analysis/UniqueList.h"
#include "classify/Agreement.h"
#include "classify/ToolFindings.h"
#include "classify/Trailers.h"

#include <algorithm>

namespace provcheck {
namespace {

int changed(const LineCounts &c) { return c.added + c.removed; }

void addUnique(std::vector<std::string> &list, const std::string &s) {
  if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

std::string join(const std::vector<std::string> &items, size_t max = 4) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > max) out += " and " + std::to_string(items.size() - max) + " more";
  return out;
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

// Adds to `loc` what the hunks of file `i` that satisfy `pick` touch: the first of their
// lines and their entities. Returns their small-fix lines.
template <class Pick>
int locate(FindingLocation &loc, const Patch &patch, const FileClass &fc, size_t i, Pick pick) {
  const FileChange *change = i < patch.files.size() ? &patch.files[i] : nullptr;
  int lines = 0;
  UniqueAppender addEntity(loc.entities);
  for (size_t h = 0; h < fc.hunks.size(); ++h) {
    const HunkClass &hc = fc.hunks[h];
    if (!pick(hc)) continue;
    for (const std::string &e : hc.entities) addEntity(e);
    lines += hc.smallFixLines;
    if (loc.line == 0 && change && h < change->hunks.size())
      loc.line = change->firstChangedLine(h);
  }
  return lines;
}

// The files whose hunks satisfy `pick`, each with its own line and entities.
template <class Pick>
std::vector<FindingLocation> locationsOf(const Patch &patch, const PatchClass &pc, Pick pick) {
  std::vector<FindingLocation> out;
  for (size_t i = 0; i < pc.files.size(); ++i) {
    const FileClass &fc = pc.files[i];
    if (std::none_of(fc.hunks.begin(), fc.hunks.end(), pick)) continue;
    out.push_back(FindingLocation{fc.path, 0, {}});
    locate(out.back(), patch, fc, i, pick);
  }
  return out;
}

// Groups the files whose hunks satisfy `pick` by who may agree to them.
template <class Pick>
std::vector<AgreementGroup> groupFiles(const Patch &patch, const PatchClass &pc,
                                       const std::vector<std::vector<OwningSection>> &owners,
                                       const JudgeOptions &options, Pick pick) {
  std::vector<AgreementGroup> groups;
  for (size_t i = 0; i < pc.files.size(); ++i) {
    const FileClass &fc = pc.files[i];
    if (std::none_of(fc.hunks.begin(), fc.hunks.end(), pick)) continue;
    AgreementGroup &g = groupFor(groups, agreersFor(ownersOf(owners, i), patch.author, options));
    g.locations.push_back(FindingLocation{fc.path, 0, {}});
    g.lines += locate(g.locations.back(), patch, fc, i, pick);
  }
  return groups;
}

std::vector<std::string> filesOf(const std::vector<FindingLocation> &locations) {
  std::vector<std::string> out;
  for (const FindingLocation &l : locations) out.push_back(l.file);
  return out;
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

  void agreementFindings(std::vector<AgreementGroup> groups, const std::string &rule,
                         const std::string &clause, const std::string &what) {
    for (AgreementGroup &g : groups) {
      std::string evidence =
          agreementEvidence(g.who, patch.trailers, patch.author, policy, options);
      std::vector<std::string> files = filesOf(g.locations);
      std::vector<std::string> entities;
      UniqueAppender addEntity(entities);
      for (const FindingLocation &l : g.locations)
        for (const std::string &e : l.entities) addEntity(e);
      std::string where = join(files) + (entities.empty() ? "" : " (" + join(entities, 3) + ")");
      Finding f = makeFinding(rule, clause, evidence.empty() ? Severity::Warning : Severity::Info,
                              VerdictKind::NeedsAgreement, "");
      describeAgreement(f, g, evidence);
      if (!evidence.empty())
        f.message = what + " in " + where + ": agreement recorded from " +
                    agreersText(g.who, files) + " by " + evidence;
      else if (g.who.people.empty())
        f.message = what + " in " + where + ": needs prior agreement, but " +
                    agreersText(g.who, files);
      else
        f.message = what + " in " + where + ": needs prior agreement from " +
                    peopleText(g.who.people) + " (" + agreersText(g.who, files) + ")";
      v.findings.push_back(std::move(f));
    }
  }

  // Declared values against the patch (classify/POLICY.md, "Declaring more or less than
  // the patch changes"): over-declaring is safe and a warning; lines the declaration does
  // not cover are the real problem.
  void consistency(const TrailerAnalysis &ta) {
    const AiLimits &l = policy.limits;
    if (l.consistencyClause.empty() || !ta.aiDeclared ||
        policy.aiTrailer.syntax != TrailerSyntax::Values)
      return;
    const std::string key = policy.aiTrailer.key;
    auto declared = [&](const char *x) {
      return std::find(ta.declared.begin(), ta.declared.end(), x) != ta.declared.end();
    };
    bool toolNamed = !pc.tools.empty();
    // What each declared value covers.
    auto isDocs = [](const HunkClass &h) { return h.category == Category::Docs || h.commentOnly; };
    auto isTests = [](const HunkClass &h) { return h.category == Category::Tests; };
    auto isCode = [](const HunkClass &h) {
      return !h.commentOnly && (h.category == Category::Code || h.category == Category::Core);
    };
    auto isUntooled = [toolNamed](const HunkClass &h) {
      return !toolNamed && !h.commentOnly && h.category == Category::Mechanical;
    };
    auto any = [&](auto pick) {
      for (const FileClass &fc : pc.files)
        for (const HunkClass &hc : fc.hunks)
          if (pick(hc)) return true;
      return false;
    };
    auto hasCode = [&] { return any(isCode) || any([](const HunkClass &h) {
                                  return !h.commentOnly && h.category == Category::Mechanical;
                                }); };

    // Declared, but nothing of the kind in the patch.
    std::pair<const char *, bool> unused[] = {
        {"code", !hasCode()}, {"tests", !any(isTests)}, {"docs", !any(isDocs)}};
    for (auto [value, none] : unused) {
      if (!declared(value) || !none) continue;
      v.findings.push_back(makeFinding(
          "ai-declared-unused", l.consistencyClause, Severity::Warning, VerdictKind::Ok,
          "'" + key + ": " + value + "' but the patch changes no " +
              (std::string(value) == "docs" ? "documentation" : value) +
              ": declaring more than the patch holds is safe, but the trailer should say what "
              "AI was used for in this patch"));
    }

    // Changed, but not declared.
    struct Part {
      const char *value;
      std::vector<FindingLocation> where;
      bool code;
    };
    std::vector<Part> parts;
    if (!declared("code")) {
      parts.push_back({"code", locationsOf(patch, pc, isCode), true});
      parts.push_back({"code", locationsOf(patch, pc, isUntooled), false});
    }
    if (!declared("tests")) parts.push_back({"tests", locationsOf(patch, pc, isTests), false});
    // Comments in code files are covered by 'code' as well as by 'docs'.
    bool codeDeclared = declared("code");
    auto isUndeclaredDocs = [&](const HunkClass &h) {
      return isDocs(h) && !(codeDeclared && h.commentOnly);
    };
    if (!declared("docs")) parts.push_back({"docs", locationsOf(patch, pc, isUndeclaredDocs), false});
    std::string said = "'" + key + ": " + join(ta.declared, 8) + "'";
    for (Part &p : parts) {
      if (p.where.empty()) continue;
      std::string files = join(filesOf(p.where));
      Finding f;
      if (p.code)
        f = makeFinding("ai-undeclared-change", l.consistencyClause, Severity::Error,
                        VerdictKind::Violation,
                        "the patch changes code (" + files + ") that " + said +
                            " does not declare: declare 'code' too if AI produced or shaped "
                            "it, or send the code written without AI in a patch of its own. "
                            "The limits are applied to the whole patch");
      else
        f = makeFinding("ai-undeclared-change", l.consistencyClause, Severity::Warning,
                        VerdictKind::Ok,
                        std::string("the patch also changes ") +
                            (std::string(p.value) == "code" ? "code mechanically, naming no tool,"
                                                            : p.value) +
                            " (" + files + ") that " + said + " does not declare: if AI produced "
                            "it, declare '" + p.value + "'. The limits are applied to the whole patch");
      f.locations = std::move(p.where);
      v.findings.push_back(std::move(f));
    }
  }

  void limits() {
    const AiLimits &l = policy.limits;
    bool coreFound = false;
    auto isCore = [](const HunkClass &h) { return h.category == Category::Core; };
    if (l.coreNeedsAgreement && lines(Category::Core) > 0) {
      coreFound = true;
      agreementFindings(groupFiles(patch, pc, owners, options, isCore), "core-needs-agreement",
                        l.coreClause, "AI-assisted change to core code");
    }

    int code = lines(Category::Code) + (coreFound ? 0 : lines(Category::Core));
    int measure = pc.smallFixLines;
    auto isCode = [coreFound](const HunkClass &h) {
      return h.category == Category::Code || (!coreFound && h.category == Category::Core);
    };
    if (code > 0 || (coreFound && measure > 0)) {
      if (l.smallFixLines > 0 && measure <= l.smallFixLines) {
        if (code > 0) {
          Finding f = makeFinding(
              "ai-small-fix", l.smallFixClause, Severity::Info, VerdictKind::Ok,
              std::to_string(measure) + (measure == 1 ? " changed line" : " changed lines") +
                  " of code, within the small-fix limit of " +
                  std::to_string(l.smallFixLines) + "; the message must still explain the fix");
          f.locations = locationsOf(patch, pc, isCode);
          v.findings.push_back(std::move(f));
        }
      } else if (l.outsideNeedsAgreement) {
        std::vector<AgreementGroup> groups = groupFiles(patch, pc, owners, options, isCode);
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
      auto inCategory = [c](const HunkClass &h) { return h.category == c; };
      if (!allowed(c)) {
        agreementFindings(groupFiles(patch, pc, owners, options, inCategory),
                          "ai-category-needs-agreement", l.categoriesClause,
                          std::string("AI-assisted ") + toString(c) +
                              " change, not among the permitted uses");
        continue;
      }
      Finding f;
      if (c == Category::Mechanical && pc.tools.empty())
        f = makeFinding("ai-tool-not-named", policy.toolsClause, Severity::Warning,
                        VerdictKind::Ok,
                        "mechanical change, " + linesText(c) +
                            ", with no deterministic tool named in the message: the policy "
                            "prefers a tool (sed, coccinelle, a formatter) and asks to name it");
      else if (c == Category::Mechanical)
        f = makeFinding("ai-mechanical", l.categoriesClause, Severity::Info, VerdictKind::Ok,
                        "mechanical change, " + linesText(c) + ", made with " + join(pc.tools));
      else
        f = makeFinding("ai-permitted-category", l.categoriesClause, Severity::Info,
                        VerdictKind::Ok,
                        std::string(toString(c)) + ": " + linesText(c) + ", a permitted use");
      f.locations = locationsOf(patch, pc, inCategory);
      v.findings.push_back(std::move(f));
    }
    binaries();
  }

  // Binary files carry no lines: what they hold cannot be checked against the limits.
  void binaries() {
    Finding f = makeFinding("ai-binary-unchecked", policy.limits.categoriesClause,
                            Severity::Warning, VerdictKind::Ok, "");
    for (const FileChange &fc : patch.files)
      if (fc.binary && fc.status != FileStatus::Deleted) f.at(fc.path());
    if (f.locations.empty()) return;
    f.message = "binary file" + std::string(f.locations.size() == 1 ? " " : "s ") +
                join(f.files()) +
                " in an AI-assisted patch: " +
                (f.locations.size() == 1 ? "its content is" : "their content is") +
                " not checked and counts 0 lines; a reviewer must check what it holds and "
                "where it comes from (a firmware blob is built from sources the patch should name)";
    v.findings.push_back(std::move(f));
  }

  // A policy that declines AI-generated content (QEMU before 2026): any AI output is a
  // violation.
  void declined(const TrailerAnalysis &ta) {
    const AiLimits &l = policy.limits;
    Finding f = makeFinding(
        "ai-declined", l.declineClause, Severity::Error, VerdictKind::Violation,
        "the " + policy.name + " policy declines contributions that include or derive from "
        "AI-generated content" +
            (ta.evidence.empty() ? std::string(" (--assume-ai)") : ": " + ta.evidence));
    for (const FileChange &fc : patch.files) f.at(fc.path());
    v.findings.push_back(std::move(f));
  }
};

VerdictKind worstOf(const std::vector<Finding> &findings) {
  VerdictKind k = VerdictKind::Ok;
  for (const Finding &f : findings)
    if (!f.satisfied && static_cast<int>(f.effect) > static_cast<int>(k)) k = f.effect;
  return k;
}

} // namespace

std::string verdictSummary(const Verdict &v, const Policy &policy) {
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
    bool nobody = false;
    for (const Finding &f : v.findings) {
      if (f.effect != VerdictKind::NeedsAgreement || f.satisfied) continue;
      nobody |= f.needAgreementFrom.empty();
      for (const Person &p : f.needAgreementFrom)
        if (std::find(people.begin(), people.end(), p) == people.end()) people.push_back(p);
      for (const std::string &s : f.sections) addUnique(sections, s);
    }
    std::string whom = people.empty() ? std::string("a maintainer MAINTAINERS does not name")
                                      : peopleText(people) +
                                            (nobody ? " and a maintainer MAINTAINERS does not name"
                                                    : std::string());
    return "needs agreement from " + whom +
           (sections.empty() ? std::string() : " (" + join(sections) + ")") +
           " before it is submitted";
  }
  const std::string &key = policy.aiTrailer.key;
  if (!v.aiAssisted)
    return policy.limits.decline ? "ok: no sign of AI-generated content"
                                 : "ok: no '" + key + ":' trailer, the AI limits did not apply";
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
  TrailerAnalysis ta = analyzeTrailers(patch, policy, options.mailmap);
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
        policy.limits.decline
            ? "no sign of AI-generated content (classified as " + pc.label() + ")"
            : "no '" + key + ":' trailer: the policy's limits on AI-assisted patches did not "
              "apply (classified as " + pc.label() + ")"));
  } else if (researchOnly && !options.assumeAi) {
    v.findings.push_back(makeFinding(
        "ai-research-only", policy.aiTrailer.clause, Severity::Info, VerdictKind::Ok,
        "'" + key + ": research' only: no AI output is declared in the patch, so the limits on "
        "AI-generated content did not apply"));
  } else if (policy.limits.decline) {
    v.limitsApplied = true;
    judge.declined(ta);
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
  v.summary = verdictSummary(v, policy);
  return v;
}

} // namespace provcheck
