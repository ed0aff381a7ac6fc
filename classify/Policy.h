// A contribution policy as data: the clauses it is made of, the trailer that declares AI
// use, what an AI-assisted patch may do without a maintainer's agreement, the sign-off
// rules, and the knowledge classification runs on. Loaded from TOML (classify/POLICY.md);
// QEMU's policy is built in and is the default, the Linux kernel's is built in too.
#pragma once

#include "analysis/Error.h"
#include "classify/Classification.h"
#include "classify/Rules.h"
#include "classify/risk/Model.h"

#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

class TreeView;

struct Clause {
  std::string id;    // cited by findings, e.g. "ai-core"
  std::string title;
  std::string text;  // a summary of what the clause says
};

// How the value of the AI trailer is written.
enum class TrailerSyntax {
  Values, // "code, tests (explanation)": words from `values`, comma separated
  Agent,  // "AGENT_NAME:MODEL_VERSION [TOOL...]" (the Linux kernel's Assisted-by)
};
const char *toString(TrailerSyntax);

struct AiTrailerSpec {
  std::string key;                 // "AI-used-for", "Assisted-by"
  TrailerSyntax syntax = TrailerSyntax::Values;
  std::vector<std::string> values; // Values: the allowed words, lower case
  bool explanation = true;         // Values: "(...)" may follow the list
  std::string clause;
};

struct ForeignTrailerSpec {
  std::vector<std::string> forbidden;      // trailers the project does not use
  std::vector<std::string> disclosing;     // trailers that show AI use without being forbidden
  std::vector<std::string> personTrailers; // trailers that must name a person, not a tool
  std::vector<std::string> aiTools;        // names of AI tools and models (whole words)
  std::string clause;
};

struct AiLimits {
  // Categories an AI-assisted patch may touch without agreement. Empty: no limits at all
  // (the policy only asks for the declaration).
  std::vector<Category> allowedCategories;
  std::string categoriesClause;
  int smallFixLines = 0;              // code lines allowed as a small fix; 0 = none
  std::string smallFixClause;
  bool outsideNeedsAgreement = false; // code beyond the small-fix allowance
  std::string outsideClause;
  bool coreNeedsAgreement = false;
  std::string coreClause;
  std::vector<std::string> agreementTrailers; // "Acked-by", "Reviewed-by"
  std::string consistencyClause;      // declared values against the patch; "" = not checked
  // AI-generated content is declined: any AI-assisted patch (research aside) is a violation.
  bool decline = false;
  std::string declineClause;

  bool limited() const { return decline || !allowedCategories.empty() || coreNeedsAgreement; }
};

struct SignoffSpec {
  bool required = true;     // at least one Signed-off-by
  bool matchAuthor = true;  // one of them names the author (name or address)
  bool humanOnly = true;    // none of them names an AI tool
  std::string clause;
};

// A known revision of the document a policy encodes, recognised by the fingerprint of its
// text (classify/PolicyRevision.h): only the hash and where it was seen are kept.
struct DocumentRevision {
  std::string fingerprint; // "sha256:<64 hex digits>"
  std::string commit;      // the commit that made this revision, in the project's history
  std::string date;        // its date, YYYY-MM-DD
  std::string note;        // what it changed, in a few words
};

// The project document a policy encodes and its known revisions.
struct PolicyDocument {
  std::string path;      // in the project's tree, e.g. "docs/devel/code-provenance.rst"
  std::string revision;  // the revision the policy encodes, in words ("May 2026")
  std::string date;      // its date (YYYY-MM or YYYY-MM-DD): for an unknown revision, the
                         // policy with the latest date is chosen
  std::vector<DocumentRevision> known; // texts that are this revision

  const DocumentRevision *find(std::string_view fingerprint) const;
};

struct Policy {
  std::string name;    // "qemu", "linux", or the file's own name
  std::string title;
  std::string source;  // the document the policy encodes
  std::string origin;  // where it was loaded from: "built-in qemu", a path
  std::vector<Clause> clauses;
  AiTrailerSpec aiTrailer;
  ForeignTrailerSpec foreign;
  AiLimits limits;
  SignoffSpec signoff;
  std::string toolsClause;   // deterministic tools should be named in the message
  PolicyDocument document;   // the document it encodes (path empty: none named)
  ClassifyRules rules;
  // Annotation macros the fallback parse defines as empty: "NAME" or "NAME(...)".
  std::vector<std::string> annotationMacros;
  RiskModel risk; // the risk report's model ([risk])

  const Clause *clause(std::string_view id) const;
};

// Loads a policy file. A file with `base = "qemu"` (or "linux") starts from that built-in
// policy and replaces what it names; otherwise the file must be complete. Errors name the
// file, line and column.
Expected<Policy> loadPolicyFile(const std::string &path);
// Parses policy text; `name` is used in errors as the file name.
Expected<Policy> parsePolicy(std::string_view text, const std::string &name);
// The built-in policies: "qemu" (the default), "qemu-2025" and "linux".
Expected<Policy> builtinPolicy(std::string_view name);
std::vector<std::string> builtinPolicyNames();
// The policy a run uses: `option` is "" (the repository's .provcheck.toml when `repoTree`
// has one, else QEMU's), "auto" (the built-in policy of the tree's own policy document,
// classify/PolicyRevision.h), a built-in name, or a path. When `notices` is given, it
// receives what --policy auto chose, and a notice when the tree's policy document is
// another revision than the policy applied.
Expected<Policy> resolvePolicy(const std::string &option, const TreeView *repoTree,
                               std::vector<std::string> *notices = nullptr);
// The effective policy as TOML that loadPolicyFile reads back to the same Policy.
std::string dumpPolicy(const Policy &);

// Category names as written in policy files ("docs", "tests", "mechanical", "code",
// "core"); false when unknown.
bool parseCategory(std::string_view name, Category &out);

} // namespace provcheck
