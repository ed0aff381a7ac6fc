// In-memory trees and diffs for the AST map tests and benchmark.
#pragma once

#include "analysis/AstMap.h"
#include "analysis/DiffReader.h"
#include "analysis/Git.h"
#include "tests/support/MemTree.h"

#include <git2.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace provcheck::testing {

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

// Everything a FileEntities holds, as text.
inline std::string dump(const FileEntities &fe) {
  std::string s = fe.path + " parsed " + std::to_string(fe.parsedOld) +
                  std::to_string(fe.parsedNew) + " flags " + fe.flagsSource + "\n";
  for (const std::string &r : fe.degradedReasons) s += "degraded: " + r + "\n";
  for (const auto *list : {&fe.oldEntities, &fe.newEntities}) {
    s += list == &fe.oldEntities ? "old:\n" : "new:\n";
    for (const Entity &e : *list)
      s += "  " + describe(e, EntityPart::Whole) + " " + std::to_string(e.beginLine) + "-" +
           std::to_string(e.endLine) + "\n";
  }
  for (const std::string &l : changedLines(fe)) s += l + "\n";
  for (const HunkEntities &h : fe.hunks)
    for (const LineAttribution &la : h.lines) {
      s += "  enclosing";
      for (int e : la.enclosing) s += " " + std::to_string(e);
      s += "\n";
    }
  return s;
}

} // namespace provcheck::testing
