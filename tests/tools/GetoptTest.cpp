// `provcheck maintainers` takes get_maintainer.pl's options in every spelling Perl's
// Getopt::Long accepts for the script's GetOptions specification, and refuses the others
// as the script does. The specification is tests/data/qemu/get_maintainer/options.txt
// (taken from QEMU's script); Getopt::Long itself, run by perl, is the reference.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/Getopt.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace provcheck::testing {
namespace {

using getopt::ArgType;
using getopt::Spec;

std::vector<std::string> scriptSpecs() {
  std::istringstream in(readFile(qemuData("get_maintainer/options.txt")));
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}

std::vector<Spec> parsed(const std::vector<std::string> &texts) {
  std::vector<Spec> out;
  for (const std::string &t : texts) {
    auto s = getopt::parseSpec(t);
    EXPECT_TRUE(s) << t;
    if (s) out.push_back(*s);
  }
  return out;
}

std::string upper(std::string s) {
  for (char &c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// provcheck knows exactly the script's options, with the same names and value types.
TEST(GetMaintainerSpellings, EveryOptionOfTheScriptIsKnown) {
  std::vector<Spec> script = parsed(scriptSpecs());
  ASSERT_EQ(script.size(), 34u);
  const std::vector<Spec> &ours = cli::maintainersScriptOptions();
  ASSERT_EQ(ours.size(), script.size());
  for (size_t i = 0; i < script.size(); ++i) {
    EXPECT_EQ(ours[i].names, script[i].names) << i;
    EXPECT_EQ(ours[i].type, script[i].type) << script[i].names.front();
  }
}

TEST(Getopt, ParsesTheSpecificationForms) {
  auto negatable = getopt::parseSpec("i|interactive!");
  ASSERT_TRUE(negatable);
  EXPECT_EQ(negatable->names, (std::vector<std::string>{"i", "interactive"}));
  EXPECT_EQ(negatable->type, ArgType::Negatable);
  EXPECT_EQ(negatable->canonical(), "--interactive");
  EXPECT_EQ(negatable->canonicalNegated(), "--nointeractive");
  auto one = getopt::parseSpec("m!");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->canonical(), "-m");
  EXPECT_EQ(one->canonicalNegated(), "--nom");
  EXPECT_EQ(getopt::parseSpec("git-since=s")->type, ArgType::String);
  EXPECT_EQ(getopt::parseSpec("pattern-depth=i")->type, ArgType::Integer);
  EXPECT_EQ(getopt::parseSpec("h|help|usage")->type, ArgType::None);
  EXPECT_FALSE(getopt::parseSpec("level:i"));
  EXPECT_FALSE(getopt::parseSpec("a||b"));
}

TEST(Getopt, RewritesToOneSpellingPerOption) {
  std::vector<Spec> specs = parsed(scriptSpecs());
  auto rewrite = [&](std::vector<std::string> args) {
    auto r = getopt::canonicalArgs(specs, args);
    return r ? *r : std::vector<std::string>{"error: " + r.error().message};
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(rewrite({"--no-git-fallback", "--nogit-fallback", "-no-git", "--NoRoles"}),
            (V{"--nogit-fallback", "--nogit-fallback", "--nogit", "--noroles"}));
  EXPECT_EQ(rewrite({"--no-l", "-nol", "+l", "--L"}), (V{"--nol", "--nol", "-l", "-l"}));
  EXPECT_EQ(rewrite({"-f", "--FILE", "--fe", "-k", "--usage"}),
            (V{"--file", "--file", "--fe", "--keywords", "--help"}));
  EXPECT_EQ(rewrite({"--git-since", "2 weeks ago", "-git-min-percent=1_0", "x.c", "-"}),
            (V{"--git-since=2 weeks ago", "--git-min-percent=10", "x.c", "-"}));
  // Options after "--" are arguments; a mandatory string takes anything.
  EXPECT_EQ(rewrite({"--separator", "--", "--", "--nogit"}),
            (V{"--separator=--", "--", "--nogit"}));
  // Not the script's: left for provcheck's own parser (which refuses an unknown one).
  EXPECT_EQ(rewrite({"--nogit-fall", "--format", "json"}),
            (V{"--nogit-fall", "--format", "json"}));
  EXPECT_EQ(rewrite({"--nogit=1"}), (V{"error: Option nogit does not take an argument"}));
  EXPECT_EQ(rewrite({"--git-since"}), (V{"error: Option git-since requires an argument"}));
  EXPECT_EQ(rewrite({"--git-since="}), (V{"error: Option git-since requires an argument"}));
  EXPECT_EQ(rewrite({"--pattern-depth", "two"}),
            (V{"error: Value \"two\" invalid for option pattern-depth (number expected)"}));
  EXPECT_EQ(rewrite({"+"}), (V{"error: Missing option after +"}));
}

// Many spellings, right and wrong, of every option of the script.
std::vector<std::vector<std::string>> spellingCases(const std::vector<Spec> &specs) {
  std::vector<std::vector<std::string>> cases;
  for (const Spec &s : specs)
    for (const std::string &n : s.names)
      for (const char *prefix : {"--", "-", "+"}) {
        std::vector<std::string> forms = {n, upper(n), "no" + n, "no-" + n, "NO-" + upper(n),
                                          "No" + n};
        if (n.size() > 2) forms.push_back(n.substr(0, n.size() - 1)); // an abbreviation
        for (const std::string &f : forms) {
          std::string o = prefix + f;
          cases.push_back({o});
          cases.push_back({o + "=1"});
          cases.push_back({o, "12"});
          cases.push_back({o + "=12"});
          cases.push_back({o + "="});
          cases.push_back({o, "1_0", "file"});
          cases.push_back({o + "=-3"});
          cases.push_back({o + "=+7"});
          cases.push_back({o, "abc"});
          cases.push_back({"file", o, "--", "-x"});
        }
      }
  for (std::vector<std::string> c : {std::vector<std::string>{"--"}, {"-"}, {"+"}, {"--="},
                                     {"-", "--nogit", "--", "--git"}, {"---git"}})
    cases.push_back(c);
  return cases;
}

// Perl's answer for each case: "ok" and the options' values and the arguments left, or
// "error".
const char *kPerl = R"PERL(
use strict;
use warnings;
use Getopt::Long qw(GetOptionsFromArray :config no_auto_abbrev);
my ($specfile, $casefile) = @ARGV;
open(my $sf, '<', $specfile) or die;
my @specs = grep { !/^#/ && /\S/ } map { chomp; $_ } <$sf>;
open(my $cf, '<', $casefile) or die;
while (my $line = <$cf>) {
  chomp $line;
  my @args = split(/\t/, $line, -1);
  my %h;
  local $SIG{__WARN__} = sub {};
  if (GetOptionsFromArray(\@args, \%h, @specs)) {
    print join("\t", "ok", (map { "$_=$h{$_}" } sort keys %h), "|", @args), "\n";
  } else {
    print "error\n";
  }
}
)PERL";

// The same answer from provcheck's rewriting: the options a canonical spelling names,
// and the arguments; "error" when it refuses, or leaves an option it does not know (the
// command line parser refuses it then).
std::string ourAnswer(const std::vector<Spec> &specs, const std::vector<std::string> &args) {
  auto r = getopt::canonicalArgs(specs, args);
  if (!r) return "error";
  std::map<std::string, std::string> values;
  std::vector<std::string> rest;
  bool options = true;
  for (const std::string &a : *r) {
    if (options && a == "--") {
      options = false;
      continue;
    }
    if (!options || a == "-" || (a[0] != '-' && a[0] != '+')) {
      rest.push_back(a);
      continue;
    }
    std::string name = a.substr(0, a.find('='));
    const Spec *found = nullptr;
    std::string value;
    for (const Spec &s : specs) {
      if (name == s.canonical()) {
        found = &s;
        value = s.type == ArgType::None || s.type == ArgType::Negatable ? "1" : a.substr(name.size() + 1);
      } else if (s.type == ArgType::Negatable && name == s.canonicalNegated()) {
        found = &s;
        value = "0";
      }
      if (found) break;
    }
    if (!found) return "error";
    values[found->names.front()] = value;
  }
  std::string out = "ok";
  for (const auto &[k, v] : values) out += "\t" + k + "=" + v;
  out += "\t|";
  for (const std::string &a : rest) out += "\t" + a;
  return out;
}

TEST(GetMaintainerSpellings, AgreeWithPerlGetoptLong) {
  if (runCommand("command -v perl").rc != 0) GTEST_SKIP() << "perl is not installed";
  std::vector<Spec> specs = parsed(scriptSpecs());
  std::vector<std::vector<std::string>> cases = spellingCases(specs);
  TempDir dir;
  std::ofstream(dir.path() / "getopt.pl") << kPerl;
  {
    std::ofstream out(dir.path() / "cases.txt");
    for (const auto &c : cases) {
      for (size_t i = 0; i < c.size(); ++i) out << (i ? "\t" : "") << c[i];
      out << "\n";
    }
  }
  CommandResult perl =
      runShell("env -u POSIXLY_CORRECT perl " + shellWord((dir.path() / "getopt.pl").string()) +
               " " + shellWord(qemuData("get_maintainer/options.txt").string()) + " " +
               shellWord((dir.path() / "cases.txt").string()));
  ASSERT_EQ(perl.exitCode, 0) << perl.err;
  std::istringstream answers(perl.out);
  size_t accepted = 0, refused = 0;
  for (const auto &c : cases) {
    std::string expected;
    ASSERT_TRUE(std::getline(answers, expected)) << "perl gave fewer answers than cases";
    std::string joined;
    for (const std::string &a : c) joined += " [" + a + "]";
    EXPECT_EQ(ourAnswer(specs, c), expected) << "arguments:" << joined;
    (expected == "error" ? refused : accepted)++;
  }
  // The cases exercise both sides.
  EXPECT_GT(accepted, 1000u);
  EXPECT_GT(refused, 1000u);
}

} // namespace
} // namespace provcheck::testing
