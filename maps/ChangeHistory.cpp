#include "maps/ChangeHistory.h"

#include "analysis/Git.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <queue>
#include <set>
#include <unordered_set>

namespace provcheck {

// ---------------------------------------------------------------- fix trailers

namespace {

bool isHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool isAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

// Typographic quotes and apostrophes as their ASCII forms.
std::string asciiQuotes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\xE2\x80\x9C") == 0 || s.compare(i, 3, "\xE2\x80\x9D") == 0) {
      out += '"';
      i += 2;
    } else if (s.compare(i, 3, "\xE2\x80\x98") == 0 || s.compare(i, 3, "\xE2\x80\x99") == 0) {
      out += '\'';
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The text between the first quote of `s` (which must start with it) and the last
// quote of the same kind: `"a "b" c", v6.0` -> `a "b" c`.
std::optional<std::string_view> quoted(std::string_view s) {
  if (s.empty() || (s[0] != '"' && s[0] != '\'')) return std::nullopt;
  size_t end = s.rfind(s[0]);
  if (end == 0) return s.substr(1); // unterminated: the rest
  return s.substr(1, end - 1);
}

// The subject a reference gives after the id, or on its own: `("subject")`,
// `"subject"`, `(subject)`, or (after an id only) the bare rest of the line.
std::string subjectOf(std::string_view rest, bool afterId) {
  rest = trim(rest);
  if (rest.empty()) return "";
  if (rest[0] == '(') {
    size_t close = rest.rfind(')');
    std::string_view inner = trim(rest.substr(1, close == 0 || close == std::string_view::npos
                                                     ? std::string_view::npos
                                                     : close - 1));
    if (auto q = quoted(inner)) return std::string(trim(*q));
    return std::string(inner);
  }
  if (auto q = quoted(rest)) return std::string(trim(*q));
  return afterId ? std::string(rest) : "";
}

// Whitespace runs as one space, lower case: how subjects are compared.
std::string subjectKey(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (isSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

size_t hexRun(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && isHex(s[n])) ++n;
  return n;
}

} // namespace

std::optional<FixRef> parseFixRef(std::string_view value) {
  std::string text = asciiQuotes(trim(value));
  std::string_view v = text;
  if (startsWithNoCase(v, "commit ")) v = trim(v.substr(7));
  // "(abc1234 subject)": the id inside the parentheses.
  if (v.size() > 1 && v[0] == '(' && hexRun(v.substr(1)) >= 6) {
    std::string_view inner = v.substr(1);
    if (size_t close = inner.rfind(')'); close != std::string_view::npos)
      inner = inner.substr(0, close);
    return parseFixRef(inner);
  }
  size_t n = hexRun(v);
  FixRef ref;
  if (n >= 6 && n <= 40 && (n == v.size() || !isAlnum(v[n]))) {
    ref.id.reserve(n);
    for (char c : v.substr(0, n))
      ref.id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ref.subject = subjectOf(v.substr(n), true);
    return ref;
  }
  ref.subject = subjectOf(v, false);
  if (ref.subject.empty()) return std::nullopt;
  return ref;
}

std::vector<std::string> fixTrailerValues(std::string_view message,
                                          const std::vector<std::string> &keys) {
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= message.size();) {
    size_t nl = message.find('\n', pos);
    if (nl == std::string_view::npos) nl = message.size();
    lines.push_back(message.substr(pos, nl - pos));
    pos = nl + 1;
  }
  auto trailerValue = [&](std::string_view line) -> std::optional<std::string_view> {
    for (const std::string &key : keys) {
      if (!startsWithNoCase(line, key)) continue;
      std::string_view rest = line.substr(key.size());
      while (!rest.empty() && (rest[0] == ' ' || rest[0] == '\t')) rest.remove_prefix(1);
      if (!rest.empty() && rest[0] == ':') return trim(rest.substr(1));
    }
    return std::nullopt;
  };
  auto looksLikeTrailer = [](std::string_view line) {
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos || colon == 0) return false;
    return std::all_of(line.begin(), line.begin() + colon,
                       [](char c) { return isAlnum(c) || c == '-'; });
  };
  // A value whose quote or parenthesis is still open continues on the next line.
  auto open = [](std::string_view v) {
    int parens = 0;
    size_t quotes = 0;
    for (char c : v) {
      parens += c == '(' ? 1 : c == ')' ? -1 : 0;
      quotes += c == '"';
    }
    return parens > 0 || quotes % 2 == 1;
  };
  std::vector<std::string> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto value = trailerValue(lines[i]);
    if (!value) continue;
    std::string v(*value);
    // Continuation lines: indented ones (RFC 822 folding), or up to two more while a
    // wrapped subject's quote is open.
    for (size_t j = i + 1, extra = 0; j < lines.size() && extra < 2; ++j, ++extra) {
      std::string_view next = lines[j];
      bool folded = !next.empty() && (next[0] == ' ' || next[0] == '\t');
      if (trim(next).empty() || (!folded && (!open(v) || looksLikeTrailer(next)))) break;
      v += " " + std::string(trim(next));
      i = j;
    }
    if (!trim(v).empty()) out.push_back(std::move(v));
  }
  return out;
}

