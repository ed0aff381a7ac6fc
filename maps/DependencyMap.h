// Facts about what depends on what in a tree, independent of any patch: the include graph
// (which files include a header, directly and transitively) and the fan-in of symbols
// declared in headers. The basis of "core code that other things depend on".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

class DependencyMap {
public:
  virtual ~DependencyMap() = default;
  // Number of files of the tree that include `header`, directly or transitively.
  virtual int includedBy(std::string_view header) const = 0;
  // Number of files other than the defining ones that use `symbol` (declared in a header).
  virtual int symbolFanIn(std::string_view symbol) const = 0;
  // The files that declare `symbol` at file scope in a header, or define it elsewhere,
  // for a name some header declares; empty for any other name.
  virtual std::vector<std::string> declaredIn(std::string_view symbol) const = 0;
};

} // namespace provcheck
