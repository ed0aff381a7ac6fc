// Reading MAINTAINERS into a MaintainersFile. The two dialects (QEMU's copy of
// get_maintainer.pl and Linux's) differ only in the data of a DialectRules table.
#pragma once

#include "maps/Maintainers.h"

#include <string>
#include <string_view>

namespace provcheck {

enum class MaintainersDialect { Auto, Qemu, Linux };

// What distinguishes one dialect of the format from the other.
struct DialectRules {
  std::string_view name;      // "qemu", "linux"
  bool anyCharacterTag;       // "X:" is a tag for any character X (else only 'A'..'Z')
  bool hashComments;          // lines starting with '#' (after blanks) are comments
  char pathRegexTag;          // tag whose value is a Perl regex on paths (Linux N:), 0 if none
  char personNameTag;         // tag naming the person of the next nameless M:/R: (QEMU P:)
  std::string_view knownTags; // tags the dialect documents; others are kept but linted
};

const DialectRules &dialectRules(MaintainersDialect dialect); // Auto reads as Qemu
// Guesses the dialect from the text: Linux's has N: path regexes or the "THE REST"
// catch-all; anything else is read as QEMU's.
MaintainersDialect detectDialect(std::string_view text);
MaintainersDialect parseDialectName(std::string_view name, bool *ok = nullptr);

// Parses the whole text. Never fails: malformed lines are kept as far as they can be
// and reported in `diagnostics` with their line numbers.
MaintainersFile parseMaintainers(std::string_view text, std::string path,
                                 const DialectRules &rules);
inline MaintainersFile parseMaintainers(std::string_view text, std::string path,
                                        MaintainersDialect dialect = MaintainersDialect::Auto) {
  if (dialect == MaintainersDialect::Auto) dialect = detectDialect(text);
  return parseMaintainers(text, std::move(path), dialectRules(dialect));
}

// Whether a line is a tag line under `rules`; sets `tag` and `raw` (the value after the
// colon and its blanks, up to the end of the line) when it is.
bool splitTagLine(std::string_view line, const DialectRules &rules, char &tag,
                  std::string_view &raw);

} // namespace provcheck
