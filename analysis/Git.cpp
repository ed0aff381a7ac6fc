#include "analysis/Git.h"

#include <mutex>

namespace provcheck::git {

void ensureInit() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Like git itself, trust the object database instead of hashing every object read
    // back: verification costs a quarter of a history scan.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // Memory that stays flat over a long history: pack files mapped in windows of 8 MiB,
    // at most 64 MiB at once (libgit2's defaults, 1 GiB windows and 8 GiB in all, leave
    // every pack page a scan touched resident), and decoded trees and commits cached up
    // to kObjectCacheBytes (256 MiB by default). Small windows, so that the regions of
    // the pack a range's readers and the base maps go back to stay mapped side by side:
    // two windows of 32 MiB in 64 MiB were mapped and unmapped some 3,400 times on
    // REF~61..REF~1 (a tenth of its CPU, most of it in the kernel), four of 32 MiB in
    // 128 MiB cost the same CPU as eight of 8 MiB in 64 MiB and 30 MB more resident
    // size on REF~301..REF~1 (clean pack pages, but counted as the process's).
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, size_t{8} << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, size_t{64} << 20);
    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(kObjectCacheBytes));
    // A partial clone may declare its promisor remote as an extension; provcheck reads
    // what the clone holds and degrades what it does not (missing blobs).
    const char *extensions[] = {"partialclone"};
    git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, extensions, size_t(1));
  });
}

Error lastError(std::string subject, std::string_view what) {
  const git_error *e = git_error_last();
  std::string message(what);
  if (e && e->message && *e->message) message += std::string(": ") + e->message;
  return Error{std::move(subject), 0, 0, std::move(message)};
}

Expected<Repository> openRepository(const std::string &path) {
  ensureInit();
  git_repository *repo = nullptr;
  if (git_repository_open_ext(&repo, path.c_str(), 0, nullptr) != 0)
    return lastError(path, "not a git repository");
  return Repository(repo);
}

std::string toHex(const git_oid &oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

} // namespace provcheck::git
