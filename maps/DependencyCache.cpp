#include "maps/DependencyCache.h"

#include "analysis/Git.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace provcheck {

namespace fs = std::filesystem;

namespace {

// The dependency caches' format (kDependencyCacheFormat):
// Version 2: a SHA-1 of the data after the key; the counts are read strictly.
// Version 3: the files that declare each header symbol.

std::string sha1(std::string_view data) {
  git::ensureInit();
  git_oid oid;
  if (git_odb_hash(&oid, data.data(), data.size(), GIT_OBJECT_BLOB) != 0) return {};
  return git::toHex(oid);
}

} // namespace

bool nextLine(std::string_view text, size_t &pos, std::string_view &line) {
  size_t nl = text.find('\n', pos);
  if (nl == std::string_view::npos) return false;
  line = text.substr(pos, nl - pos);
  pos = nl + 1;
  return true;
}

std::string sealCache(std::string_view data, const std::string &key, std::string_view format) {
  std::string out;
  out.reserve(data.size() + key.size() + 80);
  out += format;
  out += '\n';
  out += key;
  out += "\nsha1 ";
  out += sha1(data);
  out += '\n';
  out += data;
  return out;
}

Expected<std::string_view> unsealCache(std::string_view file, const std::string &key,
                                       bool &stale, std::string_view format) {
  stale = false;
  // "<kind> <version>": a file of the kind and another version is stale, not corrupt.
  std::string_view kind = format.substr(0, format.rfind(' ') + 1);
  size_t pos = 0;
  std::string_view magic, fileKey, sum;
  if (!nextLine(file, pos, magic) || !magic.starts_with(kind))
    return Error{"", 1, 0, "not a " + std::string(kind) + "file"};
  if (magic != format) {
    stale = true;
    return Error{"", 1, 0, "format " + std::string(magic.substr(kind.size())) +
                               ", not " + std::string(format.substr(kind.size()))};
  }
  if (!nextLine(file, pos, fileKey)) return Error{"", 2, 0, "no key"};
  if (fileKey != key) {
    stale = true;
    return Error{"", 2, 0, "made for another tree or other options"};
  }
  if (!nextLine(file, pos, sum) || !sum.starts_with("sha1 ") || sum.size() != 45)
    return Error{"", 3, 0, "no checksum"};
  std::string_view data = file.substr(pos);
  if (sha1(data) != sum.substr(5)) return Error{"", 3, 0, "checksum mismatch"};
  return data;
}

Status writeFileAtomically(const fs::path &file, std::string_view data, bool durable) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) return Error{file.parent_path().string(), 0, 0, "cannot create: " + ec.message()};
  std::string tmp = file.string() + ".tmpXXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0) return Error{tmp, 0, 0, std::string("cannot create: ") + std::strerror(errno)};
  auto fail = [&](const char *what) {
    Error e{file.string(), 0, 0, std::string(what) + ": " + std::strerror(errno)};
    ::close(fd);
    ::unlink(tmp.c_str());
    return e;
  };
  for (size_t done = 0; done < data.size();) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      return fail("cannot write");
    }
    done += static_cast<size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0) return fail("cannot set permissions");
  if (durable && ::fsync(fd) != 0) return fail("cannot write");
  if (::close(fd) != 0) {
    Error e{file.string(), 0, 0, std::string("cannot write: ") + std::strerror(errno)};
    ::unlink(tmp.c_str());
    return e;
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    Error e{file.string(), 0, 0, std::string("cannot replace: ") + std::strerror(errno)};
    ::unlink(tmp.c_str());
    return e;
  }
  return okStatus();
}

std::optional<std::string> readWholeFile(const fs::path &file, bool markUsed) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> out;
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    std::string text(static_cast<size_t>(st.st_size) + 1, '\0');
    size_t got = 0;
    for (;;) {
      if (got == text.size()) text.resize(text.size() * 2); // it grew meanwhile
      ssize_t n = ::read(fd, text.data() + got, text.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        if (n == 0) {
          text.resize(got);
          out = std::move(text);
        }
        break;
      }
      got += static_cast<size_t>(n);
    }
  }
  if (out && markUsed) (void)::futimens(fd, nullptr);
  ::close(fd);
  return out;
}

size_t pruneCache(const fs::path &dir, const fs::path &current, size_t keep, int maxAgeDays,
                  std::string_view prefix) {
  struct Entry {
    fs::path path;
    fs::file_time_type time;
  };
  std::vector<Entry> caches;
  size_t removed = 0;
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  auto remove = [&](const fs::path &p) {
    std::error_code rec;
    if (fs::remove(p, rec)) ++removed;
  };
  for (const auto &e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    std::error_code tec;
    auto time = fs::last_write_time(e.path(), tec);
    if (tec) continue;
    if (name.find(".tmp") != std::string::npos) {
      if (now - time > std::chrono::hours(24)) remove(e.path());
      continue;
    }
    if (!name.ends_with(".bin") || e.path() == current) continue;
    caches.push_back(Entry{e.path(), time});
  }
  std::sort(caches.begin(), caches.end(),
            [](const Entry &a, const Entry &b) { return a.time > b.time; });
  // `current` is one of the `keep` most recent.
  size_t others = keep > 0 ? keep - 1 : 0;
  for (size_t i = 0; i < caches.size(); ++i)
    if (i >= others || now - caches[i].time > std::chrono::hours(24) * maxAgeDays)
      remove(caches[i].path);
  return removed;
}

fs::path defaultCacheDirectory() {
  if (const char *x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "provcheck";
  if (const char *h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache" / "provcheck";
  return {};
}

} // namespace provcheck
