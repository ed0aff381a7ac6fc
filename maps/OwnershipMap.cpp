#include "maps/OwnershipMap.h"

#include "analysis/Images.h"

#include <algorithm>

namespace provcheck {

namespace {

int countSlashes(std::string_view s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '/'));
}

// The literal head of a Perl regex: characters up to the first metacharacter, with
// "\." read as '.'. `whole` is set when the regex is nothing but that literal.
std::string literalHead(std::string_view regex, bool &whole) {
  std::string out;
  if (regex.find('|') != std::string_view::npos) { // "^a|b" is not anchored: no head
    whole = false;
    return out;
  }
  for (size_t i = 0; i < regex.size(); ++i) {
    char c = regex[i];
    if (c == '\\' && i + 1 < regex.size() && regex[i + 1] == '.') {
      out += '.';
      ++i;
      continue;
    }
    if (std::string_view("\\.*?+[](){}|^$@").find(c) != std::string_view::npos) {
      // A quantifier applies to the character before it: drop that one too.
      if ((c == '*' || c == '?' || c == '+' || c == '{') && !out.empty()) out.pop_back();
      whole = false;
      return out;
    }
    out += c;
  }
  whole = true;
  return out;
}

bool isMaintainedStatus(std::string_view status) {
  std::string s = asciiLower(status);
  return s.find("maintain") != std::string::npos || s.find("support") != std::string::npos;
}

// One regex matching where any of the keywords matches: each in a group of its own (an
// inline option such as (?i) ends with it), a newline after each (in /x mode it ends a
// # comment). None when a keyword depends on group numbers or names (backreferences,
// recursion), which the alternation would change.
template <class Compile>
std::optional<Regex> anyOf(const std::vector<KeywordPattern> &keywords, Compile &compile) {
  static const Regex numbered = *Regex::compile(R"(\\[1-9gkK]|\(\?(P[=>]|&|R|[-+]?[0-9]|\||<|'))");
  std::string alternation;
  size_t usable = 0;
  for (const KeywordPattern &k : keywords) {
    if (!k.whole) continue;
    if (numbered.search(k.written)) return std::nullopt;
    alternation += (usable++ ? "|(?:" : "(?:") + k.written + "\n)";
  }
  if (usable == 0) return std::nullopt;
  auto re = compile(alternation, Regex::Extended);
  if (!re) return std::nullopt;
  return std::move(*re);
}

} // namespace

std::string globToRegex(std::string_view glob) {
  std::string out;
  for (char c : glob) {
    if (c == '.') out += "\\.";
    else if (c == '*') out += ".*";
    else if (c == '?') out += '.';
    else out += c;
  }
  return out;
}

std::string OwnershipMap::shortName(std::string_view title) {
  std::string s(title);
  if (s.size() <= 20) return s;
  s = s.substr(0, 17);
  while (!s.empty() && std::string_view(" \t\n\r\f\v").find(s.back()) != std::string_view::npos)
    s.pop_back();
  std::erase_if(s, [](char c) { return c == '(' || c == ')'; });
  return s + "...";
}

