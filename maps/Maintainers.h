// The MAINTAINERS file as data: preamble, sections, every tag line kept.
// Parsing and dialects: maps/MaintainersParser.cpp. Matching: maps/OwnershipMap.h.
#pragma once

#include "analysis/Error.h"

#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

struct TagLine {
  char tag = 0;          // 'M', 'R', 'L', 'S', 'F', 'X', 'K', 'N', ... (unknown tags kept)
  std::string value;     // text after "T:", trimmed
  int line = 0;          // 1-based line in the MAINTAINERS file
};

struct Section {
  std::string name;      // the title line
  int line = 0;          // line of the title
  int index = 0;         // position in the file (0-based): the tie-break order
  std::string status;    // S: as written ("Maintained", "Odd Fixes", ...), "" when absent
  std::vector<TagLine> tags; // every tag line in file order

  // Convenience views over tags, in file order.
  std::vector<std::string> values(char tag) const;
};

struct MaintainersDiagnostic {
  int line = 0;
  std::string message;
};

struct MaintainersFile {
  std::string path;                    // for messages
  std::vector<std::string> preamble;   // free text before the first section
  std::vector<Section> sections;
  std::vector<MaintainersDiagnostic> diagnostics; // malformed lines, with their numbers
};

} // namespace provcheck
