#include "analysis/InstalledFiles.h"

#include <cstdlib>
#include <filesystem>

namespace provcheck {

std::string installedFilePath(const char *overrideVariable, std::string_view name,
                              const std::string &buildPath) {
  if (const char *env = std::getenv(overrideVariable); env && *env) return env;
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (std::filesystem::path candidate :
         {self.parent_path() / name, self.parent_path().parent_path() / "libexec/provcheck" / name})
      if (std::filesystem::exists(candidate, ec)) return candidate.string();
  }
  return buildPath;
}

} // namespace provcheck
