// The command line as plain data, read from the CLI11 app that main() parses with: the
// man page and the bash and zsh completions are rendered from it at build time, so they
// cannot drift from the options provcheck really takes.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace provcheck::doc {

struct OptionDoc {
  std::vector<std::string> names;     // as typed: "-o", "--output"
  std::vector<std::string> negations; // "--nogit" for a negatable flag
  std::string value;                  // "" for a flag, else the value's name: "FILE", "TEXT"
  std::vector<std::string> choices;   // the values it accepts, when they are a fixed set
  std::string description;
  bool repeatable = false;            // may be given several times, each adding a value
};

struct CommandDoc {
  std::string name;                   // "provcheck", "check"
  std::string description;
  std::string footer;                 // the text --help prints after the options
  std::vector<OptionDoc> options;     // in the order --help lists them
  std::vector<OptionDoc> positionals; // names: {"SOURCE"}
  std::vector<CommandDoc> subcommands;
};

CommandDoc describe(const CLI::App &app);

// Renderers (ManPage.cpp, Completion.cpp).
std::string manPage(const CommandDoc &top, const std::string &version);
std::string bashCompletion(const CommandDoc &top);
std::string zshCompletion(const CommandDoc &top);

// Whether a value names a file or directory (its completion offers paths).
bool valueIsPath(const OptionDoc &o);
bool valueIsDirectory(const OptionDoc &o);

} // namespace provcheck::doc
