// One mail -> Patch: GMime decodes headers (RFC 2047), bodies (quoted-printable,
// base64, charsets); the commit message is the body before "---"; libgit2 parses the
// trailers and the diff. Used by MailSource, which groups mails into series.
#pragma once

#include "analysis/Error.h"
#include "analysis/Patch.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

// A mail subject without its "Re:" and "[...]" prefixes, and the series position read
// from the bracket that names a PATCH or an RFC ("[PATCH v2 3/7]", "[RFC PATCH 0/3]").
struct SubjectParts {
  std::string subject;
  SeriesPosition series;
  bool reply = false; // "Re:" before the prefixes
};
SubjectParts parseSubject(std::string_view raw);

struct ParsedMail {
  Patch patch;          // files empty when the mail holds no diff
  bool hasDiff = false;
  bool reply = false;
  std::optional<Error> error; // the diff could not be read: the mail is skipped with this
  bool isCoverLetter() const { return !hasDiff && patch.series.index == 0 && patch.series.total > 0; }
};

// Every message of `text`: an mbox ("From " lines), a format-patch file or one message.
// `name` is the file ("<stdin>"), `kind` its origin kind. A message whose diff does not
// parse carries an Error naming `name` and the line where that message starts; the
// other messages are read all the same.
Expected<std::vector<ParsedMail>> parseMails(std::string_view text, const std::string &name,
                                             Origin::Kind kind);

// A bare unified diff (no mail headers) as one patch without metadata.
Expected<ParsedMail> parseBareDiff(std::string_view text, const std::string &name,
                                   Origin::Kind kind);

// True when `text` starts (after blank lines) like a diff rather than a mail.
bool looksLikeBareDiff(std::string_view text);

} // namespace provcheck
