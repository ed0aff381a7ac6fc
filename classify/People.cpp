#include "classify/People.h"

#include "classify/Text.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace provcheck {
namespace {

using text::lower;
using text::trim;
using text::isBlank;

// Words that, beside a tool's name, still describe a tool rather than a person.
constexpr std::string_view kToolWords[] = {
    "code", "ai",     "agent", "assistant", "bot",  "model", "chat", "opus", "sonnet",
    "haiku", "github", "microsoft", "google", "openai", "anthropic", "pro", "flash", "mini",
    "turbo", "cli",   "coding", "llm", "the"};

// The address as compared: lower case, without a "+tag" before the '@'.
std::string addressKey(std::string_view email) {
  std::string e = lower(trim(email));
  size_t at = e.find('@');
  size_t plus = e.find('+');
  if (at != std::string::npos && plus != std::string::npos && plus < at) e.erase(plus, at - plus);
  return e;
}

std::string nameKey(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (isBlank(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The words of a name, lower case.
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_') {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

} // namespace

bool parsePerson(std::string_view text, Person &out) {
  text = trim(text);
  out = Person{};
  size_t lt = text.find('<');
  if (lt == std::string_view::npos) {
    if (text.find('>') != std::string_view::npos) return false;
    if (text.find('@') != std::string_view::npos && text.find(' ') == std::string_view::npos)
      out.email = std::string(text);
    else
      out.name = std::string(text);
    return !text.empty();
  }
  size_t gt = text.find('>', lt);
  if (gt == std::string_view::npos) return false;
  out.name = std::string(trim(text.substr(0, lt)));
  if (out.name.size() >= 2 && out.name.front() == '"' && out.name.back() == '"')
    out.name = out.name.substr(1, out.name.size() - 2);
  out.email = std::string(trim(text.substr(lt + 1, gt - lt - 1)));
  return out.email.find('@') != std::string::npos;
}

Person canonicalPerson(const Person &p, const Mailmap *mailmap) {
  Person out = p;
  if (mailmap && !p.email.empty()) {
    mailmap->resolve(out.name, out.email);
    // git compares .mailmap addresses case-insensitively; libgit2 does not.
    if (out == p && lower(p.email) != p.email) {
      out.email = lower(p.email);
      mailmap->resolve(out.name, out.email);
      if (out.email == lower(p.email) && out.name == p.name) out = p;
    }
  }
  if (out.name.empty()) out.name = p.name;
  if (out.email.empty()) out.email = p.email;
  return out;
}

bool sameAddress(const Person &a, const Person &b, const Mailmap *mailmap) {
  if (a.email.empty() || b.email.empty()) return false;
  if (addressKey(a.email) == addressKey(b.email)) return true;
  return mailmap && addressKey(canonicalPerson(a, mailmap).email) ==
                        addressKey(canonicalPerson(b, mailmap).email);
}

bool sameName(const Person &a, const Person &b, const Mailmap *mailmap) {
  if (a.name.empty() || b.name.empty()) return false;
  if (nameKey(a.name) == nameKey(b.name)) return true;
  return mailmap &&
         nameKey(canonicalPerson(a, mailmap).name) == nameKey(canonicalPerson(b, mailmap).name);
}

bool samePerson(const Person &a, const Person &b, const Mailmap *mailmap) {
  if (!a.email.empty() && !b.email.empty()) return sameAddress(a, b, mailmap);
  return sameName(a, b, mailmap);
}

bool namesAiTool(const Person &person, const std::vector<std::string> &tools) {
  std::string email = lower(person.email);
  if (email == "noreply@anthropic.com" || email == "noreply@openai.com") return true;
  std::set<std::string> toolWords;
  for (const std::string &t : tools)
    for (const std::string &w : words(t)) toolWords.insert(w);
  std::vector<std::string> nameWords = words(person.name.empty() ? person.email : person.name);
  if (!person.name.empty() || person.email.find('@') == std::string::npos) {
    bool anyTool = false;
    for (const std::string &w : nameWords) {
      if (toolWords.count(w)) {
        anyTool = true;
        continue;
      }
      bool version = std::any_of(w.begin(), w.end(),
                                 [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      bool extra = std::find(std::begin(kToolWords), std::end(kToolWords), w) != std::end(kToolWords);
      if (!version && !extra) return false;
    }
    return anyTool;
  }
  return false;
}

std::string toolNamedIn(std::string_view text, const std::vector<std::string> &tools) {
  for (const std::string &t : tools) {
    size_t pos = 0;
    while ((pos = text.find(t, pos)) != std::string_view::npos) {
      bool startOk = pos == 0 || !std::isalnum(static_cast<unsigned char>(text[pos - 1]));
      size_t end = pos + t.size();
      bool endOk = end >= text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
      if (startOk && endOk) return t;
      pos = end;
    }
  }
  return "";
}

} // namespace provcheck
