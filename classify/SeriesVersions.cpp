#include "classify/SeriesVersions.h"

#include "classify/People.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace provcheck {
namespace {

// Blanks collapsed, case ignored.
std::string normalised(std::string_view s) {
  std::string out;
  bool blank = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// "12 + 9 = 21 lines in 2 patches", "35 lines in 1 patch".
std::string linesText(const CodeTally &t) {
  std::string sum;
  for (int x : t.perPatch)
    if (x > 0) sum += (sum.empty() ? "" : " + ") + std::to_string(x);
  int n = t.patches();
  if (n > 1) sum += " = " + std::to_string(t.total());
  return sum + " lines in " + std::to_string(n) + " patch" + (n == 1 ? "" : "es");
}

} // namespace

SeriesVersionKey versionKeyOf(const std::vector<const Patch *> &patches, const Patch *cover) {
  SeriesVersionKey key;
  const Patch *first = cover ? cover : patches.empty() ? nullptr : patches.front();
  if (first) key.version = first->series.version;
  if (!patches.empty()) key.author = patches.front()->author;
  else if (cover) key.author = cover->author;
  if (cover) key.cover = normalised(cover->subject);
  for (const Patch *p : patches) key.subjects.push_back(normalised(p->subject));
  return key;
}

std::vector<std::vector<size_t>> earlierVersionsOf(const std::vector<SeriesVersionKey> &keys,
                                                   const Mailmap *mailmap) {
  // Candidates share a subject: an index from every subject to the series holding it.
  std::unordered_map<std::string, std::vector<size_t>> bySubject;
  for (size_t j = 0; j < keys.size(); ++j) {
    if (!keys[j].cover.empty()) bySubject["0/" + keys[j].cover].push_back(j);
    for (const std::string &s : keys[j].subjects)
      if (!s.empty()) bySubject[s].push_back(j);
  }
  std::vector<std::vector<size_t>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    std::vector<std::string> mine = keys[i].subjects;
    if (!keys[i].cover.empty()) mine.push_back("0/" + keys[i].cover);
    for (const std::string &s : mine)
      for (size_t j : bySubject[s])
        if (keys[j].version < keys[i].version &&
            std::find(out[i].begin(), out[i].end(), j) == out[i].end() &&
            samePerson(keys[i].author, keys[j].author, mailmap))
          out[i].push_back(j);
    std::stable_sort(out[i].begin(), out[i].end(), [&](size_t a, size_t b) {
      return keys[a].version != keys[b].version ? keys[a].version < keys[b].version : a < b;
    });
  }
  return out;
}

void addEarlierVersions(Verdict &latest, const std::vector<EarlierSeries> &earlier) {
  for (const EarlierSeries &e : earlier)
    if (e.verdict)
      latest.earlierVersions.push_back(EarlierVersion{e.version, e.title, e.verdict->codeLines});
  for (Finding &f : latest.findings) {
    if (f.rule != "series-function-over-limit" || f.locations.empty() ||
        f.locations.front().entities.empty())
      continue;
    const std::string &file = f.locations.front().file;
    const std::string &entity = f.locations.front().entities.front();
    std::string before;
    for (const EarlierVersion &e : latest.earlierVersions)
      for (const CodeTally &t : e.codeLines)
        if (t.file == file && t.entity == entity && t.total() > 0)
          before += (before.empty() ? "" : ", ") + std::string("v") + std::to_string(e.version) +
                    " changed it by " + linesText(t);
    if (!before.empty()) f.message += " (earlier versions: " + before + ")";
  }
}

} // namespace provcheck
