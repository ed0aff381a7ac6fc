#include "maps/ScanCache.h"

#include "maps/DependencyCache.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace provcheck {
namespace {

namespace fs = std::filesystem;

// Version 1: includes, identifiers, declared and defined names.
constexpr std::string_view kFormat = "provcheck-scan 1";

std::string keyLine(std::string_view contentKey) {
  return std::string(contentKey) + " scanner " + std::to_string(kSourceScanVersion);
}

bool hexId(std::string_view key) {
  return (key.size() == 40 || key.size() == 64) && // SHA-1 or SHA-256
         std::all_of(key.begin(), key.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

template <class T> bool number(std::string_view s, T &out, int base = 10) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

// "<letter> <count>"
bool header(std::string_view line, char letter, size_t &count) {
  return line.size() > 2 && line[0] == letter && line[1] == ' ' && number(line.substr(2), count);
}

} // namespace

std::string serializeScan(const SourceScan &scan) {
  std::string out;
  out.reserve(64 + scan.identifiers.size() * 17);
  out += "I " + std::to_string(scan.includes.size()) + "\n";
  for (const IncludeDirective &inc : scan.includes)
    out += (inc.angled ? "a" : "q") + std::to_string(inc.line) + " " + inc.target + "\n";
  out += "U " + std::to_string(scan.identifiers.size()) + "\n";
  char buf[24];
  for (size_t i = 0; i < scan.identifiers.size(); ++i) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, scan.identifiers[i], 16);
    (void)ec;
    out.append(buf, end);
    out += i + 1 < scan.identifiers.size() ? ' ' : '\n';
  }
  if (scan.identifiers.empty()) out += '\n';
  out += "D " + std::to_string(scan.declared.size()) + "\n";
  for (const std::string &d : scan.declared) out += d + "\n";
  out += "F " + std::to_string(scan.defined.size()) + "\n";
  for (const std::string &d : scan.defined) out += d + "\n";
  return out;
}

Expected<SourceScan> parseScan(std::string_view data) {
  SourceScan scan;
  size_t pos = 0, count = 0;
  int lineNo = 0;
  std::string_view line;
  auto next = [&]() {
    ++lineNo;
    return nextLine(data, pos, line);
  };
  auto bad = [&](const std::string &what) { return Error{"", lineNo, 0, what}; };
  if (!next() || !header(line, 'I', count)) return bad("no includes");
  for (size_t i = 0; i < count; ++i) {
    if (!next() || line.size() < 3 || (line[0] != 'a' && line[0] != 'q')) return bad("bad include");
    size_t space = line.find(' ');
    IncludeDirective inc;
    inc.angled = line[0] == 'a';
    if (space == std::string_view::npos || !number(line.substr(1, space - 1), inc.line))
      return bad("bad include line");
    inc.target = line.substr(space + 1);
    scan.includes.push_back(std::move(inc));
  }
  if (!next() || !header(line, 'U', count)) return bad("no identifiers");
  if (!next()) return bad("no identifier line");
  scan.identifiers.reserve(count);
  for (size_t from = 0; from < line.size();) {
    size_t space = std::min(line.find(' ', from), line.size());
    uint64_t id = 0;
    if (!number(line.substr(from, space - from), id, 16)) return bad("bad identifier");
    if (!scan.identifiers.empty() && id <= scan.identifiers.back()) return bad("identifiers out of order");
    scan.identifiers.push_back(id);
    from = space + 1;
  }
  if (scan.identifiers.size() != count) return bad("not " + std::to_string(count) + " identifiers");
  for (auto *names : {&scan.declared, &scan.defined}) {
    if (!next() || !header(line, names == &scan.declared ? 'D' : 'F', count)) return bad("no names");
    for (size_t i = 0; i < count; ++i) {
      if (!next() || line.empty()) return bad("bad name");
      names->emplace_back(line);
    }
  }
  if (pos != data.size()) return bad("data after the scan");
  return scan;
}

ScanCache::ScanCache(fs::path dir, size_t keep, int maxAgeDays)
    : dir_(dir.empty() ? fs::path() : dir / "scans"), keep_(keep), maxAgeDays_(maxAgeDays) {}

ScanCache::~ScanCache() { close(); }

