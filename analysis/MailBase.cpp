#include "analysis/MailBase.h"

#include "analysis/Apply.h"
#include "analysis/TreeViews.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

namespace provcheck {

const char *toString(PatchBase::From from) {
  switch (from) {
  case PatchBase::From::None: return "none";
  case PatchBase::From::Parent: return "parent";
  case PatchBase::From::BaseCommit: return "base-commit";
  case PatchBase::From::IndexLines: return "index-lines";
  case PatchBase::From::Head: return "head";
  }
  return "none";
}

namespace {

std::string shortId(const std::string &id) { return id.substr(0, 12); }

std::string plural(size_t n, const std::string &one, const std::string &many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string blobHash(std::string_view text) {
  git_oid oid;
  git_odb_hash(&oid, text.data(), text.size(), GIT_OBJECT_BLOB);
  return git::toHex(oid);
}

bool isHex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

// The objects of the repository, looked up by the abbreviated ids of index lines.
class Blobs {
public:
  explicit Blobs(git_repository *repo) : repo_(repo) {}

  // The full id of the one blob whose id starts with `prefix`; nullopt when there is
  // none or several.
  std::optional<git_oid> resolve(const std::string &prefix) {
    if (auto it = resolved_.find(prefix); it != resolved_.end()) return it->second;
    std::optional<git_oid> out;
    git_oid shortId;
    if (prefix.size() >= GIT_OID_MINPREFIXLEN && isHex(prefix) &&
        git_oid_fromstrn(&shortId, prefix.data(), prefix.size()) == 0) {
      git_object *obj = nullptr;
      if (git_object_lookup_prefix(&obj, repo_, &shortId, prefix.size(), GIT_OBJECT_BLOB) == 0) {
        out = *git_object_id(obj);
        git_object_free(obj);
      }
    }
    resolved_.emplace(prefix, out);
    return out;
  }

  std::optional<std::string> read(const std::string &prefix) {
    auto id = resolve(prefix);
    if (!id) return std::nullopt;
    git_blob *raw = nullptr;
    if (git_blob_lookup(&raw, repo_, &*id) != 0) return std::nullopt;
    git::Blob blob(raw);
    return std::string(static_cast<const char *>(git_blob_rawcontent(raw)),
                       static_cast<size_t>(git_blob_rawsize(raw)));
  }

private:
  git_repository *repo_;
  std::map<std::string, std::optional<git_oid>> resolved_;
};

// What the series needs of its base: each path it touches first, with the blob it
// starts from, or that it must not exist (the series adds it).
struct Requirement {
  std::string path;
  std::string blob; // abbreviated id from the index line; "" when the line is missing
  bool absent = false;
  bool lines = false; // the file has hunks: without an index line its pre-image is unknown
};

std::vector<Requirement> requirementsOf(const std::vector<Patch *> &patches) {
  std::vector<Requirement> out;
  std::set<std::string> seen;
  for (const Patch *p : patches) {
    for (const FileChange &f : p->files) {
      if (f.status == FileStatus::Added) {
        if (!seen.count(f.newPath)) out.push_back({f.newPath, "", true});
      } else if (!seen.count(f.oldPath)) {
        out.push_back({f.oldPath, f.oldId, false, !f.hunks.empty()});
      }
    }
    for (const FileChange &f : p->files) seen.insert({f.oldPath, f.newPath});
  }
  return out;
}

struct SearchResult {
  std::string best;   // commit holding the most requirements (the newest of those)
  int bestBehind = -1;
  size_t bestHeld = 0;
  bool all = false;   // `best` holds every requirement
  int read = 0;       // commits read
  bool shallow = false; // stopped at the boundary of a shallow clone
};

bool holds(git_tree *tree, const Requirement &r) {
  git_tree_entry *raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree, r.path.c_str()) != 0) return r.absent;
  git::TreeEntry entry(raw);
  if (r.absent || git_tree_entry_type(raw) != GIT_OBJECT_BLOB) return false;
  return git::toHex(*git_tree_entry_id(raw)).starts_with(r.blob);
}

// The newest commit, first-parent from HEAD and at most `depth` of them, whose tree holds
// every requirement; else the one holding the most.
SearchResult searchFirstParent(git_repository *repo, const std::vector<Requirement> &reqs,
                               int depth) {
  SearchResult out;
  git_object *raw = nullptr;
  if (git_revparse_single(&raw, repo, "HEAD^{commit}") != 0) return out;
  git::Commit commit(reinterpret_cast<git_commit *>(raw));
  for (int behind = 0; commit && behind < depth; ++behind) {
    ++out.read;
    git_tree *rawTree = nullptr;
    if (git_commit_tree(&rawTree, commit.get()) != 0) break;
    git::Tree tree(rawTree);
    size_t held = 0;
    for (const Requirement &r : reqs) held += holds(rawTree, r);
    if (held > out.bestHeld || out.best.empty()) {
      out.best = git::toHex(*git_commit_id(commit.get()));
      out.bestBehind = behind;
      out.bestHeld = held;
    }
    if (held == reqs.size()) {
      out.all = true;
      break;
    }
    if (git_commit_parentcount(commit.get()) == 0) break;
    git_commit *parent = nullptr;
    if (git_commit_parent(&parent, commit.get(), 0) != 0) {
      out.shallow = true; // the parent is named but absent: a shallow clone's boundary
      break;
    }
    commit.reset(parent);
  }
  return out;
}

// One candidate base, and the series applied on it.
struct Attempt {
  PatchBase::From from = PatchBase::From::None;
  std::string commit;
  std::string label;   // how steps name it: "base-commit 0123456789ab", "HEAD 0123456789ab"
  std::string how;     // the "(from ...)" text
  int behindHead = -1;
  std::vector<std::string> blobPaths; // laid over the commit's tree for the whole series
  std::shared_ptr<const TreeView> tree;

