#include "classify/ToolMentions.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <memory>

namespace provcheck {
namespace {

struct CodeFree {
  void operator()(pcre2_code *c) const { pcre2_code_free(c); }
};
struct MatchFree {
  void operator()(pcre2_match_data *m) const { pcre2_match_data_free(m); }
};

// The text of the first match of `pattern` in `subject`, or "".
std::string firstMatch(const std::string &pattern, std::string_view subject) {
  int err = 0;
  PCRE2_SIZE offset = 0;
  std::unique_ptr<pcre2_code, CodeFree> code(
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                    PCRE2_CASELESS | PCRE2_UTF, &err, &offset, nullptr));
  if (!code) return {};
  std::unique_ptr<pcre2_match_data, MatchFree> md(
      pcre2_match_data_create_from_pattern(code.get(), nullptr));
  int rc = pcre2_match(code.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(),
                       0, 0, md.get(), nullptr);
  if (rc < 0) return {};
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md.get());
  return std::string(subject.substr(ov[0], ov[1] - ov[0]));
}

} // namespace

std::vector<std::string> toolMentions(const ClassifyRules &rules, std::string_view message) {
  std::vector<std::string> out;
  for (const std::string &pattern : rules.toolPatterns) {
    std::string m = firstMatch(pattern, message);
    if (m.empty()) continue;
    if (auto nl = m.find('\n'); nl != std::string::npos) m.resize(nl);
    if (m.size() > 80) m = m.substr(0, 77) + "...";
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  return out;
}

} // namespace provcheck
