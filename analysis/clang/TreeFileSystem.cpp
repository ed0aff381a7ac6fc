// A TreeView as an llvm::vfs::FileSystem, under an OverlayFileSystem whose bottom layer
// is the physical file system.
#include "analysis/clang/TreeFileSystem.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/Chrono.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <functional>
#include <optional>

namespace provcheck::clangmap {

namespace {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

constexpr uint64_t kDevice = 0x70726f76; // "prov": UniqueIDs of tree entries

// Status of a tree entry. The modification time is derived from the contents so that a
// precompiled preamble built in one tree is reused in the other exactly when every
// header it read is the same in both (it compares sizes and times).
llvm::vfs::Status makeStatus(const std::string &name, const std::string *contents) {
  uint64_t ino = std::hash<std::string>{}(name);
  uint64_t size = contents ? contents->size() : 0;
  auto stamp = std::chrono::seconds(
      contents ? (std::hash<std::string>{}(*contents) % 1000000000u) + 1 : 1);
  return llvm::vfs::Status(name, fs::UniqueID(kDevice, ino), llvm::sys::TimePoint<>(stamp), 0,
                           0, size,
                           contents ? fs::file_type::regular_file
                                    : fs::file_type::directory_file,
                           contents ? fs::perms::all_read : fs::perms::all_all);
}

class TreeFile : public llvm::vfs::File {
public:
  TreeFile(llvm::vfs::Status status, std::shared_ptr<const std::string> contents)
      : status_(std::move(status)), contents_(std::move(contents)) {}
  llvm::ErrorOr<llvm::vfs::Status> status() override { return status_; }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> getBuffer(const llvm::Twine &name, int64_t,
                                                                 bool, bool) override {
    return llvm::MemoryBuffer::getMemBufferCopy(*contents_, name.str());
  }
  std::error_code close() override { return {}; }

private:
  llvm::vfs::Status status_;
  std::shared_ptr<const std::string> contents_;
};

class ListIterator : public llvm::vfs::detail::DirIterImpl {
public:
  explicit ListIterator(std::vector<llvm::vfs::directory_entry> entries)
      : entries_(std::move(entries)) {
    set();
  }
  std::error_code increment() override {
    ++pos_;
    set();
    return {};
  }

private:
  void set() {
    CurrentEntry = pos_ < entries_.size() ? entries_[pos_] : llvm::vfs::directory_entry();
  }
  std::vector<llvm::vfs::directory_entry> entries_;
  size_t pos_ = 0;
};

// The tree and the extra files; knows nothing of the disk (OverlayFileSystem falls
// through to the layer below for every path this one does not hold).
class TreeFileSystem : public llvm::vfs::FileSystem {
public:
  TreeFileSystem(std::shared_ptr<const TreeView> tree, std::string root, ExtraFiles extra)
      : tree_(std::move(tree)), root_(std::move(root)), cwd_(root_) {
    for (auto &[p, text] : extra)
      extra_.emplace(p, std::make_shared<const std::string>(std::move(text)));
  }

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &p) override {
    std::string abs = absolute(p);
    if (auto contents = fileContents(abs)) return makeStatus(abs, contents->get());
    if (isDir(abs)) return makeStatus(abs, nullptr);
    return std::make_error_code(std::errc::no_such_file_or_directory);
  }

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>> openFileForRead(const llvm::Twine &p) override {
    std::string abs = absolute(p);
    if (auto contents = fileContents(abs))
      return std::unique_ptr<llvm::vfs::File>(
          std::make_unique<TreeFile>(makeStatus(abs, contents->get()), *contents));
    return std::make_error_code(std::errc::no_such_file_or_directory);
  }

  llvm::vfs::directory_iterator dir_begin(const llvm::Twine &dir, std::error_code &ec) override {
    std::string abs = absolute(dir);
    auto rel = relative(abs);
    if (!rel || !isDir(abs)) {
      ec = std::make_error_code(std::errc::no_such_file_or_directory);
      return {};
    }
    std::vector<llvm::vfs::directory_entry> entries;
    for (const std::string &name : tree_->list(*rel)) {
      bool dirEntry = !name.empty() && name.back() == '/';
      std::string child = abs + "/" + (dirEntry ? name.substr(0, name.size() - 1) : name);
      entries.emplace_back(child, dirEntry ? fs::file_type::directory_file
                                           : fs::file_type::regular_file);
    }
    ec = {};
    return llvm::vfs::directory_iterator(std::make_shared<ListIterator>(std::move(entries)));
  }

  llvm::ErrorOr<std::string> getCurrentWorkingDirectory() const override { return cwd_; }
  std::error_code setCurrentWorkingDirectory(const llvm::Twine &p) override {
    cwd_ = absolute(p);
    return {};
  }
  std::error_code isLocal(const llvm::Twine &, bool &result) override {
    result = true;
    return {};
  }

private:
  std::string absolute(const llvm::Twine &p) const {
    llvm::SmallString<256> s;
    p.toVector(s);
    if (!path::is_absolute(s)) {
      llvm::SmallString<256> full(cwd_);
      path::append(full, s);
      s = full;
    }
    path::remove_dots(s, /*remove_dot_dot=*/true);
    return std::string(s);
  }

  // The path inside the tree ("" for the root), or nullopt outside it.
  std::optional<std::string> relative(const std::string &abs) const {
    if (abs == root_) return std::string();
    if (abs.size() > root_.size() && abs.compare(0, root_.size(), root_) == 0 &&
        abs[root_.size()] == '/')
      return abs.substr(root_.size() + 1);
    if (root_ == "/" && abs.size() > 1) return abs.substr(1);
    return std::nullopt;
  }

  std::optional<std::shared_ptr<const std::string>> fileContents(const std::string &abs) {
    if (auto it = extra_.find(abs); it != extra_.end()) return it->second;
    if (auto it = cache_.find(abs); it != cache_.end()) {
      if (!it->second) return std::nullopt; // known not to be a file of the tree
      return it->second;
    }
    auto rel = relative(abs);
    if (!rel || rel->empty()) return std::nullopt;
    auto text = tree_->read(*rel);
    std::shared_ptr<const std::string> entry;
    if (text) entry = std::make_shared<const std::string>(std::move(*text));
    cache_.emplace(abs, entry);
    if (!entry) return std::nullopt;
    return entry;
  }

  bool isDir(const std::string &abs) const {
    for (auto &[p, text] : extra_)
      if (p.size() > abs.size() && p.compare(0, abs.size(), abs) == 0 && p[abs.size()] == '/')
        return true;
    auto rel = relative(abs);
    return rel && (rel->empty() || tree_->isDirectory(*rel));
  }

  std::shared_ptr<const TreeView> tree_;
  std::string root_;
  std::string cwd_;
  std::map<std::string, std::shared_ptr<const std::string>> extra_;
  // Contents read so far (null: not a file of the tree); one file system serves one
  // thread at a time.
  std::map<std::string, std::shared_ptr<const std::string>> cache_;
};

} // namespace

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
makeTreeFileSystem(std::shared_ptr<const TreeView> tree, std::string root, ExtraFiles extra) {
  // The physical file system keeps its own working directory (the real one would change
  // the process's, which parses on other threads share).
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> disk(
      llvm::vfs::createPhysicalFileSystem().release());
  auto overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(disk);
  overlay->pushOverlay(
      llvm::makeIntrusiveRefCnt<TreeFileSystem>(std::move(tree), std::move(root), std::move(extra)));
  return overlay;
}

} // namespace provcheck::clangmap
