#include "analysis/GitSource.h"

#include "analysis/CoverLetter.h"
#include "analysis/DiffReader.h"
#include "analysis/PatchText.h"
#include "analysis/TreeDiff.h"
#include "analysis/Utf8.h"

#include <algorithm>
#include <cctype>
#include <atomic>
#include <fstream>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>

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
                             const std::string &originName, bool patchText);

Error unknownRevision(const std::string &spec) {
  const git_error *e = git_error_last();
  std::string detail = e && e->message ? e->message : "";
  return Error{spec, 0, 0,
               "unknown revision or path not found" + (detail.empty() ? "" : " (" + detail + ")")};
}

// The boundary of a shallow clone: the commits of .git/shallow, whose parents are named
// but not in the repository. Empty for a complete repository.
std::set<std::string> shallowBoundary(git_repository *repo) {
  std::set<std::string> out;
  if (git_repository_is_shallow(repo) != 1) return out;
  std::ifstream in(std::string(git_repository_commondir(repo)) + "shallow");
  for (std::string line; std::getline(in, line);)
    if (line.size() >= GIT_OID_HEXSZ) out.insert(line.substr(0, GIT_OID_HEXSZ));
  return out;
}

std::string boundaryReason() { return "shallow clone boundary: its parent is not in the repository"; }

std::string boundaryNotice(const std::string &title, const std::string &id) {
  return title + ": the range reaches the boundary of the shallow clone at " + id.substr(0, 12) +
         "; checked up to it (git fetch --deepen=N reads further)";
}

// The commits from `tip` not reachable from `hide`, parents before children, in a
// shallow clone: the walk stops at the boundary (libgit2 1.5 reads the parents of every
// commit it walks, and those of the boundary are absent).
Status shallowRange(git_repository *repo, const git_oid &tip, const git_oid *hide,
                    const std::set<std::string> &boundary, const std::string &title,
                    std::vector<git_oid> &ids) {
  auto parents = [&](const git_oid &id, std::vector<git_oid> &out) {
    out.clear();
    git_commit *raw = nullptr;
    if (git_commit_lookup(&raw, repo, &id) != 0) return false;
    git::Commit commit(raw);
    if (!boundary.count(git::toHex(id)))
      for (unsigned i = 0; i < git_commit_parentcount(raw); ++i)
        out.push_back(*git_commit_parent_id(raw, i));
    return true;
  };
  std::unordered_set<std::string> hidden;
  std::vector<git_oid> stack, ps;
  if (hide) stack.push_back(*hide);
  while (!stack.empty()) {
    git_oid id = stack.back();
    stack.pop_back();
    if (!hidden.insert(git::toHex(id)).second || !parents(id, ps)) continue;
    stack.insert(stack.end(), ps.begin(), ps.end());
  }
  // Depth first from the tip, first parents first; a commit is listed after its parents.
  struct Frame {
    git_oid id;
    std::vector<git_oid> parents;
    size_t next = 0;
  };
  std::unordered_set<std::string> seen;
  std::vector<Frame> frames;
  auto enter = [&](const git_oid &id) {
    std::string hex = git::toHex(id);
    if (hidden.count(hex) || !seen.insert(hex).second) return true;
    Frame f{id, {}, 0};
    if (!parents(id, f.parents)) return false;
    frames.push_back(std::move(f));
    return true;
  };
  if (!enter(tip)) return git::lastError(title, "cannot read commit " + git::toHex(tip));
  while (!frames.empty()) {
    Frame &f = frames.back();
    if (f.next < f.parents.size()) {
      git_oid p = f.parents[f.next++];
      if (!enter(p)) return git::lastError(title, "cannot read commit " + git::toHex(p));
      continue;
    }
    ids.push_back(f.id);
    frames.pop_back();
  }
  return okStatus();
}

