// The man page and the shell completions the build generates (and `cmake --install`
// installs) match the command line provcheck parses with: every subcommand and every
// option is in them, and they work in man, bash and zsh.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/doc/CliDoc.h"

#include <CLI/CLI.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace provcheck::testing {
namespace {

using ::testing::HasSubstr;

doc::CommandDoc liveCli() {
  cli::Globals globals;
  int exitCode = 0;
  auto app = cli::makeApp(globals, exitCode);
  return doc::describe(*app);
}

std::string generated(const std::string &name) {
  return readFile(std::filesystem::path(PROVCHECK_DOC_DIR) / name);
}

// How a name appears in roff: "-" escaped.
std::string roffName(const std::string &name) {
  std::string out;
  for (char c : name) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

// The text of the man page section of a subcommand.
std::string manSection(const std::string &man, const std::string &sub) {
  std::string upper;
  for (char c : sub) upper += char(std::toupper(static_cast<unsigned char>(c)));
  std::string head = ".SH \"PROVCHECK " + roffName(upper) + "\"\n";
  size_t begin = man.find(head);
  if (begin == std::string::npos) return "";
  size_t end = man.find("\n.SH ", begin + head.size());
  return man.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// The bash completion's arm of a command: "    \"provcheck hooks install\")" to its ";;".
std::string bashArm(const std::string &bash, const std::string &words) {
  size_t begin = bash.find("\n    \"" + words + "\")\n");
  if (begin == std::string::npos) return "";
  size_t end = bash.find(" ;;\n", bash.find("subs=", begin));
  return bash.substr(begin, end - begin);
}

// The options an arm offers: the words of its opts="...".
std::string bashOpts(const std::string &arm) {
  size_t at = arm.find("opts=\"");
  if (at == std::string::npos) return "";
  return arm.substr(at + 6, arm.find('"', at + 6) - at - 6);
}

// The zsh completion's function of a command: "_provcheck_hooks_install() {" to "}".
std::string zshFunction(const std::string &zsh, const std::string &words) {
  std::string name = "_" + words;
  for (char &c : name)
    if (c == ' ' || c == '-') c = '_';
  size_t begin = zsh.find("\n" + name + "() {\n");
  if (begin == std::string::npos) return "";
  return zsh.substr(begin, zsh.find("\n}\n", begin) - begin);
}

// Every command below the top one, with the words that name it.
void commands(const doc::CommandDoc &c, const std::string &words,
              std::vector<std::pair<std::string, const doc::CommandDoc *>> &out) {
  for (const doc::CommandDoc &sub : c.subcommands) {
    out.push_back({words + " " + sub.name, &sub});
    commands(sub, words + " " + sub.name, out);
  }
}

TEST(CliDoc, TheGeneratedFilesAreTheOnesTheCliGivesNow) {
  doc::CommandDoc cli = liveCli();
  EXPECT_EQ(generated("provcheck.1"), doc::manPage(cli, PROVCHECK_VERSION));
  EXPECT_EQ(generated("provcheck.bash"), doc::bashCompletion(cli));
  EXPECT_EQ(generated("_provcheck"), doc::zshCompletion(cli));
}

TEST(CliDoc, EverySubcommandAndOptionIsInTheManPageAndCompletions) {
  doc::CommandDoc cli = liveCli();
  std::string man = generated("provcheck.1"), bash = generated("provcheck.bash"),
              zsh = generated("_provcheck");
  std::vector<std::string> subs;
  for (const doc::CommandDoc &sub : cli.subcommands) subs.push_back(sub.name);
  EXPECT_THAT(subs, ::testing::IsSupersetOf({"check", "maintainers", "report", "request",
                                             "hooks", "demo"}));
  std::vector<std::pair<std::string, const doc::CommandDoc *>> all;
  commands(cli, "provcheck", all);
  EXPECT_GT(all.size(), subs.size()); // hooks has its own subcommands
  size_t options = 0;
  for (const auto &[words, c] : all) {
    // A subcommand's man page section; a subcommand of a subcommand's subsection in it.
    std::string top = words.substr(10, words.find(' ', 10) - 10);
    std::string section = manSection(man, top);
    ASSERT_FALSE(section.empty()) << "no man page section for " << top;
    if (words.find(' ', 10) != std::string::npos) {
      size_t sub = section.find(".SS \"" + roffName(words) + "\"\n");
      ASSERT_NE(sub, std::string::npos) << "no man page subsection for " << words;
      section = section.substr(sub, section.find("\n.SS ", sub + 1) - sub);
    }
    EXPECT_THAT(section, HasSubstr(roffName(c->description.substr(0, 30)))) << words;
    std::string arm = bashArm(bash, words), function = zshFunction(zsh, words);
    ASSERT_FALSE(arm.empty()) << "no bash completion for " << words;
    ASSERT_FALSE(function.empty()) << "no zsh completion for " << words;
    for (const doc::CommandDoc &sub : c->subcommands) {
      EXPECT_THAT(arm, HasSubstr(sub.name)) << words;
      EXPECT_THAT(function, HasSubstr("'" + sub.name + ":")) << words;
    }
    for (const doc::OptionDoc &o : c->options) {
      std::vector<std::string> names = o.names;
      names.insert(names.end(), o.negations.begin(), o.negations.end());
      for (const std::string &n : names) {
        ++options;
        EXPECT_THAT(section, HasSubstr("\\fB" + roffName(n) + "\\fR")) << words << " " << n;
        EXPECT_THAT(" " + bashOpts(arm) + " ", HasSubstr(" " + n + " ")) << words << " " << n;
        EXPECT_THAT(function, HasSubstr(n + (o.value.empty() || n.rfind("--", 0) ? "[" : "=[")))
            << words << " " << n;
      }
      for (const std::string &choice : o.choices) {
        EXPECT_THAT(section, HasSubstr("\\fB" + roffName(choice) + "\\fR")) << choice;
        EXPECT_THAT(arm, HasSubstr(choice)) << choice;
      }
    }
  }
  EXPECT_GT(options, 100u); // maintainers alone has get_maintainer.pl's
  for (const doc::OptionDoc &o : cli.options)
    for (const std::string &n : o.names)
      EXPECT_THAT(man, HasSubstr("\\fB" + roffName(n) + "\\fR"));
  EXPECT_THAT(man, HasSubstr("\\-\\-version"));
}

TEST(CliDoc, ManRendersItWithoutWarnings) {
  if (runCommand("command -v groff").rc != 0) GTEST_SKIP() << "groff is not installed";
  std::string page = (std::filesystem::path(PROVCHECK_DOC_DIR) / "provcheck.1").string();
  CommandResult r = runShell("groff -man -Tutf8 -ww -z " + shellWord(page));
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err, "");
  if (runCommand("command -v man").rc != 0) return;
  CommandResult shown = runShell("MANWIDTH=100 MAN_KEEP_FORMATTING=0 man -l " + shellWord(page) +
                                 " | col -b");
  EXPECT_EQ(shown.exitCode, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("PROVCHECK MAINTAINERS"));
  EXPECT_THAT(shown.out, HasSubstr("--no-summary"));
}

const std::string kBashCompletion =
    (std::filesystem::path(PROVCHECK_DOC_DIR) / "provcheck.bash").string();

// Completes `line` (the cursor at its end) with a bash completion file (the generated one
// unless given).
std::vector<std::string> bashComplete(const std::string &line, const std::string &dir,
                                      const std::string &file = kBashCompletion) {
  std::string script = "source " + shellWord(file) + "; cd " + shellWord(dir) + "; COMP_LINE=" + shellWord(line) +
                       "; l=${COMP_LINE//=/ = }; read -ra COMP_WORDS <<< \"$l\"; "
                       "[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=(''); "
                       "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _provcheck; "
                       "printf '%s\\n' \"${COMPREPLY[@]}\"";
  CommandResult r = runShell("bash -c " + shellWord(script));
  EXPECT_EQ(r.exitCode, 0) << r.err;
  std::vector<std::string> out;
  std::istringstream in(r.out);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

TEST(CliDoc, BashCompletesSubcommandsOptionsAndValues) {
  TempDir dir;
  using ::testing::Contains;
  using ::testing::ElementsAre;
  EXPECT_THAT(bashComplete("provcheck ch", dir.str()), ElementsAre("check"));
  EXPECT_THAT(bashComplete("provcheck -C . rep", dir.str()), ElementsAre("report"));
  EXPECT_THAT(bashComplete("provcheck check --fo", dir.str()), ElementsAre("--format"));
  EXPECT_THAT(bashComplete("provcheck check --format ", dir.str()),
              ElementsAre("text", "json", "oneline", "jsonl", "checkpatch", "patchwork"));
  EXPECT_THAT(bashComplete("provcheck report --format co", dir.str()), ElementsAre("codequality"));
  EXPECT_THAT(bashComplete("provcheck maintainers --nogit-f", dir.str()),
              ElementsAre("--nogit-fallback"));
  EXPECT_THAT(bashComplete("provcheck hooks ", dir.str()),
              ElementsAre("install", "uninstall", "sendemail-validate"));
  EXPECT_THAT(bashComplete("provcheck hooks install --", dir.str()), Contains("--warn-only"));
  EXPECT_THAT(bashComplete("provcheck -C . check -p . --format=j", dir.str()),
              ElementsAre("json", "jsonl"));
  std::ofstream(dir.path() / "series.mbox") << "";
  EXPECT_THAT(bashComplete("provcheck check ser", dir.str()), ElementsAre("series.mbox"));
}

TEST(CliDoc, ZshReadsTheCompletion) {
  if (runCommand("command -v zsh").rc != 0) GTEST_SKIP() << "zsh is not installed";
  std::string file = (std::filesystem::path(PROVCHECK_DOC_DIR) / "_provcheck").string();
  CommandResult r = runShell("zsh -n " + shellWord(file));
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

// `cmake --install` into a prefix gives the program, its man page and the completions,
// each where man, bash-completion and zsh look for them, and the program runs from there.
TEST(CliInstall, IntoAPrefix) {
  namespace fs = std::filesystem;
  TempDir prefix, work;
  CommandResult installed = runShell("cmake --install " + shellWord(PROVCHECK_BUILD_DIR) +
                                     " --prefix " + shellWord(prefix.str()));
  ASSERT_EQ(installed.exitCode, 0) << installed.out << installed.err;
  fs::path bin = prefix.path() / "bin/provcheck",
           man = prefix.path() / "share/man/man1/provcheck.1",
           bash = prefix.path() / "share/bash-completion/completions/provcheck",
           zsh = prefix.path() / "share/zsh/site-functions/_provcheck";
  for (const fs::path &f : {bin, man, bash, zsh}) ASSERT_TRUE(fs::is_regular_file(f)) << f;
  EXPECT_NE(fs::status(bin).permissions() & fs::perms::owner_exec, fs::perms::none);
  EXPECT_EQ(readFile(man), generated("provcheck.1"));
  EXPECT_EQ(readFile(bash), generated("provcheck.bash"));
  EXPECT_EQ(readFile(zsh), generated("_provcheck"));

  // The installed program on its own: its version, and the demo's violation.
  CommandResult version = runShell(shellWord(bin.string()) + " --version");
  EXPECT_EQ(version.exitCode, 0) << version.err;
  EXPECT_EQ(version.out, runProvcheck({"--version"}).out);
  std::string demo = shellWord(work.str() + "/demo");
  CommandResult made = runShell(shellWord(bin.string()) + " demo --dir " + demo);
  EXPECT_EQ(made.exitCode, 0) << made.err;
  CommandResult checked = runShell(shellWord(bin.string()) + " -C " + demo +
                                   " check --format oneline upstream..master");
  EXPECT_EQ(checked.exitCode, 1) << checked.err;
  EXPECT_THAT(checked.out, HasSubstr(" core 12 needs-agreement util/cutils:"));
  EXPECT_THAT(checked.out, HasSubstr(" violation tests/qtest/frob:"));

  // man finds the page by name under the prefix, with a section per subcommand.
  if (runCommand("command -v man").rc == 0) {
    CommandResult page = runShell("MANPATH=" + shellWord((prefix.path() / "share/man").string()) +
                                  " MANWIDTH=100 MAN_KEEP_FORMATTING=0 man provcheck | col -b");
    EXPECT_EQ(page.exitCode, 0) << page.err;
    for (const doc::CommandDoc &sub : liveCli().subcommands) {
      std::string upper;
      for (char c : sub.name) upper += char(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_THAT(page.out, HasSubstr("\nPROVCHECK " + upper + "\n")) << sub.name;
    }
  }
  // bash completes with the installed file; zsh's compinit registers it for provcheck.
  EXPECT_THAT(bashComplete("provcheck hooks ", work.str(), bash.string()),
              ::testing::ElementsAre("install", "uninstall", "sendemail-validate"));
  if (runCommand("command -v zsh").rc == 0) {
    CommandResult comps = runShell(
        "zsh -f -c " + shellWord("fpath=(" + zsh.parent_path().string() +
                                 " $fpath); autoload -Uz compinit; compinit -D -u; "
                                 "print -r -- $_comps[provcheck]"));
    EXPECT_EQ(comps.exitCode, 0) << comps.err;
    EXPECT_EQ(comps.out, "_provcheck\n") << comps.err;
  }
}

TEST(CliDoc, VersionNamesTheLibraries) {
  CommandResult r = runProvcheck({"--version"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::StartsWith(std::string("provcheck ") + PROVCHECK_VERSION + "\n"));
  EXPECT_THAT(r.out, ::testing::MatchesRegex("provcheck [0-9.]+\nbuilt with LLVM 16\\.[0-9.]+"
                                             "( \\([0-9.]+ at run time\\))?, libgit2 "
                                             "[0-9.]+( \\([0-9.]+ at run time\\))?\n"));
}

} // namespace
} // namespace provcheck::testing
