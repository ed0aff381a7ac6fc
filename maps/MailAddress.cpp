#include "maps/MailAddress.h"

#include "analysis/Git.h"
#include "maps/Regex.h"

namespace provcheck {

namespace {

struct EmailRegexes {
  Regex angle = *Regex::compile("^([^<]+)<(.+@.*)>.*$");
  Regex bracket = *Regex::compile("^\\s*<(.+@\\S*)>.*$");
  Regex bare = *Regex::compile("^(.+@\\S*).*$");
};

const EmailRegexes &emailRegexes() {
  static const EmailRegexes r;
  return r;
}

bool isPerlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string trimSpace(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && isPerlSpace(s[b])) ++b;
  while (e > b && isPerlSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// s/^\"|\"$//g
std::string stripQuotes(std::string s) {
  if (!s.empty() && s.front() == '"') s.erase(0, 1);
  if (!s.empty() && s.back() == '"') s.pop_back();
  return s;
}

bool isWordOrBlankOrDash(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == ' ' || c == '-';
}

// if ($name =~ /[^\w \-]/i) { s/(?<!\\)"/\\"/g; $name = "\"$name\"" }
std::string quoteIfNeeded(std::string name) {
  bool must = false;
  for (unsigned char c : name)
    if (!isWordOrBlankOrDash(c)) must = true;
  if (!must) return name;
  std::string out = "\"";
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '"' && (i == 0 || name[i - 1] != '\\')) out += '\\';
    out += name[i];
  }
  return out + "\"";
}

} // namespace

std::string asciiLower(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

MailAddress parseEmail(std::string_view text) {
  std::string name, address;
  const EmailRegexes &re = emailRegexes();
  if (auto m = re.angle.captures(text); !m.empty()) {
    name = m[1];
    address = m[2];
  } else if (auto m2 = re.bracket.captures(text); !m2.empty()) {
    address = m2[1];
  } else if (auto m3 = re.bare.captures(text); !m3.empty()) {
    address = m3[1];
  }
  name = stripQuotes(trimSpace(name));
  address = trimSpace(address);
  return {quoteIfNeeded(std::move(name)), std::move(address)};
}

std::string formatEmail(std::string_view nameIn, std::string_view addressIn, bool useName) {
  std::string name = quoteIfNeeded(stripQuotes(trimSpace(nameIn)));
  std::string address = trimSpace(addressIn);
  if (!useName) return address;
  if (name.empty()) return address;
  return name + " <" + address + ">";
}

std::string unquoteName(std::string_view name) {
  std::string s = stripQuotes(trimSpace(name));
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '"') continue;
    out += s[i];
  }
  return out;
}

// ---- RFC 822, as get_maintainer.pl's make_rfc822re builds it --------------------

namespace {

std::string rfc822Pattern() {
  const std::string lwsp = R"((?:(?:\r\n)?[ \t]))";
  const std::string specials = R"(()<>@,;:\\".\[\])";
  const std::string controls = R"(\000-\037\177)";
  const std::string dtext = R"([^\[\]\r\\])";
  const std::string domainLiteral = R"(\[(?:)" + dtext + R"(|\\.)*\])" + lwsp + "*";
  const std::string quotedString = R"("(?:[^\"\r\\]|\\.|)" + lwsp + R"()*")" + lwsp + "*";
  const std::string atom = "[^" + specials + " " + controls + "]+(?:" + lwsp +
                           R"(+|\Z|(?=[\[")" + specials + "]))";
  const std::string word = "(?:" + atom + "|" + quotedString + ")";
  const std::string localpart = word + R"((?:\.)" + lwsp + "*" + word + ")*";
  const std::string subDomain = "(?:" + atom + "|" + domainLiteral + ")";
  const std::string domain = subDomain + R"((?:\.)" + lwsp + "*" + subDomain + ")*";
  const std::string addrSpec = localpart + "@" + lwsp + "*" + domain;
  const std::string phrase = word + "*";
  const std::string route = "(?:@" + domain + "(?:,@" + lwsp + "*" + domain + ")*:" + lwsp + "*)";
  const std::string routeAddr = R"(\<)" + lwsp + "*" + route + "?" + addrSpec + R"(\>)" + lwsp + "*";
  const std::string mailbox = "(?:" + addrSpec + "|" + phrase + routeAddr + ")";
  const std::string group =
      phrase + ":" + lwsp + "*(?:" + mailbox + R"((?:,\s*)" + mailbox + R"()*)?;\s*)";
  const std::string address = "(?:" + mailbox + "|" + group + ")";
  return lwsp + "*" + address;
}