// The commits reachable from `tip` and not from `hide` (may be null), oldest first,
// topologically. In a shallow clone the walk stops at the boundary.
Expected<std::vector<git_oid>> walkIds(git_repository *repo, const git_oid &tip,
                                       const git_oid *hide, const std::string &title,
                                       const std::set<std::string> &boundary) {
  std::vector<git_oid> ids;
  if (!boundary.empty()) {
    if (Status s = shallowRange(repo, tip, hide, boundary, title, ids); !s) return s.error();
    return ids;
  }
  git_revwalk *raw = nullptr;
  if (git_revwalk_new(&raw, repo) != 0) return git::lastError(title, "cannot walk revisions");
  git::Revwalk walker(raw);
  git_revwalk_sorting(walker.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  if (git_revwalk_push(walker.get(), &tip) != 0 ||
      (hide && git_revwalk_hide(walker.get(), hide) != 0))
    return git::lastError(title, "cannot walk revisions");
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
  if (Status s = reader.read(list, 0, list.ids.size(), series.patches, out.skipped, out.notices);
      !s)
    return s;
  takeCoverCommit(series, out.skipped);
  out.series.push_back(std::move(series));
  return okStatus();
}

// A file of the diff whose blob is not in the repository (a partial clone fetches blobs
// on demand, and provcheck never fetches): its paths, modes and ids, without lines.
FileChange unavailableFile(git_repository *repo, const git_tree *oldTree, const git_tree *newTree,
                           const std::string &path) {
  FileChange f;
  f.oldPath = f.newPath = path;
  git_tree_entry *rawOld = nullptr, *rawNew = nullptr;
  if (oldTree) git_tree_entry_bypath(&rawOld, oldTree, path.c_str());
  if (newTree) git_tree_entry_bypath(&rawNew, newTree, path.c_str());
  git::TreeEntry oldEntry(rawOld), newEntry(rawNew);
  f.status = !rawOld ? FileStatus::Added : !rawNew ? FileStatus::Deleted : FileStatus::Modified;
  if (rawOld) {
    f.oldId = git::toHex(*git_tree_entry_id(rawOld));
    f.oldMode = git_tree_entry_filemode(rawOld);
  }
  if (rawNew) {
    f.newId = git::toHex(*git_tree_entry_id(rawNew));
    f.newMode = git_tree_entry_filemode(rawNew);
  }
  git_odb *rawOdb = nullptr;
  git_repository_odb(&rawOdb, repo);
  git::Ptr<git_odb> odb(rawOdb);
  for (const git_tree_entry *e : {rawOld, rawNew}) {
    if (!e || !odb || git_odb_exists(odb.get(), git_tree_entry_id(e))) continue;
    f.unavailable = "blob " + git::toHex(*git_tree_entry_id(e)).substr(0, 12) +
                    " is not in the repository (a partial clone): contents unknown";
    break;
  }
  return f;
}

// The paths among `paths` whose blob on either side is missing from the object database.
std::vector<std::string> missingBlobs(git_repository *repo, const git_tree *oldTree,
                                      const git_tree *newTree, const std::vector<std::string> &paths) {
  std::vector<std::string> out;
  git_odb *rawOdb = nullptr;
  if (git_repository_odb(&rawOdb, repo) != 0) return out;
  git::Ptr<git_odb> odb(rawOdb);
  for (const std::string &path : paths)
    for (const git_tree *tree : {oldTree, newTree}) {
      git_tree_entry *raw = nullptr;
      if (!tree || git_tree_entry_bypath(&raw, tree, path.c_str()) != 0) continue;
      git::TreeEntry entry(raw);
      if (git_tree_entry_type(raw) == GIT_OBJECT_BLOB && !git_odb_exists(odb.get(), git_tree_entry_id(raw))) {
        out.push_back(path);
        break;
      }
    }
  return out;
}

// The files a commit changes against its first parent, with rename and copy detection.
// `skipMissing`: files whose blobs are not in the repository are left out of the diff
// and listed without lines (FileChange::unavailable); without it, such a file fails the
// read with GIT_ENOTFOUND in `code`.
Expected<std::vector<FileChange>> diffAgainstParent(git_repository *repo, git_commit *commit,
                                                    const std::string &origin, bool skipMissing,
                                                    int &code) {
  code = 0;
  auto fail = [&](std::string_view what) {
    const git_error *e = git_error_last();
    code = e && e->klass == GIT_ERROR_ODB ? GIT_ENOTFOUND : -1;
    return git::lastError(origin, what);
  };
  git_tree *rawTree = nullptr, *rawParentTree = nullptr;
  if (git_commit_tree(&rawTree, commit) != 0) return fail("cannot read tree");
  git::Tree tree(rawTree), parentTree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit *rawParent = nullptr;
    if (git_commit_parent(&rawParent, commit, 0) != 0 ||
        git_commit_tree(&rawParentTree, rawParent) != 0) {
      git_commit_free(rawParent);
      return fail("cannot read parent");
    }
    git_commit_free(rawParent);
    parentTree.reset(rawParentTree);
  }
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.flags = GIT_DIFF_INDENT_HEURISTIC; // git's default since 2.14
  std::vector<std::string> paths;
  std::vector<char *> pathPtrs;
  std::vector<FileChange> unavailable;
  if (parentTree || skipMissing) {
    if (changedTreePaths(repo, parentTree.get(), tree.get(), "", paths) != 0)
      return fail("cannot compare trees");
    // The changed paths as an exact path list: the diff reads those files only, and
    // renames and copies pair among them.
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    if (skipMissing)
      for (const std::string &m : missingBlobs(repo, parentTree.get(), tree.get(), paths)) {
        unavailable.push_back(unavailableFile(repo, parentTree.get(), tree.get(), m));
        paths.erase(std::find(paths.begin(), paths.end(), m));
      }
    for (std::string &p : paths) pathPtrs.push_back(p.data());
    opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
    opts.pathspec.strings = pathPtrs.data();
    opts.pathspec.count = pathPtrs.size();
    if (paths.empty()) { // nothing (left) to diff: the diff of two empty trees
      parentTree.reset();
      tree.reset();
    }
  }
  git_diff *raw = nullptr;
  if (git_diff_tree_to_tree(&raw, repo, parentTree.get(), tree.get(), &opts) != 0)
    return fail("cannot diff");
  git::Diff diff(raw);
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_COPIES;
  if (git_diff_find_similar(diff.get(), &find) != 0) return fail("cannot detect renames");
  auto files = readDiff(diff.get(), origin);
  if (!files) {
    const git_error *e = git_error_last();
    code = e && e->klass == GIT_ERROR_ODB ? GIT_ENOTFOUND : -1;
    return files.error();
  }
  if (unavailable.empty()) return files;
  files->insert(files->end(), std::make_move_iterator(unavailable.begin()),
                std::make_move_iterator(unavailable.end()));
  std::stable_sort(files->begin(), files->end(),
                   [](const FileChange &a, const FileChange &b) { return a.path() < b.path(); });
  return files;
}

} // namespace