  std::vector<PatchImages> images; // per patch
  std::vector<std::vector<std::vector<int>>> offsets; // per patch, per file
  size_t applied = 0;
  std::string firstFailure; // "patch 2 does not apply: ..."
  size_t step = SIZE_MAX;   // index of that failure in the steps reported
};

struct PatchOutcome {
  bool ok = false;
  std::string why;
  Overlay pre, post;            // the files laid over the tree below: pre-images, then results
  std::vector<std::string> blobPaths;
  std::vector<std::vector<int>> offsets;
  bool exact = true;
  std::vector<std::string> mismatches; // results that differ from the index line's blob
};

// Applies one patch to `tree`. A file whose pre-image blob is in the repository starts
// from that blob.
PatchOutcome applyPatch(const Patch &patch, const TreeView &tree, Blobs &blobs) {
  PatchOutcome out;
  out.offsets.resize(patch.files.size());
  auto preimage = [&](const FileChange &f) -> std::optional<std::string> {
    if (auto it = out.post.find(f.oldPath); it != out.post.end()) // an earlier copy or rename
      return it->second.state == OverlayFile::State::Text ? std::optional(it->second.text)
                                                          : std::nullopt;
    std::optional<std::string> text = tree.read(f.oldPath);
    bool matches = text && !f.oldId.empty() && blobHash(*text).starts_with(f.oldId);
    if (!matches && !f.oldId.empty()) {
      if (auto blob = blobs.read(f.oldId)) {
        out.pre[f.oldPath] = OverlayFile{OverlayFile::State::Text, *blob};
        out.blobPaths.push_back(f.oldPath);
        return blob;
      }
      out.exact = false;
    }
    if (f.oldId.empty() && !f.hunks.empty()) out.exact = false; // a plain diff
    return text;
  };
  for (size_t i = 0; i < patch.files.size(); ++i) {
    const FileChange &f = patch.files[i];
    std::string text;
    if (f.status == FileStatus::Added) {
      if (tree.isFile(f.newPath) || out.post.count(f.newPath)) {
        out.why = f.newPath + " already exists";
        return out;
      }
    } else {
      auto pre = preimage(f);
      if (!pre) {
        out.why = f.oldPath + (tree.isFile(f.oldPath) ? ": contents unknown" : " does not exist");
        return out;
      }
      text = std::move(*pre);
    }
    OverlayFile result{OverlayFile::State::Text, {}};
    if (f.binary) {
      auto blob = f.newId.empty() ? std::nullopt : blobs.read(f.newId);
      result = blob ? OverlayFile{OverlayFile::State::Text, std::move(*blob)}
                    : OverlayFile{OverlayFile::State::Unknown, {}};
    } else {
      ApplyOutcome applied = applyHunks(text, f);
      if (!applied.ok) {
        out.why = applied.failure.why;
        return out;
      }
      out.offsets[i] = applied.applied.offsets;
      result.text = std::move(applied.applied.text);
      if (f.status != FileStatus::Deleted && !f.newId.empty() &&
          !blobHash(result.text).starts_with(f.newId))
        out.mismatches.push_back(f.newPath);
    }
    if (f.status == FileStatus::Deleted || f.status == FileStatus::Renamed)
      out.post[f.oldPath] = OverlayFile{OverlayFile::State::Deleted, {}};
    if (f.status != FileStatus::Deleted) out.post[f.newPath] = std::move(result);
  }
  out.ok = true;
  return out;
}

std::string belowText(const std::vector<int> &below) {
  if (below.empty()) return "";
  bool contiguous = below.front() == 1;
  for (size_t i = 1; i < below.size(); ++i) contiguous = contiguous && below[i] == below[i - 1] + 1;
  if (below.size() == 1) return " + patch " + std::to_string(below[0]);
  if (contiguous) return " + patches 1-" + std::to_string(below.back());
  std::string out = " + patches ";
  for (size_t i = 0; i < below.size(); ++i) out += (i ? ", " : "") + std::to_string(below[i]);
  return out;
}

// Runs the series on the attempt's tree, one patch after another; a patch that does not
// apply is left out and the next one applies where it would have.
void runSeries(Attempt &a, const std::vector<Patch *> &patches, Blobs &blobs) {
  std::shared_ptr<const TreeView> current = a.tree;
  std::vector<int> below;
  a.images.assign(patches.size(), PatchImages{});
  a.offsets.assign(patches.size(), {});
  for (size_t k = 0; k < patches.size(); ++k) {
    PatchOutcome o = applyPatch(*patches[k], *current, blobs);
    PatchImages &img = a.images[k];
    PatchBase &base = img.base;
    base.commit = a.commit;
    base.behindHead = a.behindHead;
    if (!o.ok) {
      std::string why = "patch " + std::to_string(k + 1) + " does not apply to " + a.label +
                        belowText(below) + ": " + o.why;
      if (a.firstFailure.empty()) a.firstFailure = why;
      base.from = PatchBase::From::None;
      base.commit.clear();
      base.summary = "none (from nothing: " + why + ")";
      img.problem = why;
      continue;
    }
    ++a.applied;
    base.from = a.from;
    base.seriesBelow = static_cast<int>(below.size());
    base.blobPaths = a.blobPaths;
    base.blobPaths.insert(base.blobPaths.end(), o.blobPaths.begin(), o.blobPaths.end());
    base.exact = o.exact;
    std::string with = base.blobPaths.empty()
                           ? ""
                           : " with " + plural(base.blobPaths.size(), "pre-image blob",
                                               "pre-image blobs");
    size_t moved = 0;
    for (const auto &fileOffsets : o.offsets)
      for (int off : fileOffsets) moved += off != 0;
    std::string how = a.how;
    if (moved) how += "; " + plural(moved, "hunk", "hunks") + " moved";
    base.summary = shortId(a.commit) + with + belowText(below) + " (from " + how + ")";
    img.oldTree = o.pre.empty() ? current : overlayTree(current, o.pre);
    img.newTree = overlayTree(img.oldTree, std::move(o.post));
    if (!o.mismatches.empty()) {
      std::string list;
      for (const std::string &p : o.mismatches) list += (list.empty() ? "" : ", ") + p;
      img.problem = "the result differs from the index line's blob for " + list;
    }
    a.offsets[k] = std::move(o.offsets);
    current = img.newTree;
    below.push_back(static_cast<int>(k + 1));
  }
}

std::optional<std::string> commitOf(git_repository *repo, const std::string &rev) {
  git_object *raw = nullptr;
  if (git_revparse_single(&raw, repo, (rev + "^{commit}").c_str()) != 0) return std::nullopt;
  git::Object obj(raw);
  return git::toHex(*git_object_id(raw));
}

// The index-line step: its attempt, or nullopt with the reason in `why`.
std::optional<Attempt> indexAttempt(git_repository *repo, const std::vector<Patch *> &patches,
                                    Blobs &blobs, const BaseSearch &search, std::string &why) {
  std::vector<Requirement> reqs = requirementsOf(patches);
  size_t blobsNeeded = 0;
  for (const Requirement &r : reqs) {
    if (r.absent || (r.blob.empty() && !r.lines)) continue; // added; renamed as it is
    ++blobsNeeded;
    if (r.blob.empty()) {
      why = "index lines: " + r.path + " has no index line";
      return std::nullopt;
    }
    if (!blobs.resolve(r.blob)) {
      why = "index lines: the pre-image blob " + r.blob + " of " + r.path +
            " is not in the repository";
      return std::nullopt;
    }
  }
  if (blobsNeeded == 0) {
    why = "index lines: the series only adds files";
    return std::nullopt;
  }
  SearchResult found = searchFirstParent(repo, reqs, search.depth);
  if (found.best.empty()) {
    why = "index lines: HEAD names no commit";
    return std::nullopt;
  }
  Attempt a;
  a.from = PatchBase::From::IndexLines;
  a.commit = found.best;
  a.behindHead = found.bestBehind;
  a.label = shortId(found.best);
  std::string behind = plural(static_cast<size_t>(found.bestBehind), "commit", "commits") +
                       " behind HEAD";
  std::string blobCount =
      blobsNeeded == 1 ? "the pre-image blob" : "the " + std::to_string(blobsNeeded) + " pre-image blobs";
  if (found.all) {
    a.how = "index lines: the newest first-parent commit holding " + blobCount + ", " + behind;
  } else {
    std::string scope = plural(static_cast<size_t>(found.read), "first-parent commit",
                               "first-parent commits") +
                        (found.shallow ? " before the shallow boundary" : " from HEAD");
    a.how = "index lines: none of the " + scope + " holds " +
            (blobsNeeded == 1 ? blobCount : "all " + std::to_string(blobsNeeded) + " pre-image blobs") +
            "; laid over " + (found.bestHeld ? "the one holding most, " + behind : "HEAD");
  }
  a.tree = treeViewAt(repo, a.commit);
  if (!a.tree) {
    why = "index lines: cannot read the tree of " + shortId(a.commit);
    return std::nullopt;
  }
  if (!found.all) {
    git_object *raw = nullptr;
    git_revparse_single(&raw, repo, (a.commit + "^{tree}").c_str());
    git::Object treeObj(raw);
    Overlay overlay;
    for (const Requirement &r : reqs) {
      if (r.absent || r.blob.empty() || (raw && holds(reinterpret_cast<git_tree *>(raw), r)))
        continue;
      overlay[r.path] = OverlayFile{OverlayFile::State::Text, *blobs.read(r.blob)};
      a.blobPaths.push_back(r.path);
    }
    a.tree = overlayTree(a.tree, std::move(overlay));
  }
  return a;
}

} // namespace

