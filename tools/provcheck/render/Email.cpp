#include "tools/provcheck/render/Email.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace provcheck::render {

namespace {

void ensureGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct Unref {
  void operator()(gpointer p) const {
    if (p) g_object_unref(p);
  }
};
template <class T> using GPtr = std::unique_ptr<T, Unref>;

// Whether every line survives 8bit transport as is: no line past RFC 5322's 998
// characters, no NUL, and no line an mbox reader would take for a separator.
bool fitsEightBit(const std::string &body) {
  size_t start = 0;
  while (start < body.size()) {
    size_t nl = body.find('\n', start);
    if (nl == std::string::npos) nl = body.size();
    if (nl - start > 998) return false;
    if (body.compare(start, 5, "From ") == 0) return false;
    start = nl + 1;
  }
  return body.find('\0') == std::string::npos;
}

// A display name with non-ASCII characters as whole RFC 2047 encoded words (UTF-8,
// base64, at most 75 characters each). Encoding only the words that need it gives
// '"Daniel P." =?UTF-8?b?...?=', which git send-email rewrites into one quoted string
// that no reader decodes; encoded words alone are atoms that every reader decodes.
std::string encodeName(const std::string &name) {
  bool ascii = true;
  for (unsigned char c : name) ascii = ascii && c < 0x80;
  if (ascii) return name;
  std::string out;
  size_t start = 0;
  while (start < name.size()) {
    size_t end = std::min(name.size(), start + 45);
    while (end < name.size() && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
    gchar *b64 = g_base64_encode(reinterpret_cast<const guchar *>(name.data() + start),
                                 end - start);
    out += (out.empty() ? "" : " ") + std::string("=?UTF-8?B?") + b64 + "?=";
    g_free(b64);
    start = end;
  }
  return out;
}

// Adds a mailbox, its name encoded when it is not ASCII.
void addMailbox(InternetAddressList *list, const std::string &name, const std::string &addr) {
  InternetAddress *ia = internet_address_mailbox_new(encodeName(name).c_str(), addr.c_str());
  internet_address_set_charset(ia, "UTF-8");
  internet_address_list_add(list, ia);
  g_object_unref(ia);
}

// mbox readers take a body line starting with "From " for the start of a new message;
// quoted-printable can spell its first letter as "=46".
std::string escapeFromLines(std::string text) {
  size_t body = text.find("\n\n");
  if (body == std::string::npos) return text;
  for (size_t pos = text.find("\nFrom ", body); pos != std::string::npos;
       pos = text.find("\nFrom ", pos + 1))
    text.replace(pos + 1, 1, "=46");
  return text;
}

} // namespace

std::string requestMessage(const Request &r) {
  ensureGMime();
  GPtr<GMimeMessage> msg(g_mime_message_new(TRUE));
  addMailbox(g_mime_message_get_from(msg.get()), r.from.name, r.from.email);
  for (const auto &p : r.to) addMailbox(g_mime_message_get_to(msg.get()), p.name, p.email);
  for (const auto &p : r.cc) addMailbox(g_mime_message_get_cc(msg.get()), p.name, p.email);
  for (const auto &l : r.ccLists) {
    // A list as written in MAINTAINERS: "name@host" or "Name <name@host>".
    InternetAddressList *parsed = internet_address_list_parse(nullptr, l.c_str());
    if (parsed && internet_address_list_length(parsed) > 0)
      internet_address_list_append(g_mime_message_get_cc(msg.get()), parsed);
    else
      addMailbox(g_mime_message_get_cc(msg.get()), "", l);
    if (parsed) g_object_unref(parsed);
  }
  g_mime_message_set_subject(msg.get(), r.subject.c_str(), "UTF-8");

  GTimeZone *tz = g_time_zone_new_offset(r.tzOffsetMinutes * 60);
  GDateTime *utc = g_date_time_new_from_unix_utc(r.date);
  GDateTime *local = g_date_time_to_timezone(utc, tz);
  g_mime_message_set_date(msg.get(), local);
  g_date_time_unref(local);
  g_date_time_unref(utc);
  g_time_zone_unref(tz);
  g_mime_message_set_message_id(msg.get(), r.messageId.c_str());

  // The body as UTF-8 bytes, as is: g_mime_text_part_set_text would convert it to the
  // "best" charset (ISO-8859-1 when it can).
  std::string body = r.body;
  if (body.empty() || body.back() != '\n') body += '\n';
  GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer(body.data(), body.size());
  GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_object_unref(stream);
  g_mime_part_set_content(GMIME_PART(part), content);
  g_object_unref(content);
  g_mime_text_part_set_charset(part, "UTF-8");
  bool eightBit = fitsEightBit(body);
  g_mime_part_set_content_encoding(GMIME_PART(part), eightBit
                                                         ? GMIME_CONTENT_ENCODING_8BIT
                                                         : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_message_set_mime_part(msg.get(), GMIME_OBJECT(part));
  g_object_unref(part);

  GMimeFormatOptions *opts = g_mime_format_options_clone(nullptr);
  g_mime_format_options_set_newline_format(opts, GMIME_NEWLINE_FORMAT_UNIX);
  char *text = g_mime_object_to_string(GMIME_OBJECT(msg.get()), opts);
  g_mime_format_options_free(opts);
  std::string out = text ? text : "";
  g_free(text);
  return eightBit ? out : escapeFromLines(std::move(out));
}

std::string requestMbox(const std::vector<Request> &requests) {
  std::string out;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (i) out += "\n";
    out += "From provcheck Mon Sep 17 00:00:00 2001\n";
    std::string m = requestMessage(requests[i]);
    out += m;
    if (!m.empty() && m.back() != '\n') out += "\n";
  }
  return out;
}

} // namespace provcheck::render
