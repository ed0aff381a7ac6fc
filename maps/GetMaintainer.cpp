#include "maps/GetMaintainer.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace provcheck {

namespace {

bool isPerlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// S: values to the role words of get_maintainer_role.
constexpr std::pair<std::string_view, std::string_view> RoleOfStatus[] = {
    {"supported", "supporter"},     {"maintained", "maintainer"},
    {"odd fixes", "odd fixer"},     {"orphan", "orphan minder"},
    {"obsolete", "obsolete minder"}, {"buried alive in reporters", "chief penguin"},
};

// An address as pushEmailAddress reads it: parsed, lower-cased, formatted.
struct ParsedAddress {
  std::string name, address;   // parse_email's
  std::string lname, laddress; // lower-cased, the de-duplication keys
  std::string formatted;       // format_email with --n
  // With --remove-duplicates, once this address is in use, the entry of emailTo_ that
  // every later push of it adds its section to (the first with its name or address:
  // entries are only appended, so that one never changes while sections are added).
  size_t entry = SIZE_MAX;
};

// What adding one section does, worked out the first time the section is added and
// replayed for every later file it owns: its people parsed and formatted once, its lists
// lower-cased once, its role once.
struct SectionPlan {
  struct People {
    std::vector<ParsedAddress> addresses; // those with an address, in order
    std::string role;
    MaintainerEntry::Kind kind = MaintainerEntry::Kind::Person;
    std::string invalid; // the M:/R: value when the script warns about it
  };
  struct List {
    std::string address, key, role;
    size_t entry = SIZE_MAX; // its entry of listTo_, once added
  };
  std::vector<People> people;
  std::vector<List> lists; // only those the options print
  std::vector<std::string> scm, web, status;
  bool added = false; // once: its title, scm, web and status are then in the report
};

// The running state of get_maintainers(): the script's hashes and arrays.
class Selection {
public:
  Selection(const OwnershipMap &map, const GetMaintainerOptions &o, MaintainersReport &r)
      : map_(map), o_(o), r_(r), plans_(map.file().sections.size()) {}

  void addCategories(int sectionIndex, const std::string &because);
  void deduplicateAll();
  bool hasEmail() const { return !emailTo_.empty(); }
  void fileSignoffs(const std::string &file, const HistoryProvider *history);
  std::vector<MaintainerEntry> result(); // last: moves the entries out

private:
  std::string maintainerRole(const Section &s) const;
  SectionPlan &plan(int sectionIndex);
  ParsedAddress parsed(std::string_view line) const;
  void pushParsed(const ParsedAddress &a, const std::string &role, MaintainerEntry::Kind kind,
                  size_t *entry = nullptr);
  void addSection(MaintainerEntry &e) {
    e.sections.push_back(currentSection_);
    e.patterns.push_back(because_);
  }
  bool pushEmailAddress(const std::string &line, const std::string &role,
                        MaintainerEntry::Kind kind);
  void indexEntry(size_t i);
  void addRole(const std::string &line, const std::string &role);
  std::string deduplicateEmail(const std::string &email);
  std::string mailmapEmail(const std::string &email) const;
  void vcsAssign(const std::string &role, int divisor, std::vector<std::string> lines);
  static void addOnce(std::vector<std::string> &to, std::unordered_set<std::string> &seen,
                      const std::string &value) {
    if (seen.insert(value).second) to.push_back(value);
  }