void ScanCache::close() {
  if (!enabled() || std::exchange(closed_, true)) return;
  // The stamp: the scans stored since the last pruning (by every run) and how many that
  // pruning left; its time is the last pruning's. A stamp without the second number (an
  // older one) leaves the count unknown: then the cache is pruned, which counts it.
  fs::path stamp = dir_ / "pruned";
  size_t since = 0, held = 0;
  bool counted = false;
  if (std::ifstream in(stamp); in && in >> since) counted = static_cast<bool>(in >> held);
  size_t limit = keep_ + keep_ / 8;
  // A run that stored nothing prunes only a cache its stamp counts over the limit.
  if (stored_ == 0 && !(counted && held + since > limit)) return;
  since += stored_;
  std::error_code ec;
  auto last = fs::last_write_time(stamp, ec);
  bool old = ec || fs::file_time_type::clock::now() - last >= std::chrono::hours(24);
  bool over = !counted || held + since > limit;
  if (!over && !old) {
    // The count only; the stamp keeps the time of the last pruning.
    std::fstream out(stamp, std::ios::in | std::ios::out | std::ios::trunc);
    out << since << " " << held << "\n";
    out.close();
    fs::last_write_time(stamp, last, ec);
    return;
  }
  size_t left = 0;
  prune(std::max<size_t>(keep_ / 8, 1), &left);
  std::ofstream(stamp) << "0 " << left << "\n";
}

fs::path ScanCache::fileOf(std::string_view contentKey) const {
  if (!enabled() || !hexId(contentKey)) return {};
  return dir_ / std::string(contentKey.substr(0, 2)) / (std::string(contentKey.substr(2)) + ".bin");
}

std::optional<SourceScan> ScanCache::load(std::string_view contentKey) const {
  fs::path file = fileOf(contentKey);
  if (file.empty()) return std::nullopt;
  // Marked used as it is read: the most recently used scans are the ones pruning keeps
  // (one that turns out corrupt is written again).
  std::optional<std::string> all = readWholeFile(file, /*markUsed=*/true);
  if (!all) return std::nullopt;
  bool stale = false;
  auto data = unsealCache(*all, keyLine(contentKey), stale, kFormat);
  if (!data) return std::nullopt;
  auto scan = parseScan(*data);
  if (!scan) return std::nullopt;
  return std::move(*scan);
}

void ScanCache::store(std::string_view contentKey, const SourceScan &scan) {
  fs::path file = fileOf(contentKey);
  if (file.empty()) return;
  // Not synced to the disk: a scan lost or cut short by a crash fails its checksum and
  // is scanned again.
  if (writeFileAtomically(file, sealCache(serializeScan(scan), keyLine(contentKey), kFormat),
                          /*durable=*/false))
    ++stored_;
}

size_t ScanCache::prune(size_t most, size_t *held) const {
  if (held) *held = 0;
  if (!enabled()) return 0;
  struct Entry {
    fs::path path;
    fs::file_time_type time;
  };
  std::vector<Entry> scans;
  size_t removed = 0;
  auto now = fs::file_time_type::clock::now();
  auto remove = [&](const fs::path &p) {
    std::error_code ec;
    if (fs::remove(p, ec)) ++removed;
  };
  std::error_code ec;
  for (const auto &sub : fs::directory_iterator(dir_, ec)) {
    if (!sub.is_directory()) continue;
    std::error_code sec;
    for (const auto &e : fs::directory_iterator(sub.path(), sec)) {
      std::error_code tec;
      auto time = fs::last_write_time(e.path(), tec);
      if (tec) continue;
      std::string name = e.path().filename().string();
      if (name.find(".tmp") != std::string::npos) {
        if (now - time > std::chrono::hours(24)) remove(e.path());
      } else if (name.ends_with(".bin")) {
        scans.push_back({e.path(), time});
      }
    }
  }
  std::sort(scans.begin(), scans.end(), [](const Entry &a, const Entry &b) { return a.time > b.time; });
  // The least recently used first, up to `most` of them.
  size_t gone = 0;
  for (size_t i = scans.size(); i-- > 0 && gone < most;) {
    if (i < keep_ && now - scans[i].time <= std::chrono::hours(24) * maxAgeDays_) break;
    std::error_code rec;
    if (fs::remove(scans[i].path, rec)) ++gone;
  }
  if (held) *held = scans.size() - gone;
  return removed + gone;
}

} // namespace provcheck
