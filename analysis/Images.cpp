#include "analysis/Images.h"

#include <cinttypes>
#include <cstdio>

namespace provcheck {

namespace {

// FNV-1a, 64 bits: with the size, a key no two files of a test tree share by chance.
std::string contentKey(const std::string &bytes) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "h%zu:%016" PRIx64, bytes.size(), h);
  return buf;
}

} // namespace

std::vector<TreeEntry> TreeView::entries(std::string_view dir) const {
  std::vector<TreeEntry> out;
  std::string prefix = dir.empty() ? "" : std::string(dir) + "/";
  for (std::string &name : list(dir)) {
    TreeEntry e;
    if (!name.empty() && name.back() == '/') {
      name.pop_back();
      e.kind = TreeEntryKind::Directory;
      // A directory's key names everything below it, as a git tree id does.
      std::string listing;
      for (const TreeEntry &c : entries(prefix + name))
        listing += std::to_string(static_cast<int>(c.kind)) + c.name + '\0' + c.key + '\n';
      e.key = "d" + contentKey(listing);
    } else {
      std::optional<std::string> bytes = read(prefix + name);
      if (!bytes) continue; // neither a file nor a directory (a submodule)
      e.key = contentKey(*bytes);
    }
    e.name = std::move(name);
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<std::string> TreeView::fileKey(std::string_view path) const {
  std::optional<std::string> bytes = read(path);
  if (!bytes) return std::nullopt;
  return contentKey(*bytes);
}

} // namespace provcheck
