// E-mail addresses the way get_maintainer.pl reads and writes them: parse_email,
// format_email (names quoted when they hold anything but word characters, blanks and
// '-'), its RFC 822 address-list check, and .mailmap through libgit2's git_mailmap.
#pragma once

#include "analysis/Error.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

struct MailAddress {
  std::string name;    // as get_maintainer.pl keeps it: quoted when it must be
  std::string address;
};

MailAddress parseEmail(std::string_view text);
std::string formatEmail(std::string_view name, std::string_view address, bool useName = true);
// The name without get_maintainer.pl's quoting ("\"A. B\"" -> "A. B").
std::string unquoteName(std::string_view name);

// rfc822_valid / rfc822_validlist: whether `text` is one valid address; whether it is
// a valid comma-separated list, and its addresses.
bool rfc822Valid(std::string_view text);
bool rfc822ValidList(std::string_view text, std::vector<std::string> &addresses);

// A .mailmap, resolved with libgit2 (git_mailmap_resolve).
class Mailmap {
public:
  static Expected<Mailmap> parse(std::string_view text, std::string fileName = ".mailmap");
  // mailmap_email: "Name <address>" (as formatEmail writes it) mapped to the canonical
  // name and address; unchanged when the .mailmap says nothing about it.
  std::string map(std::string_view formattedEmail) const;
  // The canonical name (unquoted) and address of one person.
  void resolve(std::string &name, std::string &address) const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// ASCII lower-casing, like Perl's lc on byte strings.
std::string asciiLower(std::string_view s);

} // namespace provcheck
