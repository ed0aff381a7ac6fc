// A TreeView as an llvm::vfs::FileSystem, over a gated view of the physical file system.
#include "analysis/clang/TreeFileSystem.h"

#include <clang/Frontend/CompilerInvocation.h>
#include <clang/Lex/HeaderSearchOptions.h>
#include <clang/Lex/PreprocessorOptions.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/Chrono.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace provcheck::clangmap {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

constexpr uint64_t kDevice = 0x70726f76; // "prov": UniqueIDs of tree entries

// Status of a tree entry. The modification time derives from the entry's key (its
// contents) so that a precompiled preamble built in one tree is reused in another
// exactly when every header it read is the same (it compares sizes and times).
llvm::vfs::Status makeStatus(const std::string &name, const std::string &key, uint64_t size,
                             bool file) {
  uint64_t ino = std::hash<std::string>{}(name);
  auto stamp = std::chrono::seconds(std::hash<std::string>{}(key) % 1000000000u + 1);
  return llvm::vfs::Status(name, fs::UniqueID(kDevice, ino), llvm::sys::TimePoint<>(stamp), 0,
                           0, size, file ? fs::file_type::regular_file : fs::file_type::directory_file,
                           file ? fs::perms::all_read : fs::perms::all_all);
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

std::error_code notFound() { return std::make_error_code(std::errc::no_such_file_or_directory); }

// `dir`/`rel` with "." and ".." resolved lexically.
std::string joinPath(llvm::StringRef dir, llvm::StringRef rel) {
  llvm::SmallString<256> s;
  if (path::is_absolute(rel)) {
    s = rel;
  } else {
    s = dir;
    path::append(s, rel);
  }
  path::remove_dots(s, /*remove_dot_dot=*/true);
  return std::string(s);
}

// The tree and the extra files; knows nothing of the disk (OverlayFileSystem falls
// through to the layer below for every path this one does not hold).
class TreeFileSystem : public llvm::vfs::FileSystem {
public:
  TreeFileSystem(std::shared_ptr<const TreeView> tree, std::string root, ExtraFiles extra,
                 std::shared_ptr<DiskGate> gate)
      : tree_(std::move(tree)), root_(std::move(root)), cwd_(root_), gate_(std::move(gate)) {
    for (auto &[p, text] : extra)
      extra_.emplace(p, std::make_shared<const std::string>(std::move(text)));
  }

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &p) override {
    std::string abs = absolute(p);
    if (auto it = extra_.find(abs); it != extra_.end())
      return makeStatus(abs, *it->second, it->second->size(), true);
    if (isExtraDir(abs)) return makeStatus(abs, abs, 0, false);
    Found f = find(abs);
    if (f.kind == Found::File) {
      auto contents = fileContents(f);
      if (!contents) return notFound();
      return makeStatus(abs, f.key, (*contents)->size(), true);
    }
    if (f.kind == Found::Directory) return makeStatus(abs, f.key, 0, false);
    return notFound();
  }

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>> openFileForRead(const llvm::Twine &p) override {
    std::string abs = absolute(p);
    if (auto it = extra_.find(abs); it != extra_.end())
      return std::unique_ptr<llvm::vfs::File>(std::make_unique<TreeFile>(
          makeStatus(abs, *it->second, it->second->size(), true), it->second));
    Found f = find(abs);
    if (f.kind != Found::File) return notFound();
    auto contents = fileContents(f);
    if (!contents) return notFound();
    return std::unique_ptr<llvm::vfs::File>(std::make_unique<TreeFile>(
        makeStatus(abs, f.key, (*contents)->size(), true), *contents));
  }

  llvm::vfs::directory_iterator dir_begin(const llvm::Twine &dir, std::error_code &ec) override {
    std::string abs = absolute(dir);
    Found f = find(abs);
    if (f.kind != Found::Directory) {
      ec = notFound();
      return {};
    }
    std::vector<llvm::vfs::directory_entry> entries;
    for (const TreeEntry &e : listing(f.rel)->entries)
      entries.emplace_back(abs + "/" + e.name,
                           e.kind == TreeEntryKind::Directory ? fs::file_type::directory_file
                           : e.kind == TreeEntryKind::Link    ? fs::file_type::symlink_file
                                                              : fs::file_type::regular_file);
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
  struct Listing {
    std::vector<TreeEntry> entries;
    std::unordered_map<std::string, size_t> byName;
  };

  // What a path of the tree names, symbolic links followed inside the tree.
  struct Found {
    enum Kind { None, File, Directory } kind = None;
    std::string rel; // the path with links resolved, relative to the root
    std::string key;
  };

  std::string absolute(const llvm::Twine &p) const {
    llvm::SmallString<256> s;
    p.toVector(s);
    return joinPath(cwd_, s);
  }

  // The path inside the tree ("" for the root), or nullopt outside it.
  std::optional<std::string> relative(const std::string &abs) const {
    if (abs == root_) return std::string();
    if (root_ == "/") return abs.substr(1);
    if (abs.size() > root_.size() && abs.compare(0, root_.size(), root_) == 0 &&
        abs[root_.size()] == '/')
      return abs.substr(root_.size() + 1);
    return std::nullopt;
  }

  const Listing *listing(const std::string &dir) {
    auto it = listings_.find(dir);
    if (it != listings_.end()) return &it->second;
    Listing l;
    l.entries = tree_->entries(dir);
    for (size_t i = 0; i < l.entries.size(); ++i) l.byName.emplace(l.entries[i].name, i);
    return &listings_.emplace(dir, std::move(l)).first->second;
  }

  Found find(const std::string &abs) {
    auto it = found_.find(abs);
    if (it != found_.end()) return it->second;
    Found f;
    if (auto rel = relative(abs)) f = resolve(*rel, abs);
    found_.emplace(abs, f);
    return f;
  }

  // Walks `rel` from the root, entry by entry. A link is followed when its target stays
  // in the tree; one that leads out of it is refused.
  Found resolve(std::string rel, const std::string &asked) {
    constexpr int kMaxLinks = 40; // as the kernel's
    Found out;
    out.kind = Found::Directory;
    out.key = tree_->id();
    int links = 0;
    std::string dir;
    llvm::SmallVector<llvm::StringRef, 16> parts;
    std::string current = rel;
    llvm::StringRef(current).split(parts, '/', -1, false);
    for (size_t i = 0; i < parts.size(); ++i) {
      const Listing *l = listing(dir);
      auto e = l->byName.find(parts[i].str());
      if (e == l->byName.end()) return {};
      const TreeEntry &entry = l->entries[e->second];
      std::string here = dir.empty() ? entry.name : dir + "/" + entry.name;
      if (entry.kind == TreeEntryKind::Link) {
        std::optional<std::string> target = tree_->read(here);
        if (!target || ++links > kMaxLinks) return {};
        std::string resolved = joinPath(root_ + (dir.empty() ? "" : "/" + dir), *target);
        std::optional<std::string> inTree = relative(resolved);
        if (!inTree || llvm::StringRef(*target).starts_with("/")) {
          gate_->refuse(asked, "a symbolic link of the tree (" + here + " -> " + *target +
                                   ") leads out of it");
          return {};
        }
        // Start again from the root with the link replaced by its target.
        std::string rest;
        for (size_t k = i + 1; k < parts.size(); ++k) rest += "/" + parts[k].str();
        current = *inTree + rest;
        parts.clear();
        llvm::StringRef(current).split(parts, '/', -1, false);
        dir.clear();
        i = static_cast<size_t>(-1);
        continue;
      }
      bool last = i + 1 == parts.size();
      if (entry.kind == TreeEntryKind::File) {
        if (!last) return {};
        out.kind = Found::File;
      }
      out.key = entry.key;
      dir = here;
    }
    out.rel = dir;
    return out;
  }

  std::optional<std::shared_ptr<const std::string>> fileContents(const Found &f) {
    if (auto it = contents_.find(f.rel); it != contents_.end()) return it->second;
    auto text = tree_->read(f.rel);
    if (!text) return std::nullopt;
    auto entry = std::make_shared<const std::string>(std::move(*text));
    contents_.emplace(f.rel, entry);
    return entry;
  }

  bool isExtraDir(const std::string &abs) const {
    for (auto &[p, text] : extra_)
      if (p.size() > abs.size() && p.compare(0, abs.size(), abs) == 0 && p[abs.size()] == '/')
        return true;
    return false;
  }

  std::shared_ptr<const TreeView> tree_;
  std::string root_;
  std::string cwd_;
  std::shared_ptr<DiskGate> gate_;
  std::map<std::string, std::shared_ptr<const std::string>> extra_;
  // What was learnt so far (one file system serves one thread at a time): listings by
  // directory, what each asked path names, and contents by resolved path.
  std::unordered_map<std::string, Listing> listings_;
  std::unordered_map<std::string, Found> found_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> contents_;
};

// What the disk answered the parses of one epoch (an AST session: the build directory
// and the system headers do not change while it runs): the status of each path asked,
// its real path, and the bytes of the files read, up to a bound. Each parse asks again
// for every directory of its search path, every header, and the real path of each file
// the gate admits: without these answers, a tenth of a history scan's parse time went
// to those system calls.
struct DiskAnswers {
  static constexpr uint64_t kMaxFileBytes = uint64_t{8} << 20; // larger files: read again
  static constexpr size_t kMaxBytes = size_t{256} << 20;       // then nothing more is kept
  std::mutex mutex;
  std::unordered_map<std::string, llvm::ErrorOr<llvm::vfs::Status>> status; // absolute paths
  std::unordered_map<std::string, std::pair<std::error_code, std::string>> real;
  std::unordered_map<std::string, std::shared_ptr<const llvm::MemoryBuffer>> contents;
  size_t contentBytes = 0;
};

// A file of DiskAnswers: its bytes, kept for the session.
class KeptDiskFile : public llvm::vfs::File {
public:
  KeptDiskFile(llvm::vfs::Status status, std::shared_ptr<const llvm::MemoryBuffer> contents)
      : status_(std::move(status)), contents_(std::move(contents)) {}
  llvm::ErrorOr<llvm::vfs::Status> status() override { return status_; }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>>
  getBuffer(const llvm::Twine &name, int64_t, bool nullTerminated, bool) override {
    return llvm::MemoryBuffer::getMemBuffer(contents_->getBuffer(), name.str(), nullTerminated);
  }
  std::error_code close() override { return {}; }

private:
  llvm::vfs::Status status_;
  std::shared_ptr<const llvm::MemoryBuffer> contents_; // null-terminated
};

// The physical file system, answering from DiskAnswers what it answered before (paths
// made absolute in its own working directory).
class RememberingDiskFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  RememberingDiskFileSystem(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> disk,
                            std::shared_ptr<DiskAnswers> answers)
      : ProxyFileSystem(std::move(disk)), answers_(std::move(answers)) {}

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &p) override {
    std::string abs = absolute(p);
    {
      std::lock_guard lock(answers_->mutex);
      if (auto it = answers_->status.find(abs); it != answers_->status.end())
        return renamed(it->second, p);
    }
    llvm::ErrorOr<llvm::vfs::Status> st = getUnderlyingFS().status(p);
    std::lock_guard lock(answers_->mutex);
    answers_->status.emplace(abs, st);
    return renamed(st, p);
  }

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>> openFileForRead(const llvm::Twine &p) override {
    std::string abs = absolute(p);
    {
      std::lock_guard lock(answers_->mutex);
      auto kept = answers_->contents.find(abs);
      auto st = answers_->status.find(abs);
      if (kept != answers_->contents.end() && st != answers_->status.end() && st->second)
        return std::make_unique<KeptDiskFile>(llvm::vfs::Status::copyWithNewName(
                                                  *st->second, p.str()),
                                              kept->second);
    }
    auto file = getUnderlyingFS().openFileForRead(p);
    if (!file) return file;
    llvm::ErrorOr<llvm::vfs::Status> st = (*file)->status();
    if (!st || st->getSize() > DiskAnswers::kMaxFileBytes) return file;
    auto bytes = (*file)->getBuffer(p, st->getSize(), /*RequiresNullTerminator=*/true, false);
    if (!bytes) return bytes.getError();
    std::shared_ptr<const llvm::MemoryBuffer> contents(std::move(*bytes));
    {
      std::lock_guard lock(answers_->mutex);
      if (answers_->contentBytes + contents->getBufferSize() <= DiskAnswers::kMaxBytes &&
          answers_->contents.emplace(abs, contents).second) {
        answers_->contentBytes += contents->getBufferSize();
        answers_->status.insert_or_assign(abs, *st);
      }
    }
    return std::make_unique<KeptDiskFile>(llvm::vfs::Status::copyWithNewName(*st, p.str()),
                                          std::move(contents));
  }

  std::error_code getRealPath(const llvm::Twine &p,
                              llvm::SmallVectorImpl<char> &out) const override {
    std::string abs = absolute(p);
    std::pair<std::error_code, std::string> answer;
    bool known = false;
    {
      std::lock_guard lock(answers_->mutex);
      if (auto it = answers_->real.find(abs); it != answers_->real.end()) {
        answer = it->second;
        known = true;
      }
    }
    if (!known) {
      llvm::SmallString<256> real;
      answer.first = getUnderlyingFS().getRealPath(p, real);
      answer.second = std::string(real);
      std::lock_guard lock(answers_->mutex);
      answers_->real.emplace(abs, answer);
    }
    if (!answer.first) out.assign(answer.second.begin(), answer.second.end());
    return answer.first;
  }