// ---------------------------------------------------------------- the history model

void ChangeHistory::add(HistoryCommit commit, std::vector<std::string> changedPaths) {
  commits_.push_back(std::move(commit));
  changed_.push_back(std::move(changedPaths));
}

namespace {

const std::vector<int> kNone;

} // namespace

void ChangeHistory::finish() {
  std::vector<size_t> order(commits_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return commits_[a].time > commits_[b].time; });
  std::vector<HistoryCommit> sorted;
  sorted.reserve(order.size());
  paths_.clear();
  authors_.clear();
  ids_.clear();
  for (size_t i : order) {
    int k = static_cast<int>(sorted.size());
    for (const std::string &p : changed_[i]) paths_[p].push_back(k);
    authors_[commits_[i].author].push_back(k);
    ids_.emplace(commits_[i].id, k);
    sorted.push_back(std::move(commits_[i]));
  }
  commits_ = std::move(sorted);
  changed_.clear();

  // Fix references: by id prefix (a sorted list of ids), else by subject.
  std::vector<std::pair<std::string_view, int>> byId;
  std::unordered_map<std::string, std::vector<int>> bySubject;
  for (int k = 0; k < static_cast<int>(commits_.size()); ++k) {
    byId.emplace_back(commits_[k].id, k);
    bySubject[subjectKey(commits_[k].subject)].push_back(k);
  }
  std::sort(byId.begin(), byId.end());
  resolution_ = {};
  for (HistoryCommit &c : commits_) {
    c.fixes.clear();
    c.fixedBy.clear();
  }
  for (int f = 0; f < static_cast<int>(commits_.size()); ++f) {
    for (const FixRef &ref : commits_[f].refs) {
      ++resolution_.refs;
      std::string key = subjectKey(ref.subject);
      std::vector<int> candidates;
      bool fromId = false;
      if (!ref.id.empty()) {
        for (auto it = std::lower_bound(byId.begin(), byId.end(),
                                        std::pair<std::string_view, int>(ref.id, -1));
             it != byId.end() && it->first.starts_with(ref.id); ++it)
          if (it->second != f) candidates.push_back(it->second);
        fromId = !candidates.empty();
        // Several commits share the prefix: the subject tells them apart.
        if (candidates.size() > 1 && !key.empty())
          std::erase_if(candidates,
                        [&](int k) { return subjectKey(commits_[k].subject) != key; });
      }
      if (!fromId && !key.empty()) {
        // The commit a subject names came before the fix.
        auto it = bySubject.find(key);
        if (it != bySubject.end())
          for (int k : it->second)
            if (k != f && commits_[k].time <= commits_[f].time) candidates.push_back(k);
      }
      if (candidates.size() == 1) {
        int target = candidates.front();
        ++(fromId ? resolution_.byId : resolution_.bySubject);
        if (std::find(commits_[f].fixes.begin(), commits_[f].fixes.end(), target) ==
            commits_[f].fixes.end()) {
          commits_[f].fixes.push_back(target);
          commits_[target].fixedBy.push_back(f);
        }
      } else if (candidates.size() > 1 || fromId) {
        ++resolution_.ambiguous;
      } else {
        ++resolution_.unresolved;
      }
    }
  }
  for (HistoryCommit &c : commits_) std::sort(c.fixedBy.begin(), c.fixedBy.end());
}

const std::vector<int> &ChangeHistory::touching(std::string_view path) const {
  auto it = paths_.find(path);
  return it == paths_.end() ? kNone : it->second;
}

const std::vector<int> &ChangeHistory::byAuthor(std::string_view author) const {
  auto it = authors_.find(author);
  return it == authors_.end() ? kNone : it->second;
}

