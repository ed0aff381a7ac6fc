#include "tests/maps/QemuData.h"

#include "tests/support/Fixture.h"

#include <fstream>
#include <sstream>

namespace provcheck::testing {

const QemuTree &qemuTree() {
  static const QemuTree tree = [] {
    QemuTree t;
    std::ifstream in(qemuData("tree.tsv"));
    std::string line;
    while (std::getline(in, line)) {
      auto tab = line.find('\t');
      if (tab == std::string::npos) continue;
      std::string mode = line.substr(0, tab), path = line.substr(tab + 1);
      t.paths.push_back(path);
      t.files.insert(path);
      if (mode == "160000") t.directories.insert(path); // exported as a directory
      for (size_t slash = path.find('/'); slash != std::string::npos;
           slash = path.find('/', slash + 1))
        t.directories.insert(path.substr(0, slash));
    }
    return t;
  }();
  return tree;
}

const OwnershipMap &qemuMap() {
  static const OwnershipMap map = [] {
    MaintainersOptions options;
    options.mailmap = readFile(qemuData("mailmap"));
    const QemuTree &tree = qemuTree();
    auto built = OwnershipMap::build(readFile(qemuData("MAINTAINERS")), "MAINTAINERS",
                                     [&tree](std::string_view p) { return tree.isDirectory(p); },
                                     options);
    if (!built) throw std::runtime_error(built.error().str());
    return std::move(*built);
  }();
  return map;
}

std::vector<ReferenceCase> referenceCases() {
  std::vector<ReferenceCase> out;
  std::ifstream in(qemuData("get_maintainer/cases.tsv"));
  std::string line;
  std::getline(in, line); // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() < 7) continue;
    ReferenceCase c;
    c.kind = cols[0];
    c.id = cols[1];
    c.fallback = cols[3];
    c.orders = std::stoi(cols[4]);
    c.keywords = cols[5] == "yes";
    std::string output = cols[6];
    for (size_t pos = 0;;) {
      size_t bar = output.find(" | ", pos);
      c.lines.push_back(output.substr(pos, bar == std::string::npos ? bar : bar - pos));
      if (bar == std::string::npos) break;
      pos = bar + 3;
    }
    if (c.lines.size() == 1 && c.lines[0].empty()) c.lines.clear();
    out.push_back(std::move(c));
  }
  return out;
}

} // namespace provcheck::testing
