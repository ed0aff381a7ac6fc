// What a patch's trailers and message say about AI use and authorship, read against a
// policy: the AI trailer parsed strictly, misspelt and foreign trailers, AI tools named
// where a person belongs, and whether a Signed-off-by matches the author (as checkpatch
// checks it). Findings come out as plain issues; the policy engine turns them into
// verdict findings.
#pragma once

#include "analysis/Patch.h"
#include "classify/Policy.h"
#include "classify/Verdict.h"

#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

// The value of one AI trailer, parsed. `problem` is empty when the value is well formed.
struct AiTrailerValue {
  // Values syntax ("code, tests (refactoring)").
  std::vector<std::string> values;
  std::string explanation;  // without the parentheses
  // Agent syntax ("Claude:claude-3-opus coccinelle sparse").
  std::string agent, model;
  std::vector<std::string> tools;

  std::string problem;      // the exact problem, e.g. "unknown value 'review' ..."
  int column = 0;           // 1-based column in the value where the problem starts
  bool ok() const { return problem.empty(); }
};

// Parses the value of an AI trailer with the syntax of `spec`.
AiTrailerValue parseAiTrailerValue(std::string_view value, const AiTrailerSpec &spec);

// "Name <email>" (or a bare address, or a bare name) into a Person; false when the text
// has a '<' without a matching '>' or an address without '@'.
bool parsePerson(std::string_view text, Person &out);

// True when `key` is not the policy's AI trailer key but is a near miss of it (another case,
// a different separator, "AI-Used-By", "AI-assisted", ...).
bool isMisspeltAiKey(std::string_view key, const AiTrailerSpec &spec);

// One thing the trailers or the message say, as a finding without files.
struct TrailerIssue {
  std::string rule;         // "ai-trailer-malformed", "ai-trailer-misspelt", ...
  std::string clause;
  Severity severity = Severity::Warning;
  VerdictKind effect = VerdictKind::Ok;
  std::string message;
  int line = 0;             // line in the commit message (subject = 1), 0 if none
};

struct TrailerAnalysis {
  bool aiDeclared = false;           // at least one well-formed AI trailer
  bool aiEvidence = false;           // the message says AI was used (declared or not)
  std::string evidence;              // what says so, e.g. "Assisted-by: line 7"
  std::vector<std::string> declared; // union of declared values, in order of appearance
  std::vector<AiTrailerValue> declarations;
  std::vector<TrailerIssue> issues;
  bool signedOff = false;            // at least one Signed-off-by
  bool authorSignedOff = false;      // one of them matches the author
};

TrailerAnalysis analyzeTrailers(const Patch &, const Policy &);

} // namespace provcheck
