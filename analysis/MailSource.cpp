#include "analysis/MailSource.h"

#include "analysis/CoverLetter.h"
#include "analysis/InputFile.h"
#include "analysis/MailMessage.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <map>
#include <optional>
#include <unordered_map>

namespace fs = std::filesystem;

namespace provcheck {

namespace {

// Reads the mails of one text (or its bare diff) into `mails`.
Status collect(std::string_view text, const std::string &name, Origin::Kind kind,
               std::vector<ParsedMail> &mails) {
  if (looksLikeBareDiff(text)) {
    auto mail = parseBareDiff(text, name, kind);
    if (!mail) return mail.error();
    mails.push_back(std::move(*mail));
    return okStatus();
  }
  auto parsed = parseMails(text, name, kind);
  if (!parsed) return parsed.error();
  for (auto &m : *parsed) mails.push_back(std::move(m));
  return okStatus();
}

// The message id at the top of a mail's thread among the mails read; "" when the mail
// answers nothing known and is not a cover letter itself.
std::string threadRoot(const ParsedMail &mail,
                       const std::unordered_map<std::string, const ParsedMail *> &byId) {
  const ParsedMail *m = &mail;
  std::string root = mail.isCoverLetter() ? mail.patch.messageId : "";
  for (int depth = 0; depth < 1000 && !m->patch.inReplyTo.empty(); ++depth) {
    auto it = byId.find(m->patch.inReplyTo);
    if (it == byId.end() || it->second == m) break;
    m = it->second;
    root = m->patch.messageId;
  }
  return root;
}

Skipped skippedOf(const ParsedMail &m, std::string reason) {
  return Skipped{m.patch.origin, m.patch.messageId, m.patch.subject, std::move(reason)};
}

// Groups the mails of one source into series, in order of first appearance.
Status group(std::vector<ParsedMail> mails, const std::string &name, PatchSet &out) {
  std::unordered_map<std::string, const ParsedMail *> byId;
  for (const auto &m : mails)
    if (!m.patch.messageId.empty()) byId.emplace(m.patch.messageId, &m);

  std::vector<std::string> keys(mails.size());
  for (size_t i = 0; i < mails.size(); ++i) {
    const SeriesPosition &s = mails[i].patch.series;
    if (s.total == 0) continue;
    keys[i] = threadRoot(mails[i], byId) + "|" + std::to_string(s.version) + "|" +
              std::to_string(s.total) + "|" + (s.rfc ? "rfc" : "");
  }

  std::vector<Series> series;
  std::map<std::string, size_t> seriesOf;
  std::vector<Skipped> skipped;
  std::optional<Error> firstError; // of a mail whose diff could not be read
  size_t patches = 0;
  for (size_t i = 0; i < mails.size(); ++i) {
    ParsedMail &m = mails[i];
    if (m.error) {
      skipped.push_back(skippedOf(m, m.error->message));
      skipped.back().error = true;
      if (!firstError) firstError = m.error;
      continue;
    }
    if (m.reply) {
      skipped.push_back(skippedOf(m, "reply"));
      continue;
    }
    if (!m.hasDiff && !m.isCoverLetter()) {
      skipped.push_back(skippedOf(m, "no diff"));
      continue;
    }
    if (m.isCoverLetter())
      if (auto b4 = b4Tracking(m.patch.message)) m.patch.message = b4->cover;
    size_t at;
    if (keys[i].empty()) {
      at = series.size();
      series.emplace_back();
    } else if (auto it = seriesOf.find(keys[i]); it != seriesOf.end()) {
      at = it->second;
    } else {
      at = seriesOf[keys[i]] = series.size();
      series.emplace_back();
    }
    Series &s = series[at];
    if (m.isCoverLetter()) {
      if (s.coverLetter) skipped.push_back(skippedOf(m, "second cover letter of a series"));
      else s.coverLetter = std::move(m.patch);
    } else {
      s.patches.push_back(std::move(m.patch));
      ++patches;
    }
  }
  // Nothing could be read: the error of the first mail that could not is the answer.
  if (patches == 0 && firstError) return *firstError;
  if (patches == 0)
    return Error{name, 0, 0,
                 "no patch found (" + std::to_string(mails.size()) +
                     (mails.size() == 1 ? " message" : " messages") + " read, none with a diff)"};
  for (auto &s : series) {
    if (s.patches.empty()) {
      if (s.coverLetter) out.skipped.push_back(Skipped{s.coverLetter->origin, s.coverLetter->messageId,
                                                s.coverLetter->subject,
                                                "cover letter without patches"});
      continue;
    }
    std::stable_sort(s.patches.begin(), s.patches.end(), [](const Patch &a, const Patch &b) {
      return a.series.index < b.series.index;
    });
    const SeriesPosition &pos = s.coverLetter ? s.coverLetter->series : s.patches.front().series;
    s.version = pos.version;
    s.rfc = pos.rfc;
    if (s.coverLetter) {
      s.title = s.coverLetter->subject;
      for (auto &p : s.patches)
        if (p.baseCommit.empty()) p.baseCommit = s.coverLetter->baseCommit;
    } else {
      s.title = s.patches.front().subject;
    }
    out.series.push_back(std::move(s));
  }
  out.skipped.insert(out.skipped.end(), skipped.begin(), skipped.end());
  return okStatus();
}

bool isMailFileName(const fs::path &p) {
  static const char *const exts[] = {".patch", ".diff", ".eml", ".mbox", ".mbx", ".mail"};
  std::string ext = p.extension().string();
  return std::any_of(std::begin(exts), std::end(exts), [&](const char *e) { return ext == e; });
}

} // namespace

Status readMailText(std::string_view text, const std::string &name, PatchSet &out) {
  std::vector<ParsedMail> mails;
  Origin::Kind kind = name == "<stdin>" ? Origin::Kind::Stdin : Origin::Kind::PatchFile;
  if (Status s = collect(text, name, kind, mails); !s) return s;
  return group(std::move(mails), name, out);
}

Status readMailFile(const std::string &path, PatchSet &out, size_t maxSize) {
  auto text = readInputFile(path, maxSize);
  if (!text) return text.error();
  if (text->empty()) return Error{path, 0, 0, "empty file: no patch found"};
  return readMailText(*text, path, out);
}

Status readMailDirectory(const std::string &dir, PatchSet &out, size_t maxSize) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && isMailFileName(e.path())) files.push_back(e.path());
  if (ec) return Error{dir, 0, 0, "cannot read directory: " + ec.message()};
  if (files.empty())
    return Error{dir, 0, 0, "no patch files (*.patch, *.diff, *.eml, *.mbox) in directory"};
  std::sort(files.begin(), files.end());
  std::vector<ParsedMail> mails;
  // A file that cannot be read is skipped with its error; the others are read.
  for (const auto &f : files) {
    auto text = readInputFile(f.string(), maxSize);
    Status s = text ? collect(*text, f.string(), Origin::Kind::PatchFile, mails)
                    : Status(text.error());
    if (s) continue;
    ParsedMail unreadable;
    unreadable.patch.origin = Origin{Origin::Kind::PatchFile, f.string(), 0};
    unreadable.error = s.error();
    mails.push_back(std::move(unreadable));
  }
  return group(std::move(mails), dir, out);
}

} // namespace provcheck
