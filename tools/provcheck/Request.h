// The maintainer pre-approval request: for patches whose verdict is needs-agreement, the
// mail the policy asks the author to send before the work goes out, as data. Computed
// from a RunResult; the email (render/Email.h) and JSON (render/RequestJson.h) renderers
// only format it.
#pragma once

#include "analysis/Error.h"
#include "analysis/Patch.h"
#include "tools/provcheck/Run.h"

#include <cstdint>
#include <string>
#include <vector>

namespace provcheck {

// Why one file needs agreement: the findings about it and the facts behind them.
struct RequestReason {
  std::string rule;    // finding rule id, e.g. "core-needs-agreement"
  std::string clause;  // the policy clause it applies
  std::string message; // the finding's sentence ("over the 20-line limit by 12 lines")
  bool operator==(const RequestReason &) const = default;
};

struct RequestFile {
  std::string path;
  std::string category;              // docs, tests, mechanical, code, core
  int added = 0, removed = 0;
  std::vector<std::string> entities; // entities changed in it
  std::vector<std::string> facts;    // classification evidence: "header included by 812 files"
  std::vector<RequestReason> reasons;
  std::vector<std::string> sections; // MAINTAINERS sections owning it
};

struct RequestPatch {
  std::string id;      // short commit id, Message-ID or origin name
  std::string subject;
};

struct Request {
  Person from;                       // the patches' author
  std::vector<Person> to;            // M: of the sections owning the off-limits code
  std::vector<Person> cc;            // R: of those sections
  std::vector<std::string> ccLists;  // L: of those sections
  std::string subject;               // "[RFC] Pre-approval for AI-assisted change: ..."
  std::string body;                  // the template filled in
  int64_t date = 0;                  // seconds since the epoch (UTC)
  int tzOffsetMinutes = 0;
  std::string messageId;             // without <>
  std::string plannedSubject;        // the series title or patch subject
  std::vector<RequestPatch> patches;
  std::vector<RequestFile> files;
  std::vector<std::string> sections; // every section asked, get_maintainer.pl order
  std::vector<std::string> clauses;  // every policy clause cited
  std::vector<std::string> aiUsedFor;
};

// The built-in template. Placeholders, each alone on its line or inline:
//   {to_names} {subject} {author} {author_name} {patch_count} {patches} {plan}
//   {files} {reasons} {clauses} {ai_used_for} {sections}
// "{{" and "}}" stand for literal braces.
const std::string &defaultRequestTemplate();

struct RequestOptions {
  bool perPatch = false;            // one request per patch instead of one per series
  std::string templateText;         // empty: defaultRequestTemplate()
  std::string templateName = "<built-in template>"; // for errors
  int64_t now = 0;                  // Date of the requests
  int tzOffsetMinutes = 0;
};

// One request per series (or per patch) with unsatisfied needs-agreement findings; an
// empty vector when nothing needs agreement. Fails on a template with an unknown or
// unterminated placeholder, naming its line.
Expected<std::vector<Request>> buildRequests(const RunResult &run,
                                             const RequestOptions &options);

// Fills `templ` with `values` (name -> text); an Error names the line of a bad placeholder.
Expected<std::string> fillTemplate(const std::string &templ, const std::string &templName,
                                   const std::vector<std::pair<std::string, std::string>> &values);

} // namespace provcheck
