#include "maps/Maintainers.h"

namespace provcheck {

std::vector<std::string> Section::values(char tag) const {
  std::vector<std::string> out;
  for (const auto &t : tags)
    if (t.tag == tag) out.push_back(t.value);
  return out;
}

} // namespace provcheck
