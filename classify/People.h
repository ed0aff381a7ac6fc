// People named in trailers: "Name <address>" parsed, compared the way git and checkpatch
// compare them (addresses case-insensitively, a "+tag" subaddress ignored, both sides
// mapped through the tree's .mailmap first), and told apart from AI tools.
#pragma once

#include "analysis/Patch.h"
#include "maps/MailAddress.h"

#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

// "Name <email>" (or a bare address, or a bare name) into a Person; false when the text
// has a '<' without a matching '>' or an address without '@'.
bool parsePerson(std::string_view text, Person &out);

// The person as the .mailmap knows them (unchanged without one, or when it says nothing).
Person canonicalPerson(const Person &p, const Mailmap *mailmap);

// Same address, or same name (blanks collapsed, case ignored), after the .mailmap.
bool sameAddress(const Person &a, const Person &b, const Mailmap *mailmap);
bool sameName(const Person &a, const Person &b, const Mailmap *mailmap);
// The same person: same address, or, when one side has no address, the same name.
bool samePerson(const Person &a, const Person &b, const Mailmap *mailmap);

// Is `person` an AI tool rather than a human: every word of the name is a tool's name
// (from `tools`), a version or a word that goes with tool names, and one of them is a
// tool's name; or the address is an AI vendor's no-reply address.
bool namesAiTool(const Person &person, const std::vector<std::string> &tools);

// The first of `tools` named in `text` as a whole word, as written in the list; or "".
std::string toolNamedIn(std::string_view text, const std::vector<std::string> &tools);

} // namespace provcheck
