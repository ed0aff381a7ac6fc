#include "classify/Signoff.h"

#include "classify/Text.h"

#include <cctype>

namespace provcheck {
namespace {

using text::editDistance;
using text::lower;
using text::startsWithIgnoreCase;
using text::trim;

constexpr std::string_view kKey = "Signed-off-by";

// "Signed-off-by" in any case, its words joined by '-' or ' ' ("Signed off by", a hyphen
// forgotten: whoever it names meant to sign off).
bool isSignoffKey(std::string_view s) {
  if (s.size() < kKey.size()) return false;
  for (size_t i = 0; i < kKey.size(); ++i) {
    if (kKey[i] == '-' ? s[i] != '-' && s[i] != ' '
                       : std::tolower(static_cast<unsigned char>(s[i])) !=
                             std::tolower(static_cast<unsigned char>(kKey[i])))
      return false;
  }
  return true;
}

// A key two letters or fewer from "Signed-off-by" once both are in lower case without
// their '-', blanks and '_' ("Signed-of-by", "Singed-off-by", "Signed-off"): the key
// checkpatch.pl would suggest "Signed-off-by:" for. Returns its length before the ':', or 0.
size_t misspeltSignoffKey(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon > kKey.size() + 4) return 0;
  std::string_view key = trim(s.substr(0, colon));
  auto squeeze = [](std::string_view k) {
    std::string out = lower(k);
    std::erase_if(out, [](char c) { return c == '-' || c == ' ' || c == '_'; });
    return out;
  };
  std::string norm = squeeze(key);
  if (norm.empty() || norm[0] != 's') return 0;
  return editDistance(norm, squeeze(kKey)) <= 2 ? key.size() : 0;
}

bool sameIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && startsWithIgnoreCase(a, b);
}

std::string at(int line) { return " (line " + std::to_string(line) + ")"; }

// Who a malformed sign-off names all the same: "Name <address" without its '>', "Name
// address@host" without brackets, or a name alone.
Person lenientPerson(std::string_view value) {
  Person p;
  value = trim(value);
  size_t lt = value.find('<');
  if (lt != std::string_view::npos) {
    p.name = std::string(trim(value.substr(0, lt)));
    std::string_view rest = value.substr(lt + 1);
    p.email = std::string(trim(rest.substr(0, rest.find('>'))));
    return p;
  }
  size_t at = value.find('@');
  if (at == std::string_view::npos) {
    p.name = std::string(value);
    return p;
  }
  size_t start = value.rfind(' ', at);
  start = start == std::string_view::npos ? 0 : start + 1;
  size_t end = value.find(' ', at);
  p.email = std::string(value.substr(start, end == std::string_view::npos ? end : end - start));
  std::string name = std::string(trim(value.substr(0, start)));
  if (end != std::string_view::npos) name += std::string(trim(value.substr(end)));
  p.name = name;
  return p;
}

// An author a mailing list rewrote for DMARC ("Name via Qemu-block <qemu-block@nongnu.org>"):
// the person is Name, the address is the list's.
Person listRewritten(const Person &author) {
  const std::string &n = author.name;
  size_t via = n.rfind(" via");
  if (via == std::string::npos || via == 0 || (via + 4 != n.size() && n[via + 4] != ' '))
    return author;
  return Person{n.substr(0, via), ""};
}

// The words of a person's name and of their address's local part, lower case, those of
// four letters or more.
std::vector<std::string> identityWords(const Person &p) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.size() >= 4) out.push_back(word);
    word.clear();
  };
  for (char c : p.name + " " + p.email.substr(0, p.email.find('@'))) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else
      flush();
  }
  flush();
  return out;
}

// Whether `a` and `b` look like one person under two identities: a word of one is part of
// a word of the other ("eopXD <yueh.ting.chen@...>" and "eop Chen <eop.chen@...>",
// "vhaudiquet" and "Valentin Haudiquet"). Only a hint for the message, never a match.
bool resembles(const Person &a, const Person &b) {
  for (const std::string &x : identityWords(a))
    for (const std::string &y : identityWords(b))
      if (x.find(y) != std::string::npos || y.find(x) != std::string::npos) return true;
  return false;
}

} // namespace

std::vector<SignoffLine> signoffLines(const std::string &message) {
  std::vector<SignoffLine> out;
  size_t pos = 0;
  int line = 0;
  while (pos <= message.size()) {
    size_t nl = message.find('\n', pos);
    if (nl == std::string::npos) nl = message.size();
    std::string_view l(message.data() + pos, nl - pos);
    ++line;
    pos = nl + 1;
    std::string_view rest = l;
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    if (!isSignoffKey(rest)) {
      // Misspelt, it must still have its ':' and name a person with an address.
      size_t n = misspeltSignoffKey(rest);
      if (n == 0) continue;
      std::string_view value = trim(trim(rest.substr(n)).substr(1));
      Person who;
      if (!parsePerson(value, who) || who.email.empty()) continue;
      out.push_back({line, std::string(rest.substr(0, n)), std::string(value),
                     rest.size() != l.size(), false});
      continue;
    }
    std::string_view afterKey = rest.substr(kKey.size());
    while (!afterKey.empty() && (afterKey.front() == ' ' || afterKey.front() == '\t'))
      afterKey.remove_prefix(1);
    bool colon = !afterKey.empty() && afterKey.front() == ':';
    // Without its ':', only a person with an address reads as a sign-off.
    bool person = afterKey.size() < rest.size() - kKey.size() &&
                  afterKey.find('<') != std::string_view::npos &&
                  afterKey.find('@') != std::string_view::npos;
    if (!colon && !person) continue;
    out.push_back({line, std::string(rest.substr(0, kKey.size())),
                   std::string(trim(colon ? afterKey.substr(1) : afterKey)),
                   rest.size() != l.size(), !colon});
  }
  return out;
}

