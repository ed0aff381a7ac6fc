#include "analysis/GitSource.h"

#include "analysis/DiffReader.h"
#include "analysis/PatchText.h"
#include "analysis/Utf8.h"

#include <algorithm>
#include <cctype>
#include <atomic>
#include <optional>
#include <thread>

namespace provcheck {

namespace {

// `raw` of a commit as UTF-8: converted from the commit's `encoding` header when it has
// one (i18n.commitEncoding), bytes that are still not UTF-8 replaced by U+FFFD; `what`
// names the part in the note that says so.
std::string decoded(const char *raw, const char *encoding, const char *what,
                    std::vector<std::string> &notes) {
  if (!raw) return {};
  std::string_view bytes(raw);
  if (!encoding && isUtf8(bytes)) return std::string(bytes);
  Utf8Text text = toUtf8(bytes, encoding ? encoding : "");
  std::string from = encoding && !text.unknownCharset ? encoding : "UTF-8";
  if (text.unknownCharset)
    notes.push_back(std::string(what) + ": unknown encoding \"" + encoding + "\", read as UTF-8");
  if (text.replaced > 0)
    notes.push_back(std::string(what) + ": " + std::to_string(text.replaced) +
                    (text.replaced == 1 ? " byte is" : " bytes are") + " not " + from +
                    ", replaced by U+FFFD");
  return std::move(text.text);
}

Person personOf(const git_signature *sig, const char *encoding, const char *what,
                std::vector<std::string> &notes) {
  if (!sig) return {};
  return Person{decoded(sig->name, encoding, what, notes),
                decoded(sig->email, encoding, what, notes)};
}

Expected<Patch> readCommitIn(git_repository *repo, git_commit *commit,
                             const std::string &originName);

Error unknownRevision(const std::string &spec) {
  const git_error *e = git_error_last();
  std::string detail = e && e->message ? e->message : "";
  return Error{spec, 0, 0,
               "unknown revision or path not found" + (detail.empty() ? "" : " (" + detail + ")")};
}

// Walks from `tip`, hiding `hide` (may be null), oldest first, topologically. The
// commits are read on options.jobs threads, each with its own handle on the repository.
Status walk(git_repository *repo, const git_oid &tip, const git_oid *hide,
            const std::string &title, const RangeOptions &options, PatchSet &out) {
  git_revwalk *raw = nullptr;
  if (git_revwalk_new(&raw, repo) != 0) return git::lastError(title, "cannot walk revisions");
  git::Revwalk walker(raw);
  git_revwalk_sorting(walker.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  if (git_revwalk_push(walker.get(), &tip) != 0 ||
      (hide && git_revwalk_hide(walker.get(), hide) != 0))
    return git::lastError(title, "cannot walk revisions");
  std::vector<git_oid> ids;
  git_oid id;
  int rc;
  while ((rc = git_revwalk_next(&id, walker.get())) == 0) ids.push_back(id);
  if (rc != GIT_ITEROVER) return git::lastError(title, "cannot walk revisions");
  if (options.started) options.started(ids.size());

  // One slot per commit: a patch, a skipped merge, or the error that stops the read.
  struct Slot {
    std::optional<Patch> patch;
    std::optional<Skipped> skipped;
    std::optional<Error> error;
  };
  std::vector<Slot> slots(ids.size());
  int threads = static_cast<int>(std::min<size_t>(std::max(1, options.jobs), ids.size()));
  std::vector<git::Repository> handles(std::max(threads, 1));
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&](git_repository *handle) {
    for (size_t i; !failed && (i = next.fetch_add(1)) < ids.size();) {
      Slot &slot = slots[i];
      git_commit *c = nullptr;
      if (git_commit_lookup(&c, handle, &ids[i]) != 0) {
        slot.error = git::lastError(title, "cannot read commit " + git::toHex(ids[i]));
        failed = true;
        return;
      }
      git::Commit commit(c);
      if (git_commit_parentcount(commit.get()) > 1) {
        const char *summary = git_commit_summary(commit.get());
        slot.skipped = Skipped{Origin{Origin::Kind::Commit, title, 0}, git::toHex(ids[i]),
                               summary ? summary : "", "merge commit"};
        if (options.commitRead) options.commitRead();
        continue;
      }
      auto patch = readCommitIn(handle, commit.get(), title);
      if (!patch) { // one commit that cannot be read does not end the range
        const char *summary = git_commit_summary(commit.get());
        slot.skipped = Skipped{Origin{Origin::Kind::Commit, title, 0}, git::toHex(ids[i]),
                               summary ? summary : "", patch.error().message, true};
        if (options.commitRead) options.commitRead();
        continue;
      }
      slot.patch = std::move(*patch);
      if (options.commitRead) options.commitRead();
    }
  };
  // Each thread past the first reads through a handle of its own: libgit2 objects and
  // caches of one repository are not shared between threads.
  for (int t = 1; t < threads; ++t) {
    git_repository *own = nullptr;
    if (git_repository_open(&own, git_repository_path(repo)) != 0)
      return git::lastError(title, "cannot open repository");
    handles[t].reset(own);
  }
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker, handles[t].get());
  worker(repo);
  for (std::thread &t : pool) t.join();

