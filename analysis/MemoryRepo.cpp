#include "analysis/MemoryRepo.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

namespace provcheck {

void MemoryRepo::reset() const {
  if (mempack) git_mempack_reset(mempack);
}

Expected<MemoryRepo> openMemoryRepo(git_repository *repo) {
  const char *path = git_repository_path(repo);
  git_repository *raw = nullptr;
  if (git_repository_open(&raw, path) != 0) return git::lastError(path, "cannot open repository");
  MemoryRepo out;
  out.repo.reset(raw, git_repository_free);
  git_odb *rawOdb = nullptr;
  if (git_repository_odb(&rawOdb, raw) != 0)
    return git::lastError(path, "cannot open object database");
  std::unique_ptr<git_odb, void (*)(git_odb *)> odb(rawOdb, git_odb_free);
  if (git_mempack_new(&out.mempack) != 0)
    return git::lastError(path, "cannot create in-memory object database");
  if (git_odb_add_backend(odb.get(), out.mempack, 1000) != 0) {
    out.mempack->free(out.mempack);
    return git::lastError(path, "cannot create in-memory object database");
  }
  return out;
}

} // namespace provcheck
