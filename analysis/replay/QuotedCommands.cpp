#include "analysis/replay/QuotedCommands.h"

#include "analysis/replay/ShellWords.h"
#include "analysis/replay/ToolScripts.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>

namespace provcheck::replay {

const char *toString(Tool t) {
  switch (t) {
  case Tool::Sed: return "sed";
  case Tool::Perl: return "perl";
  case Tool::Spatch: return "spatch";
  }
  return "?";
}

std::vector<Invocation> QuotedCommand::runs() const {
  std::vector<Invocation> out{{scripts, files}};
  out.insert(out.end(), moreRuns.begin(), moreRuns.end());
  return out;
}

namespace {

constexpr size_t kShownCommand = 160; // characters of a command shown in reasons

struct MessageLine {
  size_t begin, end; // offsets of the line, without its newline
};

std::vector<MessageLine> splitLines(std::string_view text) {
  std::vector<MessageLine> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    out.push_back({pos, end});
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

int lineOf(const std::vector<MessageLine> &lines, size_t offset) {
  auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                             [](size_t o, const MessageLine &l) { return o < l.begin; });
  return static_cast<int>(it - lines.begin());
}

// The command text as one line: continuations and newlines become one space.
std::string oneLine(std::string_view raw) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size() && raw[i + 1] == '\n') {
      space = true;
      ++i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > kShownCommand) out = out.substr(0, kShownCommand - 3) + "...";
  return out;
}

// "./hw/x.c" -> "hw/x.c", "dir/" -> "dir", "." -> "".
std::string normalPath(std::string p) {
  while (p.rfind("./", 0) == 0) p.erase(0, 2);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == ".") p.clear();
  return p;
}

std::string underDir(const std::string &cwd, const std::string &p) {
  std::string n = normalPath(p);
  if (cwd.empty() || (!n.empty() && n[0] == '/')) return n;
  return n.empty() ? cwd : cwd + "/" + n;
}

// What a command that lists files (git grep -l, grep -rl, find, ls) selects.
FileSelection producedFiles(const SimpleCommand &cmd, const std::string &cwd) {
  FileSelection sel;
  sel.fromPatch = true;
  const auto &w = cmd.words;
  if (w.empty()) return sel;
  auto addPath = [&](const ShellWord &word, bool pathspec) {
    std::string p = underDir(cwd, word.text);
    if (p.empty()) return;
    bool pattern = word.text.find_first_of("*?[") != std::string::npos;
    if (pattern) (pathspec ? sel.pathspecs : sel.globs).push_back(p);
    else sel.dirs.push_back(p);
  };
  size_t i = 0;
  bool git = w[0].text == "git";
  if (git) ++i;
  std::string verb = i < w.size() ? w[i].text : "";
  if (verb == "grep" || verb == "ls-files" || (git && verb == "diff")) {
    bool grep = verb == "grep";
    bool patternGiven = false, afterDashes = false;
    for (++i; i < w.size(); ++i) {
      const std::string &a = w[i].text;
      if (!afterDashes && a == "--") {
        afterDashes = true;
        continue;
      }
      if (!afterDashes && a.size() > 1 && a[0] == '-') {
        if (a == "-e" || a == "-f" || a == "--regexp") {
          patternGiven = true;
          ++i;
        }
        continue;
      }
      if (grep && !patternGiven && !afterDashes) {
        patternGiven = true;
        continue;
      }
      addPath(w[i], git);
    }
    if (cwd.size() && sel.dirs.empty() && sel.globs.empty() && sel.pathspecs.empty())
      sel.dirs.push_back(cwd);
    return sel;
  }
  if (verb == "find" && !git) {
    for (i = 1; i < w.size(); ++i) {
      const std::string &a = w[i].text;
      if (!a.empty() && (a[0] == '-' || a == "(" || a == "!")) break;
      std::string p = underDir(cwd, a);
      if (p.empty() || p == "*") continue; // "find ./*": everything
      sel.dirs.push_back(p); // start points add up; a glob ("target-*") matches directories
    }
    bool negated = false;
    for (size_t k = i; k < w.size(); ++k)
      if (w[k].text == "!" || w[k].text == "-not" || w[k].text == "-prune") negated = true;
    for (; i + 1 < w.size() && !negated; ++i) {
      const std::string &a = w[i].text;
      if (a == "-exec" || a == "-execdir") break;
      if (a == "-name" || a == "-iname") {
        sel.nameGlobs.push_back(w[i + 1].text);
        sel.nameCaseless = sel.nameCaseless || a == "-iname";
      } else if (a == "-path" || a == "-wholename") {
        sel.pathspecs.push_back(underDir(cwd, w[i + 1].text));
      }
    }
    if (cwd.size() && sel.dirs.empty() && sel.pathspecs.empty()) sel.dirs.push_back(cwd);
    return sel;
  }
  if (verb == "ls" || verb == "echo") {
    for (++i; i < w.size(); ++i)
      if (w[i].text.empty() || w[i].text[0] != '-') addPath(w[i], false);
    return sel;
  }
  if (cwd.size()) sel.dirs.push_back(cwd);
  return sel; // an unknown producer: the patch's files
}