  Series series;
  series.title = title;
  for (Slot &slot : slots) {
    if (slot.error) return *slot.error;
    if (slot.skipped) out.skipped.push_back(std::move(*slot.skipped));
    if (slot.patch) series.patches.push_back(std::move(*slot.patch));
  }
  out.series.push_back(std::move(series));
  return okStatus();
}

// Adds to `out` the path of `entry` (at `prefix`), or of every file under it when it is
// a tree.
int entryPaths(git_repository *repo, const git_tree_entry *entry, const std::string &prefix,
               std::vector<std::string> &out) {
  std::string path = prefix + git_tree_entry_name(entry);
  if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) {
    out.push_back(std::move(path));
    return 0;
  }
  git_tree *raw = nullptr;
  if (git_tree_lookup(&raw, repo, git_tree_entry_id(entry)) != 0) return -1;
  git::Tree tree(raw);
  path += '/';
  for (size_t i = 0, n = git_tree_entrycount(raw); i < n; ++i)
    if (entryPaths(repo, git_tree_entry_byindex(raw, i), path, out) != 0) return -1;
  return 0;
}

// Git's order of tree entries: by name, a tree's name read as if it ended with '/'.
int compareEntries(const git_tree_entry *a, const git_tree_entry *b) {
  std::string_view na = git_tree_entry_name(a), nb = git_tree_entry_name(b);
  size_t n = std::min(na.size(), nb.size());
  if (int c = na.substr(0, n).compare(nb.substr(0, n))) return c;
  auto next = [n](std::string_view name, const git_tree_entry *e) -> unsigned char {
    if (n < name.size()) return name[n];
    return git_tree_entry_type(e) == GIT_OBJECT_TREE ? '/' : '\0';
  };
  return int(next(na, a)) - int(next(nb, b));
}

