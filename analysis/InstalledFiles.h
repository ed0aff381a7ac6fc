// Where a program or module that provcheck runs or loads is: the one beside the running
// program (a build tree), else in ../libexec/provcheck from it (an installed provcheck),
// else the build's own copy. An environment variable, when set, overrides all three.
#pragma once

#include <string>
#include <string_view>

namespace provcheck {

std::string installedFilePath(const char *overrideVariable, std::string_view name,
                              const std::string &buildPath);

} // namespace provcheck