void merge(FileSelection &into, const FileSelection &from) {
  auto add = [](std::vector<std::string> &a, const std::vector<std::string> &b) {
    for (const std::string &s : b)
      if (std::find(a.begin(), a.end(), s) == a.end()) a.push_back(s);
  };
  add(into.paths, from.paths);
  add(into.globs, from.globs);
  add(into.pathspecs, from.pathspecs);
  add(into.dirs, from.dirs);
  add(into.nameGlobs, from.nameGlobs);
  into.fromPatch = into.fromPatch || from.fromPatch;
  into.nameCaseless = into.nameCaseless || from.nameCaseless;
}

struct Context {
  std::string cwd;                // after "cd DIR"
  std::optional<FileSelection> loop; // the files of "for f in ..."
  std::optional<FileSelection> implicit; // the files xargs or find -exec pass
  std::map<std::string, std::string> vars; // NAME=value assignments with literal values
  // "for NAME in WORDS" over literal words: the name and the words.
  std::optional<std::pair<std::string, std::vector<std::string>>> literalLoop;
};

bool nameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `w` with its $NAME and ${NAME} replaced by the values of `vars`; unchanged (still
// marked as holding a variable) when one is unknown.
ShellWord expandVariables(const ShellWord &w, const std::map<std::string, std::string> &vars) {
  if (!w.variable || w.substitution || vars.empty()) return w;
  std::string out;
  const std::string &t = w.text;
  for (size_t i = 0; i < t.size();) {
    if (t[i] != '$' || i + 1 >= t.size()) {
      out += t[i++];
      continue;
    }
    size_t begin = i + 1, end;
    bool braced = t[begin] == '{';
    if (braced) {
      ++begin;
      end = t.find('}', begin);
      if (end == std::string::npos) return w;
    } else {
      end = begin;
      while (end < t.size() && nameChar(t[end])) ++end;
      if (end == begin) {
        out += t[i++];
        continue;
      }
    }
    auto it = vars.find(t.substr(begin, end - begin));
    if (it == vars.end()) return w;
    out += it->second;
    i = braced ? end + 1 : end;
  }
  ShellWord x = w;
  x.text = std::move(out);
  x.variable = false;
  return x;
}

bool literal(const ShellWord &w) { return !w.variable && !w.substitution && !w.glob && !w.brace; }

// The files named by a command's file arguments.
FileSelection fileArguments(const std::vector<ShellWord> &args, const Context &ctx) {
  FileSelection sel;
  for (const ShellWord &a : args) {
    if (a.text == "{}" && ctx.implicit) {
      merge(sel, *ctx.implicit);
    } else if (a.substitution) {
      ShellLine inner = splitShell(a.inner);
      if (!inner.pipelines.empty() && !inner.pipelines[0].commands.empty())
        merge(sel, producedFiles(inner.pipelines[0].commands.front(), ctx.cwd));
      else
        sel.fromPatch = true;
    } else if (a.variable) {
      if (ctx.loop) merge(sel, *ctx.loop);
      else sel.fromPatch = true;
    } else {
      for (const std::string &text : a.brace ? expandBraces(a.text) : std::vector<std::string>{a.text}) {
        std::string p = underDir(ctx.cwd, text);
        if (p == "*" || (p.empty() && a.glob)) sel.fromPatch = true;
        else if (text.find_first_of("*?[") != std::string::npos && a.glob) sel.globs.push_back(p);
        else if (!p.empty()) sel.paths.push_back(p);
      }
    }
  }
  if (args.empty() && ctx.implicit) merge(sel, *ctx.implicit);
  return sel;
}

std::string expansionProblem(const ShellWord &w, const char *what) {
  if (w.substitution) return std::string("the ") + what + " holds a command substitution";
  if (w.variable) return std::string("the ") + what + " uses a shell variable";
  return {};
}

std::optional<QuotedCommand> parseSed(const std::vector<ShellWord> &w, const Context &ctx) {
  QuotedCommand qc;
  qc.tool = Tool::Sed;
  bool inPlace = false;
  std::vector<const ShellWord *> scriptWords;
  std::vector<ShellWord> positional;
  auto option = [&](const std::string &o) {
    if (std::find(qc.options.begin(), qc.options.end(), o) == qc.options.end()) qc.options.push_back(o);
  };
  bool scriptFromFile = false;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string &a = w[i].text;
    if (a == "--") {
      positional.insert(positional.end(), w.begin() + i + 1, w.end());
      break;
    }
    if (a.rfind("--", 0) == 0) {
      std::string name = a.substr(0, a.find('='));
      bool hasValue = a.find('=') != std::string::npos;
      std::string value = hasValue ? a.substr(a.find('=') + 1) : "";
      auto next = [&]() -> const ShellWord * { return i + 1 < w.size() ? &w[++i] : nullptr; };
      if (name == "--in-place") inPlace = true;
      else if (name == "--expression") {
        if (hasValue) qc.scripts.push_back(value);
        else if (const ShellWord *n = next()) scriptWords.push_back(n);
      } else if (name == "--file") {
        scriptFromFile = true;
        if (hasValue) qc.scriptFile = value;
        else if (const ShellWord *n = next()) qc.scriptFile = n->text;
      } else if (name == "--regexp-extended") option("-E");
      else if (name == "--quiet" || name == "--silent") option("-n");
      else if (name == "--separate") option("-s");
      else if (name == "--null-data") option("-z");
      else if (name == "--posix") option("--posix");
      else if (name == "--line-length" && !hasValue) next();
      else if (name != "--sandbox" && name != "--debug" && name != "--follow-symlinks" &&
               name != "--unbuffered" && name != "--binary" && name != "--line-length")
        qc.problem = "unknown sed option " + name;
      continue;
    }
    if (a.size() > 1 && a[0] == '-') {
      for (size_t j = 1; j < a.size(); ++j) {
        char c = a[j];
        std::string rest = a.substr(j + 1);
        if (c == 'i') {
          inPlace = true;
          break;
        }
        if (c == 'e' || c == 'f' || c == 'l') {
          const ShellWord *value = nullptr;
          ShellWord own;
          if (!rest.empty()) {
            own = w[i];
            own.text = rest;
          } else if (i + 1 < w.size()) {
            value = &w[++i];
          }
          if (c == 'e') {
            if (value) scriptWords.push_back(value);
            else qc.scripts.push_back(own.text);
          } else if (c == 'f') {
            scriptFromFile = true;
            qc.scriptFile = value ? value->text : own.text;
          }
          break;
        }
        if (c == 'E' || c == 'r') option("-E");
        else if (c == 'n') option("-n");
        else if (c == 's') option("-s");
        else if (c == 'z') option("-z");
        else if (c != 'u' && c != 'b') {
          qc.problem = std::string("unknown sed option -") + c;
          break;
        }
      }
      continue;
    }
    positional.push_back(w[i]);
  }
  if (!inPlace) return std::nullopt; // it prints; it edits no file
  size_t firstFile = 0;
  if (scriptWords.empty() && qc.scripts.empty() && !scriptFromFile) {
    if (positional.empty()) return std::nullopt;
    scriptWords.push_back(&positional[0]);
    firstFile = 1;
  }
  for (const ShellWord *s : scriptWords) {
    if (qc.problem.empty()) qc.problem = expansionProblem(*s, "script");
    qc.scripts.push_back(s->text);
  }
  if (scriptFromFile && qc.problem.empty()) {
    if (qc.scriptFile == "-" || qc.scriptFile.empty())
      qc.problem = "the script is read from standard input";
    else
      qc.scriptFile = underDir(ctx.cwd, qc.scriptFile);
  }
  int commands = 0;
  for (const std::string &s : qc.scripts) {
    SedCheck check = checkSedScript(s);
    commands += check.commands;
    if (qc.problem.empty() && !check.problem.empty()) qc.problem = "sed script: " + check.problem;
  }
  if (commands == 0 && !scriptFromFile) return std::nullopt;
  qc.files = fileArguments({positional.begin() + firstFile, positional.end()}, ctx);
  return qc;
}

