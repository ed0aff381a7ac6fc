#include "classify/Trailers.h"

#include "analysis/TextLines.h"
#include "classify/Text.h"

#include "classify/Signoff.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace provcheck {
namespace {

using text::editDistance;
using text::lower;
using text::trim;

// Trailers in common use that are never a misspelling of the AI trailer.
constexpr std::string_view kKnownTrailers[] = {
    "signed-off-by", "acked-by",  "reviewed-by", "tested-by", "reported-by", "suggested-by",
    "co-developed-by", "cc",      "fixes",       "link",      "message-id",  "message-id",
    "resolves",      "buglink",   "closes",      "based-on",  "supersedes",  "requested-by",
    "co-authored-by", "debugged-by", "original-author", "inspired-by"};

// Basic development tools the Linux rules say not to list after the model.
constexpr std::string_view kBasicTools[] = {"git", "gcc", "g++", "make", "vim", "nvim", "emacs",
                                            "nano", "vscode", "editor", "ld", "cc"};

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

std::string at(int line) { return line > 0 ? " (line " + std::to_string(line) + ")" : std::string(); }

// Reads the trailers of the block: the AI trailer and what stands for it.
struct TrailerReader {
  const Patch &patch;
  const Policy &policy;
  TrailerAnalysis &a;

  const AiTrailerSpec &spec() const { return policy.aiTrailer; }

  void issue(std::string rule, std::string clause, Severity sev, VerdictKind effect,
             std::string message, int line) {
    a.issues.push_back({std::move(rule), std::move(clause), sev, effect, std::move(message), line});
  }

  void addDeclared(const AiTrailerValue &v) {
    for (const std::string &x : v.values)
      if (std::find(a.declared.begin(), a.declared.end(), x) == a.declared.end())
        a.declared.push_back(x);
  }

  void declaration(const Trailer &t) {
    const std::string &key = spec().key;
    AiTrailerValue v = parseAiTrailerValue(t.value, spec());
    a.noteEvidence("'" + t.key + ": " + t.value + "'" + at(t.line));
    if (t.key != key)
      issue("trailer-key-case", spec().clause, Severity::Warning, VerdictKind::Ok,
            "'" + t.key + ":'" + at(t.line) + " is read as '" + key +
                ":' (trailer keys are not case-sensitive); write it as '" + key + ":'",
            t.line);
    if (!v.ok()) {
      issue("ai-trailer-malformed", spec().clause, Severity::Error, VerdictKind::Violation,
            "malformed '" + key + ":'" + at(t.line) + ", column " + std::to_string(v.column) +
                " of the value: " + v.problem,
            t.line);
      return;
    }
    a.aiDeclared = true;
    addDeclared(v);
    a.declarations.push_back(v);
    if (spec().syntax == TrailerSyntax::Agent)
      for (const std::string &tool : v.tools)
        if (std::find(std::begin(kBasicTools), std::end(kBasicTools), lower(tool)) !=
            std::end(kBasicTools))
          issue("ai-trailer-basic-tool", spec().clause, Severity::Info, VerdictKind::Ok,
                "'" + key + ":'" + at(t.line) + " lists '" + tool +
                    "': basic development tools are not listed",
                t.line);
  }

  void foreign(const Trailer &t, bool forbidden) {
    std::string written = t.key + ": " + t.value;
    Person person;
    bool names = parsePerson(t.value, person) && namesAiTool(person, policy.foreign.aiTools);
    bool agentLike = t.value.find(':') != std::string::npos;
    if (!forbidden || names || agentLike || !toolNamedIn(t.value, policy.foreign.aiTools).empty() ||
        equalsIgnoreCase(t.key, "Generated-by"))
      a.noteEvidence("'" + written + "'" + at(t.line));
    if (!forbidden) return;
    const std::string &key = spec().key;
    std::string instead = spec().syntax == TrailerSyntax::Values
                              ? "'" + key + ": " + joinTrailerValues(spec().values) + "'"
                              : "'" + key + ": AGENT_NAME:MODEL_VERSION [TOOL...]'";
    issue("ai-trailer-foreign", policy.foreign.clause, Severity::Error, VerdictKind::Violation,
          "the " + policy.name + " policy does not use '" + t.key + ":'" + at(t.line) +
              "; declare AI use with " + instead + " instead (naming the model is not needed)",
          t.line);
  }