namespace {

Expected<Patch> readCommitIn(git_repository *repo, git_commit *commit,
                             const std::string &originName, bool patchText) {
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
  // A missing blob (a partial clone) leaves that file without lines, never the run.
  int code = 0;
  auto files = diffAgainstParent(repo, commit, originName, false, code);
  if (!files && code == GIT_ENOTFOUND)
    files = diffAgainstParent(repo, commit, originName, true, code);
  if (!files) return files.error();
  p.files = std::move(*files);
  if (patchText) p.rawText = formatPatchText(p);
  return p;
}

} // namespace

Expected<Patch> readCommit(git_repository *repo, git_commit *commit,
                           const std::string &originName, bool patchText) {
  return readCommitIn(repo, commit, originName, patchText);
}

Expected<RevisionList> listRevisions(git_repository *repo, const std::string &spec) {
  git::ensureInit();
  git_revspec rs;
  // "X^!" is X without its parents: that one commit, as git reads it.
  bool justOne = spec.size() > 2 && spec.ends_with("^!");
  std::string parsed = justOne ? spec.substr(0, spec.size() - 2) : spec;
  if (git_revparse(&rs, repo, parsed.c_str()) != 0) {
    Error e = unknownRevision(spec);
    if (git_repository_is_shallow(repo) == 1)
      e.message += "; the repository is a shallow clone, its history may not reach that far";
    return e;
  }
  git::Object from(rs.from), to(rs.to);
  if (justOne && !(rs.flags & GIT_REVSPEC_SINGLE)) return Error{spec, 0, 0, "^! needs a single revision"};
  RevisionList list;
  list.title = spec;
  list.boundary = shallowBoundary(repo);
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
    auto left = walkIds(repo, fromId, &base, spec, list.boundary);
    if (!left) return left.error();
    auto right = walkIds(repo, toId, &base, spec, list.boundary);
    if (!right) return right.error();
    list.ids = std::move(*left);
    list.ids.insert(list.ids.end(), right->begin(), right->end());
    return list;
  }
  auto ids = walkIds(repo, toId, &fromId, spec, list.boundary);
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
  list.boundary = shallowBoundary(repo);
  auto ids = walkIds(repo, tip, &base, list.title, list.boundary);
  if (!ids) return ids.error();
  list.ids = std::move(*ids);
  return list;
}

