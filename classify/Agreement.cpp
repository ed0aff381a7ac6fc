#include "classify/Agreement.h"

#include "classify/Text.h"

#include "classify/People.h"

#include <algorithm>
#include <cctype>

namespace provcheck {
namespace {

using text::lower;

std::string join(const std::vector<std::string> &items, size_t max = 4) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > max) out += " and " + std::to_string(items.size() - max) + " more";
  return out;
}

// The maintainers of `sections` other than the author, each once.
std::vector<Person> othersOf(const std::vector<const OwningSection *> &sections,
                             const Person &author, const Mailmap *mailmap) {
  std::vector<Person> out;
  for (const OwningSection *s : sections)
    for (const Person &p : s->maintainers) {
      if (samePerson(p, author, mailmap)) continue;
      if (std::none_of(out.begin(), out.end(),
                       [&](const Person &q) { return samePerson(p, q, mailmap); }))
        out.push_back(p);
    }
  return out;
}

} // namespace

bool Agreers::operator==(const Agreers &o) const {
  return namesOf(sections) == namesOf(o.sections) && projectWide == o.projectWide;
}

Agreers agreersFor(const std::vector<OwningSection> &owners, const Person &author,
                   const JudgeOptions &options) {
  // The sections with a maintainer, by path, grouped by depth, most specific first.
  std::vector<const OwningSection *> candidates;
  for (const OwningSection &s : owners)
    if (!s.byKeyword && !s.maintainers.empty()) candidates.push_back(&s);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const OwningSection *a, const OwningSection *b) { return a->depth > b->depth; });
  Agreers who;
  for (size_t i = 0; i < candidates.size();) {
    size_t j = i;
    std::vector<const OwningSection *> level;
    while (j < candidates.size() && candidates[j]->depth == candidates[i]->depth)
      level.push_back(candidates[j++]);
    std::vector<Person> people = othersOf(level, author, options.mailmap);
    if (!people.empty()) {
      who.sections = std::move(level);
      who.people = std::move(people);
      return who;
    }
    i = j;
  }
  std::vector<const OwningSection *> project;
  for (const OwningSection &s : options.projectSections) project.push_back(&s);
  who.people = othersOf(project, author, options.mailmap);
  if (!who.people.empty()) {
    who.sections = std::move(project);
    who.projectWide = true;
  }
  return who;
}

AgreementGroup &groupFor(std::vector<AgreementGroup> &groups, const Agreers &who) {
  for (AgreementGroup &g : groups)
    if (g.who == who) return g;
  groups.push_back(AgreementGroup{who, {}, 0});
  return groups.back();
}

std::vector<std::string> namesOf(const std::vector<const OwningSection *> &sections) {
  std::vector<std::string> out;
  for (const OwningSection *s : sections) out.push_back(s->name);
  return out;
}

std::string agreersText(const Agreers &who, const std::vector<std::string> &files) {
  std::string what = files.size() == 1 ? files.front() : "these files";
  if (who.sections.empty())
    return "MAINTAINERS names no maintainer, other than the author, for " + what +
           " nor for the project as a whole, so no agreement can be checked";
  std::vector<std::string> names;
  for (const OwningSection *s : who.sections) names.push_back("'" + s->name + "'");
  if (who.projectWide)
    return "MAINTAINERS " + join(names) + ": the project's maintainers, as no section with a " +
           "maintainer other than the author owns " + what;
  return "MAINTAINERS " + join(names);
}

std::string agreementEvidence(const Agreers &who, const std::vector<Trailer> &trailers,
                              const Person &author, const Policy &policy,
                              const JudgeOptions &options) {
  if (who.people.empty()) return "";
  const Mailmap *mailmap = options.mailmap;
  for (const Trailer &t : trailers) {
    bool agreement = std::any_of(policy.limits.agreementTrailers.begin(),
                                 policy.limits.agreementTrailers.end(),
                                 [&](const std::string &k) { return lower(k) == lower(t.key); });
    if (!agreement) continue;
    Person by;
    if (!parsePerson(t.value, by) || samePerson(by, author, mailmap)) continue;
    for (const Person &m : who.people)
      if (samePerson(by, m, mailmap))
        return t.key + ": " + t.value +
               (t.line > 0 ? " (line " + std::to_string(t.line) + ")" : std::string());
  }
  for (const std::string &address : options.approvedBy) {
    Person by{"", address};
    if (sameAddress(by, author, mailmap)) continue;
    for (const Person &m : who.people)
      if (sameAddress(by, m, mailmap)) return "--approved-by " + address;
  }
  return "";
}

std::string peopleText(const std::vector<Person> &people) {
  if (people.empty()) return "a maintainer (MAINTAINERS names none)";
  std::string out;
  for (const Person &p : people) out += (out.empty() ? "" : ", ") + p.str();
  return out;
}

void describeAgreement(Finding &f, const AgreementGroup &group, const std::string &evidence) {
  f.needAgreementFrom = group.who.people;
  f.sections = namesOf(group.who.sections);
  f.locations = group.locations;
  f.satisfied = !evidence.empty();
  f.satisfiedBy = evidence;
}

} // namespace provcheck