  const OwnershipMap &map_;
  const GetMaintainerOptions &o_;
  MaintainersReport &r_;
  std::vector<std::optional<SectionPlan>> plans_; // per section, once added
  std::vector<MaintainerEntry> emailTo_, listTo_;
  std::unordered_set<std::string> nameInUse_, addressInUse_;
  // The first entry of emailTo_ by the lower-cased name and address parse_email reads
  // in it: where a duplicate's section is recorded.
  std::unordered_map<std::string, size_t> entryByName_, entryByAddress_;
  std::unordered_map<std::string, size_t> listByKey_;
  std::unordered_set<std::string> scmSeen_, webSeen_, statusSeen_, subsystemSeen_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> dedupName_, dedupAddress_;
  int currentSection_ = -1;
  std::string because_;
  bool printedNoVcs_ = false;
};

std::string Selection::maintainerRole(const Section &s) const {
  std::string role = "unknown";
  for (const TagLine &t : s.tags)
    if (t.tag == 'S') role = t.raw;
  role = asciiLower(role);
  for (auto [status, word] : RoleOfStatus)
    if (role == status) role = std::string(word);
  return role + ":" + OwnershipMap::shortName(s.name);
}

ParsedAddress Selection::parsed(std::string_view line) const {
  MailAddress a = parseEmail(line);
  ParsedAddress p;
  p.lname = asciiLower(a.name);
  p.laddress = asciiLower(a.address);
  p.formatted = a.address.empty() ? std::string() : formatEmail(a.name, a.address, o_.useName);
  p.name = std::move(a.name);
  p.address = std::move(a.address);
  return p;
}

SectionPlan &Selection::plan(int sectionIndex) {
  std::optional<SectionPlan> &slot = plans_[sectionIndex];
  if (slot) return *slot;
  const Section &s = map_.file().sections[sectionIndex];
  SectionPlan &plan = slot.emplace();
  const char personTag = map_.rules().personNameTag;
  for (size_t i = 0; i < s.tags.size(); ++i) {
    const TagLine &t = s.tags[i];
    if (t.tag == 'L') {
      std::string address = t.raw, additional;
      std::string listRole = OwnershipMap::shortName(s.name);
      if (listRole == "THE REST") listRole.clear();
      if (!listRole.empty()) listRole = ":" + listRole;
      size_t end = 0;
      while (end < address.size() && !isPerlSpace(address[end])) ++end;
      size_t rest = end;
      while (rest < address.size() && isPerlSpace(address[rest])) ++rest;
      if (end > 0 && rest > end) { // m/([^\s]+)\s+(.*)$/
        additional = address.substr(rest);
        address = address.substr(0, end);
      }
      bool subscribersOnly = additional.find("subscribers-only") != std::string::npos;
      if (subscribersOnly ? !o_.subscriberLists : !o_.lists) continue;
      std::string kind = subscribersOnly                                    ? "subscriber list"
                         : additional.find("moderated") != std::string::npos ? "moderated list"
                                                                             : "open list";
      std::string key = asciiLower(address);
      plan.lists.push_back({std::move(address), std::move(key), kind + listRole});
    } else if (t.tag == 'M' || t.tag == 'R') {
      if (t.tag == 'M' ? !o_.maintainers : !o_.reviewers) continue;
      std::string value = t.raw;
      MailAddress a = parseEmail(value);
      if (a.name.empty() && i > 0 && personTag && s.tags[i - 1].tag == personTag)
        value = formatEmail(s.tags[i - 1].raw, a.address, o_.useName);
      SectionPlan::People people;
      people.role = t.tag == 'M' ? maintainerRole(s) : "reviewer:" + OwnershipMap::shortName(s.name);
      // pushEmailAddresses: one address, a list of them, or the value as it is.
      std::vector<std::string> list;
      auto add = [&](std::string_view line) {
        ParsedAddress p = parsed(line);
        if (p.address.empty()) return false;
        people.addresses.push_back(std::move(p));
        return true;
      };
      if (rfc822Valid(value)) {
        add(value);
      } else if (rfc822ValidList(value, list)) {
        for (const auto &entry : list) {
          if (entry.empty() || entry == "0") break; // while (my $entry = shift(...))
          add(entry);
        }
      } else if (!add(value)) {
        people.invalid = value;
      }
      plan.people.push_back(std::move(people));
    } else if (t.tag == 'T') {
      plan.scm.push_back(t.raw);
    } else if (t.tag == 'W') {
      plan.web.push_back(t.raw);
    } else if (t.tag == 'S') {
      plan.status.push_back(t.raw);
    }
  }
  return plan;
}

void Selection::addCategories(int sectionIndex, const std::string &because) {
  SectionPlan &plan = this->plan(sectionIndex);
  currentSection_ = sectionIndex;
  because_ = because;
  const bool again = plan.added;
  plan.added = true;
  if (!again) addOnce(r_.subsystem, subsystemSeen_, map_.file().sections[sectionIndex].name);
  for (SectionPlan::List &l : plan.lists) {
    if (l.entry == SIZE_MAX) {
      auto [it, fresh] = listByKey_.try_emplace(l.key, listTo_.size());
      l.entry = it->second;
      if (fresh) {
        listTo_.push_back({MaintainerEntry::Kind::List, l.address, l.role, {sectionIndex}, {because}});
        continue;
      }
    }
    addSection(listTo_[l.entry]);
  }
  for (SectionPlan::People &people : plan.people) {
    for (ParsedAddress &a : people.addresses) pushParsed(a, people.role, people.kind, &a.entry);
    if (!people.invalid.empty())
      r_.warnings.push_back("Invalid MAINTAINERS address: '" + people.invalid + "'");
  }
  if (again) return;
  for (const std::string &v : plan.scm) addOnce(r_.scm, scmSeen_, v);
  for (const std::string &v : plan.web) addOnce(r_.web, webSeen_, v);
  for (const std::string &v : plan.status) addOnce(r_.status, statusSeen_, v);
}

void Selection::indexEntry(size_t i) {
  MailAddress b = parseEmail(emailTo_[i].address);
  if (!b.name.empty()) entryByName_.emplace(asciiLower(b.name), i);
  entryByAddress_.emplace(asciiLower(b.address), i);
}

void Selection::pushParsed(const ParsedAddress &a, const std::string &role,
                           MaintainerEntry::Kind kind, size_t *entry) {
  if (entry && *entry != SIZE_MAX) {
    addSection(emailTo_[*entry]);
    return;
  }
  bool inUse = (!a.name.empty() && nameInUse_.count(a.lname)) || addressInUse_.count(a.laddress);
  if (!o_.removeDuplicates || !inUse) {
    MaintainerEntry e{kind, a.formatted, role, {}, {}};
    if (currentSection_ >= 0) addSection(e);
    emailTo_.push_back(std::move(e));
    indexEntry(emailTo_.size() - 1);
    if (!a.name.empty()) nameInUse_.insert(a.lname);
    addressInUse_.insert(a.laddress);
  } else if (currentSection_ >= 0) {
    // The first entry with the same name or address.
    size_t first = emailTo_.size();
    if (!a.name.empty())
      if (auto it = entryByName_.find(a.lname); it != entryByName_.end()) first = it->second;
    if (auto it = entryByAddress_.find(a.laddress); it != entryByAddress_.end())
      first = std::min(first, it->second);
    if (first < emailTo_.size()) {
      addSection(emailTo_[first]);
      if (entry) *entry = first;
    }
  }
}

bool Selection::pushEmailAddress(const std::string &line, const std::string &role,
                                 MaintainerEntry::Kind kind) {
  ParsedAddress a = parsed(line);
  if (a.address.empty()) return false;
  pushParsed(a, role, kind);
  return true;
}

void Selection::addRole(const std::string &line, const std::string &role) {
  MailAddress a = parseEmail(line);
  std::string email = formatEmail(a.name, a.address, o_.useName);
  for (auto &e : emailTo_) {
    bool same;
    if (o_.removeDuplicates) {
      MailAddress b = parseEmail(e.address);
      same = a.name == b.name || a.address == b.address;
    } else {
      same = email == e.address;
    }
    if (same && (role.empty() || e.role.find(role) == std::string::npos))
      e.role = e.role.empty() ? role : e.role + "," + role;
  }
}

std::string Selection::mailmapEmail(const std::string &email) const {
  if (!o_.mailmap || !map_.mailmap()) {
    MailAddress a = parseEmail(email);
    return formatEmail(a.name, a.address, true);
  }
  return map_.mailmap()->map(email);
}

std::string Selection::deduplicateEmail(const std::string &emailIn) {
  MailAddress a = parseEmail(emailIn);
  std::string email = mailmapEmail(formatEmail(a.name, a.address, true));
  if (!o_.removeDuplicates) return email;
  a = parseEmail(email);
  bool matched = false;
  if (!a.name.empty() && dedupName_.count(asciiLower(a.name))) {
    auto v = dedupName_[asciiLower(a.name)];
    a.name = v.first;
    a.address = v.second;
    matched = true;
  } else if (dedupAddress_.count(asciiLower(a.address))) {
    auto v = dedupAddress_[asciiLower(a.address)];
    a.name = v.first;
    a.address = v.second;
    matched = true;
  }
  if (!matched) {
    dedupName_[asciiLower(a.name)] = {a.name, a.address};
    dedupAddress_[asciiLower(a.address)] = {a.name, a.address};
  }
  return mailmapEmail(formatEmail(a.name, a.address, true));
}

void Selection::deduplicateAll() {
  // The entries are rewritten: the plans' entries would be stale.
  plans_.assign(plans_.size(), std::nullopt);
  for (auto &e : emailTo_) e.address = deduplicateEmail(e.address);
  for (auto &e : listTo_) e.address = deduplicateEmail(e.address);
  // The addresses changed: the git signers added next compare with these.
  entryByName_.clear();
  entryByAddress_.clear();
  for (size_t i = 0; i < emailTo_.size(); ++i) indexEntry(i);
}

void Selection::vcsAssign(const std::string &role, int divisor, std::vector<std::string> lines) {
  if (lines.empty()) return;
  if (divisor <= 0) {
    r_.warnings.push_back("Bad divisor in main::vcs_assign: " + std::to_string(divisor));
    divisor = 1;
  }
  for (auto &l : lines) l = mailmapEmail(l);
  std::sort(lines.begin(), lines.end());
  std::map<std::string, int> count; // uniq -c; ties below keep this (sorted) order
  for (const auto &l : lines) ++count[l];
  std::vector<std::pair<std::string, int>> ranked(count.begin(), count.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto &a, const auto &b) { return a.second > b.second; });
  int n = 0;
  currentSection_ = -1;
  for (const auto &[line, signOffs] : ranked) {
    double percent = signOffs * 100.0 / divisor;
    if (percent > 100) percent = 100;
    ++n;
    if (signOffs < o_.gitMinSignatures || n > o_.gitMaxMaintainers || percent < o_.gitMinPercent)
      break;
    pushEmailAddress(line, "", MaintainerEntry::Kind::GitSigner);
    if (o_.rolestats) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.0f", percent);
      addRole(line, role + ":" + std::to_string(signOffs) + "/" + std::to_string(divisor) +
                        "=" + buf + "%");
    } else {
      addRole(line, role);
    }
  }
}

