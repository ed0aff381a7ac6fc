#include "classify/Trailers.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace provcheck {
namespace {

// Trailers in common use that are never a misspelling of the AI trailer.
constexpr std::string_view kKnownTrailers[] = {
    "signed-off-by", "acked-by",  "reviewed-by", "tested-by", "reported-by", "suggested-by",
    "co-developed-by", "cc",      "fixes",       "link",      "message-id",  "message-id",
    "resolves",      "buglink",   "closes",      "based-on",  "supersedes",  "requested-by",
    "co-authored-by", "debugged-by", "original-author", "inspired-by"};

// Words that, beside a tool's name, still describe a tool rather than a person.
constexpr std::string_view kToolWords[] = {
    "code", "ai",     "agent", "assistant", "bot",  "model", "chat", "opus", "sonnet",
    "haiku", "github", "microsoft", "google", "openai", "anthropic", "pro", "flash", "mini",
    "turbo", "cli",   "coding", "llm", "the"};

// Basic development tools the Linux rules say not to list after the model.
constexpr std::string_view kBasicTools[] = {"git", "gcc", "g++", "make", "vim", "nvim", "emacs",
                                            "nano", "vscode", "editor", "ld", "cc"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool isSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && (isSpace(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

bool containsIgnoreCase(const std::vector<std::string> &list, std::string_view s) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string &x) { return equalsIgnoreCase(x, s); });
}

std::string alnumLower(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int editDistance(std::string_view a, std::string_view b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string joinValues(const std::vector<std::string> &values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += i + 1 == values.size() ? " or " : ", ";
    out += values[i];
  }
  return out;
}

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
  const std::string expected = joinValues(spec.values);
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
    while (i < s.size() && isSpace(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !isSpace(s[j])) ++j;
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

// The words of a name, lower case.
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_') {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Is `person` an AI tool rather than a human: every word of the name belongs to a tool's
// name, a version or a tool word, and at least one is a tool's name; or the address is an
// AI vendor's no-reply address.
bool namesAiTool(const Person &person, const std::vector<std::string> &tools) {
  std::string email = lower(person.email);
  if (email == "noreply@anthropic.com" || email == "noreply@openai.com") return true;
  std::set<std::string> toolWords;
  for (const std::string &t : tools)
    for (const std::string &w : words(t)) toolWords.insert(w);
  std::vector<std::string> nameWords = words(person.name.empty() ? person.email : person.name);
  if (!person.name.empty() || person.email.find('@') == std::string::npos) {
    bool anyTool = false;
    for (const std::string &w : nameWords) {
      if (toolWords.count(w)) {
        anyTool = true;
        continue;
      }
      bool version = std::any_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      bool extra = std::find(std::begin(kToolWords), std::end(kToolWords), w) != std::end(kToolWords);
      if (!version && !extra) return false;
    }
    return anyTool;
  }
  return false;
}

// The first AI tool named in `text` as a whole word, as written in the policy; or "".
std::string toolNamedIn(std::string_view text, const std::vector<std::string> &tools) {
  for (const std::string &t : tools) {
    size_t pos = 0;
    while ((pos = text.find(t, pos)) != std::string_view::npos) {
      bool startOk = pos == 0 || !std::isalnum(static_cast<unsigned char>(text[pos - 1]));
      size_t end = pos + t.size();
      bool endOk = end >= text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
      if (startOk && endOk) return t;
      pos = end;
    }
  }
  return "";
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::string stripSubaddress(const std::string &email) {
  size_t at = email.find('@');
  if (at == std::string::npos) return email;
  size_t plus = email.find('+');
  if (plus == std::string::npos || plus > at) return email;
  return email.substr(0, plus) + email.substr(at);
}

std::string collapse(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (isSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

} // namespace

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

bool parsePerson(std::string_view text, Person &out) {
  text = trim(text);
  out = Person{};
  size_t lt = text.find('<');
  if (lt == std::string_view::npos) {
    if (text.find('>') != std::string_view::npos) return false;
    if (text.find('@') != std::string_view::npos && text.find(' ') == std::string_view::npos)
      out.email = std::string(text);
    else
      out.name = std::string(text);
    return !text.empty();
  }
  size_t gt = text.find('>', lt);
  if (gt == std::string_view::npos) return false;
  out.name = std::string(trim(text.substr(0, lt)));
  if (out.name.size() >= 2 && out.name.front() == '"' && out.name.back() == '"')
    out.name = out.name.substr(1, out.name.size() - 2);
  out.email = std::string(trim(text.substr(lt + 1, gt - lt - 1)));
  return out.email.find('@') != std::string::npos;
}

bool isMisspeltAiKey(std::string_view key, const AiTrailerSpec &spec) {
  if (key == spec.key) return false;
  std::string low = lower(key);
  if (std::find(std::begin(kKnownTrailers), std::end(kKnownTrailers), low) !=
      std::end(kKnownTrailers))
    return false;
  std::string norm = alnumLower(key), target = alnumLower(spec.key);
  if (norm.empty()) return false;
  if (norm == target) return true;
  if (editDistance(norm, target) <= 3) return true;
  // "AI-assisted", "AI-Generated-By", "AI-Tool": an "AI" word first, for a policy whose
  // trailer itself starts with "AI".
  bool targetAi = target.rfind("ai", 0) == 0;
  return targetAi && low.size() > 3 && low.rfind("ai", 0) == 0 &&
         (low[2] == '-' || low[2] == '_' || low[2] == ' ');
}

TrailerAnalysis analyzeTrailers(const Patch &patch, const Policy &policy) {
  TrailerAnalysis a;
  const AiTrailerSpec &spec = policy.aiTrailer;
  const std::string &key = spec.key;
  auto issue = [&](std::string rule, std::string clause, Severity sev, VerdictKind effect,
                   std::string message, int line) {
    a.issues.push_back({std::move(rule), std::move(clause), sev, effect, std::move(message), line});
  };
  auto evidence = [&](const std::string &what) {
    if (!a.aiEvidence) a.evidence = what;
    a.aiEvidence = true;
  };
  auto at = [](int line) { return line > 0 ? " (line " + std::to_string(line) + ")" : std::string(); };
  auto addDeclared = [&](const AiTrailerValue &v) {
    for (const std::string &x : v.values)
      if (std::find(a.declared.begin(), a.declared.end(), x) == a.declared.end())
        a.declared.push_back(x);
  };
  std::set<int> trailerLines;

  for (const Trailer &t : patch.trailers) {
    trailerLines.insert(t.line);
    std::string written = t.key + ": " + t.value;
    if (t.key == key) {
      AiTrailerValue v = parseAiTrailerValue(t.value, spec);
      evidence("'" + written + "'" + at(t.line));
      if (v.ok()) {
        a.aiDeclared = true;
        addDeclared(v);
        a.declarations.push_back(v);
        if (spec.syntax == TrailerSyntax::Agent)
          for (const std::string &tool : v.tools)
            if (std::find(std::begin(kBasicTools), std::end(kBasicTools), lower(tool)) !=
                std::end(kBasicTools))
              issue("ai-trailer-basic-tool", spec.clause, Severity::Info, VerdictKind::Ok,
                    "'" + key + ":'" + at(t.line) + " lists '" + tool +
                        "': basic development tools are not listed",
                    t.line);
      } else {
        issue("ai-trailer-malformed", spec.clause, Severity::Error, VerdictKind::Violation,
              "malformed '" + key + ":'" + at(t.line) + ", column " +
                  std::to_string(v.column) + " of the value: " + v.problem,
              t.line);
      }
      continue;
    }
    if (containsIgnoreCase(policy.foreign.forbidden, t.key)) {
      Person person;
      bool names = parsePerson(t.value, person) && namesAiTool(person, policy.foreign.aiTools);
      bool agentLike = t.value.find(':') != std::string::npos;
      if (names || agentLike || !toolNamedIn(t.value, policy.foreign.aiTools).empty() ||
          equalsIgnoreCase(t.key, "Generated-by"))
        evidence("'" + written + "'" + at(t.line));
      std::string instead = spec.syntax == TrailerSyntax::Values
                                ? "'" + key + ": " + joinValues(spec.values) + "'"
                                : "'" + key + ": AGENT_NAME:MODEL_VERSION [TOOL...]'";
      issue("ai-trailer-foreign", policy.foreign.clause, Severity::Error, VerdictKind::Violation,
            "the " + policy.name + " policy does not use '" + t.key + ":'" + at(t.line) +
                "; declare AI use with " + instead + " instead (naming the model is not needed)",
            t.line);
      continue;
    }
    if (isMisspeltAiKey(t.key, spec)) {
      AiTrailerValue v = parseAiTrailerValue(t.value, spec);
      evidence("'" + written + "'" + at(t.line));
      if (v.ok()) addDeclared(v);
      issue("ai-trailer-misspelt", spec.clause, Severity::Error, VerdictKind::Violation,
            "'" + t.key + ":'" + at(t.line) + " is not a trailer of this policy; write it as '" +
                key + ":'" + (v.ok() ? "" : " (and its value: " + v.problem + ")"),
            t.line);
      continue;
    }
    bool isSignoff = equalsIgnoreCase(t.key, "Signed-off-by");
    if (!isSignoff && containsIgnoreCase(policy.foreign.personTrailers, t.key)) {
      Person person;
      if (parsePerson(t.value, person) && namesAiTool(person, policy.foreign.aiTools)) {
        evidence("'" + written + "'" + at(t.line));
        issue("ai-tool-as-person", policy.foreign.clause, Severity::Error, VerdictKind::Violation,
              "'" + written + "'" + at(t.line) + " names an AI tool where a person belongs; " +
                  "declare AI use with '" + key + ":' instead",
              t.line);
      }
    }
  }

  // Sign-off, as checkpatch checks it.
  const SignoffSpec &so = policy.signoff;
  int firstSignoff = 0;
  bool nameOnly = false, addressOnly = false;
  for (const Trailer &t : patch.trailers) {
    if (!equalsIgnoreCase(t.key, "Signed-off-by")) continue;
    Person person;
    if (!parsePerson(t.value, person) || person.email.empty()) {
      issue("signoff-malformed", so.clause, Severity::Error, VerdictKind::Violation,
            "malformed 'Signed-off-by: " + t.value + "'" + at(t.line) +
                ": expected 'Signed-off-by: Name <address>'",
            t.line);
      continue;
    }
    if (so.humanOnly && namesAiTool(person, policy.foreign.aiTools)) {
      evidence("'Signed-off-by: " + t.value + "'" + at(t.line));
      issue("signoff-by-ai", so.clause, Severity::Error, VerdictKind::Violation,
            "'Signed-off-by: " + t.value + "'" + at(t.line) +
                " names an AI tool: only a person can certify the DCO",
            t.line);
      continue;
    }
    a.signedOff = true;
    if (!firstSignoff) firstSignoff = t.line;
    bool sameAddress = !person.email.empty() && !patch.author.email.empty() &&
                       stripSubaddress(lower(person.email)) ==
                           stripSubaddress(lower(patch.author.email));
    bool sameName = !person.name.empty() && collapse(person.name) == collapse(patch.author.name);
    if (sameAddress && sameName) a.authorSignedOff = true;
    else if (sameAddress) addressOnly = true;
    else if (sameName) nameOnly = true;
  }
  bool authorKnown = !patch.author.name.empty() || !patch.author.email.empty();
  if (so.required && !a.signedOff) {
    issue("signoff-missing", so.clause, Severity::Error, VerdictKind::Violation,
          "no 'Signed-off-by:': the author certifies the Developer's Certificate of Origin with "
          "'Signed-off-by: " +
              (authorKnown ? patch.author.str() : std::string("Name <address>")) + "'",
          0);
  } else if (so.matchAuthor && a.signedOff && authorKnown && !a.authorSignedOff) {
    if (addressOnly || nameOnly) {
      a.authorSignedOff = true;
      issue("signoff-author-mismatch", so.clause, Severity::Warning, VerdictKind::Ok,
            std::string("the author's Signed-off-by has ") +
                (addressOnly ? "the author's address but another name"
                             : "the author's name but another address") +
                " (author: " + patch.author.str() + ")",
            firstSignoff);
    } else {
      issue("signoff-author-missing", so.clause, Severity::Error, VerdictKind::Violation,
            "no 'Signed-off-by:' from the author " + patch.author.str() +
                ": a Signed-off-by must match the author's name or address",
            firstSignoff);
    }
  }

  // The AI trailer written outside the trailer block, where git does not read it.
  std::vector<std::string_view> lines = splitLines(patch.message);
  for (size_t i = 1; i < lines.size(); ++i) {
    int lineNo = static_cast<int>(i) + 1;
    if (trailerLines.count(lineNo)) continue;
    std::string_view l = trim(lines[i]);
    size_t colon = l.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 40) continue;
    std::string_view k = l.substr(0, colon);
    if (alnumLower(k) != alnumLower(key) ||
        !std::all_of(k.begin(), k.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ' ';
        }))
      continue;
    evidence("'" + std::string(l) + "'" + at(lineNo));
    AiTrailerValue v = parseAiTrailerValue(trim(l.substr(colon + 1)), spec);
    if (v.ok()) addDeclared(v);
    issue("ai-trailer-misplaced", spec.clause, Severity::Error, VerdictKind::Violation,
          "'" + std::string(l) + "'" + at(lineNo) +
              " is not in the trailer block at the end of the message, so it is not read as "
              "a trailer; write '" + key + ":' with the other trailers",
          lineNo);
  }

  // AI tools named in the message, with nothing declaring AI use.
  if (!a.aiEvidence) {
    for (size_t i = 0; i < lines.size(); ++i) {
      int lineNo = static_cast<int>(i) + 1;
      if (trailerLines.count(lineNo)) continue;
      std::string tool = toolNamedIn(lines[i], policy.foreign.aiTools);
      if (tool.empty()) continue;
      issue("ai-tool-mentioned", spec.clause, Severity::Warning, VerdictKind::Ok,
            "the message names " + tool + at(lineNo) +
                ": if an AI tool produced or shaped this patch, declare it with '" + key +
                ":'",
            lineNo);
      break;
    }
  }
  return a;
}

} // namespace provcheck
