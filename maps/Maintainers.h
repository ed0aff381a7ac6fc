// The MAINTAINERS file as data: preamble, sections, every tag line kept.
// Parsing and dialects: maps/MaintainersParser.h. Matching: maps/OwnershipMap.h.
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
  // The value exactly as get_maintainer.pl reads it: after "T:" and the blanks that
  // follow, up to the end of the line (trailing blanks kept; they change F: patterns).
  std::string raw;
};

struct Section {
  std::string name;      // the title line: the last non-tag line before the tag lines
  int line = 0;          // line of the title
  int index = 0;         // position in the file (0-based): the tie-break order
  std::string status;    // S: as written ("Maintained", "Odd Fixes", ...), "" when absent
  std::vector<TagLine> tags; // every tag line in file order
  // Other non-tag lines between the previous section and the title (group headings
  // such as "Architecture support", underlines), in file order.
  std::vector<std::string> headings;

  // Convenience views over tags, in file order.
  std::vector<std::string> values(char tag) const;
};

struct MaintainersDiagnostic {
  int line = 0;
  std::string message;
};

struct MaintainersFile {
  std::string path;                    // for messages
  std::string dialect;                 // "qemu" or "linux": the rule set it was read with
  std::vector<std::string> preamble;   // free text before the first section
  std::vector<Section> sections;
  std::vector<std::string> epilogue;   // non-tag lines after the last section's tags
  std::vector<MaintainersDiagnostic> diagnostics; // malformed lines, with their numbers
};

} // namespace provcheck