int ChangeHistory::find(std::string_view id) const {
  auto it = ids_.find(std::string(id));
  return it == ids_.end() ? -1 : it->second;
}

std::string ChangeHistory::identity(const Person &person) const {
  // Addresses compare without case, as git's .mailmap does.
  std::string name = person.name, address = asciiLower(person.email);
  mailmap_.resolve(name, address);
  return asciiLower(address.empty() ? name : address);
}

// ---------------------------------------------------------------- reading it from git

namespace {

// The paths asked about, as a tree of their components: one walk down the two trees
// of a commit answers for all of them, and shared directories are read once.
struct PathTrie {
  std::map<std::string, PathTrie> children;
  std::vector<size_t> ends; // indices of the paths that end here

  void insert(const std::string &path, size_t index) {
    PathTrie *node = this;
    size_t start = 0;
    while (start <= path.size()) {
      size_t slash = path.find('/', start);
      if (slash == std::string::npos) slash = path.size();
      if (slash > start) node = &node->children[path.substr(start, slash - start)];
      start = slash + 1;
    }
    node->ends.push_back(index);
  }
};

git::Tree subtree(git_repository *repo, const git_tree_entry *e) {
  git_tree *t = nullptr;
  if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE ||
      git_tree_lookup(&t, repo, git_tree_entry_id(e)) != 0)
    return nullptr;
  return git::Tree(t);
}

// Calls changed(i) for every path i of `node` whose entry differs between the trees `a`
// and `b` (either may be null): present on one side only, or with another id. Descends
// only where the ids differ, so an unchanged directory costs one comparison.
template <class Fn>
void changedPaths(git_repository *repo, const PathTrie &node, const git_tree *a,
                  const git_tree *b, Fn &changed) {
  for (const auto &[name, child] : node.children) {
    const git_tree_entry *ea = a ? git_tree_entry_byname(a, name.c_str()) : nullptr;
    const git_tree_entry *eb = b ? git_tree_entry_byname(b, name.c_str()) : nullptr;
    if (!ea && !eb) continue;
    if (ea && eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb))) continue;
    for (size_t i : child.ends) changed(i);
    if (child.children.empty()) continue;
    git::Tree ta = subtree(repo, ea), tb = subtree(repo, eb);
    if (ta || tb) changedPaths(repo, child, ta.get(), tb.get(), changed);
  }
}

// The .mailmap of a commit's tree; an empty one when it has none or it does not parse.
Mailmap mailmapOf(git_repository *repo, git_commit *commit) {
  git_tree *t = nullptr;
  if (git_commit_tree(&t, commit) != 0) return {};
  git::Tree tree(t);
  git_tree_entry *e = nullptr;
  if (git_tree_entry_bypath(&e, tree.get(), ".mailmap") != 0) return {};
  git::TreeEntry entry(e);
  git_blob *b = nullptr;
  if (git_blob_lookup(&b, repo, git_tree_entry_id(entry.get())) != 0) return {};
  git::Blob blob(b);
  std::string_view text(static_cast<const char *>(git_blob_rawcontent(blob.get())),
                        static_cast<size_t>(git_blob_rawsize(blob.get())));
  auto mm = Mailmap::parse(text);
  return mm ? std::move(*mm) : Mailmap{};
}

bool mentionsAny(const char *message, const std::vector<std::string> &keys) {
  for (const std::string &k : keys) {
    std::string needle = k + ":";
    if (strcasestr(message, needle.c_str())) return true;
  }
  return false;
}

} // namespace

