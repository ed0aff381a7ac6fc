// Patchwork's checks: one payload per patch for POST /api/patches/{id}/checks/, with the
// patch's identity beside it to find {id} (GET /api/patches/?msgid=<message_id>):
//   [{"patch": {"id", "message_id", "subject"},
//     "check": {"state", "context", "description", "target_url"}}]
// state is success (verdict ok), warning (needs-agreement) or fail (violation); the
// description is the verdict's summary.
#pragma once

#include "tools/provcheck/Run.h"

#include <string>

namespace provcheck::render {

struct PatchworkOptions {
  std::string context = "provcheck"; // a slug: letters, digits, '-' and '_'
  std::string targetUrl;             // where the details are (a CI job's page), may be ""
};

std::string patchworkChecks(const RunResult &, const PatchworkOptions &);

// Whether a context is a slug patchwork takes.
bool validPatchworkContext(const std::string &context);

} // namespace provcheck::render
