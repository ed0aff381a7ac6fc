// The Developer's Certificate of Origin, checked as checkpatch.pl checks it: every line of
// the commit message that starts with "Signed-off-by:" (in any case, after optional
// blanks) is a sign-off, wherever it stands: in the trailer block, in a paragraph above
// it, after a "---" or a quoted diff. "Signed-off-by Name <address>", its ':' forgotten,
// and "Signed off by:", its hyphens forgotten, are ones too (malformed). The author's is
// found by address or name, both sides mapped through the tree's .mailmap; an author a
// mailing list rewrote ("Name via List <list@host>") is found by name.
#pragma once

#include "classify/Trailers.h"

#include <string>
#include <vector>

namespace provcheck {

// One "Signed-off-by:" line of a message.
struct SignoffLine {
  int line = 0;      // 1-based line in the message (subject = 1)
  std::string key;   // as written ("Signed-off-by", "Signed-Off-By")
  std::string value; // trimmed
  bool indented = false;
  bool noColon = false; // "Signed-off-by Name <address>": the ':' forgotten
};
std::vector<SignoffLine> signoffLines(const std::string &message);

// Adds the sign-off issues of `patch` to `out` and sets out.signedOff and
// out.authorSignedOff. `aiNames`: names of AI tools and agents (the policy's, and the
// agents the patch's own AI trailers name).
void checkSignoffs(const Patch &patch, const Policy &policy, const Mailmap *mailmap,
                   const std::vector<std::string> &aiNames, TrailerAnalysis &out);

} // namespace provcheck
