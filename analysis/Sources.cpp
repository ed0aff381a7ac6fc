#include "analysis/Sources.h"

#include "analysis/Git.h"
#include "analysis/GitSource.h"
#include "analysis/MailSource.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>

namespace fs = std::filesystem;

namespace provcheck {

namespace {

// An existing path for `source`: relative to repoDir first, then to the current directory.
std::optional<fs::path> existingPath(const std::string &source, const std::string &repoDir) {
  std::error_code ec;
  fs::path p(source);
  if (p.is_relative() && !repoDir.empty() && repoDir != ".") {
    fs::path inRepo = fs::path(repoDir) / p;
    if (fs::exists(inRepo, ec)) return inRepo;
  }
  if (fs::exists(p, ec)) return p;
  return std::nullopt;
}

class LazyRepo {
public:
  explicit LazyRepo(std::string dir) : dir_(std::move(dir)) {}
  Expected<git_repository *> get() {
    if (!repo_) {
      auto r = git::openRepository(dir_);
      if (!r) return r.error();
      repo_ = std::move(*r);
    }
    return repo_.get();
  }

private:
  std::string dir_;
  git::Repository repo_;
};

Status readStdin(PatchSet &out, size_t maxSize) {
  auto text = readInputStream(stdin, "<stdin>", maxSize);
  if (!text) return text.error();
  if (text->empty()) return Error{"<stdin>", 0, 0, "no patch found (standard input is empty)"};
  return readMailText(*text, "<stdin>", out);
}

} // namespace

Expected<PatchSet> readSources(const std::vector<std::string> &sources,
                               const SourceOptions &options) {
  PatchSet out;
  LazyRepo repo(options.repoDir);
  if (sources.empty()) {
    auto r = repo.get();
    if (!r) return r.error();
    if (Status s = readUnpushed(*r, out, options.range); !s) return s.error();
    return out;
  }
  std::optional<Error> firstError; // of a file source that could not be read
  for (const auto &source : sources) {
    Status status = okStatus();
    if (source == "-") {
      status = readStdin(out, options.maxInputSize);
    } else if (auto path = existingPath(source, options.repoDir)) {
      std::error_code ec;
      status = fs::is_directory(*path, ec)
                   ? readMailDirectory(path->string(), out, options.maxInputSize)
                   : readMailFile(path->string(), out, options.maxInputSize);
      // A file that cannot be read is skipped when other sources are given.
      if (!status && sources.size() > 1) {
        out.skipped.push_back(Skipped{Origin{Origin::Kind::PatchFile, path->string(), 0}, "", "",
                                      status.error().str(), true});
        if (!firstError) firstError = status.error();
        continue;
      }
    } else {
      auto r = repo.get();
      if (!r)
        return Error{source, 0, 0,
                     "no such file, and not a revision (" + r.error().str() + ")"};
      status = readRevisions(*r, source, out, options.range);
    }
    if (!status) return status.error();
  }
  bool anyPatch = std::any_of(out.series.begin(), out.series.end(),
                              [](const Series &s) { return !s.patches.empty(); });
  if (!anyPatch && firstError) return *firstError;
  return out;
}

} // namespace provcheck