PatchBase commitBase(const Patch &commit) {
  PatchBase base;
  if (commit.parentId.empty()) {
    base.summary = "none (from nothing: a root commit)";
    return base;
  }
  base.from = PatchBase::From::Parent;
  base.commit = commit.parentId;
  base.exact = true;
  base.summary = shortId(commit.parentId) + " (from the commit's parent)";
  return base;
}

std::vector<PatchImages> seriesImages(const std::vector<Patch *> &patches, git_repository *repo,
                                      const BaseSearch &search) {
  Blobs blobs(repo);
  std::vector<std::string> steps;
  std::vector<Attempt> attempts;
  auto tryAttempt = [&](Attempt a) {
    runSeries(a, patches, blobs);
    if (a.applied < patches.size()) {
      a.step = steps.size();
      steps.push_back(a.firstFailure);
    }
    attempts.push_back(std::move(a));
    return attempts.back().applied == patches.size();
  };

  bool done = false;
  std::string baseCommit;
  for (const Patch *p : patches)
    if (baseCommit.empty()) baseCommit = p->baseCommit;
  if (!baseCommit.empty()) {
    auto commit = commitOf(repo, baseCommit);
    if (!commit) {
      steps.push_back("base-commit: " + shortId(baseCommit) + " is not in the repository");
    } else {
      Attempt a;
      a.from = PatchBase::From::BaseCommit;
      a.commit = *commit;
      a.label = "base-commit " + shortId(*commit);
      a.how = "base-commit:";
      a.tree = treeViewAt(repo, *commit);
      done = a.tree && tryAttempt(std::move(a));
    }
  }
  if (!done) {
    std::string why;
    if (auto a = indexAttempt(repo, patches, blobs, search, why)) done = tryAttempt(std::move(*a));
    else steps.push_back(why);
  }
  if (!done) {
    if (auto head = commitOf(repo, "HEAD")) {
      Attempt a;
      a.from = PatchBase::From::Head;
      a.commit = *head;
      a.behindHead = 0;
      a.label = "HEAD " + shortId(*head);
      a.how = "fuzzless application to HEAD";
      a.tree = treeViewAt(repo, *head);
      if (a.tree) done = tryAttempt(std::move(a));
    } else {
      steps.push_back("HEAD names no commit");
    }
  }

  // The attempt that applied the whole series, else the one that applied most (the
  // earliest of those).
  std::vector<PatchImages> out(patches.size());
  const Attempt *chosen = nullptr;
  for (const Attempt &a : attempts)
    if (!chosen || a.applied > chosen->applied) chosen = &a;
  if (!chosen || chosen->applied == 0) {
    std::string why = steps.empty() ? "no base to apply it to" : steps.back();
    for (PatchImages &img : out) {
      img.base.summary = "none (from nothing: " + why + ")";
      img.base.steps = steps;
      img.problem = why;
    }
    return out;
  }
  // What the other steps found; the chosen one's own failure is its patches' to say.
  std::vector<std::string> others;
  for (size_t i = 0; i < steps.size(); ++i)
    if (i != chosen->step) others.push_back(steps[i]);
  for (size_t k = 0; k < patches.size(); ++k) {
    out[k] = chosen->images[k];
    out[k].base.steps = others;
    if (out[k].base.from != PatchBase::From::None)
      for (size_t f = 0; f < patches[k]->files.size(); ++f)
        shiftHunks(patches[k]->files[f], chosen->offsets[k][f]);
  }
  return out;
}

} // namespace provcheck
