// A TreeView of a directory on disk, for building maps of a checkout or an export.
#include "maps/DependencyCache.h"
#include "maps/IncludeGraph.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace provcheck {
namespace {

namespace fs = std::filesystem;

class DirectoryTree : public TreeView {
public:
  explicit DirectoryTree(fs::path root) : root_(std::move(root)) {}

  // One open and one fstat, and the bytes read straight into the string: `maintainers -f`
  // reads every file it is given.
  std::optional<std::string> read(std::string_view path) const override {
    return readWholeFile(root_ / fs::path(path), /*markUsed=*/false);
  }
  bool isFile(std::string_view path) const override {
    std::error_code ec;
    return fs::is_regular_file(root_ / fs::path(path), ec);
  }
  // stat(2) of the joined path, as fs::is_directory does, without building a path object
  // (the ownership map asks for every F: pattern of MAINTAINERS).
  bool isDirectory(std::string_view path) const override {
    std::string full = !path.empty() && path[0] == '/' ? std::string() : root_.native() + "/";
    full += path;
    struct stat st;
    return ::stat(full.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  }
  std::vector<std::string> list(std::string_view dir) const override {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(root_ / fs::path(dir), ec)) {
      std::string name = e.path().filename().string();
      if (name == ".git") continue;
      std::error_code ec2;
      if (e.is_directory(ec2) && !e.is_symlink(ec2)) out.push_back(name + "/");
      else if (e.is_regular_file(ec2)) out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  // FNV-1a over every path, size and modification time below the root.
  std::string id() const override {
    std::call_once(idOnce_, [this] {
      uint64_t h = 1469598103934665603ull;
      auto mix = [&h](std::string_view s) {
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
      };
      mix(fs::absolute(root_).string());
      std::vector<std::string> entries;
      std::error_code ec;
      for (auto it = fs::recursive_directory_iterator(root_, ec); it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (ec) break;
        if (it->path().filename() == ".git") { it.disable_recursion_pending(); continue; }
        std::error_code ec2;
        if (!it->is_regular_file(ec2)) continue;
        auto t = it->last_write_time(ec2).time_since_epoch().count();
        entries.push_back(fs::relative(it->path(), root_, ec2).string() + "\t" +
                          std::to_string(it->file_size(ec2)) + "\t" + std::to_string(t));
      }
      std::sort(entries.begin(), entries.end());
      for (const std::string &e : entries) mix(e), mix("\n");
      char buf[17];
      std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
      id_ = std::string("dir-") + buf;
    });
    return id_;
  }

private:
  fs::path root_;
  mutable std::once_flag idOnce_;
  mutable std::string id_;
};

} // namespace

std::shared_ptr<const TreeView> directoryTreeView(const std::string &directory) {
  return std::make_shared<DirectoryTree>(directory);
}

} // namespace provcheck
