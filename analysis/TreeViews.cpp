#include "analysis/TreeViews.h"

#include "analysis/TreeDiff.h"

#include <algorithm>
#include <mutex>
#include <set>

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

  git_repository *repo() const { return repo_; }
  const git_tree *tree() const { return tree_.get(); }

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
  std::optional<std::string> fileKey(std::string_view path) const override {
    const TreeView *t = tree();
    return t ? t->fileKey(path) : std::nullopt;
  }
  std::vector<TreeEntry> entries(std::string_view dir) const override {
    const TreeView *t = tree();
    return t ? t->entries(dir) : std::vector<TreeEntry>{};
  }

  // The git tree, looked up now; null when the revision names none.
  const GitTreeView *tree() const {
    std::call_once(once_, [this] {
      if (auto tree = treeOf(repo_, rev_))
        tree_ = std::make_shared<GitTreeView>(nullptr, repo_, std::move(*tree));
    });
    return tree_.get();
  }

private:
  git_repository *repo_;
  std::string rev_;
  mutable std::once_flag once_;
  mutable std::shared_ptr<const GitTreeView> tree_;
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

// A git tree (or, flattened, nothing but a git tree) with some paths replaced.
class OverlayTreeView final : public TreeView {
public:
  OverlayTreeView(std::shared_ptr<const TreeView> base, Overlay files)
      : base_(std::move(base)), files_(std::move(files)), id_(base_->id() + "+" + hashOf(files_)) {}

  std::optional<std::string> read(std::string_view path) const override {
    if (auto it = files_.find(path); it != files_.end()) {
      if (it->second.state != OverlayFile::State::Text) return std::nullopt;
      return it->second.text;
    }
    return base_->read(path);
  }

  bool isFile(std::string_view path) const override {
    if (auto it = files_.find(path); it != files_.end())
      return it->second.state != OverlayFile::State::Deleted;
    return base_->isFile(path);
  }

  bool isDirectory(std::string_view path) const override {
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    if (path.empty()) return true;
    if (isFile(path)) return false;
    std::string prefix = std::string(path) + "/";
    bool touched = false;
    for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.starts_with(prefix);
         ++it) {
      if (it->second.state != OverlayFile::State::Deleted) return true;
      touched = true;
    }
    if (!base_->isDirectory(path)) return false;
    return !touched || !list(path).empty(); // deletions may have emptied it
  }

  std::vector<std::string> list(std::string_view dir) const override {
    while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
    std::string prefix = dir.empty() ? std::string() : std::string(dir) + "/";
    std::set<std::string> names;
    if (base_->isDirectory(dir))
      for (std::string &n : base_->list(dir)) names.insert(std::move(n));
    std::set<std::string> subdirs; // directories the overlay reaches into
    for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.starts_with(prefix);
         ++it) {
      std::string_view rest = std::string_view(it->first).substr(prefix.size());
      size_t slash = rest.find('/');
      if (slash != std::string_view::npos) {
        subdirs.insert(std::string(rest.substr(0, slash)));
        continue;
      }
      if (it->second.state == OverlayFile::State::Deleted) names.erase(std::string(rest));
      else names.insert(std::string(rest));
    }
    for (const std::string &d : subdirs) {
      bool exists = isDirectory(prefix + d);
      if (exists) names.insert(d + "/");
      else names.erase(d + "/");
    }
    return {names.begin(), names.end()};
  }

  std::string id() const override { return id_; }

  // The tree's keys where the overlay leaves it; a hash of the contents where it does not.
  std::optional<std::string> fileKey(std::string_view path) const override {
    if (files_.count(path)) return TreeView::fileKey(path);
    return base_->fileKey(path);
  }

  // The tree's entries where the overlay leaves them (nothing below them is read); a
  // directory the overlay reaches into is keyed by its entries.
  std::vector<TreeEntry> entries(std::string_view dir) const override {
    while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
    std::string prefix = dir.empty() ? std::string() : std::string(dir) + "/";
    auto reaches = [&](const std::string &p) {
      auto it = files_.lower_bound(p);
      return it != files_.end() && it->first.starts_with(p);
    };
    if (!reaches(prefix)) return base_->entries(dir);
    std::map<std::string, TreeEntry, std::less<>> below;
    if (base_->isDirectory(dir))
      for (TreeEntry &e : base_->entries(dir)) below.emplace(e.name, std::move(e));
    std::vector<TreeEntry> out;
    for (std::string name : list(dir)) {
      bool isDir = !name.empty() && name.back() == '/';
      if (isDir) name.pop_back();
      std::string path = prefix + name;
      TreeEntry e;
      if (isDir && reaches(path + "/")) {
        std::string listing;
        for (const TreeEntry &c : entries(path))
          listing += std::to_string(static_cast<int>(c.kind)) + c.name + '\0' + c.key + '\n';
        e.kind = TreeEntryKind::Directory;
        e.key = "o" + hashText(listing);
      } else if (!isDir && files_.count(path)) {
        std::optional<std::string> key = fileKey(path);
        if (!key) continue; // contents unknown
        e.key = std::move(*key);
      } else if (auto it = below.find(name); it != below.end()) {
        e = std::move(it->second);
      } else {
        continue;
      }
      e.name = std::move(name);
      out.push_back(std::move(e));
    }
    return out;
  }

  const std::shared_ptr<const TreeView> &base() const { return base_; }
  const Overlay &files() const { return files_; }