Expected<OwnershipMap> OwnershipMap::build(std::string text, std::string fileName,
                                           std::function<bool(std::string_view)> isDirectory,
                                           const MaintainersOptions &options) {
  OwnershipMap map;
  MaintainersDialect dialect = options.dialect == MaintainersDialect::Auto
                                   ? detectDialect(text)
                                   : options.dialect;
  map.rules_ = &dialectRules(dialect);
  auto compile = [&options](std::string_view pattern, unsigned flags) {
    return options.regexes ? options.regexes->compile(pattern, flags) : Regex::compile(pattern, flags);
  };
  map.file_ = parseMaintainers(text, fileName, *map.rules_);
  if (options.mailmap) {
    auto mm = Mailmap::parse(*options.mailmap, options.mailmapName);
    if (!mm) return mm.error();
    map.mailmap_ = std::move(*mm);
  }

  // The script's @typevalue index of each line (its K: sort key): non-blank lines.
  int ordinal = static_cast<int>(map.file_.preamble.size());
  for (const Section &section : map.file_.sections) {
    ordinal += static_cast<int>(section.headings.size());
    bool titled = section.tags.empty() || section.line != section.tags.front().line;
    if (titled) ++ordinal;
    bool maintained = false, hasM = false;
    for (size_t t = 0; t < section.tags.size(); ++t, ++ordinal) {
      const TagLine &tag = section.tags[t];
      if (tag.tag == 'S' && isMaintainedStatus(tag.raw)) maintained = true;
      if (tag.tag == 'M') hasM = true;
      if (tag.tag == 'F' || tag.tag == 'X' ||
          (map.rules_->pathRegexTag && tag.tag == map.rules_->pathRegexTag)) {
        PathPattern p;
        p.section = section.index;
        p.tagIndex = static_cast<int>(t);
        p.tag = tag.tag;
        p.line = tag.line;
        p.written = tag.value;
        if (tag.tag == 'F' || tag.tag == 'X') {
          p.regex = globToRegex(tag.raw);
          if (isDirectory && !p.regex.empty() && p.regex.back() != '/' && isDirectory(p.regex))
            p.regex += '/';
          p.slashes = countSlashes(p.regex);
          p.depth = p.slashes + (p.regex.empty() || p.regex.back() != '/' ? 1 : 0);
          if (p.regex.rfind(".*", 0) == 0) p.depth = -1;
          bool whole = false;
          p.literal = literalHead(p.regex, whole);
          p.isLiteral = whole;
          if (!whole) {
            auto re = compile("^" + p.regex, Regex::None);
            if (!re)
              map.file_.diagnostics.push_back(
                  {tag.line, std::string(1, tag.tag) + ": " + re.error().message});
            else
              p.compiled = std::move(*re);
          }
        } else {
          p.regex = tag.raw; // a Perl regex matched with /x
          p.depth = 0;
          auto re = compile(p.regex, Regex::Extended);
          if (!re)
            map.file_.diagnostics.push_back(
                {tag.line, std::string(1, tag.tag) + ": " + re.error().message});
          else
            p.compiled = std::move(*re);
        }
        map.patterns_.push_back(std::move(p));
      } else if (tag.tag == 'K') {
        KeywordPattern k;
        k.section = section.index;
        k.line = tag.line;
        k.ordinal = ordinal;
        k.written = tag.raw;
        auto whole = compile(tag.raw, Regex::Extended);
        auto diff = compile("^[+-].*" + tag.raw, Regex::Extended);
        if (!whole || !diff) {
          map.file_.diagnostics.push_back(
              {tag.line, "K: " + (whole ? diff.error().message : whole.error().message)});
        } else {
          k.whole = std::move(*whole);
          k.diffLine = std::move(*diff);
        }
        map.keywords_.push_back(std::move(k));
      }
    }
    map.maintained_.push_back(maintained);
    map.hasMaintainer_.push_back(hasM);
  }
  std::sort(map.file_.diagnostics.begin(), map.file_.diagnostics.end(),
            [](const auto &a, const auto &b) { return a.line < b.line; });
  map.anyKeyword_ = anyOf(map.keywords_, compile);

  for (size_t i = 0; i < map.patterns_.size(); ++i) {
    const PathPattern &p = map.patterns_[i];
    bool isPathRegex = p.tag != 'F' && p.tag != 'X';
    if (isPathRegex || p.literal.empty()) {
      map.alwaysTried_.push_back(static_cast<int>(i));
    } else {
      int node = 0;
      for (char c : p.literal) {
        auto &next = map.literals_[node].next;
        auto it = std::find_if(next.begin(), next.end(), [c](const auto &e) { return e.first == c; });
        if (it != next.end()) {
          node = it->second;
          continue;
        }
        int child = static_cast<int>(map.literals_.size());
        next.emplace_back(c, child);
        map.literals_.emplace_back();
        node = child;
      }
      map.literals_[node].patterns.push_back(static_cast<int>(i));
    }
  }
  return map;
}

std::vector<const KeywordPattern *> OwnershipMap::keywordsIn(std::string_view text) const {
  std::vector<const KeywordPattern *> out;
  // A text on which the alternation gave up is searched keyword by keyword, as is every
  // text once it has given up on one (limitHit is kept): no keyword is lost to it.
  if (anyKeyword_ && !anyKeyword_->search(text) && !anyKeyword_->limitHit()) return out;
  for (const KeywordPattern &k : keywords_)
    if (k.whole && k.whole->search(text)) out.push_back(&k);
  return out;
}

bool OwnershipMap::noKeywordAfter(std::string_view prefix) const {
  if (keywords_.empty()) return true;
  return anyKeyword_ && anyKeyword_->excludedByPrefix(prefix);
}

std::vector<MaintainersDiagnostic> OwnershipMap::matchProblems() const {
  std::vector<MaintainersDiagnostic> out;
  auto check = [&](const std::optional<Regex> &re, int line, const std::string &what) {
    if (!re) return;
    if (auto subject = re->limitHit())
      out.push_back({line, what + ": PCRE2's match limit was hit on '" + *subject +
                               "', taken as not matching"});
  };
  for (const PathPattern &p : patterns_)
    check(p.compiled, p.line, std::string(1, p.tag) + ": " + p.written);
  for (const KeywordPattern &k : keywords_) {
    check(k.whole, k.line, "K: " + k.written);
    check(k.diffLine, k.line, "K: " + k.written);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto &a, const auto &b) { return a.line < b.line; });
  return out;
}

std::vector<int> OwnershipMap::candidates(std::string_view path) const {
  // Patterns whose literal head is a prefix of the path, and the few without one.
  std::vector<int> out = alwaysTried_;
  int node = 0;
  for (char c : path) {
    const auto &next = literals_[node].next;
    auto it = std::find_if(next.begin(), next.end(), [c](const auto &e) { return e.first == c; });
    if (it == next.end()) break;
    node = it->second;
    const std::vector<int> &here = literals_[node].patterns;
    out.insert(out.end(), here.begin(), here.end());
  }
  std::sort(out.begin(), out.end()); // file order: section, then tag
  return out;
}

