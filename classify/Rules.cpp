// QEMU's classification knowledge comes from the built-in QEMU policy's [classification]
// section (classify/policies/qemu.toml), so that code and --dump-config agree.
#include "classify/Rules.h"

#include "classify/Policy.h"

#include <cstdio>
#include <cstdlib>

namespace provcheck {

ClassifyRules ClassifyRules::qemuDefaults() {
  Expected<Policy> policy = builtinPolicy("qemu");
  if (!policy) {
    // The built-in policy is part of the program and tested; this cannot happen at run time.
    std::fprintf(stderr, "provcheck: built-in policy is invalid: %s\n",
                 policy.error().str().c_str());
    std::abort();
  }
  return std::move(policy->rules);
}

} // namespace provcheck
