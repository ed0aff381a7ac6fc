#include "analysis/replay/Replay.h"

#include "analysis/replay/QuotedCommands.h"
#include "analysis/replay/ReplayCache.h"
#include "analysis/replay/ReplayCompare.h"
#include "analysis/replay/ToolScripts.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fnmatch.h>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace provcheck::replay {
namespace {

namespace fs = std::filesystem;

bool cFamily(const std::string &p) {
  for (const char *ext : {".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".inc"})
    if (p.size() > std::strlen(ext) && p.compare(p.size() - std::strlen(ext), std::string::npos, ext) == 0)
      return true;
  return false;
}

bool isHeader(const std::string &p) {
  return p.ends_with(".h") || p.ends_with(".hpp") || p.ends_with(".hh");
}

// A relative path that stays inside the tree.
bool safePath(const std::string &p) {
  if (p.empty() || p[0] == '/') return false;
  std::stringstream ss(p);
  for (std::string part; std::getline(ss, part, '/');)
    if (part == ".." || part.empty()) return false;
  return true;
}

bool match(const std::string &pattern, const std::string &text, int flags) {
  return ::fnmatch(pattern.c_str(), text.c_str(), flags) == 0;
}

bool underAny(const std::vector<std::string> &dirs, const std::string &path) {
  if (dirs.empty()) return true;
  for (const std::string &d : dirs) {
    if (d.find_first_of("*?[") == std::string::npos) {
      if (path == d || (path.size() > d.size() && path.compare(0, d.size(), d) == 0 && path[d.size()] == '/'))
        return true;
      continue;
    }
    for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
      if (match(d, path.substr(0, slash), FNM_PATHNAME)) return true;
  }
  return false;
}

// The files of the patch a command works on (paths of modified text files), and the
// named files the patch leaves alone but the base tree has.
std::vector<std::string> selectFiles(const QuotedCommand &qc, const FileSelection &s,
                                     const Patch &patch, const TreeView *oldTree) {
  // The files the tool can have edited: modified ones, and renamed ones with changes
  // (the command may name either path). Each is replayed at its pre-image path.
  std::vector<std::string> candidates;
  std::map<std::string, std::string> preimagePath; // either path -> the pre-image path
  for (const FileChange &f : patch.files)
    if ((f.status == FileStatus::Modified || f.status == FileStatus::Renamed) && !f.binary &&
        !f.hunks.empty()) {
      candidates.push_back(f.oldPath);
      preimagePath[f.oldPath] = f.oldPath;
      preimagePath[f.newPath] = f.oldPath;
      if (f.newPath != f.oldPath) candidates.push_back(f.newPath);
    }
  bool spatch = qc.tool == Tool::Spatch;
  bool headers = !spatch || !qc.semanticPatch.empty() ||
                 std::find(qc.options.begin(), qc.options.end(), "--include-headers") != qc.options.end();
  std::vector<std::string> out;
  auto add = [&](const std::string &named) {
    auto it = preimagePath.find(named);
    const std::string &p = it == preimagePath.end() ? named : it->second;
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  };
  for (const std::string &p : s.paths) {
    if (!safePath(p)) continue;
    if (preimagePath.count(p) || (oldTree && oldTree->isFile(p))) add(p);
  }
  for (const std::string &c : candidates) {
    bool computed = spatch ? cFamily(c) && (headers || !isHeader(c)) : true;
    for (const std::string &g : s.globs)
      if (match(g, c, FNM_PATHNAME) && (!spatch || cFamily(c))) add(c);
    if (!s.fromPatch || !computed) continue;
    if (!underAny(s.dirs, c)) continue;
    if (!s.pathspecs.empty() &&
        std::none_of(s.pathspecs.begin(), s.pathspecs.end(),
                     [&](const std::string &g) { return match(g, c, 0); }))
      continue;
    std::string name = c.substr(c.rfind('/') == std::string::npos ? 0 : c.rfind('/') + 1);
    if (!s.nameGlobs.empty() &&
        std::none_of(s.nameGlobs.begin(), s.nameGlobs.end(), [&](const std::string &g) {
          return match(g, name, s.nameCaseless ? FNM_CASEFOLD : 0);
        }))
      continue;
    add(c);
  }
  return out;
}

struct Job {
  const QuotedCommand *command = nullptr;
  std::vector<Invocation> runs;
  std::vector<std::vector<std::string>> runFiles; // parallel to runs
  std::vector<std::string> files;                  // of every run
  std::string script; // the semantic patch or the sed -f file's text
  ToolClaim claim;
  bool runnable = false;
  std::set<std::string> changed; // files its run changed
  std::string partial;           // files it could not process, said in its claim
};

// A script of the tree: as the patch leaves it when the patch changes it (the commit that
// updates a semantic patch applies the new one), else as the base has it.
std::optional<std::string> readScript(const Patch &patch, const PatchImages &images,
                                      const std::string &path) {
  if (!safePath(path)) return std::nullopt;
  bool changedByPatch = std::any_of(patch.files.begin(), patch.files.end(),
                                    [&](const FileChange &f) { return f.newPath == path; });
  for (const auto *tree : changedByPatch ? std::array{&images.newTree, &images.oldTree}
                                         : std::array{&images.oldTree, &images.newTree})
    if (*tree)
      if (auto t = (*tree)->read(path)) return t;
  return std::nullopt;
}

bool writeFile(const fs::path &p, const std::string &text) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return static_cast<bool>(out);
}

std::optional<std::string> readFile(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The line of a tool's error output that says what went wrong: the first naming an
// error, else the last.
std::string errorLine(const std::string &s) {
  std::string chosen, last;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) {
    if (l.find_first_not_of(" \t") == std::string::npos) continue;
    last = l;
    if (chosen.empty() && (l.find("error") != std::string::npos || l.find("Error") != std::string::npos))
      chosen = l;
  }
  if (chosen.empty()) chosen = last;
  if (chosen.size() > 160) chosen = chosen.substr(0, 157) + "...";
  return chosen;
}

// The argv of one run of a job in `scratch` (the tree under scratch/tree).
std::vector<std::string> commandLine(const Job &job, const Invocation &run,
                                     const std::vector<std::string> &files,
                                     const std::string &program, const fs::path &scratch,
                                     size_t index, const Patch &patch, const PatchImages &images,
                                     const ReplayOptions &options) {
  const QuotedCommand &qc = *job.command;
  std::vector<std::string> argv{program};
  if (qc.tool == Tool::Sed) {
    argv.push_back("--sandbox"); // GNU sed refuses e, r and w here, whatever the script says
    for (const std::string &o : qc.options) argv.push_back(o);
    argv.push_back("-i");
    for (const std::string &s : run.scripts) argv.insert(argv.end(), {"-e", s});
    if (!job.script.empty())
      argv.insert(argv.end(), {"-f", (scratch / ("script-" + std::to_string(index) + ".sed")).string()});
  } else if (qc.tool == Tool::Perl) {
    for (const std::string &o : qc.options) argv.push_back(o);
    argv.insert(argv.end(), {"-p", "-i"});
    for (const std::string &s : run.scripts) argv.insert(argv.end(), {"-e", s});
  } else {
    argv.insert(argv.end(), {"--sp-file", (scratch / ("rule-" + std::to_string(index) + ".cocci")).string(),
                             "--in-place", "--very-quiet", "--no-show-diff", "--timeout",
                             std::to_string(options.spatchSeconds)});
    std::vector<std::string> macros = options.spatchMacroFiles;
    if (!qc.macroFile.empty()) macros.insert(macros.begin(), qc.macroFile);
    for (const std::string &m : macros)
      if (auto text = readScript(patch, images, m)) {
        fs::path copy = scratch / ("macros-" + std::to_string(index) + ".h");
        if (writeFile(copy, *text)) argv.insert(argv.end(), {"--macro-file", copy.string()});
        break;
      }
    for (const std::string &o : qc.options) argv.push_back(o);
  }
  if (qc.tool != Tool::Spatch) argv.push_back("--"); // spatch takes no "--"
  for (const std::string &f : files) argv.push_back(f);
  return argv;
}

std::string programName(Tool t) { return toString(t); }

// The version of what a replay's cache key is made of: changed whenever the way a command
// line is made or a result is read changes, so older records are not used.
constexpr std::string_view kCacheMaterial = "replay-key 1";

// `text` with the scratch directory's path written as "@": the same command in another
// scratch directory has the same key.
std::string scrubbed(const std::string &text, const fs::path &scratch) {
  const std::string dir = scratch.string();
  std::string out;
  size_t from = 0;
  for (size_t at; (at = text.find(dir, from)) != std::string::npos; from = at + dir.size())
    out.append(text, from, at - from) += '@';
  return out.append(text, from);
}

} // namespace

ReplayOutcome replayQuotedTools(const Patch &patch, const PatchImages &images,
                                const ReplayOptions &options) {
  ReplayOutcome out;
  std::vector<QuotedCommand> commands = quotedCommands(patch.message);
  if (commands.empty()) return out;

  // A spatch command whose --sp-file the trees lack runs the semantic patch the message
  // quotes, when it quotes exactly one.
  std::vector<size_t> blocks;
  for (size_t i = 0; i < commands.size(); ++i)
    if (!commands[i].semanticPatch.empty()) blocks.push_back(i);
  std::set<size_t> mergedBlocks;
  std::vector<Job> jobs;
  for (size_t i = 0; i < commands.size(); ++i) {
    const QuotedCommand &qc = commands[i];
    Job job;
    job.command = &qc;
    job.claim.tool = toString(qc.tool);
    job.claim.command = qc.text;
    job.claim.line = qc.line;
    job.claim.status = ToolClaimStatus::NotReplayable;
    job.claim.detail = qc.problem;
    job.runs = qc.runs();
    for (const Invocation &run : job.runs) {
      job.runFiles.push_back(selectFiles(qc, run.files, patch, images.oldTree.get()));
      for (const std::string &f : job.runFiles.back())
        if (std::find(job.files.begin(), job.files.end(), f) == job.files.end()) job.files.push_back(f);
    }
    if (job.files.empty()) continue; // about files outside the patch and the tree
    if (qc.tool == Tool::Spatch && qc.semanticPatch.empty()) {
      if (auto text = readScript(patch, images, qc.scriptFile)) {
        job.script = *text;
      } else if (blocks.size() == 1 && qc.problem.empty()) {
        job.script = commands[blocks[0]].semanticPatch;
        job.claim.detail = commands[blocks[0]].problem;
        mergedBlocks.insert(blocks[0]);
      } else if (job.claim.detail.empty()) {
        job.claim.detail = qc.scriptFile + " is in neither the base tree nor the patched one";
      }
      if (job.claim.detail.empty()) {
        CocciCheck check = checkSemanticPatch(job.script);
        if (!check.problem.empty()) job.claim.detail = "semantic patch: " + check.problem;
        else if (check.rules == 0) job.claim.detail = qc.scriptFile + " holds no semantic patch rule";
      }
    } else if (qc.tool == Tool::Spatch) {
      job.script = qc.semanticPatch;
    } else if (qc.tool == Tool::Sed && !qc.scriptFile.empty() && job.claim.detail.empty()) {
      if (auto text = readScript(patch, images, qc.scriptFile)) {
        job.script = *text;
        SedCheck check = checkSedScript(job.script);
        if (!check.problem.empty()) job.claim.detail = "sed script " + qc.scriptFile + ": " + check.problem;
      } else {
        job.claim.detail = "the sed script " + qc.scriptFile + " is not in the tree";
      }
    }
    job.runnable = job.claim.detail.empty();
    jobs.push_back(std::move(job));
  }
  // Blocks merged into the spatch command that names them are not claims of their own.
  jobs.erase(std::remove_if(jobs.begin(), jobs.end(),
                            [&](const Job &j) {
                              auto idx = static_cast<size_t>(j.command - commands.data());
                              return mergedBlocks.count(idx) > 0;
                            }),
             jobs.end());
  if (jobs.empty()) return out;

  std::map<std::string, std::string> preimage, current;
  for (const Job &job : jobs)
    if (job.runnable)
      for (const std::string &f : job.files)
        if (!preimage.count(f))
          if (auto text = images.oldTree ? images.oldTree->read(f) : std::nullopt)
            preimage[f] = *text;
  current = preimage;

  // A scratch directory only when something will run in it.
  std::optional<ScratchDir> scratchDir;
  if (!preimage.empty()) scratchDir.emplace();
  const fs::path base = scratchDir ? scratchDir->path() : fs::path();
  fs::path tree = base / "tree", home = base / "home";
  bool ready = scratchDir && scratchDir->ok();
  if (ready) {
    std::error_code ec;
    fs::create_directories(home, ec);
    for (const auto &[path, text] : preimage) ready = ready && writeFile(tree / path, text);
  }
  const ReplayCache cache(options.cacheDir);
  std::vector<std::string> env = {"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C.UTF-8",
                                  "HOME=" + home.string(), "TMPDIR=" + home.string()};
  for (size_t k = 0; k < jobs.size(); ++k) {
    Job &job = jobs[k];
    if (!job.runnable) continue;
    job.runnable = false;
    std::string tool = programName(job.command->tool);
    std::string program = findProgram(tool, options.toolDir);
    if (program.empty()) {
      job.claim.status = ToolClaimStatus::Unavailable;
      job.claim.detail = "replay unavailable: " + tool + " not installed";
      continue;
    }
    if (!ready) {
      job.claim.detail = preimage.empty() ? "no pre-image of the files it names"
                                          : "no scratch directory: " + scratchDir->problem();
      continue;
    }
    if (job.command->tool == Tool::Spatch)
      writeFile(base / ("rule-" + std::to_string(k) + ".cocci"), job.script);
    else if (!job.script.empty())
      writeFile(base / ("script-" + std::to_string(k) + ".sed"), job.script);
    SandboxLimits limits = options.limits;
    if (job.command->tool == Tool::Spatch) limits.seconds = options.spatchSeconds;
    std::string failure, partial;
    auto why = [&](const SandboxRun &run) {
      return !run.problem.empty() ? run.problem
             : run.timedOut       ? tool + " did not finish within " +
                                  std::to_string(limits.seconds) + " s"
             : run.signal ? tool + " was killed by signal " + std::to_string(run.signal)
                          : tool + " failed (exit status " + std::to_string(run.exitCode) +
                                (run.err.empty() ? "" : ": " + errorLine(run.err)) + ")";
    };
    std::vector<std::vector<std::string>> runFiles(job.runs.size());
    for (size_t r = 0; r < job.runs.size(); ++r)
      for (const std::string &f : job.runFiles[r])
        if (current.count(f)) runFiles[r].push_back(f);
    auto commandOf = [&](size_t r, const std::vector<std::string> &group) {
      return commandLine(job, job.runs[r], group, program, base, k, patch, images, options);
    };
    // What decides the outcome, every path of the scratch directory written as "@".
    std::string key;
    if (cache.enabled()) {
      std::string material = std::string(kCacheMaterial) + "\n" +
                             ReplayCache::programIdentity(program) + "\nlimits " +
                             std::to_string(limits.seconds) + " " + std::to_string(limits.memoryBytes) +
                             " " + std::to_string(limits.fileBytes) + " " +
                             std::to_string(limits.outputBytes) + "\n";
      auto add = [&](std::string_view name, std::string_view text) {
        ReplayCache::appendField(material, name, text);
      };
      for (const std::string &e : env) add("env", scrubbed(e, base));
      for (size_t r = 0; r < job.runs.size(); ++r) {
        if (runFiles[r].empty()) continue;
        add("run", std::to_string(r));
        for (const std::string &arg : commandOf(r, runFiles[r])) {
          add("arg", scrubbed(arg, base));
          if (arg.starts_with(base.string() + "/"))
            if (auto text = readFile(arg)) add("argfile", *text);
        }
      }
      for (const auto &[path, text] : current) {
        add("file", path);
        add("blob", ReplayCache::digest(text));
      }
      key = ReplayCache::digest(material);
    }
    if (auto hit = cache.load(key)) {
      failure = hit->failure;
      partial = hit->partial;
      for (const auto &[f, text] : hit->changed)
        if (current.count(f)) writeFile(tree / f, text);
    } else {
      bool repeatable = true; // no run stopped by a clock, a signal or a missing program
      auto runOn = [&](size_t r, const std::vector<std::string> &group) {
        SandboxRun run = runSandboxed(commandOf(r, group), tree.string(), env, limits);
        if (!run.ran || run.timedOut || run.signal != 0) repeatable = false;
        return run;
      };
      for (size_t r = 0; r < job.runs.size() && failure.empty(); ++r) {
        const std::vector<std::string> &files = runFiles[r];
        if (files.empty()) continue;
        SandboxRun run = runOn(r, files);
        if (run.ok()) continue;
        if (job.command->tool != Tool::Spatch || files.size() == 1 || run.timedOut || !run.ran) {
          failure = why(run);
          continue;
        }
        // spatch stops at the first file its semantic patch fails on: each file alone, the
        // ones it fails on left as they were.
        int failed = 0;
        for (const std::string &f : files) {
          std::string before = readFile(tree / f).value_or("");
          SandboxRun one = runOn(r, {f});
          if (one.ok()) continue;
          writeFile(tree / f, before);
          if (++failed == 1) partial = f + ": " + why(one);
        }
        if (failed > 0)
          partial = "spatch failed on " + std::to_string(failed) + " of " +
                    std::to_string(files.size()) + " files (" + partial + ")";
      }
      if (repeatable && cache.enabled()) {
        ReplayRecord record{failure, partial, {}};
        if (failure.empty())
          for (const auto &[f, text] : current)
            if (auto after = readFile(tree / f); after && *after != text) record.changed[f] = *after;
        cache.store(key, record);
      }
    }
    if (!failure.empty()) {
      job.claim.detail = failure;
      // What it wrote before failing is not kept.
      for (const std::string &f : job.files)
        if (current.count(f)) writeFile(tree / f, current[f]);
      continue;
    }
    job.runnable = true;
    job.partial = partial;
    for (const std::string &f : job.files) {
      if (!current.count(f)) continue;
      std::string after = readFile(tree / f).value_or("");
      if (after != current[f]) {
        job.changed.insert(f);
        current[f] = std::move(after);
      }
    }
  }

  // Compare with the post-images, then account per command.
  std::map<std::string, FileComparison> compared;
  for (const auto &[path, text] : current) {
    if (text == preimage[path]) continue;
    compared[path] = compareWithPatch(patch, images, path, preimage[path], text);
  }
  for (const auto &[path, cmp] : compared) {
    std::string by;
    for (const Job &job : jobs)
      if (job.changed.count(path)) by += (by.empty() ? "" : "; ") + job.claim.command;
    for (size_t h : cmp.reproduced)
      out.proofs.push_back({cmp.fileIndex, h, ProofOutcome::Proven, {"replayed", by}});
    for (size_t h : cmp.layout)
      out.proofs.push_back({cmp.fileIndex, h, ProofOutcome::Proven, {"replayed", by + " (up to layout)"}});
    for (size_t h : cmp.comments)
      out.proofs.push_back({cmp.fileIndex, h, ProofOutcome::Proven, {"replayed", by + " (up to comments)"}});
  }
  for (Job &job : jobs) {
    if (job.runnable) accountJob(job.changed, compared, job.files, job.claim);
    if (job.runnable && !job.partial.empty()) job.claim.detail += "; " + job.partial;
    out.claims.push_back(std::move(job.claim));
  }
  return out;
}

} // namespace provcheck::replay
