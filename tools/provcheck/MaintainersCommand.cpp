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
#include "tools/provcheck/Getopt.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <type_traits>
#include <variant>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace provcheck::cli {

namespace {

namespace fs = std::filesystem;

// The version of get_maintainer.pl whose behaviour and options this command follows.
constexpr const char *kScriptVersion = "0.26";

struct MaintainersArgs {
  GetMaintainerOptions options;
  bool fromFiles = false;
  std::vector<std::string> inputs;
  std::string format = "text";
  bool lint = false;
  std::string maintainersFile;
  std::string dialect = "auto";
  std::string rev;
  // get_maintainer.pl options provcheck accepts without acting on them, or refuses.
  bool gitBlame = false, gitBlameSignatures = true, interactive = false, fileEmails = false;
  std::string hgSince = "-365";
  bool version = false, help = false;
};

std::optional<std::string> readDiskFile(const fs::path &path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  auto text = readInputFile(path.string());
  if (!text) return std::nullopt;
  return std::move(*text);
}

// The first bytes of the files of a directory tree, read one after another: each file
// is opened from its own directory, kept open while the next paths are in it too (as
// sorted paths are), so that the kernel walks only the last component of each path.
class FileStarts {
public:
  explicit FileStarts(const std::string &root)
      : root_(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}
  ~FileStarts() {
    if (dirFd_ >= 0) ::close(dirFd_);
    if (root_ >= 0) ::close(root_);
  }
  FileStarts(const FileStarts &) = delete;
  FileStarts &operator=(const FileStarts &) = delete;
  bool ok() const { return root_ >= 0; }

