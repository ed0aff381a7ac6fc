// Pre-approval requests as RFC 5322 messages in an mbox, written with GMime: encoded
// non-ASCII names and subjects, Date, Message-ID, MIME-Version, a text/plain UTF-8 body
// in 8bit (quoted-printable when a line would not survive 8bit transport). Readable by
// `git send-email` and by `git am`-style mbox readers.
#pragma once

#include "tools/provcheck/Request.h"

#include <string>
#include <vector>

namespace provcheck::render {

// One message, without the mbox "From " separator line.
std::string requestMessage(const Request &request);
// Every request, each preceded by an mbox "From " line, separated by a blank line.
std::string requestMbox(const std::vector<Request> &requests);

} // namespace provcheck::render
