#include "analysis/Versions.h"

#include <llvm-c/Core.h>
#include <llvm/Config/llvm-config.h>

namespace provcheck {

LibraryVersion llvmVersion() {
  unsigned major = 0, minor = 0, patch = 0;
  LLVMGetVersion(&major, &minor, &patch);
  return {"LLVM", LLVM_VERSION_STRING,
          std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch)};
}

} // namespace provcheck
