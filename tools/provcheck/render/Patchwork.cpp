#include "tools/provcheck/render/Patchwork.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace provcheck::render {

namespace {

const char *state(VerdictKind k) {
  switch (k) {
  case VerdictKind::Ok: return "success";
  case VerdictKind::NeedsAgreement: return "warning";
  case VerdictKind::Violation: return "fail";
  }
  return "pending";
}

// The verdict's summary, which names the verdict ("ok: ...", "violation: ...").
std::string description(const Verdict &v) {
  return v.summary.empty() ? std::string(toString(v.kind)) : v.summary;
}

} // namespace

bool validPatchworkContext(const std::string &context) {
  if (context.empty()) return false;
  for (char c : context)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

std::string patchworkChecks(const RunResult &run, const PatchworkOptions &o) {
  using Json = nlohmann::ordered_json;
  Json out = Json::array();
  for (const SeriesResult &s : run.series)
    for (const PatchResult &r : s.patches) {
      VerdictKind kind = run.stages.policy ? r.verdict.kind : VerdictKind::Ok;
      out.push_back(
          {{"patch",
            {{"id", r.patch.id}, {"message_id", r.patch.messageId}, {"subject", r.patch.subject}}},
           {"check",
            {{"state", run.stages.policy ? state(kind) : "pending"},
             {"context", o.context},
             {"description", run.stages.policy ? description(r.verdict) : "not judged"},
             {"target_url", o.targetUrl}}}});
    }
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace provcheck::render