private:
  std::string absolute(const llvm::Twine &p) const {
    llvm::SmallString<256> s;
    p.toVector(s);
    if (path::is_absolute(s)) return std::string(s);
    auto cwd = getUnderlyingFS().getCurrentWorkingDirectory();
    llvm::SmallString<256> out(cwd ? *cwd : "/");
    path::append(out, s);
    return std::string(out);
  }
  static llvm::ErrorOr<llvm::vfs::Status> renamed(const llvm::ErrorOr<llvm::vfs::Status> &st,
                                                  const llvm::Twine &p) {
    if (!st) return st.getError();
    return llvm::vfs::Status::copyWithNewName(*st, p.str());
  }

  std::shared_ptr<DiskAnswers> answers_;
};

// The physical file system behind a DiskGate.
class GatedDiskFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  GatedDiskFileSystem(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> disk,
                      std::shared_ptr<DiskGate> gate)
      : ProxyFileSystem(std::move(disk)), gate_(std::move(gate)) {}

  // That a directory exists says nothing of what it holds: its status is given.
  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &p) override {
    auto st = getUnderlyingFS().status(p);
    if (!st || st->isDirectory() || admit(p)) return st;
    return notFound();
  }
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>> openFileForRead(const llvm::Twine &p) override {
    auto st = getUnderlyingFS().status(p);
    if (st && !admit(p)) return notFound();
    return getUnderlyingFS().openFileForRead(p);
  }
  llvm::vfs::directory_iterator dir_begin(const llvm::Twine &dir, std::error_code &ec) override {
    auto st = getUnderlyingFS().status(dir);
    if (st && !admit(dir)) {
      ec = notFound();
      return {};
    }
    return getUnderlyingFS().dir_begin(dir, ec);
  }
  std::error_code getRealPath(const llvm::Twine &p,
                              llvm::SmallVectorImpl<char> &out) const override {
    auto st = getUnderlyingFS().status(p);
    if (st && !st->isDirectory() && !admit(p)) return notFound();
    return getUnderlyingFS().getRealPath(p, out);
  }

