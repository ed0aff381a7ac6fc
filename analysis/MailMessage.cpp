#include "analysis/MailMessage.h"

#include "analysis/TextLines.h"
#include "analysis/DiffReader.h"
#include "analysis/GitSource.h"
#include "analysis/Mbox.h"
#include "analysis/TextLines.h"
#include "analysis/Utf8.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <memory>
#include <mutex>

namespace provcheck {

namespace {

void ensureGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GUnref {
  void operator()(void *p) const { if (p) g_object_unref(p); }
};
template <class T> using GPtr = std::unique_ptr<T, GUnref>;
struct GFree {
  void operator()(char *p) const { g_free(p); }
};
using GString_ = std::unique_ptr<char, GFree>;

std::string_view trimView(std::string_view s) {
  while (!s.empty() && std::isspace((unsigned char)s.front())) s.remove_prefix(1);
  while (!s.empty() && std::isspace((unsigned char)s.back())) s.remove_suffix(1);
  return s;
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower((unsigned char)s[i]) != std::tolower((unsigned char)prefix[i]))
      return false;
  return true;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char &c : out) c = static_cast<char>(std::toupper((unsigned char)c));
  return out;
}

// A decimal number of a subject prefix; nullopt when it does not fit an int (a
// "[PATCH 1/99999999999]" is no series position).
std::optional<int> number(std::string_view digits) {
  int value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

SeriesPosition positionOf(std::string_view prefix) {
  SeriesPosition pos;
  pos.prefix = std::string(prefix);
  size_t i = 0;
  while (i < prefix.size()) {
    while (i < prefix.size() && (prefix[i] == ' ' || prefix[i] == ',')) ++i;
    size_t j = i;
    while (j < prefix.size() && prefix[j] != ' ' && prefix[j] != ',') ++j;
    std::string_view tok = prefix.substr(i, j - i);
    i = j;
    if (tok.empty()) continue;
    if (upper(tok) == "RFC") pos.rfc = true;
    else if ((tok[0] == 'v' || tok[0] == 'V') && tok.size() > 1 &&
             std::all_of(tok.begin() + 1, tok.end(), ::isdigit)) {
      if (auto v = number(tok.substr(1))) pos.version = *v;
    } else if (size_t slash = tok.find('/'); slash != std::string_view::npos && slash > 0 &&
               slash + 1 < tok.size() &&
               std::all_of(tok.begin(), tok.begin() + slash, ::isdigit) &&
               std::all_of(tok.begin() + slash + 1, tok.end(), ::isdigit)) {
      auto index = number(tok.substr(0, slash)), total = number(tok.substr(slash + 1));
      if (index && total) {
        pos.index = *index;
        pos.total = *total;
      }
    }
  }
  return pos;
}

// git mailinfo's patch break: "---" alone, "--- file", "diff -", "Index: ".
bool isPatchBreak(std::string_view l) {
  if (l.starts_with("diff -") || l.starts_with("Index: ")) return true;
  if (!l.starts_with("---")) return false;
  std::string_view rest = l.substr(3);
  if (trimView(rest).empty()) return true;
  return rest.size() > 1 && rest[0] == ' ' && !std::isspace((unsigned char)rest[1]);
}

// Where the message of `ls` (from line `first`) ends and the patch begins: git mailinfo's
// first patch break, except that a format-patch mail's own "---" line, when one comes
// before the first "diff --git", is taken over a break inside the message (a message that
// quotes a diff: "--- /tmp/old", "+++ new", as QEMU's 619d5f0211 does).
size_t messageEnd(const std::vector<std::string_view> &ls, size_t first) {
  size_t firstGitDiff = first;
  while (firstGitDiff < ls.size() && !ls[firstGitDiff].starts_with("diff --git ")) ++firstGitDiff;
  if (firstGitDiff < ls.size())
    for (size_t i = first; i < firstGitDiff; ++i)
      if (trimView(ls[i]) == "---") return i;
  size_t cut = first;
  while (cut < ls.size() && !isPatchBreak(ls[cut])) ++cut;
  return cut;
}

Person personFrom(InternetAddressList *list) {
  if (!list) return {};
  for (int i = 0; i < internet_address_list_length(list); ++i) {
    InternetAddress *a = internet_address_list_get_address(list, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;
    const char *name = internet_address_get_name(a);
    const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
    return Person{name ? name : "", addr ? addr : ""};
  }
  return {};
}

Person parsePerson(std::string_view text) {
  GPtr<InternetAddressList> list(
      internet_address_list_parse(nullptr, std::string(text).c_str()));
  return personFrom(list.get());
}

void setDate(Patch &p, GDateTime *date) {
  if (!date) return;
  p.time = g_date_time_to_unix(date);
  p.tzOffsetMinutes = static_cast<int>(g_date_time_get_utc_offset(date) / G_TIME_SPAN_MINUTE);
}

std::string messageIdOf(const char *raw) {
  if (!raw) return {};
  GString_ id(g_mime_utils_decode_message_id(raw));
  return id ? std::string(id.get()) : std::string();
}

// The decoded bytes of a leaf part (transfer encoding undone), NUL bytes included.
std::string partBytes(GMimePart *part) {
  GMimeDataWrapper *content = g_mime_part_get_content(part);
  if (!content) return {};
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, mem.get());
  GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return std::string(reinterpret_cast<const char *>(bytes->data), bytes->len);
}

// The text of one part: up to its first patch break (the message), converted from
// `charset` to UTF-8; the diff after it is kept byte for byte, as git am applies it (a
// source file need not be UTF-8). What could not be converted is noted in `notes`.
std::string partText(std::string_view bytes, const char *charset,
                     std::vector<std::string> &notes) {
  auto ls = splitLines(bytes);
  size_t end = messageEnd(ls, 0);
  size_t cut = end < ls.size() ? static_cast<size_t>(ls[end].data() - bytes.data()) : bytes.size();
  Utf8Text text = toUtf8(bytes.substr(0, cut), charset ? charset : "");
  if (text.unknownCharset)
    notes.push_back(std::string("message: unknown charset \"") + charset + "\", read as UTF-8");
  if (text.replaced > 0)
    notes.push_back("message: " + std::to_string(text.replaced) +
                    (text.replaced == 1 ? " byte is" : " bytes are") + " not " +
                    (charset && !text.unknownCharset ? std::string(charset) : "UTF-8") +
                    ", replaced by U+FFFD");
  text.text += bytes.substr(cut);
  return std::move(text.text);
}

// The text parts of `part` in order (see partText).
void appendText(GMimeObject *part, std::string &out, std::vector<std::string> &notes) {
  if (!part) return;
  if (GMIME_IS_MULTIPART(part)) {
    GMimeMultipart *mp = GMIME_MULTIPART(part);
    for (int i = 0; i < g_mime_multipart_get_count(mp); ++i)
      appendText(g_mime_multipart_get_part(mp, i), out, notes);
    return;
  }
  if (!GMIME_IS_TEXT_PART(part)) return;
  GMimeContentType *ct = g_mime_object_get_content_type(part);
  if (ct && g_mime_content_type_is_type(ct, "text", "html")) return;
  const char *charset = g_mime_object_get_content_type_parameter(part, "charset");
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += partText(partBytes(GMIME_PART(part)), charset, notes);
}

std::string bodyText(GMimeMessage *msg, std::vector<std::string> &notes) {
  std::string body;
  appendText(g_mime_message_get_mime_part(msg), body, notes);
  if (body.find("\r\n") != std::string::npos) {
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i)
      if (!(body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n')) out += body[i];
    body = std::move(out);
  }
  return body;
}

std::string headersText(GMimeMessage *msg) {
  std::string out;
  GMimeHeaderList *list = g_mime_object_get_header_list(GMIME_OBJECT(msg));
  for (int i = 0; i < g_mime_header_list_get_count(list); ++i) {
    GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
    const char *value = g_mime_header_get_value(h);
    out += std::string(g_mime_header_get_name(h)) + ": " + (value ? value : "") + "\n";
  }
  return out;
}

std::string joinLines(const std::vector<std::string_view> &ls, size_t from, size_t to) {
  while (from < to && trimView(ls[from]).empty()) ++from;
  while (to > from && trimView(ls[to - 1]).empty()) --to;
  std::string out;
  for (size_t i = from; i < to; ++i) {
    out += ls[i];
    out += '\n';
  }
  return out;
}

// Fills message, in-body From/Date/Subject, trailers, base-commit and the diff.
Status readBody(ParsedMail &mail, std::string_view body, const std::string &name, int line) {
  Patch &p = mail.patch;
  auto ls = splitLines(body);
  size_t first = 0;
  while (first < ls.size() && trimView(ls[first]).empty()) ++first;
  // In-body headers (git send-email puts the author there when it is not the sender).
  if (first < ls.size() && (ls[first].starts_with("From: ") || ls[first].starts_with("Date: ") ||
                            ls[first].starts_with("Subject: "))) {
    size_t i = first;
    for (; i < ls.size() && !trimView(ls[i]).empty(); ++i) {
      std::string_view l = ls[i];
      if (l.starts_with("From: ")) p.author = parsePerson(l.substr(6));
      else if (l.starts_with("Date: ")) {
        GDateTime *d = g_mime_utils_header_decode_date(std::string(l.substr(6)).c_str());
        if (d) {
          setDate(p, d);
          g_date_time_unref(d);
        }
      } else if (l.starts_with("Subject: ")) {
        SubjectParts s = parseSubject(l.substr(9));
        p.subject = s.subject;
      }
    }
    first = i;
  }
  size_t cut = messageEnd(ls, first);
  std::string text = joinLines(ls, first, cut);
  p.message = p.subject + "\n" + (text.empty() ? "" : "\n" + text);
  p.trailers = parseTrailers(p.message);
  for (size_t i = first; i < ls.size(); ++i)
    if (ls[i].starts_with("base-commit: ")) p.baseCommit = std::string(trimView(ls[i].substr(13)));
  if (cut >= ls.size()) return okStatus();
  size_t offset = static_cast<size_t>(ls[cut].data() - body.data());
  std::string_view rest = body.substr(offset);
  if (!containsDiff(rest)) return okStatus();
  mail.hasDiff = true;
  auto diff = parseDiffText(rest, name, line);
  if (!diff) {
    Error e = diff.error();
    e.message = "malformed diff in \"" + p.subject + "\": " + e.message;
    return e;
  }
  auto files = readDiff(diff->get(), name);
  if (!files) return files.error();
  p.files = std::move(*files);
  return okStatus();
}

ParsedMail fromMessage(GMimeMessage *msg) {
  ParsedMail mail;
  Patch &p = mail.patch;
  p.author = personFrom(g_mime_message_get_from(msg));
  setDate(p, g_mime_message_get_date(msg));
  const char *subject = g_mime_message_get_subject(msg);
  SubjectParts s = parseSubject(subject ? subject : "");
  p.subject = s.subject;
  p.series = s.series;
  mail.reply = s.reply;
  const char *mid = g_mime_message_get_message_id(msg);
  p.messageId = mid ? mid : "";
  p.id = p.messageId;
  p.inReplyTo = messageIdOf(g_mime_object_get_header(GMIME_OBJECT(msg), "In-Reply-To"));
  return mail;
}

// libgit2 reads only git-style diffs: a plain unified diff ("--- x", "+++ y") gets a
// "diff --git" header per file, and a/ b/ prefixes on its paths.
std::string diffPath(std::string_view l) {
  std::string_view p = l.substr(4);
  if (size_t tab = p.find('\t'); tab != std::string_view::npos) p = p.substr(0, tab);
  p = trimView(p);
  if (p.starts_with("a/") || p.starts_with("b/")) p.remove_prefix(2);
  return std::string(p);
}

std::string withGitHeaders(std::string_view text) {
  auto ls = splitLines(text);
  for (auto l : ls)
    if (l.starts_with("diff --git ")) return std::string(text);
  std::string out;
  for (size_t i = 0; i < ls.size(); ++i) {
    if (ls[i].starts_with("--- ") && i + 1 < ls.size() && ls[i + 1].starts_with("+++ ")) {
      std::string oldPath = diffPath(ls[i]), newPath = diffPath(ls[i + 1]);
      std::string path = newPath == "/dev/null" ? oldPath : newPath;
      out += "diff --git a/" + path + " b/" + path + "\n";
      out += oldPath == "/dev/null" ? "--- /dev/null\n" : "--- a/" + path + "\n";
      out += newPath == "/dev/null" ? "+++ /dev/null\n" : "+++ b/" + path + "\n";
      ++i;
      continue;
    }
    out += ls[i];
    out += '\n';
  }
  return out;
}

} // namespace

SubjectParts parseSubject(std::string_view raw) {
  std::string unfolded;
  for (char c : raw)
    if (c != '\r' && c != '\n') unfolded += c;
  SubjectParts out;
  std::string_view s = trimView(unfolded);
  bool havePrefix = false;
  for (;;) {
    if (startsWithNoCase(s, "re:")) {
      out.reply = true;
      s = trimView(s.substr(3));
    } else if (!s.empty() && s.front() == '[') {
      size_t close = s.find(']');
      if (close == std::string_view::npos) break;
      std::string_view group = trimView(s.substr(1, close - 1));
      std::string up = upper(group);
      if (!havePrefix && (up.find("PATCH") != std::string::npos || up.starts_with("RFC"))) {
        out.series = positionOf(group);
        havePrefix = true;
      }
      s = trimView(s.substr(close + 1));
    } else {
      break;
    }
  }
  out.subject = std::string(s);
  return out;
}

bool looksLikeBareDiff(std::string_view text) {
  for (auto l : splitLines(text)) {
    if (trimView(l).empty()) continue;
    return l.starts_with("diff ") || l.starts_with("--- ") || l.starts_with("Index: ");
  }
  return false;
}

Expected<ParsedMail> parseBareDiff(std::string_view text, const std::string &name,
                                   Origin::Kind kind) {
  ParsedMail mail;
  mail.patch.origin = Origin{kind, name, 0};
  mail.patch.rawText = withGitHeaders(text);
  auto diff = parseDiffText(mail.patch.rawText, name, 0);
  if (!diff) return diff.error();
  auto files = readDiff(diff->get(), name);
  if (!files) return files.error();
  mail.patch.files = std::move(*files);
  mail.hasDiff = !mail.patch.files.empty();
  if (!mail.hasDiff) return Error{name, 0, 0, "no patch found"};
  return mail;
}

Expected<std::vector<ParsedMail>> parseMails(std::string_view text, const std::string &name,
                                             Origin::Kind kind) {
  ensureGMime();
  bool mbox = startsLikeMbox(text);
  std::vector<ParsedMail> mails;
  // Each message is read on its own: one that GMime cannot read is skipped with its
  // error, and a body line starting with "From " never ends a message (git mailsplit's
  // rule, where GMime's mbox reader would cut there).
  for (const MessageText &m : splitMbox(text)) {
    ParsedMail mail;
    std::vector<std::string> nulNotes;
    std::optional<std::string> cleaned = withoutHeaderNuls(m.text, m.textLine, nulNotes);
    std::string_view message = cleaned ? std::string_view(*cleaned) : m.text;
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(message.data(), message.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), nullptr));
    int line = mbox ? m.line : 0;
    if (!msg) {
      mail.patch.origin = Origin{kind, name, line};
      mail.error = Error{name, line, 0, "not a mail, an mbox or a patch"};
      mails.push_back(std::move(mail));
      continue;
    }
    mail = fromMessage(msg.get());
    mail.patch.origin = Origin{kind, name, m.line};
    mail.patch.notes = std::move(nulNotes);
    std::string body = bodyText(msg.get(), mail.patch.notes);
    if (Status s = readBody(mail, body, name, m.line); !s) mail.error = s.error();
    mail.patch.rawText = headersText(msg.get()) + "\n" + body;
    mails.push_back(std::move(mail));
  }
  if (mails.size() == 1 && kind != Origin::Kind::Stdin) {
    mails[0].patch.origin.kind = Origin::Kind::PatchFile;
    mails[0].patch.origin.line = 0;
  } else if (kind != Origin::Kind::Stdin) {
    for (auto &m : mails) m.patch.origin.kind = Origin::Kind::Mbox;
  }
  return mails;
}

} // namespace provcheck
