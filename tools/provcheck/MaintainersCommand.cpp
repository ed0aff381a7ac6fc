// provcheck maintainers [FILE... | PATCH...]: what scripts/get_maintainer.pl prints for
// the same input and options (usable as git send-email --cc-cmd and b4's
// send-auto-cc-cmd), or --format json, or --lint.
#include "tools/provcheck/Commands.h"

#include "analysis/Git.h"
#include "analysis/Sources.h"
#include "analysis/TreeViews.h"
#include "maps/GetMaintainer.h"
#include "maps/GitHistory.h"
#include "maps/IncludeGraph.h"
#include "maps/MaintainersLint.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

namespace provcheck::cli {

namespace {

namespace fs = std::filesystem;

struct MaintainersArgs {
  GetMaintainerOptions options;
  bool fromFiles = false;
  std::vector<std::string> inputs;
  std::string format = "text";
  bool lint = false;
  std::string maintainersFile;
  std::string dialect = "auto";
  std::string rev;
};

std::optional<std::string> readDiskFile(const fs::path &path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  auto text = readInputFile(path.string());
  if (!text) return std::nullopt;
  return std::move(*text);
}

void listFiles(const TreeView &tree, const std::string &dir, std::vector<std::string> &out) {
  for (const std::string &name : tree.list(dir)) {
    if (!name.empty() && name.back() == '/')
      listFiles(tree, dir + name, out);
    else
      out.push_back(dir + name);
  }
}

nlohmann::json toJson(const MaintainersReport &r, const OwnershipMap &map) {
  using nlohmann::json;
  auto sectionJson = [&](int index) {
    const Section &s = map.file().sections[index];
    return json{{"name", s.name}, {"index", s.index}, {"line", s.line}, {"status", s.status}};
  };
  json entries = json::array();
  for (const auto &e : r.entries) {
    MailAddress a = parseEmail(e.address);
    json roles = json::array();
    for (size_t pos = 0; pos <= e.role.size();) {
      size_t comma = e.role.find(',', pos);
      if (comma == std::string::npos) comma = e.role.size();
      if (comma > pos) roles.push_back(e.role.substr(pos, comma - pos));
      pos = comma + 1;
    }
    json sections = json::array();
    for (size_t i = 0; i < e.sections.size(); ++i) {
      json s = sectionJson(e.sections[i]);
      s["because"] = i < e.patterns.size() ? e.patterns[i] : "";
      sections.push_back(s);
    }
    const char *kind = e.kind == MaintainerEntry::Kind::List        ? "list"
                       : e.kind == MaintainerEntry::Kind::GitSigner ? "git-signer"
                                                                    : "person";
    entries.push_back({{"kind", kind},
                       {"name", unquoteName(a.name)},
                       {"email", a.address},
                       {"text", e.address},
                       {"roles", roles},
                       {"sections", sections}});
  }
  json files = json::array();
  for (const auto &f : r.files) {
    json owners = json::array();
    for (const auto &m : f.sections) {
      json s = sectionJson(m.section);
      s["depth"] = m.depth;
      if (m.pattern) s["pattern"] = std::string(1, m.pattern->tag) + ": " + m.pattern->written;
      owners.push_back(s);
    }
    files.push_back({{"path", f.path}, {"exact", f.exact}, {"sections", owners}});
  }
  json keywordSections = json::array();
  for (int s : r.keywordSections) keywordSections.push_back(sectionJson(s));
  return json{{"entries", entries},         {"files", files},
              {"keywordSections", keywordSections}, {"scm", r.scm},
              {"status", r.status},         {"web", r.web},
              {"subsystem", r.subsystem},   {"gitFallback", r.usedGitFallback},
              {"warnings", r.warnings}};
}

int runMaintainers(const Globals &globals, MaintainersArgs &args) {
  auto fail = [](const std::string &message) {
    std::cerr << "provcheck maintainers: " << message << "\n";
    return 2;
  };
  if (auto problem = validate(args.options)) return fail(*problem);
  bool dialectOk = false;
  MaintainersOptions mopts;
  mopts.dialect = parseDialectName(args.dialect, &dialectOk);
  if (!dialectOk) return fail("unknown --dialect '" + args.dialect + "' (auto, qemu, linux)");

  // The tree: a revision when asked, else the work tree (as the script reads it),
  // else HEAD of a bare repository, else the directory itself.
  git::Repository repo;
  if (auto r = git::openRepository(globals.dir)) repo = std::move(*r);
  std::shared_ptr<const TreeView> tree;
  if (!args.rev.empty()) {
    if (!repo) return fail("-C " + globals.dir + " is not a git repository (needed by --rev)");
    tree = treeViewAt(repo.get(), args.rev);
    if (!tree) return fail("'" + args.rev + "' names no tree");
  } else if (repo && git_repository_workdir(repo.get())) {
    tree = directoryTreeView(git_repository_workdir(repo.get()));
  } else if (repo) {
    tree = treeViewAt(repo.get(), "HEAD");
  } else {
    tree = directoryTreeView(globals.dir);
  }
  if (!tree) return fail("cannot read the tree of " + globals.dir);

  std::optional<std::string> text;
  std::string fileName = "MAINTAINERS";
  if (!args.maintainersFile.empty()) {
    text = readDiskFile(args.maintainersFile);
    fileName = args.maintainersFile;
  } else {
    text = tree->read("MAINTAINERS");
  }
  if (!text) return fail(fileName + ": cannot read MAINTAINERS");
  if (args.options.mailmap) mopts.mailmap = tree->read(".mailmap");
  auto map = OwnershipMap::build(std::move(*text), fileName,
                                 [&tree](std::string_view p) { return tree->isDirectory(p); },
                                 mopts);
  if (!map) return fail(map.error().str());

  if (args.lint) {
    std::vector<std::string> files;
    listFiles(*tree, "", files);
    auto findings = lintMaintainers(*map, files);
    for (const auto &f : findings)
      std::cout << (f.line ? fileName + ":" + std::to_string(f.line) + ": " : std::string())
                << f.rule << ": " << f.message << "\n";
    return findings.empty() ? 0 : 1;
  }

  MaintainersInput input;
  input.fromFiles = args.fromFiles;
  input.isDirectory = [&tree](std::string_view p) { return tree->isDirectory(p); };
  input.readFile = [&tree](std::string_view p) { return tree->read(p); };
  if (args.fromFiles) {
    input.paths = args.inputs;
    if (input.paths.empty()) return fail("-f needs at least one file");
  } else if (args.inputs.empty()) {
    auto in = readInputStream(stdin, "<stdin>");
    if (!in) return fail(in.error().str());
    input.patches.push_back({"&STDIN", std::move(*in)});
  } else {
    for (const std::string &in : args.inputs) {
      if (auto t = readDiskFile(in)) {
        input.patches.push_back({in, std::move(*t)});
        continue;
      }
      if (auto t = readDiskFile(fs::path(globals.dir) / in)) {
        input.patches.push_back({in, std::move(*t)});
        continue;
      }
      // Not a file: a revision or range of the repository.
      SourceOptions so;
      so.repoDir = globals.dir;
      auto set = readSources({in}, so);
      if (!set) return fail(set.error().str());
      for (const auto &series : set->series)
        for (const auto &patch : series.patches)
          input.patches.push_back({patch.origin.name, patch.rawText});
    }
  }

  std::optional<HistoryProvider> history;
  if (repo) {
    auto since = parseSince(args.options.gitSince, static_cast<int64_t>(std::time(nullptr)));
    if (!since) return fail(since.error().str());
    history = gitHistory(repo.get(), *since);
    input.history = &*history;
  }

  auto report = getMaintainers(*map, input, args.options);
  if (!report) return fail(report.error().str());
  for (const auto &w : report->warnings) std::cerr << w << "\n";
  for (const auto &d : map->matchProblems())
    std::cerr << "provcheck maintainers: " << fileName << ":" << d.line << ": " << d.message
              << "\n";
  if (args.format == "json")
    std::cout << toJson(*report, *map).dump(2, ' ', false,
                                            nlohmann::json::error_handler_t::replace)
              << "\n";
  else
    std::cout << renderText(*report, args.options);
  std::cout.flush();
  return 0;
}

} // namespace

void addMaintainersCommand(CLI::App &app, Globals &globals, int &exitCode) {
  auto args = std::make_shared<MaintainersArgs>();
  auto *cmd = app.add_subcommand(
      "maintainers",
      "Who to send a patch to: scripts/get_maintainer.pl's answer from MAINTAINERS");
  GetMaintainerOptions &o = args->options;
  cmd->add_option("inputs", args->inputs,
                  "Patch files, revisions (or files and directories with -f); none: stdin");
  cmd->add_flag("-f,--file", args->fromFiles, "The arguments are files or directories of the tree");
  cmd->add_flag("--email,!--noemail", o.email, "Print e-mail addresses");
  cmd->add_flag("--m,!--nom", o.maintainers, "Include maintainers");
  cmd->add_flag("--r,!--nor", o.reviewers, "Include reviewers");
  cmd->add_flag("--n,!--non", o.useName, "Include names");
  cmd->add_flag("--l,!--nol", o.lists, "Include lists");
  cmd->add_flag("--s,!--nos", o.subscriberLists, "Include subscriber-only lists");
  cmd->add_flag("--git,!--nogit", o.git, "Include recent git *-by: signers");
  cmd->add_flag("--git-fallback,!--nogit-fallback", o.gitFallback,
                "Use git when no exact MAINTAINERS pattern matches");
  cmd->add_flag("--git-all-signature-types,!--nogit-all-signature-types",
                o.gitAllSignatureTypes, "Count every *-by: signer");
  cmd->add_option("--git-since", o.gitSince, "History to read (1-year-ago, YYYY-MM-DD)");
  cmd->add_option("--git-min-signatures", o.gitMinSignatures, "Signatures needed");
  cmd->add_option("--git-max-maintainers", o.gitMaxMaintainers, "Signers to add at most");
  cmd->add_option("--git-min-percent", o.gitMinPercent, "Share of commits needed");
  cmd->add_flag("--roles,!--noroles", o.roles, "Show roles");
  cmd->add_flag("--rolestats,!--norolestats", o.rolestats, "Show roles and statistics");
  cmd->add_flag("--remove-duplicates,!--noremove-duplicates", o.removeDuplicates,
                "Drop people named twice");
  cmd->add_flag("--mailmap,!--nomailmap", o.mailmap, "Apply .mailmap");
  cmd->add_flag("--keywords,!--nokeywords", o.keywords, "Match K: keywords");
  cmd->add_flag("--sections,!--nosections", o.sections, "Print the matching sections");
  cmd->add_flag("--scm,!--noscm", o.scm, "Print SCM trees");
  cmd->add_flag("--web,!--noweb", o.web, "Print web pages");
  cmd->add_flag("--status,!--nostatus", o.status, "Print section status");
  cmd->add_flag("--subsystem,!--nosubsystem", o.subsystem, "Print section names");
  cmd->add_option("--pattern-depth", o.patternDepth, "Pattern directory traversals (0: all)");
  cmd->add_flag("--multiline,!--nomultiline", o.multiline, "One entry per line");
  cmd->add_option("--separator", o.separator, "Separator of entries on one line");
  cmd->add_flag("--compat", o.compat,
                "Exactly get_maintainer.pl: deleted and renamed files' old paths ignored");
  cmd->add_option("--format", args->format, "text (get_maintainer.pl's) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--lint", args->lint, "Check MAINTAINERS against the tree");
  cmd->add_option("--maintainers-file", args->maintainersFile,
                  "Read this MAINTAINERS instead of the tree's");
  cmd->add_option("--dialect", args->dialect, "auto, qemu or linux");
  cmd->add_option("--rev", args->rev, "Read MAINTAINERS and the tree from this revision");
  cmd->callback([args, &globals, &exitCode] { exitCode = runMaintainers(globals, *args); });
}

} // namespace provcheck::cli
