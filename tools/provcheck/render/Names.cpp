#include "tools/provcheck/render/Names.h"

namespace provcheck::render {

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
