// The framing of mail text before GMime reads it: an mbox cut into its messages as git
// mailsplit cuts it, and the NUL bytes that GMime would stop a header at.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

// An mbox separator line as git mailsplit recognises one: "From ", then anything, ending
// in a ctime-like date ("From 1234abcd Mon Sep 17 00:00:00 2001"). A body line such as
// "From GLib's documentation:" is not one.
bool isFromLine(std::string_view line);

struct MessageText {
  std::string_view text; // the message, without its separator line
  int line = 0;          // 1-based line where it starts in the input (its separator line)
  int textLine = 0;      // the line of text's first line
};

// The messages of `text`: one per separator line when the text starts with "From " (the
// first line separates whatever it holds), else the whole text as one message (line 1).
std::vector<MessageText> splitMbox(std::string_view text);
bool startsLikeMbox(std::string_view text);

// `message` without the NUL bytes of its header lines (up to the first blank line), and a
// note for each header that held one ("its From header (line 3) holds a NUL byte:
// removed"); nullopt when there is none. RFC 5322 forbids NUL, and GMime would end the
// header's value at it ("Ma\0gnus <m@x>" read as the address "<Ma>"). `firstLine` is the
// input line of the message's first line.
std::optional<std::string> withoutHeaderNuls(std::string_view message, int firstLine,
                                             std::vector<std::string> &notes);

} // namespace provcheck