std::optional<QuotedCommand> parsePerl(const std::vector<ShellWord> &w, const Context &ctx) {
  QuotedCommand qc;
  qc.tool = Tool::Perl;
  bool print = false, inPlace = false, otherOption = false;
  std::vector<const ShellWord *> exprWords;
  std::vector<ShellWord> positional;
  std::vector<ShellWord> own; // expressions glued to their option
  own.reserve(w.size());
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string &a = w[i].text;
    if (a == "--") {
      positional.insert(positional.end(), w.begin() + i + 1, w.end());
      break;
    }
    if (a.size() > 1 && a[0] == '-' && positional.empty()) {
      for (size_t j = 1; j < a.size(); ++j) {
        char c = a[j];
        if (c == 'p') print = true;
        else if (c == 'i') {
          inPlace = true;
          break; // the rest is the backup suffix
        } else if (c == 'e' || c == 'E') {
          if (j + 1 < a.size()) {
            own.push_back(w[i]);
            own.back().text = a.substr(j + 1);
            exprWords.push_back(&own.back());
          } else if (i + 1 < w.size()) {
            exprWords.push_back(&w[++i]);
          }
          break;
        } else if (c == '0' || c == 'l') {
          size_t k = j + 1;
          while (k < a.size() && std::isxdigit(static_cast<unsigned char>(a[k]))) ++k;
          qc.options.push_back(std::string("-") + a.substr(j, k - j));
          j = k - 1;
        } else if (c == 'w' || c == 'W' || c == 'X') {
          // warnings only
        } else {
          otherOption = true;
          if (qc.problem.empty()) qc.problem = std::string("perl option -") + c;
          break;
        }
      }
      continue;
    }
    positional.push_back(w[i]);
  }
  (void)otherOption;
  if (!inPlace || exprWords.empty()) return std::nullopt; // no in-place expression
  if (!print && qc.problem.empty()) qc.problem = "perl -i without -p";
  for (const ShellWord *e : exprWords) {
    if (qc.problem.empty()) qc.problem = expansionProblem(*e, "expression");
    qc.scripts.push_back(e->text);
    if (qc.problem.empty()) {
      std::string why = checkPerlExpression(e->text);
      if (!why.empty()) qc.problem = "perl expression: " + why;
    }
  }
  qc.files = fileArguments(positional, ctx);
  return qc;
}

