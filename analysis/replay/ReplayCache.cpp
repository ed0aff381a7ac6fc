#include "analysis/replay/ReplayCache.h"

#include "analysis/Git.h"
#include "maps/DependencyCache.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace provcheck::replay {
namespace {

namespace fs = std::filesystem;

// Version 1: the failure, the files it could not process, the changed files' contents.
constexpr std::string_view kFormat = "provcheck-replay 1";


// Reads "<name> <size>\n<bytes>\n" from `data` at `pos`.
bool readField(std::string_view data, size_t &pos, std::string_view name, std::string_view &value) {
  if (data.substr(pos, name.size()) != name || data.substr(pos + name.size(), 1) != " ") return false;
  pos += name.size() + 1;
  size_t nl = data.find('\n', pos);
  if (nl == std::string_view::npos) return false;
  size_t size = 0;
  auto [end, ec] = std::from_chars(data.data() + pos, data.data() + nl, size);
  if (ec != std::errc() || end != data.data() + nl) return false;
  pos = nl + 1;
  if (size > data.size() - pos || data.size() - pos - size < 1 || data[pos + size] != '\n') return false;
  value = data.substr(pos, size);
  pos += size + 1;
  return true;
}

} // namespace

std::string ReplayCache::digest(std::string_view material) {
  git::ensureInit();
  git_oid oid;
  if (git_odb_hash(&oid, material.data(), material.size(), GIT_OBJECT_BLOB) != 0) return {};
  return git::toHex(oid);
}

std::string ReplayCache::programIdentity(const std::string &path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return path;
  return path + " " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino);
}

fs::path ReplayCache::fileOf(const std::string &key) const {
  return dir_ / ("replay-" + key + ".bin");
}

std::optional<ReplayRecord> ReplayCache::load(const std::string &key) const {
  if (!enabled() || key.empty()) return std::nullopt;
  fs::path file = fileOf(key);
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) return std::nullopt;
  std::string all = text.str();
  bool stale = false;
  auto data = unsealCache(all, key, stale, kFormat);
  if (!data) return std::nullopt;
  ReplayRecord r;
  size_t pos = 0;
  std::string_view failure, partial, count;
  if (!readField(*data, pos, "failure", failure) || !readField(*data, pos, "partial", partial) ||
      !readField(*data, pos, "files", count))
    return std::nullopt;
  size_t n = 0;
  auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
  if (ec != std::errc() || end != count.data() + count.size()) return std::nullopt;
  for (size_t i = 0; i < n; ++i) {
    std::string_view path, contents;
    if (!readField(*data, pos, "path", path) || !readField(*data, pos, "text", contents))
      return std::nullopt;
    r.changed.emplace(std::string(path), std::string(contents));
  }
  if (pos != data->size()) return std::nullopt;
  r.failure = failure;
  r.partial = partial;
  std::error_code tec; // the most recently used records are the ones pruning keeps
  fs::last_write_time(file, fs::file_time_type::clock::now(), tec);
  return r;
}

bool ReplayCache::store(const std::string &key, const ReplayRecord &record) const {
  if (!enabled() || key.empty()) return false;
  std::string data;
  appendField(data, "failure", record.failure);
  appendField(data, "partial", record.partial);
  appendField(data, "files", std::to_string(record.changed.size()));
  for (const auto &[path, text] : record.changed) {
    appendField(data, "path", path);
    appendField(data, "text", text);
  }
  fs::path file = fileOf(key);
  if (!writeFileAtomically(file, sealCache(data, key, kFormat))) return false;
  pruneCache(dir_, file, keep_, maxAgeDays_, "replay-");
  return true;
}

void ReplayCache::appendField(std::string &out, std::string_view name, std::string_view value) {
  out += name;
  out += ' ';
  out += std::to_string(value.size());
  out += '\n';
  out += value;
  out += '\n';
}

} // namespace provcheck::replay
