#include "analysis/Versions.h"

#include <git2.h>

namespace provcheck {

LibraryVersion libgit2Version() {
  int major = 0, minor = 0, revision = 0;
  git_libgit2_version(&major, &minor, &revision);
  return {"libgit2", LIBGIT2_VERSION,
          std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(revision)};
}

std::string describeVersions(const std::vector<LibraryVersion> &libraries) {
  std::string out;
  for (const LibraryVersion &l : libraries) {
    if (!out.empty()) out += ", ";
    out += l.name + " " + l.built;
    if (!l.linked.empty() && l.linked != l.built) out += " (" + l.linked + " at run time)";
  }
  return out;
}

} // namespace provcheck