// spatch's options, old spellings (-sp_file) and new (--sp-file) alike.
std::string spatchOption(std::string a) {
  if (a.size() > 2 && a[0] == '-' && a[1] != '-') a = "-" + a;
  std::replace(a.begin(), a.end(), '_', '-');
  return a;
}

std::optional<QuotedCommand> parseSpatch(const std::vector<ShellWord> &w, const Context &ctx) {
  QuotedCommand qc;
  qc.tool = Tool::Spatch;
  std::vector<ShellWord> positional;
  FileSelection dirs;
  static const std::vector<std::string> kPassed = {
      "--include-headers", "--smpl-spacing", "--keep-comments", "--no-includes",
      "--local-includes", "--all-includes", "--recursive-includes",
      "--include-headers-for-types", "--linux-spacing"};
  static const std::vector<std::string> kWithValue = {
      "--timeout", "-j", "--jobs", "--cache-prefix", "--cache-limit", "-o", "--out-place",
      "-I", "--include", "--iso-file", "--tmp-dir", "--suffix", "--patch", "--python",
      "--max", "--index", "--profile", "--debug-file", "--chunksize"};
  for (size_t i = 1; i < w.size(); ++i) {
    std::string raw = w[i].text;
    if (raw.empty() || raw[0] != '-') {
      positional.push_back(w[i]);
      continue;
    }
    std::string value;
    bool hasValue = false;
    if (raw.rfind("--", 0) == 0 && raw.find('=') != std::string::npos) {
      value = raw.substr(raw.find('=') + 1);
      raw = raw.substr(0, raw.find('='));
      hasValue = true;
    }
    std::string a = spatchOption(raw);
    auto next = [&]() -> std::string {
      if (hasValue) return value;
      return i + 1 < w.size() ? w[++i].text : std::string();
    };
    if (a == "--sp-file" || a == "--sp") qc.scriptFile = underDir(ctx.cwd, next());
    else if (a == "--macro-file") qc.macroFile = underDir(ctx.cwd, next());
    else if (a == "--dir") {
      std::string d = underDir(ctx.cwd, next());
      dirs.fromPatch = true;
      if (!d.empty()) dirs.dirs.push_back(d);
    } else if (a == "-D") {
      qc.options.push_back("-D");
      qc.options.push_back(next());
    } else if (std::find(kPassed.begin(), kPassed.end(), a) != kPassed.end()) {
      qc.options.push_back(a);
    } else if (std::find(kWithValue.begin(), kWithValue.end(), a) != kWithValue.end()) {
      next();
    }
    // Other options change how spatch looks for files or what it prints, not the result.
  }
  std::vector<ShellWord> fileWords;
  for (const ShellWord &p : positional) {
    if (qc.scriptFile.empty() && p.text.size() > 6 &&
        p.text.compare(p.text.size() - 6, 6, ".cocci") == 0)
      qc.scriptFile = underDir(ctx.cwd, p.text);
    else
      fileWords.push_back(p);
  }
  if (qc.scriptFile.empty()) return std::nullopt;
  qc.files = fileArguments(fileWords, ctx);
  merge(qc.files, dirs);
  if (fileWords.empty() && !dirs.fromPatch && !ctx.implicit) qc.files.fromPatch = true;
  return qc;
}

