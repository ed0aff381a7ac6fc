// Shell completions of provcheck, for bash (plain `complete -F`, no bash-completion
// helpers needed) and zsh (_arguments), from the same description as the man page. A
// command's words are read left to right to find which (sub)subcommand is being typed;
// then its options, the values of the option before the cursor, its subcommands, or
// files and revisions are offered.
#include "tools/provcheck/doc/CliDoc.h"
#include "tools/provcheck/ShellWord.h"

namespace provcheck::doc {

namespace {

std::string join(const std::vector<std::string> &v, const std::string &sep) {
  std::string out;
  for (const std::string &s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Every command with the words that name it: {"provcheck"}, {"provcheck", "hooks"}, ...
struct CommandPath {
  const CommandDoc *doc;
  std::string words; // "provcheck hooks install"
  std::string function; // "_provcheck_hooks_install"
};

void collect(const CommandDoc &c, const std::string &words, std::vector<CommandPath> &out) {
  std::string function = "_" + words;
  for (char &ch : function)
    if (ch == ' ' || ch == '-') ch = '_';
  out.push_back({&c, words, function});
  for (const CommandDoc &sub : c.subcommands) collect(sub, words + " " + sub.name, out);
}

std::vector<CommandPath> paths(const CommandDoc &top) {
  std::vector<CommandPath> out;
  collect(top, top.name, out);
  return out;
}

// Every spelling of every option of a command, for `compgen -W`.
std::string allNames(const CommandDoc &c) {
  std::vector<std::string> names;
  for (const OptionDoc &o : c.options) {
    names.insert(names.end(), o.names.begin(), o.names.end());
    names.insert(names.end(), o.negations.begin(), o.negations.end());
  }
  return join(names, " ");
}

std::string bashValues(const OptionDoc &o) {
  if (!o.choices.empty()) return "COMPREPLY=($(compgen -W \"" + join(o.choices, " ") + "\" -- \"$cur\"))";
  if (valueIsDirectory(o)) return "COMPREPLY=($(compgen -d -- \"$cur\"))";
  if (valueIsPath(o)) return "COMPREPLY=($(compgen -f -- \"$cur\"))";
  return "COMPREPLY=()";
}

// An _arguments description: brackets and backslashes escaped, one line.
std::string zshDescription(const std::string &s) {
  std::string out;
  for (char c : s) {
    if (c == '[' || c == ']' || c == '\\' || c == ':') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string zshAction(const OptionDoc &o) {
  if (!o.choices.empty()) return "(" + join(o.choices, " ") + ")";
  if (valueIsDirectory(o)) return "_files -/";
  if (valueIsPath(o)) return "_files";
  return " ";
}

// The _arguments specs of one option: its spellings exclude each other.
std::vector<std::string> zshSpecs(const OptionDoc &o) {
  std::vector<std::string> all = o.names;
  all.insert(all.end(), o.negations.begin(), o.negations.end());
  std::string exclusion = o.repeatable ? "*" : "(" + join(all, " ") + ")";
  std::string desc = "[" + zshDescription(o.description) + "]";
  std::string arg;
  if (!o.value.empty()) arg = ":" + zshDescription(o.value) + ":" + zshAction(o);
  std::vector<std::string> out;
  for (const std::string &n : o.names) {
    // A long option takes its value as the next word or after "=".
    std::string name = n + (!o.value.empty() && n.rfind("--", 0) == 0 ? "=" : "");
    out.push_back(shellWord(exclusion + name + desc + arg));
  }
  for (const std::string &n : o.negations)
    out.push_back(shellWord(exclusion + n + "[turn off " + o.names.front() + "]"));
  return out;
}

std::string zshFunction(const CommandPath &p, const std::vector<CommandPath> &all) {
  const CommandDoc &c = *p.doc;
  std::string out = p.function + "() {\n  local curcontext=$curcontext state line ret=1\n"
                    "  typeset -A opt_args\n  _arguments -C";
  for (const OptionDoc &o : c.options)
    for (const std::string &spec : zshSpecs(o)) out += " \\\n    " + spec;
  if (!c.subcommands.empty()) {
    out += " \\\n    '1:subcommand:->subcommand' \\\n    '*::argument:->argument' && ret=0\n"
           "  case $state in\n    subcommand)\n      local -a subcommands=(\n";
    for (const CommandDoc &s : c.subcommands)
      out += "        " + shellWord(s.name + ":" + zshDescription(s.description)) + "\n";
    out += "      )\n      _describe -t subcommands 'subcommand' subcommands && ret=0 ;;\n"
           "    argument)\n      curcontext=${curcontext%:*:*}:" +
           p.function.substr(1) + "-$words[1]:\n      case $words[1] in\n";
    for (const CommandPath &sub : all)
      if (sub.words.rfind(p.words + " ", 0) == 0 &&
          sub.words.find(' ', p.words.size() + 1) == std::string::npos)
        out += "        " + sub.doc->name + ") " + sub.function + " && ret=0 ;;\n";
    out += "      esac ;;\n  esac\n";
  } else {
    for (const OptionDoc &pos : c.positionals)
      out += " \\\n    " + shellWord("*:" + zshDescription(pos.names.front()) + ":_files");
    out += " && ret=0\n";
  }
  return out + "  return ret\n}\n\n";
}

} // namespace

std::string bashCompletion(const CommandDoc &top) {
  std::vector<CommandPath> all = paths(top);
  std::vector<std::string> skipValue, enter;
  for (const CommandPath &p : all) {
    for (const OptionDoc &o : p.doc->options)
      if (!o.value.empty())
        for (const std::string &n : o.names) skipValue.push_back("\"" + p.words + ":" + n + "\"");
    for (const CommandDoc &s : p.doc->subcommands)
      enter.push_back("\"" + p.words + ":" + s.name + "\"");
  }
  std::string out =
      "# bash completion for provcheck, generated from its command line definitions.\n"
      "_provcheck() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      "  # --opt=value: bash splits the word at \"=\".\n"
      "  if [[ $cur == = ]]; then cur=; fi\n"
      "  if [[ $prev == = && COMP_CWORD -ge 2 ]]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi\n"
      "  # The (sub)subcommand being typed: the words before the cursor, options skipped.\n"
      "  local cmd=" + top.name + " i w\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    w=${COMP_WORDS[i]}\n"
      "    case \"$cmd:$w\" in\n"
      "      " + join(skipValue, "|") + ") ((i++)) ;;\n"
      "      " + join(enter, "|") + ") cmd=\"$cmd $w\" ;;\n"
      "    esac\n"
      "  done\n"
      "  local opts= subs=\n"
      "  case $cmd in\n";
  for (const CommandPath &p : all) {
    const CommandDoc &c = *p.doc;
    out += "    \"" + p.words + "\")\n      case $prev in\n";
    for (const OptionDoc &o : c.options)
      if (!o.value.empty())
        out += "        " + join(o.names, "|") + ") " + bashValues(o) + "; return ;;\n";
    std::vector<std::string> subs;
    for (const CommandDoc &s : c.subcommands) subs.push_back(s.name);
    out += "      esac\n      opts=\"" + allNames(c) + "\"\n      subs=\"" + join(subs, " ") +
           "\" ;;\n";
  }
  out += "  esac\n"
         "  if [[ $cur == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
         "  elif [[ -n $subs ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
         "  else\n"
         "    # Arguments: files, and the revisions of the repository.\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\") $(compgen -W \"$(git for-each-ref "
         "--format='%(refname:short)' 2>/dev/null)\" -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
         "complete -o filenames -F _provcheck provcheck\n";
  return out;
}

std::string zshCompletion(const CommandDoc &top) {
  std::vector<CommandPath> all = paths(top);
  std::string out = "#compdef " + top.name + "\n# zsh completion for " + top.name +
                    ", generated from its command line definitions.\n\n";
  // The subcommands' functions first, then the one that completes the command.
  for (size_t i = all.size(); i-- > 0;) out += zshFunction(all[i], all);
  return out + all.front().function + " \"$@\"\n";
}

} // namespace provcheck::doc
