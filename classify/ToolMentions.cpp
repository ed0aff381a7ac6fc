#include "classify/ToolMentions.h"

#include <algorithm>

namespace provcheck {

std::vector<std::string> toolMentions(const ClassifyRules &rules, std::string_view message) {
  std::vector<Regex> compiledHere;
  const std::vector<Regex> *regexes = &rules.toolRegexes;
  if (rules.toolRegexes.size() != rules.toolPatterns.size()) {
    for (const std::string &pattern : rules.toolPatterns)
      if (Expected<Regex> re = Regex::compile(pattern, Regex::Caseless))
        compiledHere.push_back(std::move(*re));
    regexes = &compiledHere;
  }
  std::vector<std::string> out;
  for (const Regex &re : *regexes) {
    std::vector<std::string> match = re.captures(message);
    if (match.empty() || match[0].empty()) continue;
    // The tool's name: the pattern's first group when it has one, else the whole match.
    const std::string &raw = match.size() > 1 && !match[1].empty() ? match[1] : match[0];
    std::string m;
    for (char c : raw) {
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (!space) m += c;
      else if (!m.empty() && m.back() != ' ') m += ' ';
    }
    while (!m.empty() && m.back() == ' ') m.pop_back();
    if (m.size() > 80) m = m.substr(0, 77) + "...";
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  return out;
}

} // namespace provcheck
