// libgit2, wrapped once: RAII handles for its objects and its errors as Error values.
// Everything in provcheck that talks to git goes through these.
#pragma once

#include "analysis/Error.h"

#include <git2.h>

#include <memory>
#include <string>

namespace provcheck::git {

// Initialises libgit2 for the life of the process (idempotent, thread-safe).
void ensureInit();
// The most libgit2 keeps of decoded trees and commits (its object cache), whatever the
// number read: a history scan fills it within its first few thousand commits. A cache of
// 32 MiB saved about 6% of the CPU of a history scan against 8 MiB and added 45 MB to
// its peak resident size (tools/provcheck/REPORTS.md, "Memory on history").
inline constexpr size_t kObjectCacheBytes = size_t{8} << 20;

template <class T> struct Free;
#define PROVCHECK_GIT_FREE(type, fn)                                                    \
  template <> struct Free<type> {                                                      \
    void operator()(type *p) const { fn(p); }                                          \
  };
PROVCHECK_GIT_FREE(git_repository, git_repository_free)
PROVCHECK_GIT_FREE(git_commit, git_commit_free)
PROVCHECK_GIT_FREE(git_tree, git_tree_free)
PROVCHECK_GIT_FREE(git_tree_entry, git_tree_entry_free)
PROVCHECK_GIT_FREE(git_blob, git_blob_free)
PROVCHECK_GIT_FREE(git_object, git_object_free)
PROVCHECK_GIT_FREE(git_reference, git_reference_free)
PROVCHECK_GIT_FREE(git_revwalk, git_revwalk_free)
PROVCHECK_GIT_FREE(git_diff, git_diff_free)
PROVCHECK_GIT_FREE(git_patch, git_patch_free)
PROVCHECK_GIT_FREE(git_index, git_index_free)
PROVCHECK_GIT_FREE(git_signature, git_signature_free)
PROVCHECK_GIT_FREE(git_mailmap, git_mailmap_free)
PROVCHECK_GIT_FREE(git_config, git_config_free)
PROVCHECK_GIT_FREE(git_odb, git_odb_free)
PROVCHECK_GIT_FREE(git_diff_stats, git_diff_stats_free)
PROVCHECK_GIT_FREE(git_treebuilder, git_treebuilder_free)
PROVCHECK_GIT_FREE(git_buf, git_buf_dispose)
#undef PROVCHECK_GIT_FREE

template <class T> using Ptr = std::unique_ptr<T, Free<T>>;

using Repository = Ptr<git_repository>;
using Commit = Ptr<git_commit>;
using Tree = Ptr<git_tree>;
using TreeEntry = Ptr<git_tree_entry>;
using Blob = Ptr<git_blob>;
using Object = Ptr<git_object>;
using Reference = Ptr<git_reference>;
using Revwalk = Ptr<git_revwalk>;
using Diff = Ptr<git_diff>;
using PatchPtr = Ptr<git_patch>;
using Index = Ptr<git_index>;
using Signature = Ptr<git_signature>;
using Mailmap = Ptr<git_mailmap>;

// The last libgit2 error as an Error about `subject` (a path, a revision...):
// "<what>: <libgit2 message>".
Error lastError(std::string subject, std::string_view what);

// Opens the repository containing `path` (searching upwards, like git -C path).
Expected<Repository> openRepository(const std::string &path);

// The hex id of an oid.
std::string toHex(const git_oid &oid);

} // namespace provcheck::git
