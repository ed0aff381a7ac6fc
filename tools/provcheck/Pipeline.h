// The check pipeline: sources -> tree images -> AST entities (parallel) -> owners ->
// classification -> policy. Everything is computed before anything is rendered; the
// result is the RunResult every renderer reads.
#pragma once

#include "analysis/Error.h"
#include "analysis/InputFile.h"
#include "tools/provcheck/Run.h"

#include <functional>
#include <string>
#include <vector>

namespace provcheck {

struct Policy;

struct PipelineOptions {
  std::string dir = ".";                // -C: the repository, base of relative paths
  std::vector<std::string> sources;     // revisions, ranges, patch files, mboxes, "-"
  std::string buildDir;                 // -p: directory of compile_commands.json (relative: to dir)
  size_t maxInputSize = kDefaultMaxInputSize; // --max-input-size: one patch file, mbox, stdin
  int jobs = 0;                         // files parsed in parallel; 0 = all cores
  bool noAst = false;                   // skip the AST map (classification by text only)
  bool noIr = false;                    // skip the compiled-code proof (it runs with the AST)
  bool assumeAi = false;                // judge every patch as if it declared AI use
  std::vector<std::string> approvedBy;  // maintainers' agreement given elsewhere (emails)
  std::string policy;                   // --policy: "" (repository's or QEMU's), name, path
  bool progress = false;                // report progress on stderr (only on a terminal)
  // Called once the patches and the policy are read (and the repository is known),
  // before the other stages: lets a command start work of its own on them in parallel.
  // The patches and the policy stay unchanged until the run ends.
  std::function<void(const RunResult &, const Policy &)> afterRead;
};

// Runs every stage on the patches the sources name. An Error for a bad source (unknown
// revision, unreadable file, mbox without a patch, malformed diff) or a bad policy file;
// anything else that goes wrong on the way (a patch that does not apply, a file that does
// not parse, no MAINTAINERS) is kept in the result as a notice or a degraded marker.
Expected<RunResult> runPipeline(const PipelineOptions &);

// The effective policy (--policy, else the repository's .provcheck.toml, else QEMU's)
// as TOML: --dump-config.
Expected<std::string> effectivePolicy(const PipelineOptions &);

// The process exit code for a run: 1 when a patch or series verdict is needs-agreement or
// violation, else 0 (2 is for errors, which never make a RunResult).
int exitCodeFor(const RunResult &);

} // namespace provcheck