std::optional<QuotedCommand> parseTool(const std::vector<ShellWord> &w, const Context &ctx) {
  if (w.empty()) return std::nullopt;
  if (w[0].text == "sed") return parseSed(w, ctx);
  if (w[0].text == "perl") return parsePerl(w, ctx);
  if (w[0].text == "spatch") return parseSpatch(w, ctx);
  return std::nullopt;
}

bool isTool(const std::string &s) { return s == "sed" || s == "perl" || s == "spatch"; }

// The tool commands of one shell line, with the files their context gives them.
void commandsOfLine(const ShellLine &line, Context &ctx, std::vector<QuotedCommand> &out) {
  for (const Pipeline &p : line.pipelines) {
    for (size_t k = 0; k < p.commands.size(); ++k) {
      std::vector<ShellWord> w = p.commands[k].words;
      while (!w.empty() && (w[0].text == "do" || w[0].text == "then" || w[0].text == "else" ||
                            w[0].text == "sudo" || w[0].text == "command" || w[0].text == "time" ||
                            w[0].text == "{"))
        w.erase(w.begin());
      if (w.empty()) continue;
      const std::string &head = w[0].text;
      Context here = ctx;
      if (head == "cd" && w.size() == 2) {
        ctx.cwd = underDir(ctx.cwd, w[1].text);
        continue;
      }
      if (head == "done") {
        ctx.loop.reset();
        ctx.literalLoop.reset();
        continue;
      }
      if (std::all_of(w.begin(), w.end(), [](const ShellWord &x) {
            size_t eq = x.text.find('=');
            return eq != std::string::npos && eq > 0 &&
                   std::all_of(x.text.begin(), x.text.begin() + eq, nameChar);
          })) {
        for (const ShellWord &x : w) {
          std::string name = x.text.substr(0, x.text.find('='));
          ShellWord value = expandVariables(x, ctx.vars);
          if (literal(value)) ctx.vars[name] = value.text.substr(name.size() + 1);
          else ctx.vars.erase(name);
        }
        continue;
      }
      if (head == "for" && w.size() >= 3 && w[2].text == "in") {
        Context plain;
        plain.cwd = ctx.cwd;
        std::vector<ShellWord> list(w.begin() + 3, w.end());
        ctx.loop = fileArguments(list, plain);
        ctx.literalLoop.reset();
        if (!list.empty() && std::all_of(list.begin(), list.end(), literal)) {
          ctx.literalLoop.emplace(w[1].text, std::vector<std::string>{});
          for (const ShellWord &x : list) ctx.literalLoop->second.push_back(x.text);
        }
        continue;
      }
      if (head == "xargs") {
        size_t i = 1;
        while (i < w.size() && !isTool(w[i].text)) ++i;
        if (i == w.size()) continue;
        if (k > 0) {
          here.implicit = producedFiles(p.commands[k - 1], ctx.cwd);
        } else {
          here.implicit.emplace();
          here.implicit->fromPatch = true;
        }
        w.erase(w.begin(), w.begin() + i);
      } else if (head == "find") {
        auto exec = std::find_if(w.begin(), w.end(), [](const ShellWord &x) {
          return x.text == "-exec" || x.text == "-execdir";
        });
        if (exec == w.end() || exec + 1 == w.end() || !isTool((exec + 1)->text)) continue;
        SimpleCommand finder;
        finder.words.assign(w.begin(), exec);
        here.implicit = producedFiles(finder, ctx.cwd);
        std::vector<ShellWord> tool(exec + 1, w.end());
        while (!tool.empty() && (tool.back().text == ";" || tool.back().text == "+")) tool.pop_back();
        w = std::move(tool);
      }
      // One run, or one per word of a loop over literal words.
      std::vector<std::map<std::string, std::string>> bindings{ctx.vars};
      if (ctx.literalLoop) {
        bindings.clear();
        for (const std::string &value : ctx.literalLoop->second) {
          bindings.push_back(ctx.vars);
          bindings.back()[ctx.literalLoop->first] = value;
        }
      }
      std::optional<QuotedCommand> command;
      for (const auto &vars : bindings) {
        std::vector<ShellWord> words;
        for (const ShellWord &x : w) words.push_back(expandVariables(x, vars));
        std::optional<QuotedCommand> qc = parseTool(words, here);
        if (!qc) break;
        // Files passed on by xargs or find -exec come after the written arguments.
        if (here.implicit && words.back().text != "{}" && qc->files.paths.empty() &&
            qc->files.globs.empty() && !qc->files.fromPatch)
          merge(qc->files, *here.implicit);
        if (!command) {
          command = std::move(qc);
        } else {
          command->moreRuns.push_back({qc->scripts, qc->files});
          if (command->problem.empty()) command->problem = qc->problem;
        }
      }
      if (command) out.push_back(std::move(*command));
    }
  }
}

