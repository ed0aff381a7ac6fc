#include "classify/Agreement.h"

#include "classify/Trailers.h"

#include <algorithm>
#include <cctype>

namespace provcheck {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool samePerson(const Person &a, const Person &b) {
  if (!a.email.empty() && !b.email.empty() && lower(a.email) == lower(b.email)) return true;
  return !a.name.empty() && !b.name.empty() && lower(a.name) == lower(b.name);
}

bool sameSections(const std::vector<const OwningSection *> &a,
                  const std::vector<const OwningSection *> &b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i]->name != b[i]->name) return false;
  return true;
}

} // namespace

std::vector<const OwningSection *> agreementSections(const std::vector<OwningSection> &owners) {
  std::vector<const OwningSection *> out;
  int best = -1;
  for (const OwningSection &s : owners) {
    if (s.byKeyword || s.maintainers.empty()) continue;
    if (s.depth > best) {
      best = s.depth;
      out.clear();
    }
    if (s.depth == best) out.push_back(&s);
  }
  return out;
}

AgreementGroup &groupFor(std::vector<AgreementGroup> &groups,
                         const std::vector<const OwningSection *> &sections) {
  for (AgreementGroup &g : groups)
    if (sameSections(g.sections, sections)) return g;
  groups.push_back(AgreementGroup{sections, {}, {}, 0, 0});
  return groups.back();
}

std::vector<Person> maintainersOf(const std::vector<const OwningSection *> &sections) {
  std::vector<Person> out;
  for (const OwningSection *s : sections)
    for (const Person &p : s->maintainers)
      if (std::none_of(out.begin(), out.end(), [&](const Person &q) { return samePerson(p, q); }))
        out.push_back(p);
  return out;
}

std::vector<std::string> namesOf(const std::vector<const OwningSection *> &sections) {
  std::vector<std::string> out;
  for (const OwningSection *s : sections) out.push_back(s->name);
  return out;
}

std::string agreementEvidence(const std::vector<Person> &maintainers,
                              const std::vector<Trailer> &trailers, const Policy &policy,
                              const JudgeOptions &options) {
  for (const Trailer &t : trailers) {
    bool agreement = std::any_of(policy.limits.agreementTrailers.begin(),
                                 policy.limits.agreementTrailers.end(),
                                 [&](const std::string &k) { return lower(k) == lower(t.key); });
    if (!agreement) continue;
    Person who;
    if (!parsePerson(t.value, who)) continue;
    for (const Person &m : maintainers)
      if (samePerson(who, m))
        return t.key + ": " + t.value +
               (t.line > 0 ? " (line " + std::to_string(t.line) + ")" : std::string());
  }
  for (const std::string &address : options.approvedBy) {
    if (maintainers.empty()) return "--approved-by " + address;
    for (const Person &m : maintainers)
      if (lower(m.email) == lower(address)) return "--approved-by " + address;
  }
  return "";
}

std::string peopleText(const std::vector<Person> &people) {
  if (people.empty()) return "a maintainer (no MAINTAINERS section names one)";
  std::string out;
  for (const Person &p : people) out += (out.empty() ? "" : ", ") + p.str();
  return out;
}

void describeAgreement(Finding &f, const AgreementGroup &group, const std::string &evidence) {
  f.needAgreementFrom = maintainersOf(group.sections);
  f.sections = namesOf(group.sections);
  f.files = group.files;
  f.entities = group.entities;
  f.line = group.line;
  f.satisfied = !evidence.empty();
  f.satisfiedBy = evidence;
}

} // namespace provcheck