  void read(const Trailer &t) {
    const std::string &key = spec().key;
    std::string written = t.key + ": " + t.value;
    if (equalsIgnoreCase(t.key, key)) return declaration(t);
    if (containsIgnoreCase(policy.foreign.forbidden, t.key)) return foreign(t, true);
    if (containsIgnoreCase(policy.foreign.disclosing, t.key)) return foreign(t, false);
    if (isMisspeltAiKey(t.key, spec())) {
      AiTrailerValue v = parseAiTrailerValue(t.value, spec());
      a.noteEvidence("'" + written + "'" + at(t.line));
      if (v.ok()) addDeclared(v);
      issue("ai-trailer-misspelt", spec().clause, Severity::Error, VerdictKind::Violation,
            "'" + t.key + ":'" + at(t.line) + " is not a trailer of this policy; write it as '" +
                key + ":'" + (v.ok() ? "" : " (and its value: " + v.problem + ")"),
            t.line);
      return;
    }
    if (equalsIgnoreCase(t.key, "Signed-off-by") ||
        !containsIgnoreCase(policy.foreign.personTrailers, t.key))
      return;
    Person person;
    if (parsePerson(t.value, person) && namesAiTool(person, policy.foreign.aiTools)) {
      a.noteEvidence("'" + written + "'" + at(t.line));
      issue("ai-tool-as-person", policy.foreign.clause, Severity::Error, VerdictKind::Violation,
            "'" + written + "'" + at(t.line) + " names an AI tool where a person belongs" +
                (policy.limits.decline ? std::string()
                                       : "; declare AI use with '" + key + ":' instead"),
            t.line);
    }
  }

  // The AI trailer written outside the trailer block, where git does not read it.
  void misplaced(const std::vector<std::string_view> &lines, const std::set<int> &trailerLines) {
    const std::string &key = spec().key;
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
      a.noteEvidence("'" + std::string(l) + "'" + at(lineNo));
      AiTrailerValue v = parseAiTrailerValue(trim(l.substr(colon + 1)), spec());
      if (v.ok()) addDeclared(v);
      issue("ai-trailer-misplaced", spec().clause, Severity::Error, VerdictKind::Violation,
            "'" + std::string(l) + "'" + at(lineNo) +
                " is not in the trailer block at the end of the message, so it is not read as "
                "a trailer; write '" + key + ":' with the other trailers",
            lineNo);
    }
  }

  // AI tools named in the message, with nothing declaring AI use.
  void mentioned(const std::vector<std::string_view> &lines, const std::set<int> &trailerLines) {
    if (a.aiEvidence) return;
    for (size_t i = 0; i < lines.size(); ++i) {
      int lineNo = static_cast<int>(i) + 1;
      if (trailerLines.count(lineNo)) continue;
      std::string tool = toolNamedIn(lines[i], policy.foreign.aiTools);
      if (tool.empty()) continue;
      issue("ai-tool-mentioned", spec().clause, Severity::Warning, VerdictKind::Ok,
            "the message names " + tool + at(lineNo) +
                ": if an AI tool produced or shaped this patch, declare it with '" + spec().key +
                ":'",
            lineNo);
      return;
    }
  }
};

} // namespace

bool isMisspeltAiKey(std::string_view key, const AiTrailerSpec &spec) {
  if (equalsIgnoreCase(key, spec.key)) return false;
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

TrailerAnalysis analyzeTrailers(const Patch &patch, const Policy &policy, const Mailmap *mailmap) {
  TrailerAnalysis a;
  TrailerReader reader{patch, policy, a};
  std::set<int> trailerLines;
  for (const Trailer &t : patch.trailers) {
    trailerLines.insert(t.line);
    reader.read(t);
  }

  // The agents the AI trailers name are AI tools too, wherever a person belongs.
  std::vector<std::string> aiNames = policy.foreign.aiTools;
  for (const AiTrailerValue &v : a.declarations)
    if (!v.agent.empty()) aiNames.push_back(v.agent);
  checkSignoffs(patch, policy, mailmap, aiNames, a);

  std::vector<std::string_view> lines = splitLines(patch.message);
  reader.misplaced(lines, trailerLines);
  reader.mentioned(lines, trailerLines);
  return a;
}

} // namespace provcheck