struct Rfc822 {
  std::string re = rfc822Pattern();
  Regex valid = *Regex::compile("^" + re + "$", Regex::DotAll);
  Regex list = *Regex::compile("^(?:" + re + ")?(?:,(?:" + re + ")?)*$", Regex::DotAll);
  Regex item = *Regex::compile("(?:^|,(?:(?:\\r\\n)?[ \\t])*)(" + re + ")", Regex::DotAll);
  Regex comment = *Regex::compile(
      R"(^((?:[^"\\]|\\.)*(?:"(?:[^"\\]|\\.)*"(?:[^"\\]|\\.)*)*)\((?:[^()\\]|\\.)*\))");
};

const Rfc822 &rfc822() {
  static const Rfc822 r;
  return r;
}

std::string stripComments(std::string s) {
  for (int guard = 0; guard < 1000; ++guard) {
    auto m = rfc822().comment.captures(s);
    if (m.empty()) break;
    s = m[1] + " " + s.substr(m[0].size());
  }
  return s;
}

} // namespace

bool rfc822Valid(std::string_view text) {
  return rfc822().valid.search(stripComments(std::string(text)));
}

bool rfc822ValidList(std::string_view text, std::vector<std::string> &out) {
  std::string s = stripComments(std::string(text));
  out.clear();
  if (!rfc822().list.search(s)) return false;
  size_t pos = 0;
  std::vector<std::pair<size_t, size_t>> spans;
  while (pos <= s.size() && rfc822().item.findAt(s, pos, spans)) {
    out.push_back(s.substr(spans[1].first, spans[1].second - spans[1].first));
    pos = spans[0].second > pos ? spans[0].second : pos + 1;
  }
  return true;
}

// ---- .mailmap ------------------------------------------------------------------

struct Mailmap::Impl {
  git::Mailmap map;
};

Expected<Mailmap> Mailmap::parse(std::string_view text, std::string fileName) {
  git::ensureInit();
  git_mailmap *mm = nullptr;
  if (git_mailmap_from_buffer(&mm, text.data(), text.size()) != 0)
    return git::lastError(std::move(fileName), "cannot read .mailmap");
  Mailmap out;
  out.impl_ = std::make_shared<Impl>();
  out.impl_->map.reset(mm);
  return out;
}

void Mailmap::resolve(std::string &name, std::string &address) const {
  if (!impl_) return;
  const char *realName = nullptr, *realEmail = nullptr;
  if (git_mailmap_resolve(&realName, &realEmail, impl_->map.get(), name.c_str(),
                          address.c_str()) != 0)
    return;
  std::string n = realName ? realName : "", e = realEmail ? realEmail : "";
  name = std::move(n);
  address = std::move(e);
}

std::string Mailmap::map(std::string_view formattedEmail) const {
  MailAddress a = parseEmail(formattedEmail);
  if (!impl_) return formatEmail(a.name, a.address, true);
  std::string name = unquoteName(a.name), address = a.address;
  std::string origName = name, origAddress = address;
  resolve(name, address);
  if (name == origName && address == origAddress) return formatEmail(a.name, a.address, true);
  return formatEmail(name, address, true);
}

} // namespace provcheck