std::string_view trimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

size_t indentOf(std::string_view line) {
  size_t n = 0;
  for (char c : line) {
    if (c == ' ') ++n;
    else if (c == '\t') n = (n / 8 + 1) * 8;
    else break;
  }
  return n;
}

bool isRuleHeader(std::string_view line) {
  std::string_view t = trimView(line);
  if (t.size() < 2 || t.front() != '@') return false;
  size_t close = t.find('@', 1);
  if (close == std::string_view::npos) return false;
  std::string_view rest = trimView(t.substr(close + 1));
  return rest.empty() || rest.substr(0, 2) == "//" || rest.substr(0, 2) == "/*";
}

// A line that continues a semantic patch after a blank line at the block's indentation.
bool looksLikeCocci(std::string_view t) {
  if (t.empty()) return false;
  if (std::string_view("@-+()|*<{}#").find(t.front()) != std::string_view::npos) return true;
  if (t.rfind("...", 0) == 0 || t.rfind("//", 0) == 0 || t.rfind("/*", 0) == 0) return true;
  return std::string_view(";{},)").find(t.back()) != std::string_view::npos;
}

bool isTrailerLine(std::string_view t) {
  static const std::regex trailer(R"(^[A-Za-z][A-Za-z0-9-]*: \S)");
  return std::regex_search(t.begin(), t.end(), trailer);
}