void Selection::fileSignoffs(const std::string &file, const HistoryProvider *history) {
  if (!history) {
    if (!printedNoVcs_) {
      r_.warnings.push_back("get_maintainer.pl: No supported VCS found.  Add --nogit to options?");
      r_.warnings.push_back("Using a git repository produces better results.");
      printedNoVcs_ = true;
    }
    return;
  }
  static const Regex commitLine = *Regex::compile("^GitCommit: ([0-9a-f]{40,40})");
  const std::string sigPattern = o_.gitAllSignatureTypes
                                     ? "(.+?)[Bb][Yy]:"
                                     : "(Signed-off-by:|Reviewed-by:|Acked-by:)";
  auto signature = Regex::compile("^[ \\t]*" + sigPattern + ".*@.*$");
  static const Regex extract = *Regex::compile("\\s*.*:\\s*(.+)\\s*");
  std::vector<std::string> lines = (*history)(file);
  int commits = 0;
  std::vector<std::string> signers;
  for (const auto &l : lines) {
    if (commitLine.search(l)) ++commits;
    if (signature && signature->search(l)) signers.push_back(l);
  }
  if (signers.empty()) return;
  for (auto &s : signers) s = deduplicateEmail(extract.replaceAll(s, "$1"));
  for (auto &s : signers) s = deduplicateEmail(s);
  vcsAssign("commit_signer", commits, std::move(signers));
}

