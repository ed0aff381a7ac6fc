#include "tools/provcheck/render/Email.h"

#include <gmime/gmime.h>

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

} // namespace

std::string requestMessage(const Request &r) {
  ensureGMime();
  GPtr<GMimeMessage> msg(g_mime_message_new(TRUE));
  g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_FROM, r.from.name.c_str(),
                             r.from.email.c_str());
  for (const auto &p : r.to)
    g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_TO, p.name.c_str(),
                               p.email.c_str());
  for (const auto &p : r.cc)
    g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_CC, p.name.c_str(),
                               p.email.c_str());
  for (const auto &l : r.ccLists) {
    // A list as written in MAINTAINERS: "name@host" or "Name <name@host>".
    InternetAddressList *parsed = internet_address_list_parse(nullptr, l.c_str());
    if (parsed && internet_address_list_length(parsed) > 0) {
      internet_address_list_append(g_mime_message_get_cc(msg.get()), parsed);
    } else {
      g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_CC, "", l.c_str());
    }
    if (parsed) g_object_unref(parsed);
  }
  g_mime_message_set_subject(msg.get(), r.subject.c_str(), "utf-8");

  GTimeZone *tz = g_time_zone_new_offset(r.tzOffsetMinutes * 60);
  GDateTime *utc = g_date_time_new_from_unix_utc(r.date);
  GDateTime *local = g_date_time_to_timezone(utc, tz);
  g_mime_message_set_date(msg.get(), local);
  g_date_time_unref(local);
  g_date_time_unref(utc);
  g_time_zone_unref(tz);
  g_mime_message_set_message_id(msg.get(), r.messageId.c_str());

  GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
  std::string body = r.body;
  if (body.empty() || body.back() != '\n') body += '\n';
  g_mime_text_part_set_text(part, body.c_str());
  g_mime_text_part_set_charset(part, "UTF-8");
  g_mime_part_set_content_encoding(GMIME_PART(part),
                                   fitsEightBit(body) ? GMIME_CONTENT_ENCODING_8BIT
                                                      : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_message_set_mime_part(msg.get(), GMIME_OBJECT(part));
  g_object_unref(part);

  GMimeFormatOptions *opts = g_mime_format_options_clone(nullptr);
  g_mime_format_options_set_newline_format(opts, GMIME_NEWLINE_FORMAT_UNIX);
  char *text = g_mime_object_to_string(GMIME_OBJECT(msg.get()), opts);
  g_mime_format_options_free(opts);
  std::string out = text ? text : "";
  g_free(text);
  return out;
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
