// Pre-approval requests as mail and JSON: golden files, the mbox parsed back with GMime,
// read by git's own mbox tools (mailsplit + mailinfo, as `git am` does) and accepted by
// `git send-email --dry-run`.
#include "tests/support/Fixture.h"
#include "tests/tools/ReportTestData.h"
#include "tools/provcheck/Request.h"
#include "tools/provcheck/render/Email.h"
#include "tools/provcheck/render/RequestJson.h"

#include <gmime/gmime.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>

namespace provcheck {
namespace {

using testing::compareGolden;
using testing::sampleRun;

std::vector<Request> requests(bool perPatch = false) {
  RequestOptions o;
  o.perPatch = perPatch;
  o.now = 1767258000;
  o.tzOffsetMinutes = 60;
  auto r = buildRequests(sampleRun(), o);
  if (!r) throw std::runtime_error(r.error().str());
  return *r;
}

using Output = testing::CommandOutput;

Output run(const std::string &cmd) { return testing::runCommand(cmd + " 2>&1"); }

void writeFile(const std::filesystem::path &p, const std::string &s) {
  std::ofstream(p, std::ios::binary) << s;
}

TEST(RequestEmail, MboxGolden) {
  EXPECT_EQ(compareGolden("golden/report/request.mbox", render::requestMbox(requests())), "");
}

TEST(RequestEmail, PerPatchMboxGolden) {
  EXPECT_EQ(compareGolden("golden/report/request-per-patch.mbox",
                          render::requestMbox(requests(true))),
            "");
}

TEST(RequestEmail, JsonGolden) {
  EXPECT_EQ(compareGolden("golden/report/request.json", render::requestJsonText(requests())), "");
}

TEST(RequestEmail, JsonParsesBack) {
  auto reqs = requests();
  auto j = nlohmann::json::parse(render::requestJsonText(reqs));
  EXPECT_EQ(j["schema"], "provcheck-request/1");
  ASSERT_EQ(j["requests"].size(), 1u);
  const auto &r = j["requests"][0];
  EXPECT_EQ(r["from"]["name"], "Zoë Çelik");
  EXPECT_EQ(r["to"][1]["name"], "Daniel P. Berrangé");
  EXPECT_EQ(r["date"], "2026-01-01T10:00:00+01:00");
  EXPECT_EQ(r["files"][2]["reasons"][0]["clause"], "small-fixes");
  EXPECT_EQ(r["body"], reqs[0].body);
}

TEST(RequestEmail, ParsedBackWithGMime) {
  std::string text = render::requestMessage(requests().front());
  // The raw headers: encoded words for non-ASCII names, the MIME headers asked for.
  std::string head = text.substr(0, text.find("\n\n"));
  EXPECT_NE(head.find("From: =?UTF-8?"), std::string::npos) << head;
  EXPECT_NE(head.find("MIME-Version: 1.0"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Transfer-Encoding: 8bit"), std::string::npos) << head;
  for (unsigned char c : head) EXPECT_LT(c, 0x80) << "raw 8-bit byte in the headers";

  g_mime_init();
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer(text.data(), text.size());
  GMimeParser *parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage *msg = g_mime_parser_construct_message(parser, nullptr);
  g_object_unref(parser);
  g_object_unref(stream);
  ASSERT_NE(msg, nullptr);

  InternetAddressList *from = g_mime_message_get_from(msg);
  ASSERT_EQ(internet_address_list_length(from), 1);
  InternetAddress *a = internet_address_list_get_address(from, 0);
  EXPECT_STREQ(internet_address_get_name(a), "Zoë Çelik");
  EXPECT_STREQ(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)), "zoe@example.org");

  InternetAddressList *to = g_mime_message_get_to(msg);
  ASSERT_EQ(internet_address_list_length(to), 2);
  EXPECT_STREQ(internet_address_get_name(internet_address_list_get_address(to, 1)),
               "Daniel P. Berrangé");
  InternetAddressList *cc = g_mime_message_get_cc(msg);
  ASSERT_EQ(internet_address_list_length(cc), 2);
  EXPECT_STREQ(internet_address_mailbox_get_addr(
                   INTERNET_ADDRESS_MAILBOX(internet_address_list_get_address(cc, 1))),
               "qemu-devel@nongnu.org");

  EXPECT_STREQ(g_mime_message_get_subject(msg),
               "[RFC] Pre-approval for AI-assisted change: qom: add object_frob helper (and 1 "
               "more patch)");
  EXPECT_EQ(std::string(g_mime_message_get_message_id(msg)), requests().front().messageId);
  GDateTime *date = g_mime_message_get_date(msg);
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(g_date_time_to_unix(date), 1767258000);
  EXPECT_EQ(g_date_time_get_utc_offset(date) / G_TIME_SPAN_MINUTE, 60);

  GMimeObject *body = g_mime_message_get_mime_part(msg);
  ASSERT_TRUE(GMIME_IS_TEXT_PART(body));
  char *decoded = g_mime_text_part_get_text(GMIME_TEXT_PART(body));
  std::string bodyText = decoded;
  g_free(decoded);
  EXPECT_EQ(bodyText, requests().front().body);
  g_object_unref(msg);
}

TEST(RequestEmail, LongLinesAndFromLinesAreQuotedPrintable) {
  Request r = requests().front();
  r.body = "From the start of a line\n" + std::string(1200, 'x') + "\nZoë\n";
  std::string text = render::requestMessage(r);
  EXPECT_NE(text.find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
  EXPECT_EQ(text.find("\nFrom the start"), std::string::npos);
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    EXPECT_LE(nl - start, 998u);
    start = nl + 1;
  }
}

// git am reads an mbox with mailsplit and each mail with mailinfo.
TEST(RequestEmail, ReadByGitMailsplitAndMailinfo) {
  testing::TempDir dir;
  writeFile(dir.path() / "req.mbox", render::requestMbox(requests(true)));
  auto split = run("cd '" + dir.str() + "' && mkdir parts && git mailsplit -oparts req.mbox");
  ASSERT_EQ(split.rc, 0) << split.text;
  EXPECT_EQ(split.text, "2\n");
  auto info = run("cd '" + dir.str() + "' && { git mailinfo -u msg patch < parts/0001; }");
  ASSERT_EQ(info.rc, 0) << info.text;
  EXPECT_NE(info.text.find("Author: Zoë Çelik\n"), std::string::npos) << info.text;
  EXPECT_NE(info.text.find("Email: zoe@example.org\n"), std::string::npos) << info.text;
  EXPECT_NE(info.text.find("Subject: Pre-approval for AI-assisted change: qom: add object_frob "
                           "helper\n"),
            std::string::npos)
      << info.text;
  std::string msg = testing::readFile(dir.path() / "msg");
  EXPECT_NE(msg.find("Dear Paolo Bonzini, Daniel P. Berrangé,"), std::string::npos) << msg;
}

TEST(RequestEmail, AcceptedByGitSendEmailDryRun) {
  // git-email, and the Perl modules it needs (Debian: git-email libmailtools-perl).
  if (run("git send-email -h").text.find("--dry-run") == std::string::npos)
    GTEST_SKIP() << "git send-email is not usable here (install git-email and "
                    "libmailtools-perl)";
  testing::TempDir dir;
  writeFile(dir.path() / "req.mbox", render::requestMbox(requests()));
  auto out = run("cd '" + dir.str() +
                 "' && git -c user.name=Sender -c user.email=sender@example.org "
                 "-c sendemail.smtpServer=/bin/true send-email --dry-run "
                 "--confirm=never --no-format-patch req.mbox");
  ASSERT_EQ(out.rc, 0) << out.text;
  EXPECT_NE(out.text.find("Dry-OK. Log says:"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("Result: OK"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("pbonzini@redhat.com"), std::string::npos) << out.text;
  // The encoded names come through as encoded words, not inside a quoted string.
  EXPECT_NE(out.text.find("=?UTF-8?B?RGFuaWVsIFAuIEJlcnJhbmfDqQ==?= <berrange@redhat.com>"),
            std::string::npos)
      << out.text;
  EXPECT_NE(out.text.find("berrange@redhat.com"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("armbru@redhat.com"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("qemu-devel@nongnu.org"), std::string::npos) << out.text;
}

} // namespace
} // namespace provcheck
