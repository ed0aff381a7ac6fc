// What a patch's trailers and message say about AI use and authorship, read against a
// policy: the AI trailer parsed strictly, misspelt and foreign trailers, AI tools named
// where a person belongs, and whether a Signed-off-by matches the author (as checkpatch
// checks it). Findings come out as plain issues; the policy engine turns them into
// verdict findings.
//
// Two readings of the message: the AI trailer counts only in the trailer block git reads
// (Patch::trailers, the last paragraph); a Signed-off-by counts on any line of the
// message, as checkpatch.pl counts it.
#pragma once

#include "analysis/Patch.h"
#include "classify/Policy.h"
#include "classify/People.h"
#include "classify/Verdict.h"
#include "maps/MailAddress.h"

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

// "code, tests or docs": the values as a sentence lists them.
std::string joinTrailerValues(const std::vector<std::string> &values);

// True when `key` is not the policy's AI trailer key in any case but is a near miss of it
// (a different separator, "AI-Used-By", "AI-assisted", ...). The key in another case is
// the key: git reads trailer keys case-insensitively.
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
  bool signedOff = false;            // at least one Signed-off-by, anywhere in the message
  bool authorSignedOff = false;      // one of them matches the author

  // Records that the message shows AI use; the first evidence is kept as `evidence`.
  void noteEvidence(const std::string &what) {
    if (!aiEvidence) evidence = what;
    aiEvidence = true;
  }
};

// `mailmap` (may be null): the tree's .mailmap, applied to the author and to every
// Signed-off-by before they are compared.
TrailerAnalysis analyzeTrailers(const Patch &, const Policy &, const Mailmap *mailmap = nullptr);

} // namespace provcheck