std::vector<MaintainerEntry> Selection::result() {
  std::vector<MaintainerEntry> to;
  if (o_.email) to = std::move(emailTo_);
  if (o_.lists) std::move(listTo_.begin(), listTo_.end(), std::back_inserter(to));
  // merge_email: the first of each printed address wins.
  std::vector<MaintainerEntry> out;
  std::unordered_map<std::string, size_t> seen;
  for (auto &e : to) {
    auto [it, fresh] = seen.emplace(e.address, out.size());
    if (fresh) {
      out.push_back(std::move(e));
    } else {
      auto &first = out[it->second];
      first.sections.insert(first.sections.end(), e.sections.begin(), e.sections.end());
      first.patterns.insert(first.patterns.end(), e.patterns.begin(), e.patterns.end());
    }
  }
  return out;
}

// The section as --sections prints it: title, then tag lines with F:/X: turned back
// into globs and a tab after the colon.
std::string sectionText(const OwnershipMap &map, int sectionIndex) {
  static const Regex dotMid = *Regex::compile(R"(([^\\])\.([^\*]))");
  static const Regex dotEnd = *Regex::compile(R"(([^\\])\.$)");
  static const Regex escapedDot = *Regex::compile(R"(\\\.)");
  static const Regex dotStar = *Regex::compile(R"(\.\*)");
  static const Regex tagStart = *Regex::compile("^([A-Z]):");
  const Section &s = map.file().sections[sectionIndex];
  std::string out = s.name + "\n";
  size_t pattern = 0;
  const auto &patterns = map.patterns();
  while (pattern < patterns.size() && patterns[pattern].section < sectionIndex) ++pattern;
  for (size_t i = 0; i < s.tags.size(); ++i) {
    const TagLine &t = s.tags[i];
    std::string line(1, t.tag);
    line += ':';
    if (t.tag == 'F' || t.tag == 'X') {
      while (pattern < patterns.size() && patterns[pattern].section == sectionIndex &&
             patterns[pattern].tagIndex < static_cast<int>(i))
        ++pattern;
      line += patterns[pattern].regex;
      line = dotMid.replaceAll(line, "$1?$2");
      line = dotEnd.replaceAll(line, "$1?");
      line = escapedDot.replaceAll(line, ".");
      line = dotStar.replaceAll(line, "*");
    } else {
      line += t.raw;
    }
    out += tagStart.replaceAll(line, "$1:\t") + "\n";
  }
  return out + "\n";
}

} // namespace