// Adds to `out` the paths that differ between `a` and `b`: one merge of the two sorted
// entry lists; entries with equal ids are skipped without reading them, so the unchanged
// part of a large tree costs nothing (libgit2's tree diff would descend into every
// subtree). A name that is a file on one side and a directory on the other is two
// entries, one removed and one added.
int changedPaths(git_repository *repo, const git_tree *a, const git_tree *b,
                 const std::string &prefix, std::vector<std::string> &out) {
  size_t i = 0, j = 0, na = git_tree_entrycount(a), nb = git_tree_entrycount(b);
  while (i < na || j < nb) {
    const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : nullptr;
    const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : nullptr;
    int c = !ea ? 1 : !eb ? -1 : compareEntries(ea, eb);
    if (c < 0 || c > 0) {
      if (entryPaths(repo, c < 0 ? ea : eb, prefix, out) != 0) return -1;
      (c < 0 ? i : j)++;
      continue;
    }
    ++i, ++j;
    if (git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
        git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
      continue;
    if (git_tree_entry_type(ea) == GIT_OBJECT_TREE) { // both trees: equal keys
      git_tree *subA = nullptr, *subB = nullptr;
      if (git_tree_lookup(&subA, repo, git_tree_entry_id(ea)) != 0) return -1;
      git::Tree ownA(subA);
      if (git_tree_lookup(&subB, repo, git_tree_entry_id(eb)) != 0) return -1;
      git::Tree ownB(subB);
      if (changedPaths(repo, subA, subB, prefix + git_tree_entry_name(ea) + "/", out) != 0)
        return -1;
      continue;
    }
    if (entryPaths(repo, ea, prefix, out) != 0) return -1; // a file changed: one path
  }
  return 0;
}

git::Diff diffAgainstParent(git_repository *repo, git_commit *commit, const std::string &origin,
                            Error &error) {
  git_tree *rawTree = nullptr, *rawParentTree = nullptr;
  if (git_commit_tree(&rawTree, commit) != 0) {
    error = git::lastError(origin, "cannot read tree");
    return nullptr;
  }
  git::Tree tree(rawTree), parentTree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit *rawParent = nullptr;
    if (git_commit_parent(&rawParent, commit, 0) != 0 ||
        git_commit_tree(&rawParentTree, rawParent) != 0) {
      git_commit_free(rawParent);
      error = git::lastError(origin, "cannot read parent");
      return nullptr;
    }
    git_commit_free(rawParent);
    parentTree.reset(rawParentTree);
  }
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.flags = GIT_DIFF_INDENT_HEURISTIC; // git's default since 2.14
  git_diff *raw = nullptr;
  std::vector<std::string> paths;
  std::vector<char *> pathPtrs;
  if (parentTree) {
    if (changedPaths(repo, parentTree.get(), tree.get(), "", paths) != 0) {
      error = git::lastError(origin, "cannot compare trees");
      return nullptr;
    }
    // The changed paths as an exact path list: the diff reads those files only, and
    // renames and copies pair among them.
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    for (std::string &p : paths) pathPtrs.push_back(p.data());
    opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
    opts.pathspec.strings = pathPtrs.data();
    opts.pathspec.count = pathPtrs.size();
    if (paths.empty()) { // nothing changed: the diff of two empty trees
      parentTree.reset();
      tree.reset();
    }
  }
  if (git_diff_tree_to_tree(&raw, repo, parentTree.get(), tree.get(), &opts) != 0) {
    error = git::lastError(origin, "cannot diff");
    return nullptr;
  }
  git::Diff diff(raw);
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_COPIES;
  if (git_diff_find_similar(diff.get(), &find) != 0) {
    error = git::lastError(origin, "cannot detect renames");
    return nullptr;
  }
  return diff;
}

} // namespace

namespace {

Expected<Patch> readCommitIn(git_repository *repo, git_commit *commit,
                             const std::string &originName) {
  Patch p;
  const git_oid *id = git_commit_id(commit);
  p.origin = Origin{Origin::Kind::Commit, originName, 0};
  p.id = git::toHex(*id);
  const char *encoding = git_commit_message_encoding(commit);
  const git_signature *author = git_commit_author(commit);
  p.author = personOf(author, encoding, "author", p.notes);
  p.committer = personOf(git_commit_committer(commit), encoding, "committer", p.notes);
  p.time = author->when.time;
  p.tzOffsetMinutes = author->when.offset;
  std::vector<std::string> subjectNotes; // the subject is part of the message
  p.subject = decoded(git_commit_summary(commit), encoding, "subject", subjectNotes);
  p.message = decoded(git_commit_message(commit), encoding, "message", p.notes);
  p.trailers = parseTrailers(p.message);
  if (git_commit_parentcount(commit) > 0) {
    p.parentId = git::toHex(*git_commit_parent_id(commit, 0));
    p.baseCommit = p.parentId;
  }
  Error error;
  git::Diff diff = diffAgainstParent(repo, commit, originName, error);
  if (!diff) return error;
  auto files = readDiff(diff.get(), originName);
  if (!files) return files.error();
  p.files = std::move(*files);

  p.rawText = formatPatchText(p);
  return p;
}

} // namespace

Expected<Patch> readCommit(git_repository *repo, git_commit *commit,
                           const std::string &originName) {
  return readCommitIn(repo, commit, originName);
}

