#include "maps/Regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <mutex>
#include <vector>

namespace provcheck {

struct Regex::Code {
  pcre2_code *code = nullptr;
  ~Code() { pcre2_code_free(code); }
};

struct Regex::Limits {
  std::mutex mutex;
  std::optional<std::string> subject; // the first subject PCRE2 gave up on
};

bool Regex::matched(int rc, std::string_view subject) const {
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
      rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
    std::lock_guard lock(limits_->mutex);
    if (!limits_->subject) limits_->subject = std::string(subject.substr(0, 200));
  }
  return rc >= 0;
}

std::optional<std::string> Regex::limitHit() const {
  if (!code_) return std::nullopt;
  std::lock_guard lock(limits_->mutex);
  return limits_->subject;
}

Regex Regex::withOwnLimits() const {
  Regex out = *this;
  out.limits_ = std::make_shared<Limits>();
  return out;
}

namespace {
// Whether it matches, not where: one pair of offsets is enough for any pattern (a match
// with more groups than that returns 0), and one block serves every such match of the
// thread.
pcre2_match_data *onePair() {
  struct OnePair {
    pcre2_match_data *data = pcre2_match_data_create(1, nullptr);
    ~OnePair() { pcre2_match_data_free(data); }
  };
  thread_local OnePair md;
  return md.data;
}

struct MatchData {
  pcre2_match_data *data;
  explicit MatchData(const pcre2_code *code)
      : data(pcre2_match_data_create_from_pattern(code, nullptr)) {}
  ~MatchData() { pcre2_match_data_free(data); }
};
} // namespace

Expected<Regex> Regex::compile(std::string_view pattern, unsigned flags) {
  uint32_t options = 0;
  if (flags & Extended) options |= PCRE2_EXTENDED;
  if (flags & Caseless) options |= PCRE2_CASELESS;
  if (flags & DotAll) options |= PCRE2_DOTALL;
  int errorCode = 0;
  PCRE2_SIZE errorOffset = 0;
  pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()),
                                   pattern.size(), options, &errorCode, &errorOffset, nullptr);
  if (!code) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(errorCode, buffer, sizeof buffer);
    return Error{"", 0, static_cast<int>(errorOffset) + 1,
                 "bad regular expression '" + std::string(pattern) +
                     "': " + reinterpret_cast<char *>(buffer)};
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); // an optimisation; failure is harmless
  Regex out;
  auto compiled = std::make_shared<Code>();
  compiled->code = code;
  out.code_ = std::move(compiled);
  out.limits_ = std::make_shared<Limits>();
  out.pattern_ = std::string(pattern);
  return out;
}

bool Regex::search(std::string_view subject) const {
  if (!code_) return false;
  int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()),
                       subject.size(), 0, 0, onePair(), nullptr);
  return matched(rc, subject);
}

bool Regex::anchored() const {
  if (!code_) return false;
  uint32_t options = 0;
  pcre2_pattern_info(code_->code, PCRE2_INFO_ALLOPTIONS, &options);
  return options & PCRE2_ANCHORED;
}

bool Regex::excludedByPrefix(std::string_view prefix) const {
  if (!anchored()) return false;
  MatchData md(code_->code);
  int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(prefix.data()), prefix.size(),
                       0, PCRE2_PARTIAL_HARD, md.data, nullptr);
  return rc == PCRE2_ERROR_NOMATCH;
}

std::vector<std::string> Regex::captures(std::string_view subject) const {
  std::vector<std::string> out;
  if (!code_) return out;
  MatchData md(code_->code);
  int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()),
                       subject.size(), 0, 0, md.data, nullptr);
  if (!matched(rc, subject)) return out;
  uint32_t count = pcre2_get_ovector_count(md.data);
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md.data);
  for (uint32_t i = 0; i < count; ++i) {
    if (ov[2 * i] == PCRE2_UNSET) {
      out.emplace_back();
      continue;
    }
    out.emplace_back(subject.substr(ov[2 * i], ov[2 * i + 1] - ov[2 * i]));
  }
  return out;
}

bool Regex::findAt(std::string_view subject, size_t offset,
                   std::vector<std::pair<size_t, size_t>> &spans) const {
  spans.clear();
  if (!code_ || offset > subject.size()) return false;
  MatchData md(code_->code);
  int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()),
                       subject.size(), offset, 0, md.data, nullptr);
  if (!matched(rc, subject)) return false;
  uint32_t count = pcre2_get_ovector_count(md.data);
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md.data);
  for (uint32_t i = 0; i < count; ++i)
    spans.emplace_back(ov[2 * i] == PCRE2_UNSET ? std::string_view::npos : ov[2 * i],
                       ov[2 * i] == PCRE2_UNSET ? std::string_view::npos : ov[2 * i + 1]);
  return true;
}

std::string Regex::replaceAll(std::string_view subject, std::string_view replacement) const {
  if (!code_) return std::string(subject);
  std::string out(subject.size() * 2 + 64, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    PCRE2_SIZE size = out.size();
    int rc = pcre2_substitute(
        code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0,
        PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, nullptr, nullptr,
        reinterpret_cast<PCRE2_SPTR>(replacement.data()), replacement.size(),
        reinterpret_cast<PCRE2_UCHAR *>(out.data()), &size);
    if (rc == PCRE2_ERROR_NOMEMORY) {
      out.resize(size);
      continue;
    }
    if (rc < 0) return std::string(subject);
    out.resize(size);
    return out;
  }
  return std::string(subject);
}

Expected<Regex> RegexCache::compile(std::string_view pattern, unsigned flags) {
  std::string key(pattern);
  key += '\0';
  key += std::to_string(flags);
  auto it = byText_.find(key);
  if (it == byText_.end()) {
    auto re = Regex::compile(pattern, flags);
    if (!re) return re.error(); // rare, and not kept: compiled again if asked again
    it = byText_.emplace(std::move(key), Entry{std::move(*re), round_}).first;
    ++compiled_;
  }
  it->second.round = round_;
  return it->second.regex.withOwnLimits();
}

void RegexCache::retire() {
  std::erase_if(byText_, [&](const auto &e) { return e.second.round != round_; });
  ++round_;
}

} // namespace provcheck
