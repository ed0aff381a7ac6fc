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

// The commits reachable from `tip` and not from `hide` (may be null), oldest first,
// topologically.
Expected<std::vector<git_oid>> walkIds(git_repository *repo, const git_oid &tip,
                                       const git_oid *hide, const std::string &title) {
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
  return ids;
}

// Reads a listed range all at once into one Series of `out`.
Status readAll(git_repository *repo, const RevisionList &list, const RangeOptions &options,
               PatchSet &out) {
  if (options.started) options.started(list.ids.size());
  Series series;
  series.title = list.title;
  CommitReader reader(repo, options);
  if (Status s = reader.read(list, 0, list.ids.size(), series.patches, out.skipped); !s)
    return s;
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

Expected<RevisionList> listRevisions(git_repository *repo, const std::string &spec) {
  git::ensureInit();
  git_revspec rs;
  // "X^!" is X without its parents: that one commit, as git reads it.
  bool justOne = spec.size() > 2 && spec.ends_with("^!");
  std::string parsed = justOne ? spec.substr(0, spec.size() - 2) : spec;
  if (git_revparse(&rs, repo, parsed.c_str()) != 0) return unknownRevision(spec);
  git::Object from(rs.from), to(rs.to);
  if (justOne && !(rs.flags & GIT_REVSPEC_SINGLE)) return Error{spec, 0, 0, "^! needs a single revision"};
  RevisionList list;
  list.title = spec;
  if (rs.flags & GIT_REVSPEC_SINGLE) {
    git_object *peeled = nullptr;
    if (git_object_peel(&peeled, from.get(), GIT_OBJECT_COMMIT) != 0)
      return Error{spec, 0, 0, "not a commit"};
    list.ids.push_back(*git_object_id(peeled));
    git_object_free(peeled);
    list.single = true;
    return list;
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
    // A...B: both sides, without what they share; A's side first.
    git_oid base;
    if (git_merge_base(&base, repo, &fromId, &toId) != 0)
      return git::lastError(spec, "no merge base");
    auto left = walkIds(repo, fromId, &base, spec);
    if (!left) return left.error();
    auto right = walkIds(repo, toId, &base, spec);
    if (!right) return right.error();
    list.ids = std::move(*left);
    list.ids.insert(list.ids.end(), right->begin(), right->end());
    return list;
  }
  auto ids = walkIds(repo, toId, &fromId, spec);
  if (!ids) return ids.error();
  list.ids = std::move(*ids);
  return list;
}

Expected<RevisionList> listUnpushed(git_repository *repo) {
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
  RevisionList list;
  list.title = std::string(git_reference_shorthand(up.get())) + "..";
  auto ids = walkIds(repo, tip, &base, list.title);
  if (!ids) return ids.error();
  list.ids = std::move(*ids);
  return list;
}

CommitReader::CommitReader(git_repository *repo, const RangeOptions &options)
    : repo_(repo), options_(options) {}

CommitReader::~CommitReader() = default;

Status CommitReader::read(const RevisionList &list, size_t begin, size_t end,
                          std::vector<Patch> &patches, std::vector<Skipped> &skipped) {
  end = std::min(end, list.ids.size());
  if (begin >= end) return okStatus();
  const std::string &title = list.title;
  // One slot per commit: a patch, a skipped merge or unreadable commit, or the error
  // that stops the read (a commit object that is missing).
  struct Slot {
    std::optional<Patch> patch;
    std::optional<Skipped> skipped;
    std::optional<Error> error;
  };
  std::vector<Slot> slots(end - begin);
  int threads = static_cast<int>(std::min<size_t>(std::max(1, options_.jobs), slots.size()));
  // Each thread past the first reads through a handle of its own, kept for the next
  // calls: libgit2 objects and caches of one repository are not shared between threads.
  while (static_cast<int>(handles_.size()) < threads - 1) {
    git_repository *own = nullptr;
    if (git_repository_open(&own, git_repository_path(repo_)) != 0)
      return git::lastError(title, "cannot open repository");
    handles_.emplace_back(own);
  }
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&](git_repository *handle) {
    for (size_t i; !failed && (i = next.fetch_add(1)) < slots.size();) {
      Slot &slot = slots[i];
      const git_oid &id = list.ids[begin + i];
      git_commit *c = nullptr;
      if (git_commit_lookup(&c, handle, &id) != 0) {
        slot.error = git::lastError(title, "cannot read commit " + git::toHex(id));
        failed = true;
        return;
      }
      git::Commit commit(c);
      if (git_commit_parentcount(commit.get()) > 1) {
        const char *summary = git_commit_summary(commit.get());
        slot.skipped = Skipped{Origin{Origin::Kind::Commit, title, 0}, git::toHex(id),
                               summary ? summary : "", "merge commit"};
        if (options_.commitRead) options_.commitRead();
        continue;
      }
      auto patch = readCommitIn(handle, commit.get(), title);
      if (!patch) { // one commit that cannot be read does not end the range
        const char *summary = git_commit_summary(commit.get());
        slot.skipped = Skipped{Origin{Origin::Kind::Commit, title, 0}, git::toHex(id),
                               summary ? summary : "", patch.error().message, true};
        if (options_.commitRead) options_.commitRead();
        continue;
      }
      slot.patch = std::move(*patch);
      if (options_.commitRead) options_.commitRead();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker, handles_[t - 1].get());
  worker(repo_);
  for (std::thread &t : pool) t.join();
  for (Slot &slot : slots) {
    if (slot.error) return *slot.error;
    if (slot.skipped) skipped.push_back(std::move(*slot.skipped));
    if (slot.patch) patches.push_back(std::move(*slot.patch));
  }
  return okStatus();
}

Status readRevisions(git_repository *repo, const std::string &spec, PatchSet &out,
                     const RangeOptions &options) {
  auto list = listRevisions(repo, spec);
  if (!list) return list.error();
  if (!list->single) return readAll(repo, *list, options, out);
  git_commit *raw = nullptr;
  if (git_commit_lookup(&raw, repo, &list->ids.front()) != 0)
    return git::lastError(spec, "cannot read commit");
  git::Commit commit(raw);
  git_commit *c = commit.get();
  Series series;
  series.title = spec;
  if (git_commit_parentcount(c) > 1) {
    const char *summary = git_commit_summary(c);
    out.skipped.push_back(Skipped{Origin{Origin::Kind::Commit, spec, 0},
                                  git::toHex(*git_commit_id(c)), summary ? summary : "",
                                  "merge commit"});
    out.series.push_back(std::move(series));
    return okStatus();
  }
  auto patch = readCommit(repo, c, spec);
  if (!patch) return patch.error();
  series.patches.push_back(std::move(*patch));
  out.series.push_back(std::move(series));
  return okStatus();
}

Status readUnpushed(git_repository *repo, PatchSet &out, const RangeOptions &options) {
  auto list = listUnpushed(repo);
  if (!list) return list.error();
  return readAll(repo, *list, options, out);
}

} // namespace provcheck