// Semantic patches quoted in the message: a rule header, then the lines that follow it
// at its indentation or deeper, up to prose after a blank line, a trailer or a marker.
void quotedSemanticPatches(std::string_view msg, const std::vector<MessageLine> &lines,
                           const std::vector<bool> &used, std::vector<QuotedCommand> &out) {
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view first = msg.substr(lines[i].begin, lines[i].end - lines[i].begin);
    if (used[i] || !isRuleHeader(first)) continue;
    size_t indent = indentOf(first), last = i;
    bool blank = false;
    size_t j = i + 1;
    for (; j < lines.size(); ++j) {
      std::string_view l = msg.substr(lines[j].begin, lines[j].end - lines[j].begin);
      std::string_view t = trimView(l);
      if (t.empty()) {
        blank = true;
        continue;
      }
      size_t ind = indentOf(l);
      if (ind < indent || used[j]) break;
      if (t == "---" || t.rfind("===", 0) == 0 || t.rfind("```", 0) == 0) break;
      if (ind == indent && (isTrailerLine(t) || (blank && !looksLikeCocci(t)))) break;
      blank = false;
      last = j;
    }
    std::string text;
    bool transforms = false;
    for (size_t k = i; k <= last; ++k) {
      std::string_view l = msg.substr(lines[k].begin, lines[k].end - lines[k].begin);
      size_t cut = 0, col = 0;
      while (cut < l.size() && col < indent && (l[cut] == ' ' || l[cut] == '\t')) {
        col = l[cut] == '\t' ? (col / 8 + 1) * 8 : col + 1;
        ++cut;
      }
      std::string_view body = l.substr(cut);
      if (!body.empty() && (body[0] == '-' || body[0] == '+')) transforms = true;
      text += std::string(body) + "\n";
    }
    if (transforms) {
      QuotedCommand qc;
      qc.tool = Tool::Spatch;
      qc.line = static_cast<int>(i + 1);
      qc.text = "semantic patch quoted at line " + std::to_string(i + 1);
      qc.semanticPatch = std::move(text);
      qc.files.fromPatch = true;
      CocciCheck check = checkSemanticPatch(qc.semanticPatch);
      if (!check.problem.empty()) qc.problem = "semantic patch: " + check.problem;
      out.push_back(std::move(qc));
    }
    i = std::max(i, last);
  }
}

const char *const kLeaders[] = {"sed", "perl", "spatch", "find", "git", "xargs", "for", "cd", "grep", "ls"};

// Where a shell command starts on a line: after the indentation and a prompt ("$ ",
// "# ", "> ", "% "), when its first word is a command of kLeaders.
std::optional<size_t> commandAt(std::string_view msg, const MessageLine &l) {
  size_t i = l.begin;
  while (i < l.end && (msg[i] == ' ' || msg[i] == '\t')) ++i;
  if (i + 1 < l.end && std::string_view("$#>%").find(msg[i]) != std::string_view::npos &&
      (msg[i + 1] == ' ' || msg[i + 1] == '\t')) {
    i += 2;
    while (i < l.end && (msg[i] == ' ' || msg[i] == '\t')) ++i;
  }
  size_t e = i;
  while (e < l.end && !std::isspace(static_cast<unsigned char>(msg[e])) && msg[e] != ';') ++e;
  std::string_view word = msg.substr(i, e - i);
  for (const char *leader : kLeaders)
    if (word == leader) return i;
  // An assignment first ("end=le; for ..."): a shell line too.
  size_t eq = word.find('=');
  if (eq != std::string_view::npos && eq > 0 && !std::isdigit(static_cast<unsigned char>(word[0])) &&
      std::all_of(word.begin(), word.begin() + eq, nameChar))
    return i;
  return std::nullopt;
}

// A tool word inside prose ("done with sed -i 's/a/b/' x.c"), when one follows a blank
// or an opening quote or bracket.
std::optional<size_t> toolInProse(std::string_view msg, const MessageLine &l) {
  for (const char *tool : {"sed", "perl", "spatch"}) {
    std::string_view t(tool);
    for (size_t pos = msg.find(t, l.begin); pos != std::string_view::npos && pos + t.size() < l.end;
         pos = msg.find(t, pos + 1)) {
      char before = pos == l.begin ? ' ' : msg[pos - 1];
      char after = msg[pos + t.size()];
      if ((before == ' ' || before == '\t' || before == '`' || before == '(' || before == '"' ||
           before == '\'') &&
          (after == ' ' || after == '\t'))
        return pos;
    }
  }
  return std::nullopt;
}

