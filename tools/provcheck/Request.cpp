#include "tools/provcheck/Request.h"

#include "analysis/UniqueList.h"
#include "tools/provcheck/Risk.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>

namespace provcheck {

const std::string &defaultRequestTemplate() {
  static const std::string text = R"(Dear {to_names},

I am preparing the change below with the help of an AI tool. The {policy} policy on
AI-assisted contributions asks for the agreement of the maintainers of the code it
touches before such work is sent, so I am asking for yours first.

Planned change: {subject}
Author: {author}
AI-used-for: {ai_used_for}

{plan}

Patches ({patch_count}):
{patches}

Files and entities touched:
{files}

Why agreement is needed:
{reasons}

Policy clauses: {clauses}
Sections asked: {sections}

Would you agree to this work being posted? If so, a reply with your Acked-by: will be
recorded on the patches when they are sent.

Thanks,
{author_name}
)";
  return text;
}

Expected<std::string> fillTemplate(
    const std::string &templ, const std::string &templName,
    const std::vector<std::pair<std::string, std::string>> &values) {
  std::string out;
  int line = 1, column = 1;
  for (size_t i = 0; i < templ.size(); ++i) {
    char c = templ[i];
    if (c == '{' && i + 1 < templ.size() && templ[i + 1] == '{') {
      out += '{';
      ++i;
      column += 2;
      continue;
    }
    if (c == '}' && i + 1 < templ.size() && templ[i + 1] == '}') {
      out += '}';
      ++i;
      column += 2;
      continue;
    }
    if (c == '{') {
      size_t end = templ.find('}', i);
      size_t nl = templ.find('\n', i);
      if (end == std::string::npos || (nl != std::string::npos && nl < end))
        return Error{templName, line, column, "unterminated placeholder (write {{ for a brace)"};
      std::string name = templ.substr(i + 1, end - i - 1);
      auto it = std::find_if(values.begin(), values.end(),
                             [&](const auto &kv) { return kv.first == name; });
      if (it == values.end()) {
        std::string known;
        for (const auto &kv : values) known += (known.empty() ? "{" : ", {") + kv.first + "}";
        return Error{templName, line, column,
                     "unknown placeholder {" + name + "}; known: " + known};
      }
      out += it->second;
      column += int(end - i + 1);
      i = end;
      continue;
    }
    out += c;
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return out;
}

namespace {

std::string lower(std::string s) {
  for (auto &c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct People {
  std::vector<Person> list;
  std::set<std::string> seen;
  bool add(const Person &p) {
    std::string key = lower(p.email.empty() ? p.name : p.email);
    if (key.empty() || !seen.insert(key).second) return false;
    list.push_back(p);
    return true;
  }
};

std::string refId(const Patch &p) {
  if (auto s = p.shortId(); !s.empty()) return s;
  if (!p.messageId.empty()) return p.messageId;
  return p.origin.name;
}

// The message body without the subject line and without trailer lines.
std::string bodyOf(const Patch &p) {
  std::set<int> trailerLines;
  for (const auto &t : p.trailers) trailerLines.insert(t.line);
  std::vector<std::string> lines;
  size_t start = 0;
  int n = 0;
  while (start <= p.message.size()) {
    size_t nl = p.message.find('\n', start);
    if (nl == std::string::npos) nl = p.message.size();
    ++n;
    if (n > 1 && !trailerLines.count(n)) lines.push_back(p.message.substr(start, nl - start));
    start = nl + 1;
  }
  while (!lines.empty() && lines.front().find_first_not_of(" \t") == std::string::npos)
    lines.erase(lines.begin());
  while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string::npos)
    lines.pop_back();
  std::string out;
  for (const auto &l : lines) out += l + "\n";
  if (!out.empty()) out.pop_back();
  return out;
}

bool needsAgreement(const Finding &f) {
  return f.effect == VerdictKind::NeedsAgreement && !f.satisfied;
}

bool wanted(const PatchResult &pr) {
  if (pr.verdict.kind != VerdictKind::NeedsAgreement) return false;
  return true;
}

uint64_t fnv1a(const std::string &s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string joinList(const std::vector<std::string> &v, const std::string &none) {
  if (v.empty()) return none;
  std::string out;
  for (const auto &s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

RequestFile &fileEntry(Request &r, const std::string &path) {
  for (auto &f : r.files)
    if (f.path == path) return f;
  r.files.push_back({});
  r.files.back().path = path;
  return r.files.back();
}

template <class T> void addUnique(std::vector<T> &v, const T &x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

struct Group {
  const SeriesResult *series = nullptr;
  std::vector<const PatchResult *> patches;
};

Expected<Request> buildOne(const RunResult &run, const Group &g, const RequestOptions &o) {
  Request r;
  const Patch &first = g.patches.front()->patch;
  r.from = first.author;
  if (g.patches.size() == 1 && (o.perPatch || !g.series->coverLetter))
    r.plannedSubject = first.subject;
  else if (g.series->coverLetter)
    r.plannedSubject = g.series->coverLetter->subject;
  else
    r.plannedSubject = first.subject + " (and " + std::to_string(g.patches.size() - 1) +
                       (g.patches.size() == 2 ? " more patch)" : " more patches)");
  r.subject = "[RFC] Pre-approval for AI-assisted change: " + r.plannedSubject;
  r.date = o.now;
  r.tzOffsetMinutes = o.tzOffsetMinutes;

  People to, cc;
  std::vector<std::string> lists;
  std::string hashInput = r.subject + "\n" + std::to_string(o.now);
  std::set<std::pair<const PatchResult *, std::string>> counted; // lines counted once

  for (const PatchResult *pr : g.patches) {
    const Patch &p = pr->patch;
    r.patches.push_back({refId(p), p.subject});
    hashInput += "\n" + refId(p);
    for (const auto &v : pr->verdict.aiUsedFor) addUnique(r.aiUsedFor, v);
    for (const auto &f : pr->verdict.findings) {
      if (!needsAgreement(f)) continue;
      addUnique(r.clauses, f.clause);
      for (const auto &person : f.needAgreementFrom) to.add(person);
      std::vector<FindingLocation> places = f.locations;
      if (places.empty())
        for (const auto &fc : p.files) places.push_back({fc.path(), 0, {}});
      for (const auto &place : places) {
        const std::string &path = place.file;
        RequestFile &rf = fileEntry(r, path);
        addUnique(rf.reasons, RequestReason{f.rule, f.clause, f.message});
        UniqueAppender addEntity(rf.entities);
        auto it = std::find_if(p.files.begin(), p.files.end(),
                               [&](const FileChange &fc) { return fc.path() == path; });
        if (it == p.files.end()) {
          for (const auto &e : place.entities) addEntity(e);
          continue;
        }
        size_t i = size_t(it - p.files.begin());
        if (counted.insert({pr, path}).second) {
          rf.added += it->added();
          rf.removed += it->removed();
        }
        if (i < pr->classification.files.size()) {
          const FileClass &fcl = pr->classification.files[i];
          if (rf.category.empty() || fcl.category > Category::Code)
            rf.category = toString(fcl.category);
          for (const auto &h : fcl.hunks)
            for (const auto &e : h.entities) addEntity(e);
          for (const auto &why : fcl.reasons)
            addUnique(rf.facts, why.detail.empty() ? why.rule : why.detail);
        }
        // The finding's entities of this file, unless the classification named them more
        // precisely (one that starts with it).
        std::set<std::string> named(rf.entities.begin(), rf.entities.end());
        for (const auto &e : place.entities) {
          auto next = named.lower_bound(e);
          if (next != named.end() && next->compare(0, e.size(), e) == 0) continue;
          named.insert(e);
          rf.entities.push_back(e);
        }
        // Sections asked that do not own the file: the project's maintainers, asked for
        // a file no section with a maintainer owns.
        for (const auto &name : f.sections) {
          bool owner = i < pr->files.size() &&
                       std::any_of(pr->files[i].owners.begin(), pr->files[i].owners.end(),
                                   [&](const OwningSection &s) { return s.name == name; });
          if (owner) continue;
          addUnique(rf.sections, name);
          addUnique(r.sections, name);
        }
        if (i < pr->files.size()) {
          for (const auto &s : pr->files[i].owners) {
            if (!f.sections.empty() &&
                std::find(f.sections.begin(), f.sections.end(), s.name) == f.sections.end())
              continue;
            addUnique(rf.sections, s.name);
            addUnique(r.sections, s.name);
            for (const auto &m : s.maintainers) to.add(m);
            for (const auto &m : s.reviewers) cc.add(m);
            for (const auto &l : s.lists) addUnique(lists, l);
          }
        }
      }
    }
  }
  // The author does not ask themself; reviewers already asked in To: are not copied.
  std::string author = lower(r.from.email);
  for (const auto &p : to.list)
    if (lower(p.email) != author) r.to.push_back(p);
  for (const auto &p : cc.list)
    if (lower(p.email) != author && !to.seen.count(lower(p.email))) r.cc.push_back(p);
  r.ccLists = lists;
  if (r.to.empty() && !r.ccLists.empty()) {
    // No maintainer to ask besides the author: the lists are the audience.
    for (const auto &l : r.ccLists) r.to.push_back(Person{"", l});
    r.ccLists.clear();
  }

  std::string domain = "provcheck.invalid";
  if (auto at = r.from.email.rfind('@'); at != std::string::npos && at + 1 < r.from.email.size())
    domain = r.from.email.substr(at + 1);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)fnv1a(hashInput));
  r.messageId = "provcheck-request-" + std::string(hex) + "@" + domain;

  // The template's values.
  std::vector<std::string> toNames;
  for (const auto &p : r.to) toNames.push_back(p.name.empty() ? p.email : p.name);
  std::string patches, files, reasons, plan;
  for (const auto &p : r.patches) patches += "  - " + p.id + " " + p.subject + "\n";
  for (const auto &f : r.files) {
    files += "  - " + f.path + " (" + (f.category.empty() ? "unclassified" : f.category) +
             ", +" + std::to_string(f.added) + " -" + std::to_string(f.removed) + ")\n";
    if (!f.entities.empty()) files += "      entities: " + joinList(f.entities, "") + "\n";
    if (!f.sections.empty()) files += "      sections: " + joinList(f.sections, "") + "\n";
    for (const auto &why : f.reasons)
      reasons += "  - " + f.path + ": " + why.message + " [" + why.clause + "]\n";
    for (const auto &fact : f.facts) reasons += "      " + fact + "\n";
  }
  if (g.series->coverLetter && !(o.perPatch && g.patches.size() == 1)) {
    plan = bodyOf(*g.series->coverLetter);
  } else {
    for (const PatchResult *pr : g.patches) {
      std::string body = bodyOf(pr->patch);
      if (g.patches.size() > 1) body = pr->patch.subject + (body.empty() ? "" : ":\n" + body);
      if (!body.empty()) plan += (plan.empty() ? "" : "\n\n") + body;
    }
  }
  if (plan.empty()) plan = "(The patches carry no description beyond their subjects.)";
  auto chomp = [](std::string s) {
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  };
  std::string sectionList;
  for (const auto &s : r.sections) sectionList += (sectionList.empty() ? "" : "; ") + s;
  std::vector<std::pair<std::string, std::string>> values = {
      {"to_names", toNames.empty() ? std::string("maintainers") : joinList(toNames, "")},
      {"subject", r.plannedSubject},
      {"author", r.from.str()},
      {"author_name", r.from.name.empty() ? r.from.email : r.from.name},
      {"policy", run.policy.empty() ? std::string("project's") : run.policy},
      {"patch_count", std::to_string(r.patches.size())},
      {"patches", chomp(patches)},
      {"plan", plan},
      {"files", chomp(files)},
      {"reasons", chomp(reasons)},
      {"clauses", joinList(r.clauses, "(none)")},
      {"ai_used_for", joinList(r.aiUsedFor, "(not declared)")},
      {"sections", sectionList.empty() ? std::string("(none)") : sectionList},
  };
  auto body = fillTemplate(o.templateText.empty() ? defaultRequestTemplate() : o.templateText,
                           o.templateName, values);
  if (!body) return body.error();
  r.body = *body;
  return r;
}

} // namespace

Expected<std::vector<Request>> buildRequests(const RunResult &run,
                                             const RequestOptions &options) {
  std::vector<Group> groups;
  for (const auto &series : run.series) {
    Group g{&series, {}};
    for (const auto &pr : series.patches) {
      if (!wanted(pr)) continue;
      if (options.perPatch) groups.push_back(Group{&series, {&pr}});
      else g.patches.push_back(&pr);
    }
    if (!g.patches.empty()) groups.push_back(g);
  }
  std::vector<Request> out;
  for (const auto &g : groups) {
    auto r = buildOne(run, g, options);
    if (!r) return r.error();
    out.push_back(std::move(*r));
  }
  return out;
}

} // namespace provcheck
