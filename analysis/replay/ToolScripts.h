// What a quoted tool would be asked to run, checked before anything runs: a GNU sed
// script, a perl -p expression, a Coccinelle semantic patch. Each check answers "" when
// the script only rewrites the text it reads, else why it may not run.
#pragma once

#include <string>
#include <string_view>

namespace provcheck::replay {

// A GNU sed script: parsed completely (addresses, blocks, labels, a/i/c text, s and y
// with any delimiter); refused: the commands e, r, R, w, W and the e and w flags of s,
// which run commands or touch files other than the one edited. `commands` counts the
// commands found (0: the text is no sed script).
struct SedCheck {
  std::string problem;
  int commands = 0;
};
SedCheck checkSedScript(std::string_view script);

// A perl -e expression for -p -i: only s/// and y/// (tr///) statements separated by
// ';', with any delimiters; refused: the e flag, code in a pattern ((?{ }), (??{ })),
// and interpolation of anything but match variables ($1, ${1}, $&).
std::string checkPerlExpression(std::string_view expression);

// A semantic patch: refused when a rule runs code (@script:...@, @initialize:...@,
// @finalize:...@), the file reads others (#include, using, #spatch options) or it is a
// template a shell script expands (${NAME}, not what ran). `rules`
// counts the rule headers (0: the text is no semantic patch).
struct CocciCheck {
  std::string problem;
  int rules = 0;
};
CocciCheck checkSemanticPatch(std::string_view text);

} // namespace provcheck::replay
