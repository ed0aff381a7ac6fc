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
    std::string m = std::move(match[0]);
    if (auto nl = m.find('\n'); nl != std::string::npos) m.resize(nl);
    if (m.size() > 80) m = m.substr(0, 77) + "...";
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  return out;
}

} // namespace provcheck