Expected<ChangeHistory> readChangeHistory(const std::string &repository,
                                          const std::vector<std::string> &paths,
                                          const HistoryOptions &options) {
  auto repo = git::openRepository(repository);
  if (!repo) return repo.error();
  git_object *obj = nullptr;
  if (git_revparse_single(&obj, repo->get(), options.tip.c_str()) != 0)
    return git::lastError(options.tip, "unknown revision");
  git::Object tipObj(obj);
  git_object *peeled = nullptr;
  if (git_object_peel(&peeled, tipObj.get(), GIT_OBJECT_COMMIT) != 0)
    return git::lastError(options.tip, "not a commit");
  git::Commit tip(reinterpret_cast<git_commit *>(peeled));

  ChangeHistory out;
  out.tip = git::toHex(*git_commit_id(tip.get()));
  out.tipTime = git_commit_time(tip.get());
  out.since = options.days ? std::min(options.asOf, out.tipTime) - int64_t(*options.days) * 86400
                           : INT64_MIN;
  out.setMailmap(mailmapOf(repo->get(), tip.get()));

  std::vector<std::string> unique;
  PathTrie trie;
  {
    std::set<std::string> seen;
    for (const std::string &p : paths)
      if (!p.empty() && seen.insert(p).second) {
        trie.insert(p, unique.size());
        unique.push_back(p);
      }
  }

  // Newest first by commit time, each commit read once (its parents are read when it is,
  // for their times, and stay in libgit2's cache): a commit older than `since` ends the
  // walk, as every commit still queued is older.
  struct Queued {
    int64_t time;
    git_oid id;
    bool operator<(const Queued &o) const { return time < o.time; }
  };
  std::priority_queue<Queued> queue;
  std::unordered_set<std::string> queued;
  auto push = [&](const git_oid &id, int64_t time) {
    if (queued.emplace(reinterpret_cast<const char *>(id.id), GIT_OID_RAWSZ).second)
      queue.push({time, id});
  };
  push(*git_commit_id(tip.get()), git_commit_time(tip.get()));

  std::vector<std::string> changed;
  while (!queue.empty()) {
    Queued next = queue.top();
    queue.pop();
    if (next.time < out.since) break;
    git_commit *c = nullptr;
    if (git_commit_lookup(&c, repo->get(), &next.id) != 0) continue;
    git::Commit commit(c);
    ++out.walked;
    unsigned parents = git_commit_parentcount(c);
    for (unsigned i = 0; i < parents; ++i) {
      git_commit *p = nullptr;
      if (git_commit_parent(&p, c, i) != 0) continue;
      git::Commit parent(p);
      push(*git_commit_id(p), git_commit_time(p));
    }
    if (parents > 1) continue; // a merge's changes are counted on the merged commits
    const git_oid &oid = next.id;

    HistoryCommit hc;
    hc.id = git::toHex(oid);
    hc.time = git_commit_time(c);
    const git_signature *author = git_commit_author(c);
    hc.author = out.identity(Person{author->name ? author->name : "",
                                    author->email ? author->email : ""});
    const char *summary = git_commit_summary(c);
    hc.subject = summary ? summary : "";
    const char *message = git_commit_message(c);
    if (message && mentionsAny(message, options.fixTrailers)) {
      for (const std::string &v : fixTrailerValues(message, options.fixTrailers)) {
        hc.fix = true;
        if (auto ref = parseFixRef(v)) hc.refs.push_back(std::move(*ref));
      }
    }

    changed.clear();
    if (!unique.empty()) {
      git_tree *t = nullptr;
      if (git_commit_tree(&t, c) != 0) continue;
      git::Tree tree(t);
      git::Tree parentTree;
      if (parents == 1) {
        git_commit *p = nullptr;
        if (git_commit_parent(&p, c, 0) != 0) continue;
        git::Commit parent(p);
        git_tree *pt = nullptr;
        if (git_commit_tree(&pt, p) != 0) continue;
        parentTree.reset(pt);
      }
      if (!parentTree || !git_oid_equal(git_tree_id(tree.get()), git_tree_id(parentTree.get()))) {
        auto note = [&](size_t i) { changed.push_back(unique[i]); };
        changedPaths(repo->get(), trie, parentTree.get(), tree.get(), note);
      }
    }
    out.add(std::move(hc), changed);
  }
  out.finish();
  return out;
}

std::string defaultHistoryTip(const std::string &repository, std::string &why) {
  auto repo = git::openRepository(repository);
  if (!repo) {
    why = "no repository";
    return "HEAD";
  }
  if (git_repository_head_detached(repo->get()) == 1) {
    why = "HEAD is detached";
    return "HEAD";
  }
  git_reference *rawHead = nullptr;
  if (git_repository_head(&rawHead, repo->get()) != 0) {
    why = "HEAD names no branch";
    return "HEAD";
  }
  git::Reference head(rawHead);
  git_reference *rawUp = nullptr;
  if (git_branch_upstream(&rawUp, head.get()) != 0) {
    why = std::string("branch '") + git_reference_shorthand(head.get()) + "' has no upstream";
    return "HEAD";
  }
  git::Reference up(rawUp);
  why.clear();
  return git_reference_shorthand(up.get());
}

} // namespace provcheck