std::optional<std::string> validate(GetMaintainerOptions &o) {
  if (o.separator != ", ") o.multiline = false;
  if (o.rolestats) o.roles = true;
  if (o.sections) {
    o.email = o.lists = o.scm = o.status = o.subsystem = o.web = o.keywords = false;
  } else if (!o.email && !o.scm && !o.status && !o.subsystem && !o.web) {
    return "Missing required option: email, scm, status, subsystem or web";
  }
  if (o.email && !o.maintainers && !o.reviewers && !o.lists && !o.subscriberLists && !o.git)
    return "Please select at least 1 email option";
  return std::nullopt;
}

PatchScan scanPatch(const OwnershipMap &map, std::string_view text, bool keywords, bool compat) {
  static const Regex plusLine = *Regex::compile(R"(^\+\+\+\s+(\S+))");
  static const Regex hunkLine = *Regex::compile(R"(^\@\@ -(\d+),(\d+))");
  static const Regex gitLine = *Regex::compile(R"(^diff --git (\S+) (\S+))");
  static const Regex firstComponent = *Regex::compile("^[^/]*/");
  PatchScan out;
  bool inDiff = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, end - pos); // with its newline, as Perl reads it
    pos = end;
    if (auto m = plusLine.captures(line); !m.empty()) {
      out.looksLikePatch = true;
      inDiff = true;
      if (!compat && m[1] == "/dev/null") continue;
      out.files.push_back(firstComponent.replaceAll(m[1], ""));
      continue;
    }
    if (hunkLine.search(line)) continue;
    if (!compat) {
      if (auto g = gitLine.captures(line); !g.empty()) {
        for (int k : {1, 2})
          if (g[k] != "/dev/null") out.files.push_back(firstComponent.replaceAll(g[k], ""));
      }
    }
    if (!keywords) continue;
    for (const KeywordPattern &k : map.keywords()) {
      const auto &re = inDiff ? k.diffLine : k.whole;
      if (re && re->search(line)) out.keywordOrdinals.push_back(k.ordinal);
    }
  }
  if (!compat && !out.looksLikePatch && !out.files.empty()) out.looksLikePatch = true;
  return out;
}

