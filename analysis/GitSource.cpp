#include "analysis/GitSource.h"

#include "analysis/DiffReader.h"
#include "analysis/MemoryRepo.h"
#include "analysis/PatchText.h"

#include <algorithm>
#include <map>

namespace provcheck {

namespace {

Person personOf(const git_signature *sig) {
  if (!sig) return {};
  return Person{sig->name ? sig->name : "", sig->email ? sig->email : ""};
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

// Does `line` hold the trailer `key` ("Key: value", "Key : value")?
bool isTrailerLine(std::string_view line, std::string_view key) {
  if (line.size() <= key.size()) return false;
  for (size_t i = 0; i < key.size(); ++i)
    if (std::tolower((unsigned char)line[i]) != std::tolower((unsigned char)key[i]))
      return false;
  std::string_view rest = line.substr(key.size());
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
    rest.remove_prefix(1);
  return !rest.empty() && rest.front() == ':';
}

Expected<Patch> readCommitIn(git_repository *mem, git_commit *commit,
                             const std::string &originName);

Error unknownRevision(const std::string &spec) {
  const git_error *e = git_error_last();
  std::string detail = e && e->message ? e->message : "";
  return Error{spec, 0, 0,
               "unknown revision or path not found" + (detail.empty() ? "" : " (" + detail + ")")};
}

// Walks from `tip`, hiding `hide` (may be null), oldest first, topologically.
Status walk(git_repository *disk, const git_oid &tip, const git_oid *hide,
            const std::string &title, PatchSet &out) {
  auto mem = openMemoryRepo(disk);
  if (!mem) return mem.error();
  git_repository *repo = mem->repo.get();
  git_revwalk *raw = nullptr;
  if (git_revwalk_new(&raw, repo) != 0) return git::lastError(title, "cannot walk revisions");
  git::Revwalk walker(raw);
  git_revwalk_sorting(walker.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  if (git_revwalk_push(walker.get(), &tip) != 0 ||
      (hide && git_revwalk_hide(walker.get(), hide) != 0))
    return git::lastError(title, "cannot walk revisions");
  Series series;
  series.title = title;
  git_oid id;
  int rc;
  while ((rc = git_revwalk_next(&id, walker.get())) == 0) {
    git_commit *c = nullptr;
    if (git_commit_lookup(&c, repo, &id) != 0)
      return git::lastError(title, "cannot read commit " + git::toHex(id));
    git::Commit commit(c);
    if (git_commit_parentcount(commit.get()) > 1) {
      const char *summary = git_commit_summary(commit.get());
      out.skipped.push_back(Skipped{Origin{Origin::Kind::Commit, title, 0}, git::toHex(id),
                                    summary ? summary : "", "merge commit"});
      continue;
    }
    auto patch = readCommitIn(repo, commit.get(), title);
    mem->reset();
    if (!patch) return patch.error();
    series.patches.push_back(std::move(*patch));
  }
  if (rc != GIT_ITEROVER) return git::lastError(title, "cannot walk revisions");
  out.series.push_back(std::move(series));
  return okStatus();
}

// Writes into `mem` two trees that hold only what differs between `a` and `b`: equal
// subtrees and files are left out of both, so the diff of the pruned trees equals the
// diff of the whole ones (renames and copies pair files that changed) without walking
// the unchanged part of a large tree.
int prune(git_repository *mem, const git_tree *a, const git_tree *b, git_oid *outA,
          git_oid *outB) {
  git_treebuilder *rawA = nullptr, *rawB = nullptr;
  if (git_treebuilder_new(&rawA, mem, nullptr) != 0) return -1;
  git::Ptr<git_treebuilder> builderA(rawA);
  if (git_treebuilder_new(&rawB, mem, nullptr) != 0) return -1;
  git::Ptr<git_treebuilder> builderB(rawB);
  std::map<std::string_view, const git_tree_entry *> inB;
  for (size_t i = 0, n = git_tree_entrycount(b); i < n; ++i) {
    const git_tree_entry *e = git_tree_entry_byindex(b, i);
    inB.emplace(git_tree_entry_name(e), e);
  }
  auto add = [](git_treebuilder *bld, const git_tree_entry *e) {
    return git_treebuilder_insert(nullptr, bld, git_tree_entry_name(e), git_tree_entry_id(e),
                                  git_tree_entry_filemode(e));
  };
  for (size_t i = 0, n = git_tree_entrycount(a); i < n; ++i) {
    const git_tree_entry *ea = git_tree_entry_byindex(a, i);
    auto it = inB.find(git_tree_entry_name(ea));
    if (it == inB.end()) {
      if (add(builderA.get(), ea) != 0) return -1;
      continue;
    }
    const git_tree_entry *eb = it->second;
    inB.erase(it);
    if (git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
        git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
      continue;
    if (git_tree_entry_type(ea) == GIT_OBJECT_TREE && git_tree_entry_type(eb) == GIT_OBJECT_TREE) {
      git_tree *subA = nullptr, *subB = nullptr;
      if (git_tree_lookup(&subA, mem, git_tree_entry_id(ea)) != 0) return -1;
      git::Tree ownA(subA);
      if (git_tree_lookup(&subB, mem, git_tree_entry_id(eb)) != 0) return -1;
      git::Tree ownB(subB);
      git_oid prunedA, prunedB;
      if (prune(mem, subA, subB, &prunedA, &prunedB) != 0 ||
          git_treebuilder_insert(nullptr, builderA.get(), git_tree_entry_name(ea), &prunedA,
                                 GIT_FILEMODE_TREE) != 0 ||
          git_treebuilder_insert(nullptr, builderB.get(), git_tree_entry_name(eb), &prunedB,
                                 GIT_FILEMODE_TREE) != 0)
        return -1;
      continue;
    }
    if (add(builderA.get(), ea) != 0 || add(builderB.get(), eb) != 0) return -1;
  }
  for (const auto &[name, eb] : inB)
    if (add(builderB.get(), eb) != 0) return -1;
  if (git_treebuilder_write(outA, builderA.get()) != 0) return -1;
  return git_treebuilder_write(outB, builderB.get());
}

// `mem` is a handle on the same repository whose writes stay in memory.
git::Diff diffAgainstParent(git_repository *mem, git_commit *commit, const std::string &origin,
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
  if (parentTree) {
    git_oid prunedA, prunedB;
    git_tree *a = nullptr, *b = nullptr;
    if (prune(mem, parentTree.get(), tree.get(), &prunedA, &prunedB) != 0 ||
        git_tree_lookup(&a, mem, &prunedA) != 0 || git_tree_lookup(&b, mem, &prunedB) != 0) {
      git_tree_free(a);
      error = git::lastError(origin, "cannot compare trees");
      return nullptr;
    }
    parentTree.reset(a);
    tree.reset(b);
  }
  if (git_diff_tree_to_tree(&raw, mem, parentTree.get(), tree.get(), &opts) != 0) {
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

std::vector<Trailer> parseTrailers(const std::string &message) {
  git::ensureInit();
  std::vector<Trailer> out;
  git_message_trailer_array arr{};
  if (git_message_trailers(&arr, message.c_str()) != 0) return out;
  auto lines = splitLines(message);
  // Trailers are at the end: match them from the last one upwards.
  int next = static_cast<int>(lines.size()) - 1;
  out.resize(arr.count);
  for (size_t i = arr.count; i-- > 0;) {
    out[i].key = arr.trailers[i].key;
    out[i].value = trim(arr.trailers[i].value);
    for (int l = next; l >= 0; --l)
      if (isTrailerLine(lines[l], out[i].key)) {
        out[i].line = l + 1;
        next = l - 1;
        break;
      }
  }
  git_message_trailer_array_free(&arr);
  return out;
}

namespace {

Expected<Patch> readCommitIn(git_repository *mem, git_commit *commit,
                             const std::string &originName) {
  Patch p;
  const git_oid *id = git_commit_id(commit);
  p.origin = Origin{Origin::Kind::Commit, originName, 0};
  p.id = git::toHex(*id);
  const git_signature *author = git_commit_author(commit);
  p.author = personOf(author);
  p.committer = personOf(git_commit_committer(commit));
  p.time = author->when.time;
  p.tzOffsetMinutes = author->when.offset;
  const char *summary = git_commit_summary(commit);
  p.subject = summary ? summary : "";
  const char *message = git_commit_message(commit);
  p.message = message ? message : "";
  p.trailers = parseTrailers(p.message);
  if (git_commit_parentcount(commit) > 0) {
    p.parentId = git::toHex(*git_commit_parent_id(commit, 0));
    p.baseCommit = p.parentId;
  }
  Error error;
  git::Diff diff = diffAgainstParent(mem, commit, originName, error);
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
  auto mem = openMemoryRepo(repo);
  if (!mem) return mem.error();
  git_commit *own = nullptr;
  if (git_commit_lookup(&own, mem->repo.get(), git_commit_id(commit)) != 0)
    return git::lastError(originName, "cannot read commit");
  git::Commit c(own);
  return readCommitIn(mem->repo.get(), c.get(), originName);
}

Status readRevisions(git_repository *repo, const std::string &spec, PatchSet &out) {
  git::ensureInit();
  git_revspec rs;
  if (git_revparse(&rs, repo, spec.c_str()) != 0) return unknownRevision(spec);
  git::Object from(rs.from), to(rs.to);
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
    if (Status s = walk(repo, fromId, &base, spec, left); !s) return s;
    if (Status s = walk(repo, toId, &base, spec, out); !s) return s;
    auto &mine = out.series.back().patches;
    mine.insert(mine.begin(), std::make_move_iterator(left.series.back().patches.begin()),
                std::make_move_iterator(left.series.back().patches.end()));
    out.skipped.insert(out.skipped.end(), left.skipped.begin(), left.skipped.end());
    return okStatus();
  }
  return walk(repo, toId, &fromId, spec, out);
}

Status readUnpushed(git_repository *repo, PatchSet &out) {
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
  return walk(repo, tip, &base, std::string(git_reference_shorthand(up.get())) + "..", out);
}

} // namespace provcheck
