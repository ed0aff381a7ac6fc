// Running a program on untrusted input: never through a shell, in a directory of its
// own, with a clean environment, no standard input, limits on time, memory, the size of
// the files it writes and the processes it starts, and killed with its whole process
// group when the time is up.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck::replay {

struct SandboxLimits {
  int seconds = 30;                     // wall-clock and CPU time
  uint64_t memoryBytes = 2ull << 30;    // address space
  uint64_t fileBytes = 256ull << 20;    // the largest file it may write
  size_t outputBytes = 1u << 20;        // of stdout and stderr, each, kept
};

struct SandboxRun {
  bool ran = false;    // the program started
  int exitCode = -1;   // its exit status when it exited
  int signal = 0;      // the signal that ended it, else 0
  bool timedOut = false;
  std::string out, err;
  std::string problem; // why it did not start, or ""
  bool ok() const { return ran && exitCode == 0 && !timedOut; }
};

// Runs argv (argv[0] an absolute path) with `dir` as its working directory and `env` as
// its whole environment ("NAME=value").
SandboxRun runSandboxed(const std::vector<std::string> &argv, const std::string &dir,
                        const std::vector<std::string> &env, const SandboxLimits &limits);

// The program's absolute path in `dir`, or (dir "") in the system's program directories
// (/usr/local/bin, /usr/bin, /bin; never the caller's PATH); "" when it is not there.
std::string findProgram(std::string_view name, const std::string &dir = "");

// A new directory under the system's temporary directory, removed with its contents.
class ScratchDir {
public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir &) = delete;
  ScratchDir &operator=(const ScratchDir &) = delete;
  bool ok() const { return !path_.empty(); }
  const std::filesystem::path &path() const { return path_; }
  const std::string &problem() const { return problem_; }

private:
  std::filesystem::path path_;
  std::string problem_;
};

} // namespace provcheck::replay
