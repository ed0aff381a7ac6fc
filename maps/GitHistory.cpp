#include "maps/GitHistory.h"

#include "analysis/Git.h"

#include <charconv>
#include <ctime>
#include <queue>
#include <unordered_set>

namespace provcheck {

namespace {

int64_t timegmUtc(std::tm tm) { return static_cast<int64_t>(timegm(&tm)); }

// The file's entry in a commit's tree: id and mode, or nothing.
struct Entry {
  bool present = false;
  git_oid id{};
  uint32_t mode = 0;
  bool operator==(const Entry &o) const {
    return present == o.present && (!present || (git_oid_equal(&id, &o.id) && mode == o.mode));
  }
};

Entry entryOf(git_commit *commit, const std::string &path) {
  Entry e;
  git_tree *raw = nullptr;
  if (git_commit_tree(&raw, commit) != 0) return e;
  git::Tree tree(raw);
  git_tree_entry *entry = nullptr;
  if (git_tree_entry_bypath(&entry, tree.get(), path.c_str()) != 0) return e;
  git::TreeEntry holder(entry);
  e.present = true;
  git_oid_cpy(&e.id, git_tree_entry_id(entry));
  e.mode = git_tree_entry_filemode(entry);
  return e;
}

void appendLines(std::vector<std::string> &out, const char *text) {
  if (!text) return;
  std::string_view s(text);
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t nl = s.find('\n', pos);
    std::string_view line = s.substr(pos, nl == std::string_view::npos ? s.npos : nl - pos);
    size_t b = 0;
    while (b < line.size() && (line[b] == ' ' || line[b] == '\t' || line[b] == '\r')) ++b;
    if (b < line.size()) out.emplace_back(line.substr(b));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

} // namespace

Expected<int64_t> parseSince(const std::string &since, int64_t now) {
  if (!since.empty() && since[0] == '@') {
    int64_t seconds = 0;
    const char *first = since.data() + 1, *last = since.data() + since.size();
    auto [end, ec] = std::from_chars(first, last, seconds);
    if (ec != std::errc() || end != last || first == last)
      return Error{"--git-since", 0, 0, "cannot read date '" + since + "'"};
    return seconds;
  }
  std::tm tm{};
  int n = 0;
  char unit[32] = {0};
  if (std::sscanf(since.c_str(), "%d-%31[a-z]-ago", &n, unit) == 2 ||
      std::sscanf(since.c_str(), "%d.%31[a-z].ago", &n, unit) == 2 ||
      std::sscanf(since.c_str(), "%d %31[a-z] ago", &n, unit) == 2) {
    std::string u(unit);
    if (!u.empty() && u.back() == 's') u.pop_back();
    time_t t = static_cast<time_t>(now);
    gmtime_r(&t, &tm);
    if (u == "year") tm.tm_year -= n;
    else if (u == "month") tm.tm_mon -= n;
    else if (u == "week") tm.tm_mday -= 7 * n;
    else if (u == "day") tm.tm_mday -= n;
    else if (u == "hour") tm.tm_hour -= n;
    else if (u == "minute") tm.tm_min -= n;
    else if (u == "second") tm.tm_sec -= n;
    else return Error{"--git-since", 0, 0, "unknown unit '" + std::string(unit) + "'"};
    return timegmUtc(tm);
  }
  tm = {};
  int y, mo, d, h = 0, mi = 0, s = 0;
  int got = std::sscanf(since.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s);
  if (got == 3 || got == 6) {
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return timegmUtc(tm);
  }
  return Error{"--git-since", 0, 0, "cannot read date '" + since + "'"};
}

namespace {

// The path a file had before `commit` added it, when rename/copy detection says it was
// renamed or copied from another file (git log --follow); else "".
std::string renamedFrom(git_repository *repo, git_commit *commit, git_commit *parent,
                        const std::string &path) {
  git_tree *a = nullptr, *b = nullptr;
  if (git_commit_tree(&a, parent) != 0) return "";
  git::Tree ta(a);
  if (git_commit_tree(&b, commit) != 0) return "";
  git::Tree tb(b);
  git_diff *raw = nullptr;
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  if (git_diff_tree_to_tree(&raw, repo, ta.get(), tb.get(), &opts) != 0) return "";
  git::Diff diff(raw);
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_COPIES;
  if (git_diff_find_similar(diff.get(), &find) != 0) return "";
  for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta *d = git_diff_get_delta(diff.get(), i);
    if ((d->status == GIT_DELTA_RENAMED || d->status == GIT_DELTA_COPIED) &&
        path == d->new_file.path)
      return d->old_file.path;
  }
  return "";
}

} // namespace

HistoryProvider gitHistory(git_repository *repo, int64_t since) {
  return [repo, since](const std::string &file) {
    std::vector<std::string> out;
    std::string path = file; // --follow: becomes the old name past a rename
    git_oid head;
    if (git_reference_name_to_id(&head, repo, "HEAD") != 0) return out;
    auto later = [](const std::pair<int64_t, git_oid> &a, const std::pair<int64_t, git_oid> &b) {
      return a.first < b.first;
    };
    std::priority_queue<std::pair<int64_t, git_oid>, std::vector<std::pair<int64_t, git_oid>>,
                        decltype(later)>
        queue(later);
    std::unordered_set<std::string> seen;
    auto push = [&](const git_oid &id) {
      if (!seen.insert(std::string(reinterpret_cast<const char *>(id.id), GIT_OID_RAWSZ)).second)
        return;
      git_commit *c = nullptr;
      if (git_commit_lookup(&c, repo, &id) != 0) return;
      git::Commit holder(c);
      queue.emplace(static_cast<int64_t>(git_commit_time(c)), id);
    };
    push(head);
    // With --follow git does not simplify history: every commit is walked (back to
    // --since), merges are not shown, a commit is shown when its diff against its
    // parent touches the followed path.
    while (!queue.empty()) {
      auto [time, id] = queue.top();
      queue.pop();
      if (time < since) continue; // older commits end the walk along this line
      git_commit *raw = nullptr;
      if (git_commit_lookup(&raw, repo, &id) != 0) continue;
      git::Commit commit(raw);
      unsigned parents = git_commit_parentcount(commit.get());
      for (unsigned p = 0; p < parents; ++p) push(*git_commit_parent_id(commit.get(), p));
      if (parents > 1) continue;
      Entry mine = entryOf(commit.get(), path);
      std::string older;
      bool show = false;
      if (parents == 0) {
        show = mine.present;
      } else {
        git_commit *parentRaw = nullptr;
        if (git_commit_parent(&parentRaw, commit.get(), 0) != 0) continue;
        git::Commit parent(parentRaw);
        Entry theirs = entryOf(parent.get(), path);
        show = !(mine == theirs);
        if (mine.present && !theirs.present)
          older = renamedFrom(repo, commit.get(), parent.get(), path);
      }
      if (!show) continue;
      out.push_back("GitCommit: " + git::toHex(id));
      const git_signature *author = git_commit_author(commit.get());
      out.push_back(std::string("GitAuthor: ") + author->name + " <" + author->email + ">");
      out.push_back("GitSubject: " + std::string(git_commit_summary(commit.get()) ?: ""));
      appendLines(out, git_commit_body(commit.get()));
      if (!older.empty()) path = older;
    }
    return out;
  };
}

} // namespace provcheck