private:
  // Whether an existing path may be read; a refused one is recorded.
  bool admit(const llvm::Twine &p) const {
    llvm::SmallString<256> asked;
    p.toVector(asked);
    auto cwd = getUnderlyingFS().getCurrentWorkingDirectory();
    std::string key = joinPath(cwd ? *cwd : "/", asked); // for the report: no "dir/../"
    auto it = decided_.find(key);
    if (it != decided_.end()) return it->second;
    llvm::SmallString<256> real;
    bool ok = !getUnderlyingFS().getRealPath(asked, real) && gate_->allows(std::string(real));
    if (!ok)
      gate_->refuse(key, "outside the tree, the include directories of the compile command and "
                         "the system headers");
    decided_.emplace(key, ok);
    return ok;
  }

  std::shared_ptr<DiskGate> gate_;
  mutable std::map<std::string, bool> decided_;
};

bool under(const std::string &p, const std::string &dir) {
  return p == dir || dir == "/" ||
         (p.size() > dir.size() && p.compare(0, dir.size(), dir) == 0 && p[dir.size()] == '/');
}

// The answers of `epoch`, made when none are kept: those of the last few epochs are kept
// (a run's sessions), the older ones dropped (the parses holding them keep them alive).
std::shared_ptr<DiskAnswers> answersOf(uint64_t epoch) {
  if (epoch == 0) return std::make_shared<DiskAnswers>();
  static std::mutex mutex;
  static std::vector<std::pair<uint64_t, std::shared_ptr<DiskAnswers>>> kept; // newest last
  std::lock_guard lock(mutex);
  for (auto it = kept.begin(); it != kept.end(); ++it)
    if (it->first == epoch) {
      std::rotate(it, it + 1, kept.end());
      return kept.back().second;
    }
  if (kept.size() == 4) kept.erase(kept.begin());
  kept.emplace_back(epoch, std::make_shared<DiskAnswers>());
  return kept.back().second;
}

} // namespace

