// MAINTAINERS parsing and matching: the input is a MAINTAINERS text, then (after a line
// "=====") paths to match, one a line; every path is matched and get_maintainer.pl's
// answer is computed for them.
#include "maps/GetMaintainer.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  std::string_view maintainers = text, paths;
  if (size_t sep = text.find("\n=====\n"); sep != std::string_view::npos) {
    maintainers = text.substr(0, sep + 1);
    paths = text.substr(sep + 7);
  }
  std::set<std::string, std::less<>> dirs;
  std::vector<std::string> files;
  for (size_t pos = 0; pos < paths.size();) {
    size_t nl = paths.find('\n', pos);
    std::string p(paths.substr(pos, nl == std::string_view::npos ? nl : nl - pos));
    pos = nl == std::string_view::npos ? paths.size() : nl + 1;
    if (p.empty()) continue;
    for (size_t s = p.find('/'); s != std::string::npos; s = p.find('/', s + 1))
      dirs.insert(p.substr(0, s));
    files.push_back(std::move(p));
  }
  auto isDirectory = [&dirs](std::string_view p) { return dirs.count(p) != 0; };
  auto map = provcheck::OwnershipMap::build(std::string(maintainers), "MAINTAINERS", isDirectory);
  if (!map) return 0;
  for (const std::string &f : files) (void)map->sectionsFor(f);
  provcheck::MaintainersInput input;
  input.fromFiles = true;
  input.paths = files;
  input.isDirectory = isDirectory;
  input.readFile = [](std::string_view) { return std::optional<std::string>("int x;\n"); };
  if (!files.empty()) (void)provcheck::getMaintainers(*map, input, {});
  (void)map->matchProblems();
  return 0;
}