  // The first `n` bytes of a regular file (all of it when shorter), `path` relative to
  // the root; none when it names no regular file. A FIFO neither blocks nor is read.
  std::optional<std::string> read(std::string_view path, size_t n) {
    size_t slash = path.rfind('/');
    int at = root_;
    std::string name(path);
    if (slash != std::string_view::npos && slash > 0) {
      std::string_view dir = path.substr(0, slash);
      if (dirFd_ < 0 || dir != dir_) {
        if (dirFd_ >= 0) ::close(dirFd_);
        dir_ = dir;
        dirFd_ = ::openat(root_, dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
      }
      if (dirFd_ < 0) return std::nullopt;
      at = dirFd_;
      name = path.substr(slash + 1);
      if (name.empty()) return std::nullopt; // "dir/": a directory
    }
    int fd = ::openat(at, name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return std::nullopt;
    std::optional<std::string> out;
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      std::string text(n, '\0');
      size_t got = 0;
      while (got < n) {
        ssize_t r = ::read(fd, text.data() + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += static_cast<size_t>(r);
        if (st.st_size > 0 && got >= static_cast<size_t>(st.st_size)) break; // all of it
      }
      text.resize(got);
      out = std::move(text);
    }
    ::close(fd);
    return out;
  }

private:
  int root_;
  std::string dir_; // the directory dirFd_ is open on
  int dirFd_ = -1;
};

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
  if (args.version) {
    std::cout << "provcheck maintainers " << PROVCHECK_VERSION << " (get_maintainer.pl "
              << kScriptVersion << ")\n";
    return 0;
  }
  if (args.gitBlame)
    return fail("--git-blame is not supported (recent signers: --git)");
  if (args.interactive) return fail("--interactive (the script's menu) is not supported");
  if (args.fileEmails) return fail("--file-emails is not supported");
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
  // A work tree on disk: a file's first bytes are read alone, as they often answer for
  // its keywords.
  std::string onDisk;
  if (args.rev.empty() && repo && git_repository_workdir(repo.get()))
    onDisk = git_repository_workdir(repo.get());
  else if (args.rev.empty() && !repo)
    onDisk = globals.dir;
  std::optional<FileStarts> starts;
  if (!onDisk.empty()) starts.emplace(onDisk);
  if (starts && starts->ok())
    input.readFilePrefix = [&starts](std::string_view p, size_t n) { return starts->read(p, n); };
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
      so.range.patchText = true; // its K: keywords are matched against the patch text
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
  releaseAtExit(std::move(*report));
  releaseAtExit(std::move(*map));
  return 0;
}

// get_maintainer.pl's options: its GetOptions specification as the script writes it
// (QEMU's scripts/get_maintainer.pl; tests/data/qemu/get_maintainer/options.txt holds the list
// the tests check this one against), each with what it sets. Every spelling
// Getopt::Long accepts for these is rewritten to the one registered here before parsing.
struct ScriptOption {
  const char *spec;
  const char *help;
  std::variant<bool GetMaintainerOptions::*, int GetMaintainerOptions::*,
               std::string GetMaintainerOptions::*, bool MaintainersArgs::*,
               std::string MaintainersArgs::*>
      field;
};

const ScriptOption kScriptOptions[] = {
    {"email!", "Print e-mail addresses", &GetMaintainerOptions::email},
    {"git!", "Include recent git *-by: signers", &GetMaintainerOptions::git},
    {"git-all-signature-types!", "Count every *-by: signer",
     &GetMaintainerOptions::gitAllSignatureTypes},
    {"git-blame!", "Use git blame to find the authors of the changed lines (not supported)",
     &MaintainersArgs::gitBlame},
    {"git-blame-signatures!", "With --git-blame, count the signers of the blamed commits",
     &MaintainersArgs::gitBlameSignatures},
    {"git-fallback!", "Use git when no exact MAINTAINERS pattern matches",
     &GetMaintainerOptions::gitFallback},
    {"git-min-signatures=i", "Signatures needed", &GetMaintainerOptions::gitMinSignatures},
    {"git-max-maintainers=i", "Signers to add at most", &GetMaintainerOptions::gitMaxMaintainers},
    {"git-min-percent=i", "Share of commits needed", &GetMaintainerOptions::gitMinPercent},
    {"git-since=s", "History to read (1-year-ago, YYYY-MM-DD)", &GetMaintainerOptions::gitSince},
    {"hg-since=s", "Mercurial history to read (accepted; provcheck reads git only)",
     &MaintainersArgs::hgSince},
    {"i|interactive!", "The script's interactive menu (not supported)",
     &MaintainersArgs::interactive},
    {"remove-duplicates!", "Drop people named twice", &GetMaintainerOptions::removeDuplicates},
    {"mailmap!", "Apply .mailmap", &GetMaintainerOptions::mailmap},
    {"m!", "Include maintainers", &GetMaintainerOptions::maintainers},
    {"r!", "Include reviewers", &GetMaintainerOptions::reviewers},
    {"n!", "Include names", &GetMaintainerOptions::useName},
    {"l!", "Include lists", &GetMaintainerOptions::lists},
    {"s!", "Include subscriber-only lists", &GetMaintainerOptions::subscriberLists},
    {"multiline!", "One entry per line", &GetMaintainerOptions::multiline},
    {"roles!", "Show roles", &GetMaintainerOptions::roles},
    {"rolestats!", "Show roles and statistics", &GetMaintainerOptions::rolestats},
    {"separator=s", "Separator of entries on one line", &GetMaintainerOptions::separator},
    {"subsystem!", "Print section names", &GetMaintainerOptions::subsystem},
    {"status!", "Print section status", &GetMaintainerOptions::status},
    {"scm!", "Print SCM trees", &GetMaintainerOptions::scm},
    {"web!", "Print web pages", &GetMaintainerOptions::web},
    {"pattern-depth=i", "Pattern directory traversals (0: all)",
     &GetMaintainerOptions::patternDepth},
    {"k|keywords!", "Match K: keywords", &GetMaintainerOptions::keywords},
    {"sections!", "Print the matching sections", &GetMaintainerOptions::sections},
    {"fe|file-emails!", "Add the e-mail addresses found in the files (not supported)",
     &MaintainersArgs::fileEmails},
    {"f|file", "The arguments are files or directories of the tree", &MaintainersArgs::fromFiles},
    {"v|version", "Print the version", &MaintainersArgs::version},
    {"h|help|usage", "Print this help", &MaintainersArgs::help},
};

// The CLI11 names of a spec: "-x" for one letter, "--name" otherwise, then "!--noNAME".
std::string cliNames(const getopt::Spec &spec) {
  std::string names;
  for (const std::string &n : spec.names)
    names += (names.empty() ? "" : ",") + std::string(n.size() == 1 ? "-" : "--") + n;
  if (spec.type == getopt::ArgType::Negatable) names += ",!" + spec.canonicalNegated();
  return names;
}

} // namespace

const std::vector<getopt::Spec> &maintainersScriptOptions() {
  static const std::vector<getopt::Spec> specs = [] {
    std::vector<getopt::Spec> out;
    for (const ScriptOption &o : kScriptOptions) out.push_back(*getopt::parseSpec(o.spec));
    return out;
  }();
  return specs;
}

void addMaintainersCommand(CLI::App &app, Globals &globals, int &exitCode) {
  auto args = std::make_shared<MaintainersArgs>();
  auto *cmd = app.add_subcommand(
      "maintainers",
      "Who to send a patch to: scripts/get_maintainer.pl's answer from MAINTAINERS");
  cmd->footer(
      "Without -f, the arguments are patch files or revisions of the repository; none:\n"
      "a patch on stdin (git send-email --cc-cmd, b4's send-auto-cc-cmd). The options of\n"
      "get_maintainer.pl are taken in every spelling Perl's Getopt::Long accepts: --no-git\n"
      "and --nogit, one dash or two, any case.\n"
      "Exit status: 0 an answer was printed (--lint: no finding), 1 --lint findings,\n"
      "2 usage or input error.");
  cmd->add_option("INPUT", args->inputs,
                  "Patch files, revisions (or files and directories with -f); none: stdin");
  GetMaintainerOptions &o = args->options;
  const std::vector<getopt::Spec> &specs = maintainersScriptOptions();
  for (size_t i = 0; i < specs.size(); ++i) {
    const ScriptOption &so = kScriptOptions[i];
    const getopt::Spec &spec = specs[i];
    if (spec.canonical() == "--help") continue; // CLI11's own -h, --help
    std::string names = cliNames(spec);
    std::visit(
        [&](auto field) {
          using F = decltype(field);
          if constexpr (std::is_same_v<F, bool MaintainersArgs::*>)
            cmd->add_flag(names, (*args).*field, so.help);
          else if constexpr (std::is_same_v<F, std::string MaintainersArgs::*>)
            cmd->add_option(names, (*args).*field, so.help);
          else if constexpr (std::is_same_v<F, bool GetMaintainerOptions::*>)
            cmd->add_flag(names, o.*field, so.help);
          else
            cmd->add_option(names, o.*field, so.help);
        },
        so.field);
  }
  cmd->add_flag("--compat", o.compat,
                "Exactly get_maintainer.pl: deleted and renamed files' old paths ignored");
  cmd->add_option("--format", args->format, "text (get_maintainer.pl's) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--lint", args->lint, "Check MAINTAINERS against the tree");
  cmd->add_option("--maintainers-file", args->maintainersFile,
                  "Read this MAINTAINERS instead of the tree's")
      ->option_text("FILE");
  cmd->add_option("--dialect", args->dialect, "auto, qemu or linux")
      ->check(CLI::IsMember({"auto", "qemu", "linux"}));
  cmd->add_option("--rev", args->rev, "Read MAINTAINERS and the tree from this revision")
      ->option_text("REV");
  cmd->callback([args, &globals, &exitCode] { exitCode = runMaintainers(globals, *args); });
}

} // namespace provcheck::cli