CommitReader::CommitReader(git_repository *repo, const RangeOptions &options)
    : repo_(repo), options_(options) {}

CommitReader::~CommitReader() = default;

Status touchedByRevisions(git_repository *repo, const RevisionList &list,
                          std::set<std::string> &paths, int64_t &earliest) {
  bool first = true; // the first commit read as a patch: maybe b4's cover commit
  std::vector<std::string> changed;
  for (const git_oid &id : list.ids) {
    git_commit *c = nullptr;
    if (git_commit_lookup(&c, repo, &id) != 0)
      return git::lastError(list.title, "cannot read commit " + git::toHex(id));
    git::Commit commit(c);
    if (git_commit_parentcount(c) > 1 || list.boundary.count(git::toHex(id))) continue;
    git_tree *rawTree = nullptr, *rawParentTree = nullptr;
    if (git_commit_tree(&rawTree, c) != 0) continue;
    git::Tree tree(rawTree), parentTree;
    if (git_commit_parentcount(c) > 0) {
      git_commit *rawParent = nullptr;
      if (git_commit_parent(&rawParent, c, 0) != 0) continue;
      git::Commit parent(rawParent);
      if (git_commit_tree(&rawParentTree, rawParent) != 0) continue;
      parentTree.reset(rawParentTree);
    }
    changed.clear();
    if (changedTreePaths(repo, parentTree.get(), tree.get(), "", changed) != 0) continue;
    bool cover = first && changed.empty() && b4Tracking(git_commit_message(c) ? git_commit_message(c) : "");
    first = false;
    if (cover) continue;
    paths.insert(std::make_move_iterator(changed.begin()), std::make_move_iterator(changed.end()));
    earliest = std::min<int64_t>(earliest, git_commit_author(c)->when.time);
  }
  return okStatus();
}

Status CommitReader::read(const RevisionList &list, size_t begin, size_t end,
                          std::vector<Patch> &patches, std::vector<Skipped> &skipped,
                          std::vector<std::string> &notices) {
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
      bool merge = git_commit_parentcount(commit.get()) > 1;
      if (merge || list.boundary.count(git::toHex(id))) {
        const char *summary = git_commit_summary(commit.get());
        slot.skipped = Skipped{Origin{Origin::Kind::Commit, title, 0}, git::toHex(id),
                               summary ? summary : "", merge ? "merge commit" : boundaryReason()};
        if (options_.commitRead) options_.commitRead();
        continue;
      }
      auto patch = readCommitIn(handle, commit.get(), title, options_.patchText);
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
    if (slot.skipped && slot.skipped->reason == boundaryReason())
      notices.push_back(boundaryNotice(title, slot.skipped->id));
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
  std::string hex = git::toHex(*git_commit_id(c));
  bool atBoundary = list->boundary.count(hex) > 0;
  if (git_commit_parentcount(c) > 1 || atBoundary) {
    const char *summary = git_commit_summary(c);
    out.skipped.push_back(Skipped{Origin{Origin::Kind::Commit, spec, 0}, hex,
                                  summary ? summary : "",
                                  atBoundary ? boundaryReason() : "merge commit"});
    if (atBoundary) out.notices.push_back(boundaryNotice(spec, hex));
    out.series.push_back(std::move(series));
    return okStatus();
  }
  auto patch = readCommit(repo, c, spec, options.patchText);
  if (!patch) return patch.error();
  series.patches.push_back(std::move(*patch));
  takeCoverCommit(series, out.skipped);
  out.series.push_back(std::move(series));
  return okStatus();
}

void takeCoverCommit(Series &series, std::vector<Skipped> &skipped) {
  if (series.patches.empty() || !series.patches.front().files.empty()) return;
  Patch &first = series.patches.front();
  std::optional<B4Tracking> b4 = b4Tracking(first.message);
  if (!b4) return;
  skipped.push_back(Skipped{first.origin, first.id, first.subject, "b4 cover letter"});
  first.message = b4->cover;
  series.title = first.subject;
  series.version = b4->revision;
  series.rfc = b4->rfc;
  series.coverLetter = std::move(first);
  series.patches.erase(series.patches.begin());
}

Status readUnpushed(git_repository *repo, PatchSet &out, const RangeOptions &options) {
  auto list = listUnpushed(repo);
  if (!list) return list.error();
  return readAll(repo, *list, options, out);
}

} // namespace provcheck
