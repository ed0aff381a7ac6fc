// In-memory trees and diffs for the AST map tests and benchmark.
#pragma once

#include "analysis/AstMap.h"
#include "analysis/DiffReader.h"
#include "analysis/Git.h"

#include <git2.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace provcheck::testing {

class MemTree : public TreeView {
public:
  MemTree(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  std::optional<std::string> read(std::string_view p) const override {
    auto it = files_.find(std::string(p));
    if (it == files_.end()) return std::nullopt;
    return it->second;
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
  std::string id() const override { return "mem"; }

private:
  std::map<std::string, std::string> files_;
};

// The FileChange between two versions of a file (nullopt: absent), from libgit2.
inline FileChange diffFile(const std::string &path, const std::optional<std::string> &before,
                           const std::optional<std::string> &after) {
  git::ensureInit();
  FileChange fc;
  fc.oldPath = fc.newPath = path;
  fc.status = !before ? FileStatus::Added : !after ? FileStatus::Deleted : FileStatus::Modified;
  git_patch *raw = nullptr;
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 1;
  const std::string &a = before ? *before : std::string();
  const std::string &b = after ? *after : std::string();
  if (git_patch_from_buffers(&raw, a.data(), a.size(), path.c_str(), b.data(), b.size(),
                             path.c_str(), &opts) != 0)
    return fc;
  git::PatchPtr patch(raw);
  if (Status read = readPatchHunks(patch.get(), fc, path); !read) {
    std::fprintf(stderr, "%s\n", read.error().str().c_str()); // shared with the benchmark:
    std::abort();                                               // no gtest here
  }
  return fc;
}

// "-12 function add (body)" for every changed line of a file, in order.
inline std::vector<std::string> changedLines(const FileEntities &fe) {
  std::vector<std::string> out;
  for (const HunkEntities &h : fe.hunks)
    for (const LineAttribution &la : h.lines)
      out.push_back((la.side == Side::Old ? "-" : "+") + std::to_string(la.line) + " " +
                    describe(fe, la));
  return out;
}

} // namespace provcheck::testing
