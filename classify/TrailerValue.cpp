// The value of an AI trailer, parsed strictly: comma-separated values with an optional
// explanation (QEMU's AI-used-for), or AGENT_NAME:MODEL_VERSION [TOOL...] (the Linux
// kernel's Assisted-by).
#include "classify/Trailers.h"

#include "classify/Text.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace provcheck {
namespace {

using text::lower;
using text::trim;
using text::isBlank;

// A close allowed value for an unknown one ("documentation" -> "docs"), or "".
std::string suggestion(const std::string &word, const std::vector<std::string> &values) {
  for (const std::string &v : values) {
    size_t common = 0;
    while (common < word.size() && common < v.size() && word[common] == v[common]) ++common;
    if (common >= 3 || (common == word.size() && common + 1 >= v.size())) return v;
  }
  return "";
}

void parseValues(std::string_view s, const AiTrailerSpec &spec, AiTrailerValue &out) {
  auto fail = [&](size_t offset, std::string message) {
    if (!out.problem.empty()) return;
    out.problem = std::move(message);
    out.column = static_cast<int>(offset) + 1;
  };
  const std::string expected = joinTrailerValues(spec.values);
  if (trim(s).empty()) return fail(0, "no value: expected one or more of " + expected);

  // The explanation: "(...)" after the values, balanced, last on the line.
  size_t open = s.find('(');
  size_t close = s.find(')');
  std::string_view list = s;
  if (close != std::string_view::npos && (open == std::string_view::npos || close < open))
    return fail(close, "')' without a matching '('");
  if (open != std::string_view::npos) {
    if (!spec.explanation) return fail(open, "this policy allows no explanation in parentheses");
    int depth = 0;
    size_t end = std::string_view::npos;
    for (size_t i = open; i < s.size(); ++i) {
      if (s[i] == '(') ++depth;
      if (s[i] == ')' && --depth == 0) {
        end = i;
        break;
      }
    }
    if (end == std::string_view::npos) return fail(open, "'(' is never closed");
    out.explanation = std::string(trim(s.substr(open + 1, end - open - 1)));
    if (out.explanation.empty()) return fail(open, "empty explanation '()'");
    std::string_view after = trim(s.substr(end + 1));
    if (!after.empty())
      return fail(s.find(after, end + 1),
                  "text after the explanation: '" + std::string(after) +
                      "' (the explanation in parentheses comes last)");
    list = s.substr(0, open);
  }
  if (trim(list).empty()) return fail(0, "no value before the explanation: expected " + expected);

  std::set<std::string> seen;
  size_t start = 0;
  while (true) {
    size_t comma = list.find(',', start);
    std::string_view raw = list.substr(start, comma == std::string_view::npos
                                                  ? std::string_view::npos
                                                  : comma - start);
    std::string_view item = trim(raw);
    size_t at = start + (item.empty() ? 0 : raw.find(item));
    if (item.empty())
      return fail(at, comma == std::string_view::npos ? "nothing after the last ','"
                                                      : "empty value between commas");
    size_t bad = item.find_first_of(";/|&+");
    if (bad != std::string_view::npos)
      return fail(at + bad, "values are separated by ',', not '" + std::string(1, item[bad]) + "'");
    if (item.find_first_of(" \t") != std::string_view::npos) {
      std::string words(item);
      return fail(at, "values are separated by ',': '" + words + "' is not one value");
    }
    std::string word(item);
    std::string low = lower(word);
    bool known = std::find(spec.values.begin(), spec.values.end(), low) != spec.values.end();
    if (known && low != word)
      return fail(at, "value '" + word + "' must be written in lower case: '" + low + "'");
    if (!known) {
      std::string hint = suggestion(low, spec.values);
      return fail(at, "unknown value '" + word + "' (expected " + expected + ")" +
                          (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    if (!seen.insert(low).second) return fail(at, "value '" + low + "' is given twice");
    out.values.push_back(low);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

bool isToolToken(std::string_view t) {
  if (t.empty()) return false;
  return std::all_of(t.begin(), t.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == '+';
  });
}

void parseAgent(std::string_view s, AiTrailerValue &out) {
  auto fail = [&](size_t offset, std::string message) {
    if (!out.problem.empty()) return;
    out.problem = std::move(message);
    out.column = static_cast<int>(offset) + 1;
  };
  std::vector<std::pair<size_t, std::string_view>> tokens;
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && isBlank(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !isBlank(s[j])) ++j;
    if (j > i) tokens.push_back({i, s.substr(i, j - i)});
    i = j;
  }
  if (tokens.empty()) return fail(0, "no value: expected AGENT_NAME:MODEL_VERSION [TOOL...]");
  auto [at, first] = tokens[0];
  size_t colon = first.find(':');
  if (colon == std::string_view::npos)
    return fail(at, "expected AGENT_NAME:MODEL_VERSION, found '" + std::string(first) +
                        "' (no ':' between agent and model)");
  out.agent = std::string(first.substr(0, colon));
  out.model = std::string(first.substr(colon + 1));
  if (out.agent.empty()) return fail(at, "the agent name before ':' is empty");
  if (out.model.empty()) return fail(at + colon, "the model version after ':' is empty");
  for (size_t k = 1; k < tokens.size(); ++k) {
    auto [pos, tok] = tokens[k];
    if (tok.size() >= 2 && tok.front() == '[' && tok.back() == ']') tok = tok.substr(1, tok.size() - 2);
    if (!isToolToken(tok))
      return fail(pos, "'" + std::string(tok) + "' is not a tool name (expected TOOL names "
                                                "separated by spaces after the model)");
    out.tools.emplace_back(tok);
  }
}

} // namespace

std::string joinTrailerValues(const std::vector<std::string> &values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += i + 1 == values.size() ? " or " : ", ";
    out += values[i];
  }
  return out;
}

AiTrailerValue parseAiTrailerValue(std::string_view value, const AiTrailerSpec &spec) {
  AiTrailerValue out;
  if (spec.syntax == TrailerSyntax::Agent) parseAgent(value, out);
  else parseValues(value, spec, out);
  if (!out.ok()) {
    out.values.clear();
    out.tools.clear();
  }
  return out;
}

} // namespace provcheck
