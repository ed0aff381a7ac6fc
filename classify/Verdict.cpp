#include "classify/Verdict.h"

namespace provcheck {

const char *toString(VerdictKind k) {
  switch (k) {
  case VerdictKind::Ok: return "ok";
  case VerdictKind::NeedsAgreement: return "needs-agreement";
  case VerdictKind::Violation: return "violation";
  }
  return "ok";
}

const char *toString(Severity s) {
  switch (s) {
  case Severity::Info: return "info";
  case Severity::Warning: return "warning";
  case Severity::Error: return "error";
  }
  return "info";
}

} // namespace provcheck