Status readRevisions(git_repository *repo, const std::string &spec, PatchSet &out,
                     const RangeOptions &options) {
  git::ensureInit();
  git_revspec rs;
  // "X^!" is X without its parents: that one commit, as git reads it.
  bool justOne = spec.size() > 2 && spec.ends_with("^!");
  std::string parsed = justOne ? spec.substr(0, spec.size() - 2) : spec;
  if (git_revparse(&rs, repo, parsed.c_str()) != 0) return unknownRevision(spec);
  git::Object from(rs.from), to(rs.to);
  if (justOne && !(rs.flags & GIT_REVSPEC_SINGLE)) return Error{spec, 0, 0, "^! needs a single revision"};
  if (rs.flags & GIT_REVSPEC_SINGLE) {
    git_object *peeled = nullptr;
    if (git_object_peel(&peeled, from.get(), GIT_OBJECT_COMMIT) != 0)
      return Error{spec, 0, 0, "not a commit"};
    git::Object commitObj(peeled);
    git_commit *c = reinterpret_cast<git_commit *>(commitObj.get());
    if (git_commit_parentcount(c) > 1) {
      const char *summary = git_commit_summary(c);
      out.skipped.push_back(Skipped{Origin{Origin::Kind::Commit, spec, 0},
                                    git::toHex(*git_commit_id(c)), summary ? summary : "",
                                    "merge commit"});
      out.series.push_back(Series{spec, std::nullopt, {}});
      return okStatus();
    }
    auto patch = readCommit(repo, c, spec);
    if (!patch) return patch.error();
    Series series;
    series.title = spec;
    series.patches.push_back(std::move(*patch));
    out.series.push_back(std::move(series));
    return okStatus();
  }
  git_oid fromId, toId;
  git_object *pf = nullptr, *pt = nullptr;
  if (git_object_peel(&pf, from.get(), GIT_OBJECT_COMMIT) != 0 ||
      git_object_peel(&pt, to.get(), GIT_OBJECT_COMMIT) != 0) {
    git_object_free(pf);
    return Error{spec, 0, 0, "range ends are not commits"};
  }
  git_oid_cpy(&fromId, git_object_id(pf));
  git_oid_cpy(&toId, git_object_id(pt));
  git_object_free(pf);
  git_object_free(pt);
  if (rs.flags & GIT_REVSPEC_MERGE_BASE) {
    // A...B: both sides, without what they share.
    git_oid base;
    if (git_merge_base(&base, repo, &fromId, &toId) != 0)
      return git::lastError(spec, "no merge base");
    PatchSet left;
    if (Status s = walk(repo, fromId, &base, spec, options, left); !s) return s;
    if (Status s = walk(repo, toId, &base, spec, options, out); !s) return s;
    auto &mine = out.series.back().patches;
    mine.insert(mine.begin(), std::make_move_iterator(left.series.back().patches.begin()),
                std::make_move_iterator(left.series.back().patches.end()));
    out.skipped.insert(out.skipped.end(), left.skipped.begin(), left.skipped.end());
    return okStatus();
  }
  return walk(repo, toId, &fromId, spec, options, out);
}

Status readUnpushed(git_repository *repo, PatchSet &out, const RangeOptions &options) {
  git::ensureInit();
  if (git_repository_head_detached(repo) == 1)
    return Error{"HEAD", 0, 0,
                 "HEAD is detached, so there is no upstream; give a revision range such as "
                 "origin/master.."};
  git_reference *rawHead = nullptr;
  if (git_repository_head(&rawHead, repo) != 0)
    return git::lastError("HEAD", "cannot read HEAD");
  git::Reference head(rawHead);
  const char *branch = git_reference_shorthand(head.get());
  git_reference *rawUp = nullptr;
  if (git_branch_upstream(&rawUp, head.get()) != 0)
    return Error{"HEAD", 0, 0,
                 std::string("branch '") + branch +
                     "' has no upstream; give a revision range such as origin/master.."};
  git::Reference up(rawUp);
  git_oid tip, base;
  if (git_reference_name_to_id(&tip, repo, git_reference_name(head.get())) != 0 ||
      git_reference_name_to_id(&base, repo, git_reference_name(up.get())) != 0)
    return git::lastError("HEAD", "cannot resolve branch");
  return walk(repo, tip, &base, std::string(git_reference_shorthand(up.get())) + "..", options,
              out);
}

} // namespace provcheck