std::string DiskGate::canonical(const std::string &p) const {
  llvm::SmallString<256> real;
  std::error_code ec = disk_ ? disk_->getRealPath(p, real) : fs::real_path(p, real);
  if (ec) return joinPath("/", p); // absent: as written
  return std::string(real);
}

void DiskGate::confine(const std::vector<std::string> &dirs, const std::vector<std::string> &files) {
  std::lock_guard lock(mutex_);
  confined_ = true;
  for (const std::string &d : dirs) {
    std::string c = canonical(d);
    while (c.size() > 1 && c.back() == '/') c.pop_back();
    dirs_.push_back(c);
  }
  for (const std::string &f : files) files_.insert(canonical(f));
}

bool DiskGate::allows(const std::string &p) const {
  std::lock_guard lock(mutex_);
  if (!confined_ || files_.count(p)) return true;
  for (const std::string &d : dirs_)
    if (under(p, d)) return true;
  return false;
}

void DiskGate::refuse(const std::string &p, const std::string &why) {
  std::lock_guard lock(mutex_);
  if (refusedSet_.insert(p).second) refused_.push_back(p + ": " + why);
}

std::vector<std::string> DiskGate::refusals() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

MountedTree makeTreeFileSystem(std::shared_ptr<const TreeView> tree, std::string root,
                               ExtraFiles extra, uint64_t diskEpoch) {
  // The physical file system keeps its own working directory (the real one would change
  // the process's, which parses on other threads share).
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> disk =
      llvm::makeIntrusiveRefCnt<RememberingDiskFileSystem>(
          llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>(
              llvm::vfs::createPhysicalFileSystem().release()),
          answersOf(diskEpoch));
  auto gate = std::make_shared<DiskGate>(disk);
  auto overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::makeIntrusiveRefCnt<GatedDiskFileSystem>(disk, gate));
  overlay->pushOverlay(llvm::makeIntrusiveRefCnt<TreeFileSystem>(
      std::move(tree), std::move(root), std::move(extra), gate));
  return {overlay, gate};
}

void confineToInvocation(DiskGate &gate, const clang::CompilerInvocation &invocation,
                         const std::string &directory) {
  const clang::HeaderSearchOptions &hs = invocation.getHeaderSearchOpts();
  // Relative paths of the command are relative to its directory (-working-directory wins).
  std::string cwd = invocation.getFileSystemOpts().WorkingDir;
  if (cwd.empty()) cwd = directory;
  auto abs = [&](const std::string &p) { return joinPath(cwd.empty() ? "/" : cwd, p); };
  std::vector<std::string> dirs, files;
  for (const auto &e : hs.UserEntries) dirs.push_back(abs(e.Path));
  if (!hs.ResourceDir.empty()) dirs.push_back(abs(hs.ResourceDir + "/include"));
  if (!hs.Sysroot.empty() && hs.Sysroot != "/")
    for (const char *d : {"/usr/include", "/usr/local/include"}) dirs.push_back(hs.Sysroot + d);
  const clang::PreprocessorOptions &pp = invocation.getPreprocessorOpts();
  for (const std::string &f : pp.Includes) files.push_back(abs(f));
  for (const std::string &f : pp.MacroIncludes) files.push_back(abs(f));
  gate.confine(dirs, files);
}

} // namespace provcheck::clangmap
