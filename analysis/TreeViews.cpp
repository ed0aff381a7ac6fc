#include "analysis/TreeViews.h"

#include "analysis/DiffReader.h"
#include "analysis/MemoryRepo.h"

#include <mutex>

namespace provcheck {

namespace {

// A git tree. libgit2 lookups on one repository are serialised by a mutex, so one view
// can be read from several threads.
class GitTreeView final : public TreeView {
public:
  // `owner` keeps a repository alive when the view owns it (may be null).
  GitTreeView(std::shared_ptr<git_repository> owner, git_repository *repo, git::Tree tree)
      : owner_(std::move(owner)), repo_(repo), tree_(std::move(tree)),
        id_(git::toHex(*git_tree_id(tree_.get()))) {}

  std::optional<std::string> read(std::string_view path) const override {
    std::lock_guard lock(mutex_);
    git::TreeEntry entry = lookup(path);
    if (!entry || git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::nullopt;
    git_blob *raw = nullptr;
    if (git_blob_lookup(&raw, repo_, git_tree_entry_id(entry.get())) != 0) return std::nullopt;
    git::Blob blob(raw);
    return std::string(static_cast<const char *>(git_blob_rawcontent(blob.get())),
                       static_cast<size_t>(git_blob_rawsize(blob.get())));
  }

  bool isFile(std::string_view path) const override {
    std::lock_guard lock(mutex_);
    git::TreeEntry entry = lookup(path);
    return entry && git_tree_entry_type(entry.get()) == GIT_OBJECT_BLOB;
  }

  bool isDirectory(std::string_view path) const override {
    if (path.empty() || path == "/") return true;
    std::lock_guard lock(mutex_);
    git::TreeEntry entry = lookup(path);
    return entry && git_tree_entry_type(entry.get()) == GIT_OBJECT_TREE;
  }

  std::vector<std::string> list(std::string_view dir) const override {
    std::lock_guard lock(mutex_);
    git::Tree sub;
    const git_tree *tree = subtree(dir, sub);
    if (!tree) return {};
    std::vector<std::string> out;
    for (size_t i = 0, n = git_tree_entrycount(tree); i < n; ++i) {
      const git_tree_entry *e = git_tree_entry_byindex(tree, i);
      std::string name = git_tree_entry_name(e);
      if (git_tree_entry_type(e) == GIT_OBJECT_TREE) name += '/';
      out.push_back(std::move(name));
    }
    return out;
  }

  std::string id() const override { return id_; }

  std::optional<std::string> fileKey(std::string_view path) const override {
    std::lock_guard lock(mutex_);
    git::TreeEntry entry = lookup(path);
    if (!entry || git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::nullopt;
    return git::toHex(*git_tree_entry_id(entry.get()));
  }

  std::vector<TreeEntry> entries(std::string_view dir) const override {
    std::lock_guard lock(mutex_);
    git::Tree sub;
    const git_tree *tree = subtree(dir, sub);
    if (!tree) return {};
    std::vector<TreeEntry> out;
    for (size_t i = 0, n = git_tree_entrycount(tree); i < n; ++i) {
      const git_tree_entry *e = git_tree_entry_byindex(tree, i);
      TreeEntry entry;
      git_object_t type = git_tree_entry_type(e);
      if (type == GIT_OBJECT_TREE)
        entry.kind = TreeEntryKind::Directory;
      else if (type != GIT_OBJECT_BLOB)
        continue; // a submodule
      else if (git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
        entry.kind = TreeEntryKind::Link;
      entry.name = git_tree_entry_name(e);
      entry.key = git::toHex(*git_tree_entry_id(e));
      out.push_back(std::move(entry));
    }
    return out;
  }

private:
  // The tree of `dir` ("" the root); `holder` keeps a subtree alive. Null when `dir` is
  // not a directory. With mutex_ held.
  const git_tree *subtree(std::string_view dir, git::Tree &holder) const {
    while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
    if (dir.empty()) return tree_.get();
    git::TreeEntry entry = lookup(dir);
    if (!entry || git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return nullptr;
    git_tree *raw = nullptr;
    if (git_tree_lookup(&raw, repo_, git_tree_entry_id(entry.get())) != 0) return nullptr;
    holder.reset(raw);
    return holder.get();
  }

  git::TreeEntry lookup(std::string_view path) const {
    git_tree_entry *raw = nullptr;
    if (git_tree_entry_bypath(&raw, tree_.get(), std::string(path).c_str()) != 0) return nullptr;
    return git::TreeEntry(raw);
  }

  std::shared_ptr<git_repository> owner_;
  git_repository *repo_;
  git::Tree tree_;
  std::string id_;
  mutable std::mutex mutex_;
};

Expected<git::Tree> treeOf(git_repository *repo, const std::string &rev);

// A commit's tree looked up on first use: a range of thousands of commits pays for the
// trees whose files are read, not for all of them. A revision that names no tree reads
// as an empty tree.
class LazyTreeView final : public TreeView {
public:
  LazyTreeView(git_repository *repo, std::string rev) : repo_(repo), rev_(std::move(rev)) {}

  std::optional<std::string> read(std::string_view path) const override {
    const TreeView *t = tree();
    return t ? t->read(path) : std::nullopt;
  }
  bool isFile(std::string_view path) const override {
    const TreeView *t = tree();
    return t && t->isFile(path);
  }
  bool isDirectory(std::string_view path) const override {
    const TreeView *t = tree();
    return t && t->isDirectory(path);
  }
  std::vector<std::string> list(std::string_view dir) const override {
    const TreeView *t = tree();
    return t ? t->list(dir) : std::vector<std::string>{};
  }
  std::string id() const override {
    const TreeView *t = tree();
    return t ? t->id() : rev_;
  }

private:
  const TreeView *tree() const {
    std::call_once(once_, [this] {
      if (auto tree = treeOf(repo_, rev_))
        tree_ = std::make_shared<GitTreeView>(nullptr, repo_, std::move(*tree));
    });
    return tree_.get();
  }

  git_repository *repo_;
  std::string rev_;
  mutable std::once_flag once_;
  mutable std::shared_ptr<const TreeView> tree_;
};

Expected<git::Tree> treeOf(git_repository *repo, const std::string &rev) {
  git_object *raw = nullptr;
  if (git_revparse_single(&raw, repo, rev.c_str()) != 0)
    return git::lastError(rev, "unknown revision");
  git::Object obj(raw);
  git_object *peeled = nullptr;
  if (git_object_peel(&peeled, obj.get(), GIT_OBJECT_TREE) != 0)
    return git::lastError(rev, "not a tree");
  return git::Tree(reinterpret_cast<git_tree *>(peeled));
}

std::string shortRev(const std::string &rev) { return rev.size() > 12 ? rev.substr(0, 12) : rev; }

} // namespace

std::shared_ptr<const TreeView> treeViewAt(git_repository *repo, const std::string &rev) {
  auto tree = treeOf(repo, rev);
  if (!tree) return nullptr;
  return std::make_shared<GitTreeView>(nullptr, repo, std::move(*tree));
}

Expected<PatchImages> imagesFor(const Patch &patch, git_repository *repo, bool lazy) {
  PatchImages images;
  if (patch.origin.kind == Origin::Kind::Commit && lazy) {
    // The commit was read from this repository: its trees are there.
    if (!patch.parentId.empty()) images.oldTree = std::make_shared<LazyTreeView>(repo, patch.parentId);
    images.newTree = std::make_shared<LazyTreeView>(repo, patch.id);
    return images;
  }
  if (patch.origin.kind == Origin::Kind::Commit) {
    if (!patch.parentId.empty()) images.oldTree = treeViewAt(repo, patch.parentId);
    images.newTree = treeViewAt(repo, patch.id);
    if (!images.newTree) images.problem = "commit " + shortRev(patch.id) + " is not in the repository";
    else if (!images.oldTree && !patch.parentId.empty())
      images.problem = "parent " + shortRev(patch.parentId) + " is not in the repository";
    return images;
  }
  std::string base = "HEAD";
  if (!patch.baseCommit.empty()) {
    if (treeViewAt(repo, patch.baseCommit)) base = patch.baseCommit;
    else images.problem = "base-commit " + shortRev(patch.baseCommit) +
                          " is not in the repository; using HEAD";
  }
  auto baseTree = treeOf(repo, base);
  if (!baseTree) {
    images.problem = "no base tree: " + baseTree.error().str();
    return images;
  }
  auto memory = openMemoryRepo(repo);
  if (!memory) return memory.error();
  std::shared_ptr<git_repository> memRepo = memory->repo;
  git_repository *mem = memRepo.get();
  // The base tree again, looked up in the handle that owns the applied objects.
  auto memBase = treeOf(mem, git::toHex(*git_tree_id(baseTree->get())));
  if (!memBase) return memBase.error();
  images.oldTree = std::make_shared<GitTreeView>(memRepo, mem, std::move(*memBase));

  auto diff = parseDiffText(patch.rawText, patch.origin.name, patch.origin.line);
  std::string where = base == "HEAD" ? "HEAD" : "base " + shortRev(base);
  if (!diff) {
    images.problem = "patch does not apply to " + where + ": " + diff.error().message;
    return images;
  }
  git_index *rawIndex = nullptr;
  git_tree *baseRaw = nullptr;
  git_tree_lookup(&baseRaw, mem, git_tree_id(baseTree->get()));
  git::Tree applyBase(baseRaw);
  if (git_apply_to_tree(&rawIndex, mem, applyBase.get(), diff->get(), nullptr) != 0) {
    const git_error *e = git_error_last();
    std::string detail = e && e->message ? e->message : "unknown reason";
    images.problem = "patch does not apply to " + where + ": " + detail;
    return images;
  }
  git::Index index(rawIndex);
  git_oid newId;
  if (git_index_write_tree_to(&newId, index.get(), mem) != 0)
    return git::lastError(patch.origin.name, "cannot build the patched tree");
  git_tree *rawNew = nullptr;
  if (git_tree_lookup(&rawNew, mem, &newId) != 0)
    return git::lastError(patch.origin.name, "cannot read the patched tree");
  images.newTree = std::make_shared<GitTreeView>(memRepo, mem, git::Tree(rawNew));
  return images;
}

} // namespace provcheck
