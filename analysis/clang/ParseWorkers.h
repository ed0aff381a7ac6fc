// Parses in separate processes. A C file can make Clang recurse until its stack
// overflows, expand macros until memory runs out, or work for hours; none of that can be
// stopped safely inside provcheck (a thread cannot be killed, memory cannot be bounded
// per thread, a crash leaves locks and heap behind). So each parse runs in a worker
// process (the provcheck-parse program beside provcheck), one image at a time, under
// kernel limits: CPU time (RLIMIT_CPU), address space (RLIMIT_AS, on top of what the
// worker caches), a thread with a large stack inside a CrashRecoveryContext. A parse that
// crashes, runs out of memory or out of time costs its image alone: the file is
// degraded with the reason, and the next parse gets a fresh worker.
//
// A worker reads nothing of the repository by itself: it asks for the directories and
// files it needs (List/Read), and keeps them by key (git object ids) for later jobs, so
// that a history scan sends each header once per worker. It keeps the precompiled
// preambles it builds, too (see PreambleCache): a job goes to the worker that parsed the
// same file before when it is free. A shared first include (SharedPreamble.h) that a
// worker compiled comes back with its result, and goes to each other worker with its
// first job of the same key: it is compiled once for them all. Private to analysis/clang.
#pragma once

#include "analysis/clang/Parse.h"
#include "analysis/clang/WorkerProtocol.h"

#include <memory>
#include <string>

namespace provcheck::clangmap {

class ParseWorkers {
public:
  // The workers of the process, shared by every AST map session; at most `maxWorkers`
  // at a time (the largest asked for so far).
  static ParseWorkers &shared();

  // Parses `job` in a worker (see parseImage); the job's tree answers the worker.
  // Never fails: a worker that cannot be started or does not finish gives a ParseOutput
  // that was not parsed, with the reason.
  ParseOutput parse(const ImageJob &job, bool build, const ParseLimits &limits, int maxWorkers);

  ~ParseWorkers();

private:
  ParseWorkers();
  struct State;
  std::unique_ptr<State> state_;
};

// "2 GiB", "256 MiB", "1.5 MiB": a size in a reason.
std::string sizeText(size_t bytes);

// The worker program's main loop, on the socket `fd`: returns its exit status.
int runParseWorker(int fd);

// Where the worker program is: $PROVCHECK_PARSE_WORKER, else provcheck-parse as
// installedFilePath finds it (analysis/InstalledFiles.h).
std::string parseWorkerPath();

} // namespace provcheck::clangmap
