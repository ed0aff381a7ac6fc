// A second handle on a repository whose object writes go to memory only: the pruned
// trees of commit diffs and the trees of applied patches are built there, and the
// repository on disk is never written.
#pragma once

#include "analysis/Error.h"
#include "analysis/Git.h"

#include <memory>

namespace provcheck {

struct MemoryRepo {
  std::shared_ptr<git_repository> repo;
  git_odb_backend *mempack = nullptr; // owned by the repository's object database
  // Forgets every object written so far.
  void reset() const;
};

Expected<MemoryRepo> openMemoryRepo(git_repository *repo);

} // namespace provcheck
