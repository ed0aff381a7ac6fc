// Perl's Getopt::Long as a script configured with `:config no_auto_abbrev` uses it: every
// spelling it accepts for an option specification. A command that stands in for such a
// script (`provcheck maintainers` for get_maintainer.pl) rewrites its arguments to one
// canonical spelling per option before its own parser sees them, so that command lines
// written for the script (git send-email --cc-cmd, b4's send-auto-cc-cmd) keep working.
//
// The rules, from Getopt::Long 2.52 with its defaults (ignore_case, getopt_compat,
// permute; no bundling, no abbreviations):
//   - an option starts with "--", "-" or "+"; its name is matched ignoring case;
//   - "name!" also takes "noname" and "no-name" (for every alias);
//   - "name=s" and "name=i" take a mandatory value, as "--name=v" or "--name v"; an
//     integer is [-+]?_*[0-9][0-9_]*; "--name=" is a missing value;
//   - a flag given "=value" is an error;
//   - "--" ends the options, "-" alone is an argument.
#pragma once

#include "analysis/Error.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck::getopt {

enum class ArgType { None, Negatable, String, Integer };

struct Spec {
  std::vector<std::string> names; // as written, "i|interactive" -> {"i", "interactive"}
  ArgType type = ArgType::None;
  // The spelling the rewritten arguments use: "--" and the first name with more than one
  // character ("-" and the letter when there is none), and "--no" + that name for the
  // negated form.
  std::string canonical() const;
  std::string canonicalNegated() const;
};

// "git-fallback!", "i|interactive!", "git-since=s", "pattern-depth=i", "f|file"; an
// Error for the forms Getopt::Long has and the scripts we follow do not use (":s", "+",
// "@", "%", "{n,m}").
Expected<Spec> parseSpec(std::string_view text);

// The options the arguments name, rewritten: an argument matching a spec becomes its
// canonical spelling ("--name", "--noname", "--name=value" with the integer normalised);
// any other argument is kept as it is, and when `takesValue(arg)` says that an unknown
// option takes a value, the argument after it is kept too. Stops rewriting after "--".
// An Error says what Getopt::Long would say: "Unknown option" is left to the caller
// (unknown options are kept), but "Option x does not take an argument", "Option x
// requires an argument" and "Value "v" invalid for option x (number expected)" are
// errors here.
Expected<std::vector<std::string>>
canonicalArgs(const std::vector<Spec> &specs, const std::vector<std::string> &args,
              const std::function<bool(std::string_view)> &takesValue = {});

} // namespace provcheck::getopt
