// The tool commands a commit message quotes: sed -i and perl -pi commands (alone, after
// xargs, under find -exec, in a for loop), spatch commands, semantic patches quoted as
// text, and scripts/coccinelle/*.cocci files named in prose. Read from the text alone:
// nothing runs, and what cannot be known (a shell variable in a script, a script file
// made on the author's machine) becomes the command's problem.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace provcheck::replay {

enum class Tool { Sed, Perl, Spatch };
const char *toString(Tool);

// The files a command works on, relative to the top of the tree.
struct FileSelection {
  std::vector<std::string> paths; // named files
  // Files computed when the command ran ($(git grep -l ...), find, a loop variable, a
  // glob): those of the patch that match; with no filter below, all of them.
  bool fromPatch = false;
  std::vector<std::string> globs;     // shell globs over whole paths ('*' stops at '/')
  std::vector<std::string> pathspecs; // git pathspecs and find -path ('*' crosses '/')
  std::vector<std::string> dirs;      // only below these directories
  std::vector<std::string> nameGlobs; // find -name: over the last component
  bool nameCaseless = false;          // find -iname
};

// One run of a command: the scripts and the files. A command in a loop over literal
// words ("for a in uw w l q; do sed ... ${a} ...; done") runs once per word.
struct Invocation {
  std::vector<std::string> scripts;
  FileSelection files;
};

struct QuotedCommand {
  Tool tool = Tool::Sed;
  int line = 0;        // 1-based line of the message where the command starts
  std::string text;    // as quoted, on one line
  // sed: the -e scripts in order; perl: the -e expressions.
  std::vector<std::string> scripts;
  // Options passed on to the replay: sed -E -z -n -s --posix; perl -0777 -l -w;
  // spatch --include-headers, -D NAME, --smpl-spacing and the like.
  std::vector<std::string> options;
  std::string scriptFile;    // sed -f, spatch --sp-file: a path of the tree
  std::string semanticPatch; // the text of a semantic patch quoted in the message
  std::string macroFile;     // spatch --macro-file: a path of the tree
  FileSelection files;
  std::vector<Invocation> moreRuns; // the loop's later iterations, in order
  std::string problem; // why it cannot be replayed, or ""

  // Every run: {scripts, files} first, then moreRuns.
  std::vector<Invocation> runs() const;
};

// Every command quoted in `message`, in message order.
std::vector<QuotedCommand> quotedCommands(std::string_view message);

// A cheap test for a message that may quote a command (the tool names and "@@"): when
// false, quotedCommands finds nothing.
bool mayQuoteCommand(std::string_view message);

} // namespace provcheck::replay
