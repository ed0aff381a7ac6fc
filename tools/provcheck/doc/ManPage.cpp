// provcheck(1) in man(7) roff: NAME, SYNOPSIS, DESCRIPTION, the global options, one
// section per subcommand (its synopsis, description, options and notes, as --help has
// them), then EXIT STATUS, FILES and SEE ALSO.
#include "tools/provcheck/doc/CliDoc.h"

#include <cctype>

namespace provcheck::doc {

namespace {

// Text for roff: backslashes escaped, a line starting with '.' or '\'' protected.
std::string roff(const std::string &text) {
  std::string out;
  bool lineStart = true;
  for (char c : text) {
    if (lineStart && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
    lineStart = c == '\n';
  }
  return out;
}

std::string bold(const std::string &s) { return "\\fB" + roff(s) + "\\fR"; }
std::string italic(const std::string &s) { return "\\fI" + roff(s) + "\\fR"; }

std::string upper(std::string s) {
  for (char &c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// ".TP" entry: "-o, --output FILE" then the description and the values it takes.
std::string optionEntry(const OptionDoc &o) {
  std::string head;
  for (const std::string &n : o.names) head += (head.empty() ? "" : ", ") + bold(n);
  for (const std::string &n : o.negations) head += ", " + bold(n);
  if (!o.value.empty()) head += " " + italic(o.value);
  std::string body = roff(o.description);
  if (!o.choices.empty()) {
    std::string list;
    for (const std::string &c : o.choices) list += (list.empty() ? "" : ", ") + bold(c);
    body += " (" + list + ")";
  }
  if (!o.negations.empty()) body += "; " + bold(o.negations.front()) + " turns it off";
  return ".TP\n" + head + "\n" + body + "\n";
}

// A footer as paragraphs, man refilling their lines: "Exit status:" starts its own.
std::string paragraphs(const std::string &text) {
  if (text.empty()) return "";
  std::string out = ".PP\n";
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (pos > 0 && line.rfind("Exit status:", 0) == 0) out += ".PP\n";
    out += roff(line) + "\n";
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

// "provcheck [-C DIR] hooks install [options] [FILE...]"; `words` names the command.
std::string synopsis(const CommandDoc &c, const std::string &words) {
  std::string out = ".B provcheck\n[" + bold("-C") + " " + italic("DIR") + "] " + bold(words);
  if (!c.subcommands.empty()) out += " " + italic("subcommand");
  out += " [" + italic("options") + "]";
  for (const OptionDoc &p : c.positionals)
    out += " [" + italic(p.names.front()) + (p.repeatable ? "...]" : "]");
  return out + "\n";
}

// A command's description, arguments, options and notes; then its own subcommands, each
// in a subsection.
std::string commandBody(const CommandDoc &c, const std::string &words) {
  std::string out = ".PP\n" + roff(c.description) + ".\n";
  for (const OptionDoc &p : c.positionals)
    out += ".TP\n" + italic(p.names.front()) + "\n" + roff(p.description) + "\n";
  for (const OptionDoc &o : c.options) out += optionEntry(o);
  out += paragraphs(c.footer);
  for (const CommandDoc &sub : c.subcommands) {
    std::string subWords = words + " " + sub.name;
    out += ".SS \"provcheck " + roff(subWords) + "\"\n" + synopsis(sub, subWords) +
           commandBody(sub, subWords);
  }
  return out;
}

} // namespace

std::string manPage(const CommandDoc &top, const std::string &version) {
  std::string out;
  out += ".\\\" provcheck(1), generated from provcheck's command line definitions.\n";
  out += ".TH PROVCHECK 1 \"\" \"provcheck " + roff(version) + "\" \"User Commands\"\n";
  out += ".SH NAME\nprovcheck \\- what a patch really changes, and what the project's "
         "AI\\-contribution policy says about it\n";
  out += ".SH SYNOPSIS\n.B provcheck\n[" + bold("-C") + " " + italic("DIR") + "] " +
         italic("subcommand") + " [" + italic("options") + "] [" + italic("arguments") +
         "]\n.br\n.B provcheck \\-\\-version\n";
  for (const CommandDoc &sub : top.subcommands) out += ".br\n" + synopsis(sub, sub.name);
  out += ".SH DESCRIPTION\n" + roff(
      "provcheck reads a patch (a git revision range, git format-patch files, a mailing-list "
      "mbox) and says what it really changes and what a project's AI-contribution policy "
      "says about it. Every changed hunk is mapped onto the Clang AST of the old and new "
      "file and onto the ownership map of MAINTAINERS; each change is classified as "
      "documentation, tests, mechanical, code or core code, with the evidence; and the "
      "policy (QEMU's by default, as data) turns that into a verdict: ok, needs-agreement "
      "(with whom) or violation.") + "\n";
  out += ".SH OPTIONS\n";
  for (const OptionDoc &o : top.options) out += optionEntry(o);
  out += paragraphs(top.footer);
  for (const CommandDoc &sub : top.subcommands)
    out += ".SH \"PROVCHECK " + upper(roff(sub.name)) + "\"\n" + synopsis(sub, sub.name) +
           commandBody(sub, sub.name);
  out += ".SH \"EXIT STATUS\"\n.TP\n0\nNothing to act on: every verdict is ok.\n"
         ".TP\n1\nFindings that need action: a patch or series verdict is needs\\-agreement "
         "or violation (for maintainers \\-\\-lint: findings; for request: requests "
         "drafted).\n.TP\n2\nUsage or input error: an unknown option or revision, an "
         "unreadable file, an mbox without a patch, a malformed diff, a bad policy file.\n";
  out += ".SH FILES\n.TP\n.I .provcheck.toml\nThe repository's policy, read from the tree "
         "of HEAD when \\-\\-policy is not given.\n.TP\n.I MAINTAINERS\nThe ownership map, "
         "read from the tree of HEAD.\n.TP\n.I .git/hooks/sendemail\\-validate\nThe hook "
         "that " + bold("provcheck hooks install") + " writes.\n";
  out += ".SH \"SEE ALSO\"\n" + bold("git-send-email") + "(1), " + bold("githooks") +
         "(5), " + bold("b4") + "(5)\n";
  return out;
}

} // namespace provcheck::doc