bool OwnershipMap::patternMatches(const PathPattern &p, std::string_view path) {
  if (p.tag == 'F' || p.tag == 'X') {
    // The depth first: it is cheaper than the regex.
    if (!(!p.regex.empty() && p.regex.back() == '/') && p.slashes != countSlashes(path))
      return false;
    return p.isLiteral ? path.substr(0, p.literal.size()) == p.literal
                       : (p.compiled && p.compiled->search(path));
  }
  return p.compiled && p.compiled->search(path);
}

std::vector<int> OwnershipMap::matchingPatterns(std::string_view path) const {
  std::vector<int> out;
  for (int c : candidates(path))
    if (patternMatches(patterns_[c], path)) out.push_back(c);
  return out;
}

std::vector<SectionMatch> OwnershipMap::match(std::string_view path, int patternDepth,
                                              bool *anyExact) const {
  if (anyExact) *anyExact = false;
  std::vector<int> candidates = this->candidates(path);
  const int fileSlashes = countSlashes(path);
  std::vector<SectionMatch> out;
  size_t i = 0;
  while (i < candidates.size()) {
    int section = patterns_[candidates[i]].section;
    size_t j = i;
    while (j < candidates.size() && patterns_[candidates[j]].section == section) ++j;
    // Any X: match drops the section before F: is tried.
    bool excluded = false;
    std::vector<const PathPattern *> matched;
    for (size_t k = i; k < j && !excluded; ++k) {
      const PathPattern &p = patterns_[candidates[k]];
      if (!patternMatches(p, path)) continue;
      if (p.tag == 'X') excluded = true;
      else matched.push_back(&p);
    }
    if (!excluded) {
      std::optional<SectionMatch> m;
      for (const PathPattern *p : matched) {
        bool isPathRegex = p->tag != 'F';
        bool exact = !isPathRegex && p->depth >= fileSlashes && maintained_[section] &&
                     hasMaintainer_[section];
        if (exact && anyExact) *anyExact = true;
        if (isPathRegex || patternDepth == 0 || fileSlashes - p->depth < patternDepth) {
          if (!m) m = SectionMatch{section, p->depth, p, false};
          m->depth = p->depth;
          m->pattern = p;
        }
        if (m && exact) m->exact = true;
      }
      if (m) out.push_back(*m);
    }
    i = j;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SectionMatch &a, const SectionMatch &b) { return a.depth > b.depth; });
  return out;
}

OwningSection OwnershipMap::owningSection(const SectionMatch &m) const {
  const Section &s = file_.sections[m.section];
  OwningSection o;
  o.name = s.name;
  o.index = s.index;
  o.line = s.line;
  o.status = s.status;
  o.depth = m.depth;
  if (m.pattern) o.pattern = m.pattern->written;
  for (size_t t = 0; t < s.tags.size(); ++t) {
    const TagLine &tag = s.tags[t];
    if (tag.tag == 'L') {
      o.lists.push_back(tag.value);
    } else if (tag.tag == 'M' || tag.tag == 'R') {
      MailAddress a = parseEmail(tag.raw);
      std::string name = unquoteName(a.name);
      if (name.empty() && t > 0 && rules_->personNameTag &&
          s.tags[t - 1].tag == rules_->personNameTag)
        name = unquoteName(s.tags[t - 1].raw);
      std::string address = a.address;
      if (mailmap_) mailmap_->resolve(name, address);
      Person person{name, address};
      (tag.tag == 'M' ? o.maintainers : o.reviewers).push_back(person);
    }
  }
  return o;
}

std::vector<OwningSection> OwnershipMap::projectSections() const {
  for (const Section &s : file_.sections) {
    bool maintainers = false, files = false;
    for (const TagLine &t : s.tags) {
      maintainers |= t.tag == 'M';
      files |= t.tag == 'F' || t.tag == 'X' || t.tag == 'K' || t.tag == rules_->pathRegexTag;
    }
    if (!maintainers || files) continue;
    OwningSection o = owningSection(SectionMatch{s.index, 0, nullptr, false});
    // Its title is the underline of a heading ("General Project Administration" over
    // "------"): the heading names it.
    const std::vector<std::string> &above = s.index == 0 ? file_.preamble : s.headings;
    if (o.name.find_first_not_of("-=~ ") == std::string::npos && !above.empty())
      o.name = above.back();
    return {o};
  }
  return {};
}

std::vector<OwningSection> OwnershipMap::sectionsFor(std::string_view path) const {
  std::vector<OwningSection> out;
  for (const SectionMatch &m : match(path)) out.push_back(owningSection(m));
  return out;
}

Expected<OwnershipMap> loadOwnershipMap(const TreeView &tree, const MaintainersOptions &options) {
  auto text = tree.read("MAINTAINERS");
  if (!text) return Error{"MAINTAINERS", 0, 0, "no MAINTAINERS file in the tree"};
  MaintainersOptions opts = options;
  if (!opts.mailmap)
    if (auto mm = tree.read(".mailmap")) opts.mailmap = std::move(*mm);
  return OwnershipMap::build(std::move(*text), "MAINTAINERS",
                             [&tree](std::string_view p) { return tree.isDirectory(p); }, opts);
}

} // namespace provcheck