void checkSignoffs(const Patch &patch, const Policy &policy, const Mailmap *mailmap,
                   const std::vector<std::string> &aiNames, TrailerAnalysis &a) {
  const SignoffSpec &so = policy.signoff;
  auto issue = [&](std::string rule, Severity sev, VerdictKind effect, std::string message,
                   int line) {
    a.issues.push_back({std::move(rule), so.clause, sev, effect, std::move(message), line});
  };
  const Person author = listRewritten(patch.author);
  bool rewritten = author.email.empty() && !patch.author.email.empty();
  int firstSignoff = 0;
  bool nameOnly = false, addressOnly = false;
  std::string lookalike; // a sign-off that may be the author's under another identity
  for (const SignoffLine &s : signoffLines(patch.message)) {
    std::string written = s.key + ": " + s.value;
    if (!sameIgnoringCase(s.key, kKey))
      issue("signoff-malformed", Severity::Warning, VerdictKind::Ok,
            "'" + s.key + ":'" + at(s.line) + " is read as '" + std::string(kKey) +
                ":': write it '" + std::string(kKey) + ":'",
            s.line);
    else if (s.key != kKey)
      issue("trailer-key-case", Severity::Warning, VerdictKind::Ok,
            "'" + s.key + ":'" + at(s.line) + " is read as '" + std::string(kKey) +
                ":' (trailer keys are not case-sensitive); write it as '" + std::string(kKey) +
                ":'",
            s.line);
    Person person;
    if (s.noColon) {
      issue("signoff-malformed", Severity::Warning, VerdictKind::Ok,
            "'" + s.key + " " + s.value + "'" + at(s.line) +
                " lacks its ':': write it 'Signed-off-by: Name <address>'",
            s.line);
      if (!parsePerson(s.value, person)) person = lenientPerson(s.value);
    } else if (!parsePerson(s.value, person) || person.email.empty()) {
      // Still a sign-off of whoever it names: the certification is there, its form is not.
      person = lenientPerson(s.value);
      issue("signoff-malformed", Severity::Warning, VerdictKind::Ok,
            "malformed '" + written + "'" + at(s.line) +
                ": write it 'Signed-off-by: Name <address>'",
            s.line);
      if (person.name.empty() && person.email.empty()) continue;
    }
    if (so.humanOnly && namesAiTool(person, aiNames)) {
      a.noteEvidence("'" + written + "'" + at(s.line));
      issue("signoff-by-ai", Severity::Error, VerdictKind::Violation,
            "'" + written + "'" + at(s.line) +
                " names an AI tool: only a person can certify the Developer's Certificate of "
                "Origin",
            s.line);
      continue;
    }
    a.signedOff = true;
    if (!firstSignoff) firstSignoff = s.line;
    bool address = sameAddress(person, author, mailmap);
    bool name = sameName(person, author, mailmap);
    if ((address && name) || (name && (person.email.empty() || rewritten)))
      a.authorSignedOff = true;
    else if (address) addressOnly = true;
    else if (name) nameOnly = true;
    else if (lookalike.empty() && resembles(person, author))
      lookalike = "'" + written + "'" + at(s.line);
  }
  if (rewritten && a.authorSignedOff)
    issue("signoff-author-mismatch", Severity::Warning, VerdictKind::Ok,
          "the author " + patch.author.str() + " is a mailing list's rewrite of " + author.name +
              ", whose Signed-off-by counts",
          firstSignoff);
  bool authorKnown = !author.name.empty() || !author.email.empty();
  if (so.required && !a.signedOff) {
    issue("signoff-missing", Severity::Error, VerdictKind::Violation,
          "no 'Signed-off-by:' in the message: the author certifies the Developer's "
          "Certificate of Origin with 'Signed-off-by: " +
              (authorKnown ? patch.author.str() : std::string("Name <address>")) + "'",
          0);
  } else if (so.matchAuthor && a.signedOff && authorKnown && !a.authorSignedOff) {
    if (addressOnly || nameOnly) {
      a.authorSignedOff = true;
      issue("signoff-author-mismatch", Severity::Warning, VerdictKind::Ok,
            std::string("the author's Signed-off-by has ") +
                (addressOnly ? "the author's address but another name"
                             : "the author's name but another address") +
                " (author: " + patch.author.str() + ")",
            firstSignoff);
    } else {
      issue("signoff-author-missing", Severity::Error, VerdictKind::Violation,
            "no 'Signed-off-by:' from the author " + patch.author.str() +
                " anywhere in the message: a Signed-off-by must match the author's name or "
                "address" +
                (lookalike.empty()
                     ? std::string()
                     : "; " + lookalike +
                           " may be the author under another identity: then the commit's "
                           "author should be that identity, or the tree's .mailmap map one "
                           "to the other"),
            firstSignoff);
    }
  }
}

} // namespace provcheck
