#include "maps/IncludeResolver.h"

#include <algorithm>

namespace provcheck {

namespace {

std::string_view dirName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

std::string joinPath(std::string_view dir, std::string_view name) {
  return normalizePath(dir.empty() ? std::string(name) : std::string(dir) + "/" + std::string(name));
}

// Every ancestor directory of `path` named "include".
template <class F> void forIncludeDirs(std::string_view path, F f) {
  std::string_view d = dirName(path);
  while (!d.empty()) {
    if (baseName(d) == "include") f(std::string(d));
    d = dirName(d);
  }
}

} // namespace

std::string normalizePath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (part == "..") {
      if (parts.empty()) return {};
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (std::string_view p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::string_view baseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

IncludeResolver::IncludeResolver(const DependencyOptions &opts)
    : fallback_(opts.uniqueSuffixFallback), fixedDirs_(!opts.includeDirs.empty()) {
  if (fixedDirs_) {
    dirs_ = opts.includeDirs;
    dirsStale_ = false;
  }
}

void IncludeResolver::addPath(const std::string &path, int id) {
  ids_[path] = id;
  byBase_[std::string(baseName(path))].emplace_back(id, path);
  if (!fixedDirs_)
    forIncludeDirs(path, [&](std::string d) {
      if (includeDirs_[d]++ == 0) dirsStale_ = dirsChanged_ = true;
    });
}

void IncludeResolver::removePath(const std::string &path) {
  auto it = ids_.find(path);
  if (it == ids_.end()) return;
  ids_.erase(it);
  auto &same = byBase_[std::string(baseName(path))];
  std::erase_if(same, [&](const auto &e) { return e.second == path; });
  if (!fixedDirs_)
    forIncludeDirs(path, [&](std::string d) {
      auto at = includeDirs_.find(d);
      if (at != includeDirs_.end() && --at->second == 0) {
        includeDirs_.erase(at);
        dirsStale_ = dirsChanged_ = true;
      }
    });
}

bool IncludeResolver::takeDirectoriesChanged() {
  bool changed = dirsChanged_;
  dirsChanged_ = false;
  return changed;
}

const std::vector<std::string> &IncludeResolver::directories() const {
  if (dirsStale_) {
    dirs_.clear();
    for (const auto &entry : includeDirs_) dirs_.push_back(entry.first);
    std::sort(dirs_.begin(), dirs_.end(), [](const std::string &a, const std::string &b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    dirs_.insert(dirs_.begin(), "");
    dirsStale_ = false;
  }
  return dirs_;
}

int IncludeResolver::lookup(const std::string &path) const {
  auto it = ids_.find(path);
  return it == ids_.end() ? -1 : it->second;
}

int IncludeResolver::resolve(std::string_view includer, const IncludeDirective &inc) const {
  if (!inc.angled)
    if (int id = lookup(joinPath(dirName(includer), inc.target)); id >= 0) return id;
  for (const std::string &d : directories())
    if (int id = lookup(joinPath(d, inc.target)); id >= 0) return id;
  if (!fallback_) return -1;
  std::string target = normalizePath(inc.target);
  if (target.empty()) return -1;
  auto it = byBase_.find(std::string(baseName(target)));
  if (it == byBase_.end()) return -1;
  int found = -1;
  for (const auto &[id, f] : it->second) {
    if (f == target || (f.size() > target.size() && f.ends_with(target) &&
                        f[f.size() - target.size() - 1] == '/')) {
      if (found >= 0) return -1; // ambiguous
      found = id;
    }
  }
  return found;
}

} // namespace provcheck
