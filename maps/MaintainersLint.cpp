#include "maps/MaintainersLint.h"

#include <algorithm>
#include <map>
#include <set>

namespace provcheck {

std::vector<LintFinding> lintMaintainers(const OwnershipMap &map,
                                         const std::vector<std::string> &treeFiles) {
  std::vector<LintFinding> out;
  const MaintainersFile &file = map.file();
  for (const auto &d : file.diagnostics) out.push_back({"malformed", d.line, "", d.message});

  // Sections: duplicates, S:, M:, catch-alls.
  std::map<std::string, int> firstByName;
  std::vector<char> catchAll(file.sections.size(), 0);
  for (const Section &s : file.sections) {
    auto [it, fresh] = firstByName.emplace(s.name, s.line);
    if (!fresh)
      out.push_back({"duplicate-section", s.line, "",
                     "section '" + s.name + "' already starts at line " +
                         std::to_string(it->second)});
    bool hasS = false, hasM = false, star = false, starSlash = false, hasPaths = false;
    std::set<std::string> patterns;
    for (const TagLine &t : s.tags) {
      hasS |= t.tag == 'S';
      hasM |= t.tag == 'M';
      if (t.tag == 'F' || t.tag == 'X') {
        hasPaths = true;
        star |= t.tag == 'F' && t.value == "*";
        starSlash |= t.tag == 'F' && t.value == "*/";
        if (!patterns.insert(std::string(1, t.tag) + t.value).second)
          out.push_back({"duplicate-pattern", t.line, "",
                         std::string(1, t.tag) + ": " + t.value + " appears twice in '" +
                             s.name + "'"});
      }
    }
    catchAll[s.index] = star && starSlash;
    if (!hasPaths) continue; // a section of people only (security contacts, ...)
    if (!hasS && !catchAll[s.index]) out.push_back({"no-status", s.line, "", "section '" + s.name + "' has no S:"});
    if (!hasM && !catchAll[s.index])
      out.push_back({"no-maintainer", s.line, "", "section '" + s.name + "' has no M:"});
  }

  // Patterns that match no file, and files only the catch-all owns.
  std::vector<char> hit(map.patterns().size(), 0);
  for (const std::string &path : treeFiles) {
    for (int p : map.matchingPatterns(path)) hit[p] = 1;
    auto owners = map.match(path);
    bool onlyCatchAll = !owners.empty() && std::all_of(owners.begin(), owners.end(), [&](auto &m) {
      return catchAll[m.section] != 0;
    });
    if (onlyCatchAll)
      out.push_back({"catch-all-only", 0, path, path + ": owned only by the catch-all section"});
  }
  for (size_t i = 0; i < hit.size(); ++i) {
    const PathPattern &p = map.patterns()[i];
    if (hit[i] || (p.tag != 'F' && p.tag != 'X')) continue;
    out.push_back({"unmatched-pattern", p.line, "",
                   std::string(1, p.tag) + ": " + p.written + " matches no file of the tree"});
  }
  std::stable_sort(out.begin(), out.end(), [](const LintFinding &a, const LintFinding &b) {
    if ((a.line == 0) != (b.line == 0)) return a.line != 0;
    return a.line < b.line;
  });
  return out;
}

} // namespace provcheck