// The named scripts/coccinelle/*.cocci files of prose.
void namedSemanticPatches(std::string_view msg, const std::vector<MessageLine> &lines,
                          std::vector<QuotedCommand> &out) {
  static const std::regex cocci(R"((?:^|[\s'"`(])((?:\./)?scripts/coccinelle/[\w.+/-]+\.cocci)\b)");
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string line(msg.substr(lines[i].begin, lines[i].end - lines[i].begin));
    for (std::sregex_iterator it(line.begin(), line.end(), cocci), end; it != end; ++it) {
      std::string path = normalPath((*it)[1]);
      bool known = std::any_of(out.begin(), out.end(), [&](const QuotedCommand &q) {
        return q.tool == Tool::Spatch && q.scriptFile == path;
      });
      if (known) continue;
      QuotedCommand qc;
      qc.tool = Tool::Spatch;
      qc.line = static_cast<int>(i + 1);
      qc.text = path;
      qc.scriptFile = path;
      qc.files.fromPatch = true;
      out.push_back(std::move(qc));
    }
  }
}

} // namespace

std::vector<QuotedCommand> quotedCommands(std::string_view message) {
  std::vector<QuotedCommand> out;
  if (!mayQuoteCommand(message)) return out;
  std::vector<MessageLine> lines = splitLines(message);
  std::vector<bool> used(lines.size(), false);
  Context ctx; // carried across the lines of one command block
  for (size_t i = 0; i < lines.size(); ++i) {
    if (used[i]) continue;
    std::optional<size_t> start = commandAt(message, lines[i]);
    bool prose = false;
    if (!start) {
      start = toolInProse(message, lines[i]);
      prose = true;
    }
    if (!start) {
      if (trimView(message.substr(lines[i].begin, lines[i].end - lines[i].begin)).empty())
        ctx = Context{};
      continue;
    }
    ShellLine sl = splitShell(message, *start);
    size_t endLine = static_cast<size_t>(lineOf(lines, sl.end > *start ? sl.end - 1 : *start));
    std::vector<QuotedCommand> found;
    Context lineCtx = ctx;
    commandsOfLine(sl, lineCtx, found);
    if (found.empty()) continue;
    // In prose, only a command whose script is quoted is taken for one.
    if (prose && std::none_of(sl.pipelines.begin(), sl.pipelines.end(), [](const Pipeline &p) {
          return std::any_of(p.commands.begin(), p.commands.end(), [](const SimpleCommand &c) {
            return std::any_of(c.words.begin(), c.words.end(),
                               [](const ShellWord &w) { return w.quoted; });
          });
        }))
      continue;
    ctx = lineCtx;
    for (size_t k = i; k < endLine && k < lines.size(); ++k) used[k] = true;
    std::string text = oneLine(message.substr(*start, sl.end - *start));
    for (QuotedCommand &qc : found) {
      qc.line = static_cast<int>(i + 1);
      qc.text = text;
      if (!sl.problem.empty() && qc.problem.empty()) qc.problem = "the command holds " + sl.problem;
      out.push_back(std::move(qc));
    }
    i = endLine > i ? endLine - 1 : i;
  }
  quotedSemanticPatches(message, lines, used, out);
  namedSemanticPatches(message, lines, out);
  std::stable_sort(out.begin(), out.end(),
                   [](const QuotedCommand &a, const QuotedCommand &b) { return a.line < b.line; });
  return out;
}

bool mayQuoteCommand(std::string_view m) {
  if (m.find(".cocci") != std::string_view::npos) return true;
  // A tool's name as a word followed by a blank: "sed -i", not "used".
  for (std::string_view tool : {"sed", "perl", "spatch"})
    for (size_t pos = m.find(tool); pos != std::string_view::npos; pos = m.find(tool, pos + 1)) {
      size_t after = pos + tool.size();
      if ((pos == 0 || !nameChar(m[pos - 1])) && after < m.size() &&
          (m[after] == ' ' || m[after] == '\t'))
        return true;
    }
  for (size_t pos = m.find('@'); pos != std::string_view::npos; pos = m.find('@', pos + 1)) {
    size_t bol = m.rfind('\n', pos);
    bol = bol == std::string_view::npos ? 0 : bol + 1;
    if (trimView(m.substr(bol, pos - bol)).empty()) return true;
  }
  return false;
}

} // namespace provcheck::replay