Expected<MaintainersReport> getMaintainers(const OwnershipMap &map, const MaintainersInput &in,
                                           const GetMaintainerOptions &o) {
  MaintainersReport report;
  std::vector<std::string> files;
  std::vector<int> ordinals;
  if (in.fromFiles) {
    // A file is read once (a directory reads as nothing), for its keywords; only its
    // first bytes when they rule out every keyword: a few hundred when the keywords are
    // anchored at the start (QEMU's `^Subject:`), else a page, which is all of most files.
    const size_t kPrefix = map.keywordsAnchored() ? 256 : 4096;
    for (std::string file : in.paths) {
      bool keywords = o.keywords && file != "MAINTAINERS";
      std::optional<std::string> text;
      bool whole = true;
      if (in.readFilePrefix) {
        text = in.readFilePrefix(file, kPrefix);
        whole = !text || text->size() < kPrefix;
        if (!whole && keywords && !map.noKeywordAfter(*text)) {
          text = in.readFile ? in.readFile(file) : std::nullopt;
          whole = true;
        }
      } else if (in.readFile) {
        text = in.readFile(file);
      }
      bool dir = !text && in.isDirectory && in.isDirectory(file);
      if (dir) {
        if (!file.empty() && file.back() != '/') file += '/';
      } else if (!text) {
        return Error{file, 0, 0, "file not found in the tree"};
      }
      files.push_back(file);
      if (keywords && !dir && whole)
        for (const KeywordPattern *k : map.keywordsIn(*text)) ordinals.push_back(k->ordinal);
    }
  } else {
    for (const auto &patch : in.patches) {
      PatchScan scan = scanPatch(map, patch.text, o.keywords, o.compat);
      if (!scan.looksLikePatch || scan.files.empty())
        report.warnings.push_back("get_maintainer.pl: file '" + patch.name +
                                  "' doesn't appear to be a patch.  Add -f to options?");
      files.insert(files.end(), scan.files.begin(), scan.files.end());
      ordinals.insert(ordinals.end(), scan.keywordOrdinals.begin(), scan.keywordOrdinals.end());
      std::sort(files.begin(), files.end());
      files.erase(std::unique(files.begin(), files.end()), files.end());
    }
  }

  Selection sel(map, o, report);
  report.files.reserve(files.size());
  std::unordered_map<const PathPattern *, std::string> becauseOf; // "F: hw/arm/", once
  const std::string none;
  for (const std::string &file : files) {
    FileOwners owners{file, {}, false};
    owners.sections = map.match(file, o.patternDepth, &owners.exact);
    if (in.reorder) in.reorder(file, owners.sections);
    for (const SectionMatch &m : owners.sections) {
      const std::string *because = &none;
      if (m.pattern) {
        std::string &b = becauseOf[m.pattern];
        if (b.empty()) b = std::string(1, m.pattern->tag) + ": " + m.pattern->written;
        because = &b;
      }
      sel.addCategories(m.section, *because);
      if (o.sections) report.sectionsText += sectionText(map, m.section);
    }
    report.files.push_back(std::move(owners));
  }
  if (o.keywords) {
    // sort_and_uniq on the @typevalue indexes: Perl's default sort compares strings.
    std::vector<std::string> keys;
    for (int ord : ordinals) keys.push_back(std::to_string(ord));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const auto &key : keys) {
      int ord = std::stoi(key);
      for (const KeywordPattern &k : map.keywords())
        if (k.ordinal == ord) {
          report.keywordSections.push_back(k.section);
          sel.addCategories(k.section, "K: " + k.written);
        }
    }
  }
  sel.deduplicateAll();

  if (o.email) {
    bool fallback = o.gitFallback;
    if (sel.hasEmail() || o.git) fallback = false;
    if (fallback) {
      report.warnings.push_back(
          "get_maintainer.pl: No maintainers found, printing recent contributors.");
      report.warnings.push_back(
          "get_maintainer.pl: Do not blindly cc: them on patches!  Use common sense.");
      report.warnings.push_back("");
    }
    for (const auto &f : report.files)
      if (o.git || (fallback && !f.exact)) {
        report.usedGitFallback = report.usedGitFallback || !o.git;
        sel.fileSignoffs(f.path, in.history);
      }
  }
  report.entries = sel.result(); // scm, status, subsystem and web are kept unique
  return report;
}

std::string renderText(const MaintainersReport &r, const GetMaintainerOptions &o) {
  std::string out = r.sectionsText;
  auto output = [&](const std::vector<std::string> &lines) {
    if (lines.empty()) return;
    if (o.multiline) {
      for (const auto &l : lines) out += l + "\n";
    } else {
      for (size_t i = 0; i < lines.size(); ++i) out += (i ? o.separator : "") + lines[i];
      out += "\n";
    }
  };
  std::vector<std::string> lines;
  for (const auto &e : r.entries)
    lines.push_back(o.roles ? e.address + " (" + e.role + ")" : e.address);
  output(lines);
  if (o.scm) output(r.scm);
  if (o.status) output(r.status);
  if (o.subsystem) output(r.subsystem);
  if (o.web) output(r.web);
  return out;
}

} // namespace provcheck
