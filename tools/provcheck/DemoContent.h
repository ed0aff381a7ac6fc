// The demo repository's contents as data: the files of the upstream commit and the
// demo commits on top of it.
#pragma once

#include <string>
#include <vector>

namespace provcheck::demo {

struct FileEdit {
  std::string path;
  std::string content; // new contents; empty with `remove`
  bool remove = false;
  std::string renameFrom; // when set, the file is moved from here first
};

struct DemoCommit {
  std::string authorName, authorEmail;
  std::string message;
  std::vector<FileEdit> edits;
};

// The upstream commit first, then the demo commits, oldest first.
const std::vector<DemoCommit> &demoHistory();

} // namespace provcheck::demo
