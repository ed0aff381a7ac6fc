// A TreeView over files held in memory, for tests and benchmarks that need a tree.
#pragma once

#include "analysis/Images.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace provcheck::testing {

// Files, and symbolic links (path -> target) like a git tree's: read() gives the target.
class MemTree : public TreeView {
public:
  MemTree(std::map<std::string, std::string> files, std::map<std::string, std::string> links = {})
      : files_(std::move(files)), links_(std::move(links)) {
    files_.insert(links_.begin(), links_.end());
  }
  std::optional<std::string> read(std::string_view p) const override {
    auto it = files_.find(std::string(p));
    if (it == files_.end()) return std::nullopt;
    return it->second;
  }
  std::vector<TreeEntry> entries(std::string_view dir) const override {
    std::vector<TreeEntry> out = TreeView::entries(dir);
    std::string prefix = dir.empty() ? "" : std::string(dir) + "/";
    for (TreeEntry &e : out)
      if (links_.count(prefix + e.name)) e.kind = TreeEntryKind::Link;
    return out;
  }
  bool isFile(std::string_view p) const override { return files_.count(std::string(p)) > 0; }
  bool isDirectory(std::string_view p) const override {
    std::string prefix = std::string(p) + "/";
    for (auto &[k, v] : files_)
      if (k.compare(0, prefix.size(), prefix) == 0) return true;
    return p.empty();
  }
  std::vector<std::string> list(std::string_view dir) const override {
    std::string prefix = dir.empty() ? "" : std::string(dir) + "/";
    std::set<std::string> names;
    for (auto &[k, v] : files_) {
      if (k.compare(0, prefix.size(), prefix) != 0) continue;
      std::string rest = k.substr(prefix.size());
      auto slash = rest.find('/');
      names.insert(slash == std::string::npos ? rest : rest.substr(0, slash + 1));
    }
    return {names.begin(), names.end()};
  }
  // A hash of every path and text: trees with other contents have other ids, as caches
  // keyed by the id (the AST map's parse outputs) expect.
  std::string id() const override {
    uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::string_view s) {
      for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
      h = (h ^ 0xff) * 1099511628211ull; // ends each field
    };
    for (const auto &[path, text] : files_) {
      mix(path);
      mix(links_.count(path) ? "link" : "file");
      mix(text);
    }
    return "mem:" + std::to_string(h);
  }

private:
  std::map<std::string, std::string> files_; // links too
  std::map<std::string, std::string> links_;
};

} // namespace provcheck::testing