private:
  static std::string hashText(const std::string &data) {
    git_oid oid;
    git::ensureInit();
    git_odb_hash(&oid, data.data(), data.size(), GIT_OBJECT_BLOB);
    return git::toHex(oid);
  }
  static std::string hashOf(const Overlay &files) {
    std::string data;
    for (const auto &[path, f] : files)
      data += path + '\0' + std::to_string(static_cast<int>(f.state)) + '\0' +
              std::to_string(f.text.size()) + '\0' + f.text;
    return hashText(data).substr(0, 16);
  }

  std::shared_ptr<const TreeView> base_;
  Overlay files_;
  std::string id_;
};

// The git tree below a view and the paths the view overlays on it.
const GitTreeView *gitTree(const TreeView *view) {
  if (auto *lazy = dynamic_cast<const LazyTreeView *>(view)) return lazy->tree();
  return dynamic_cast<const GitTreeView *>(view);
}

const GitTreeView *gitPart(const TreeView &view, const Overlay *&overlay) {
  overlay = nullptr;
  if (auto *o = dynamic_cast<const OverlayTreeView *>(&view)) {
    overlay = &o->files();
    return gitTree(o->base().get());
  }
  return gitTree(&view);
}

} // namespace

std::shared_ptr<const TreeView> treeViewAt(git_repository *repo, const std::string &rev) {
  auto tree = treeOf(repo, rev);
  if (!tree) return nullptr;
  return std::make_shared<GitTreeView>(nullptr, repo, std::move(*tree));
}

std::shared_ptr<const TreeView> overlayTree(std::shared_ptr<const TreeView> base,
                                            Overlay overlay) {
  if (auto *o = dynamic_cast<const OverlayTreeView *>(base.get())) {
    Overlay merged = o->files();
    for (auto &[path, f] : overlay) merged[path] = std::move(f);
    return std::make_shared<OverlayTreeView>(o->base(), std::move(merged));
  }
  return std::make_shared<OverlayTreeView>(std::move(base), std::move(overlay));
}

std::optional<std::vector<std::string>> changedPaths(const TreeView &from, const TreeView &to) {
  const Overlay *overFrom = nullptr, *overTo = nullptr;
  const GitTreeView *a = gitPart(from, overFrom), *b = gitPart(to, overTo);
  if (!a || !b) return std::nullopt;
  std::vector<std::string> out;
  if (a->id() != b->id()) {
    // Both trees are read through one handle; the other's tree is looked up in it.
    git_tree *raw = nullptr;
    if (git_tree_lookup(&raw, a->repo(), git_tree_id(b->tree())) != 0) return std::nullopt;
    git::Tree other(raw);
    if (changedTreePaths(a->repo(), a->tree(), other.get(), "", out) != 0) return std::nullopt;
  }
  for (const Overlay *o : {overFrom, overTo})
    if (o)
      for (const auto &entry : *o) out.push_back(entry.first);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Expected<PatchImages> commitImages(const Patch &patch, git_repository *repo, bool lazy) {
  PatchImages images;
  if (lazy) {
    // The commit was read from this repository: its trees are there.
    if (!patch.parentId.empty()) images.oldTree = std::make_shared<LazyTreeView>(repo, patch.parentId);
    images.newTree = std::make_shared<LazyTreeView>(repo, patch.id);
    return images;
  }
  auto shortRev = [](const std::string &rev) { return rev.substr(0, 12); };
  if (!patch.parentId.empty()) images.oldTree = treeViewAt(repo, patch.parentId);
  images.newTree = treeViewAt(repo, patch.id);
  if (!images.newTree)
    images.problem = "commit " + shortRev(patch.id) + " is not in the repository";
  else if (!images.oldTree && !patch.parentId.empty())
    images.problem = "parent " + shortRev(patch.parentId) + " is not in the repository";
  return images;
}

} // namespace provcheck
