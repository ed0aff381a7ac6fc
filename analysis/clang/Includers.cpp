#include "analysis/clang/Includers.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace provcheck::clangmap {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

size_t skipSpace(std::string_view s, size_t i) {
  while (i < s.size() && isSpace(s[i])) ++i;
  return i;
}

// Extensions of the files a compilation database compiles.
constexpr const char *kSourceExtensions[] = {".c", ".cc", ".cpp", ".cxx", ".c++", ".C", ".m", ".mm"};

std::vector<std::string> components(std::string_view dir) {
  std::vector<std::string> out;
  while (!dir.empty()) {
    size_t slash = dir.find('/');
    out.emplace_back(dir.substr(0, slash));
    if (slash == std::string_view::npos) break;
    dir.remove_prefix(slash + 1);
  }
  return out;
}

std::string_view dirOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

size_t commonPrefix(const std::vector<std::string> &a, const std::vector<std::string> &b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

std::string joinPath(const std::string &dir, const std::string &rel) {
  if (!rel.empty() && rel[0] == '/') return rel;
  std::string p = dir.empty() || dir.back() == '/' ? dir + rel : dir + "/" + rel;
  // Normalise "." and ".." components.
  std::vector<std::string> parts;
  for (std::string &c : components(std::string_view(p).substr(p[0] == '/' ? 1 : 0))) {
    if (c.empty() || c == ".") continue;
    if (c == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(std::move(c));
  }
  std::string out;
  for (const std::string &c : parts) out += "/" + c;
  return out.empty() ? "/" : out;
}

} // namespace

std::vector<IncludeLine> scanIncludes(std::string_view text) {
  std::vector<IncludeLine> out;
  int depth = 0, line = 0;
  bool inComment = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    size_t i = 0;
    if (inComment) {
      size_t close = l.find("*/");
      if (close == std::string_view::npos) continue;
      inComment = false;
      i = close + 2;
    }
    i = skipSpace(l, i);
    if (i >= l.size() || l[i] != '#') {
      // A comment opened on a code line and left open hides the lines after it.
      for (size_t k = i; k + 1 < l.size(); ++k) {
        if (l[k] == '/' && l[k + 1] == '/') break;
        if (l[k] == '/' && l[k + 1] == '*') {
          size_t close = l.find("*/", k + 2);
          if (close == std::string_view::npos) {
            inComment = true;
            break;
          }
          k = close + 1;
        }
      }
      continue;
    }
    i = skipSpace(l, i + 1);
    size_t w = i;
    while (w < l.size() && (std::isalpha(static_cast<unsigned char>(l[w])) || l[w] == '_')) ++w;
    std::string_view word = l.substr(i, w - i);
    if (word == "if" || word == "ifdef" || word == "ifndef") {
      ++depth;
    } else if (word == "endif") {
      depth = std::max(0, depth - 1);
    } else if (word == "include" || word == "include_next" || word == "import") {
      size_t a = skipSpace(l, w);
      if (a >= l.size() || (l[a] != '"' && l[a] != '<')) continue;
      char close = l[a] == '"' ? '"' : '>';
      size_t b = l.find(close, a + 1);
      if (b == std::string_view::npos || b == a + 1) continue;
      out.push_back({std::string(l.substr(a + 1, b - a - 1)), close == '>', line, depth});
    }
    if (l.find("/*", w) != std::string_view::npos &&
        l.find("*/", l.rfind("/*")) == std::string_view::npos)
      inComment = true;
  }
  return out;
}

bool isHeaderPath(std::string_view path) {
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return true;
  std::string_view ext = path.substr(dot);
  for (const char *s : kSourceExtensions)
    if (ext == s) return false;
  return true;
}

SearchPath searchPath(const std::vector<std::string> &args, const std::string &directory) {
  SearchPath sp;
  struct Flag {
    const char *name;
    bool quoteOnly;
  };
  static constexpr Flag kFlags[] = {{"-iquote", true}, {"-I", false}, {"-isystem", false},
                                    {"-idirafter", false}};
  std::vector<std::string> system, after;
  for (size_t i = 0; i < args.size(); ++i) {
    for (const Flag &f : kFlags) {
      size_t n = std::strlen(f.name);
      if (args[i].compare(0, n, f.name) != 0) continue;
      std::string dir = args[i].size() > n ? args[i].substr(n)
                        : i + 1 < args.size() ? args[++i]
                                              : std::string();
      if (dir.empty()) break;
      std::string abs = joinPath(directory, dir);
      if (f.quoteOnly)
        sp.quote.push_back(abs);
      else if (f.name[2] == 'd')
        after.push_back(abs);
      else if (f.name[2] == 's')
        system.push_back(abs);
      else
        sp.angled.push_back(abs);
      break;
    }
  }
  sp.angled.insert(sp.angled.end(), system.begin(), system.end());
  sp.angled.insert(sp.angled.end(), after.begin(), after.end());
  return sp;
}

std::vector<std::string> rankCandidates(const std::vector<std::string> &sources,
                                        const std::string &header, const std::string &hint) {
  std::string_view dir = dirOf(header);
  std::vector<std::string> own = components(dir);
  std::vector<std::string> mirrored;
  if (dir.substr(0, 8) == "include/") mirrored = components(dir.substr(8));
  struct Ranked {
    int score;
    const std::string *path;
  };
  std::vector<Ranked> ranked;
  ranked.reserve(sources.size());
  for (const std::string &s : sources) {
    std::vector<std::string> c = components(dirOf(s));
    int score;
    if (s == hint)
      score = 1 << 20;
    else if (c == own)
      score = 1 << 19;
    else if (!mirrored.empty() && c == mirrored)
      score = 1 << 18;
    else
      score = static_cast<int>(std::max(commonPrefix(c, own), commonPrefix(c, mirrored)));
    ranked.push_back({score, &s});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked &a, const Ranked &b) {
    return a.score != b.score ? a.score > b.score : *a.path < *b.path;
  });
  std::vector<std::string> out;
  out.reserve(ranked.size());
  for (const Ranked &r : ranked) out.push_back(*r.path);
  return out;
}

} // namespace provcheck::clangmap
