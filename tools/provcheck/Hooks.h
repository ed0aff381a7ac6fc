// git hooks that run provcheck: `sendemail-validate`, which git send-email runs on every
// patch before sending it. The hook is a small shell script that runs the hook that was
// there before (kept beside it) and then `provcheck hooks sendemail-validate`.
#pragma once

#include "analysis/Error.h"

#include <string>

namespace provcheck {

struct HookOptions {
  std::string provcheck;   // absolute path of the binary the hook runs (else PATH's)
  std::string policy;      // --policy for the checks ("" the repository's default)
  bool assumeAi = false;   // judge every patch as if it declared AI use
  bool warnOnly = false;   // print the findings but never refuse a patch
  bool force = false;      // install over a hook that is not provcheck's, chaining to it
};

// The hooks directory of the repository at `repoDir`: core.hooksPath when set (relative
// to the work tree), else $GIT_COMMON_DIR/hooks.
Expected<std::string> hooksDirectory(const std::string &repoDir);

// The hook's text for these options.
std::string sendemailHookScript(const HookOptions &options);

// Installs the sendemail-validate hook and says what it did. A hook that is not
// provcheck's is never replaced without `force`; with it, the old hook is renamed to
// sendemail-validate.provcheck-chained and runs first (its refusal stops the send).
// provcheck's own hook is rewritten with the new options.
Expected<std::string> installSendemailHook(const std::string &repoDir, const HookOptions &);

// Removes provcheck's hook and puts a chained hook back in its place. A hook that is not
// provcheck's is left alone (an Error); no hook at all is not an error.
Expected<std::string> uninstallSendemailHook(const std::string &repoDir);

// The name of the file of the hook that was there before provcheck's.
inline constexpr const char *kChainedHookName = "sendemail-validate.provcheck-chained";

} // namespace provcheck
