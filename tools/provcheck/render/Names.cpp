#include "tools/provcheck/render/Names.h"

namespace provcheck::render {

const char *verdictName(VerdictKind k) {
  switch (k) {
  case VerdictKind::Ok: return "ok";
  case VerdictKind::NeedsAgreement: return "needs-agreement";
  case VerdictKind::Violation: return "violation";
  }
  return "unknown";
}

const char *severityName(Severity s) {
  switch (s) {
  case Severity::Info: return "info";
  case Severity::Warning: return "warning";
  case Severity::Error: return "error";
  }
  return "unknown";
}

const char *entityKindName(EntityKind k) {
  switch (k) {
  case EntityKind::Function: return "function";
  case EntityKind::Record: return "record";
  case EntityKind::Enum: return "enum";
  case EntityKind::Field: return "field";
  case EntityKind::Typedef: return "typedef";
  case EntityKind::Global: return "global";
  case EntityKind::Macro: return "macro";
  case EntityKind::Conditional: return "conditional";
  case EntityKind::Include: return "include";
  case EntityKind::Comment: return "comment";
  case EntityKind::Namespace: return "namespace";
  case EntityKind::TopLevel: return "top-level";
  }
  return "unknown";
}

const char *entityPartName(EntityPart p) {
  switch (p) {
  case EntityPart::Whole: return "whole";
  case EntityPart::Signature: return "signature";
  case EntityPart::Body: return "body";
  case EntityPart::Comment: return "comment";
  }
  return "unknown";
}

const char *originKindName(Origin::Kind k) {
  switch (k) {
  case Origin::Kind::Commit: return "commit";
  case Origin::Kind::PatchFile: return "patch-file";
  case Origin::Kind::Mbox: return "mbox";
  case Origin::Kind::Stdin: return "stdin";
  }
  return "unknown";
}

} // namespace provcheck::render
