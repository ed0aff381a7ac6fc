#include "tools/provcheck/Demo.h"

#include "analysis/Git.h"
#include "tools/provcheck/DemoContent.h"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace provcheck {

namespace {

constexpr int64_t kFirstCommitTime = 1767261600; // 2026-01-01T10:00:00Z

Status writeFile(const fs::path &root, const demo::FileEdit &e) {
  std::error_code ec;
  if (!e.renameFrom.empty()) fs::rename(root / e.renameFrom, root / e.path, ec);
  if (e.remove) {
    fs::remove(root / e.path, ec);
    return okStatus();
  }
  fs::create_directories((root / e.path).parent_path(), ec);
  std::ofstream out(root / e.path, std::ios::binary | std::ios::trunc);
  out << e.content;
  if (!out) return Error{(root / e.path).string(), 0, 0, "cannot write the demo file"};
  return okStatus();
}

// Stages the whole work tree and commits it on HEAD; returns the commit id.
Expected<git_oid> commitAll(git_repository *repo, const demo::DemoCommit &c, int64_t time,
                            const std::string &where) {
  git_index *rawIndex = nullptr;
  if (git_repository_index(&rawIndex, repo) != 0) return git::lastError(where, "index");
  git::Index index(rawIndex);
  if (git_index_add_all(index.get(), nullptr, 0, nullptr, nullptr) != 0 ||
      git_index_update_all(index.get(), nullptr, nullptr, nullptr) != 0 ||
      git_index_write(index.get()) != 0)
    return git::lastError(where, "staging the demo files");
  git_oid treeId, commitId;
  if (git_index_write_tree(&treeId, index.get()) != 0) return git::lastError(where, "tree");
  git_tree *rawTree = nullptr;
  if (git_tree_lookup(&rawTree, repo, &treeId) != 0) return git::lastError(where, "tree");
  git::Tree tree(rawTree);
  git_signature *rawSig = nullptr;
  if (git_signature_new(&rawSig, c.authorName.c_str(), c.authorEmail.c_str(), time, 0) != 0)
    return git::lastError(where, "signature");
  git::Signature sig(rawSig);
  git::Commit parent;
  git_oid headId;
  if (git_reference_name_to_id(&headId, repo, "HEAD") == 0) {
    git_commit *p = nullptr;
    if (git_commit_lookup(&p, repo, &headId) != 0) return git::lastError(where, "parent");
    parent.reset(p);
  }
  const git_commit *parents[] = {parent.get()};
  if (git_commit_create(&commitId, repo, "HEAD", sig.get(), sig.get(), nullptr,
                        c.message.c_str(), tree.get(), parent ? 1 : 0,
                        parent ? parents : nullptr) != 0)
    return git::lastError(where, "commit");
  return commitId;
}

Status makeUpstream(git_repository *repo, const git_oid &id, const std::string &where) {
  git_commit *raw = nullptr;
  if (git_commit_lookup(&raw, repo, &id) != 0) return git::lastError(where, "upstream");
  git::Commit commit(raw);
  git_reference *ref = nullptr;
  if (git_branch_create(&ref, repo, "upstream", commit.get(), 1) != 0)
    return git::lastError(where, "creating branch upstream");
  git::Reference owned(ref);
  git_config *rawCfg = nullptr;
  if (git_repository_config(&rawCfg, repo) != 0) return git::lastError(where, "config");
  git::Ptr<git_config> cfg(rawCfg);
  if (git_config_set_string(cfg.get(), "branch.master.remote", ".") != 0 ||
      git_config_set_string(cfg.get(), "branch.master.merge", "refs/heads/upstream") != 0)
    return git::lastError(where, "setting the upstream of master");
  return okStatus();
}

} // namespace

Expected<DemoRepository> createDemoRepository(const std::string &dir) {
  git::ensureInit();
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
    return Error{dir, 0, 0, "the demo needs a new or empty directory"};
  fs::create_directories(dir, ec);
  if (ec) return Error{dir, 0, 0, "cannot create the directory: " + ec.message()};

  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  opts.flags = GIT_REPOSITORY_INIT_MKPATH;
  opts.initial_head = "master";
  git_repository *raw = nullptr;
  if (git_repository_init_ext(&raw, dir.c_str(), &opts) != 0)
    return git::lastError(dir, "creating the demo repository");
  git::Repository repo(raw);

  const auto &history = demo::demoHistory();
  for (size_t i = 0; i < history.size(); ++i) {
    for (const demo::FileEdit &e : history[i].edits)
      if (Status s = writeFile(dir, e); !s) return s.error();
    auto id = commitAll(repo.get(), history[i], kFirstCommitTime + 3600 * int64_t(i), dir);
    if (!id) return id.error();
    if (i == 0)
      if (Status s = makeUpstream(repo.get(), *id, dir); !s) return s.error();
  }
  DemoRepository out;
  out.path = fs::absolute(dir).lexically_normal().string();
  out.upstream = "upstream";
  out.range = "upstream..master";
  out.commits = static_cast<int>(history.size()) - 1;
  return out;
}

} // namespace provcheck
