#include "analysis/Sources.h"

#include "analysis/Git.h"
#include "analysis/GitSource.h"
#include "analysis/MailSource.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <limits>
#include <optional>
#include <thread>

namespace fs = std::filesystem;

namespace provcheck {

namespace {

// An existing path for `source`: relative to repoDir first, then to the current directory.
std::optional<fs::path> existingPath(const std::string &source, const std::string &repoDir) {
  std::error_code ec;
  fs::path p(source);
  if (p.is_relative() && !repoDir.empty() && repoDir != ".") {
    fs::path inRepo = fs::path(repoDir) / p;
    if (fs::exists(inRepo, ec)) return inRepo;
  }
  if (fs::exists(p, ec)) return p;
  return std::nullopt;
}

// A source that can only be a file: a path from the root or from here, or a name ending
// like a patch, a mail or a directory. Revisions never look like this ("origin/master",
// "v9.0.0", "HEAD~2..").
bool looksLikeAFile(const std::string &source) {
  static const char *const exts[] = {".patch", ".diff", ".eml", ".mbox", ".mbx", ".mail"};
  if (source.starts_with("/") || source.starts_with("./") || source.starts_with("../") ||
      source.starts_with("~/") || source.ends_with("/"))
    return true;
  return std::any_of(std::begin(exts), std::end(exts),
                     [&](const char *e) { return source.ends_with(e); });
}

// "no such file", and which directory is missing when that is why.
std::string missingFile(const std::string &source, const std::string &repoDir) {
  fs::path p(source);
  while (p.has_filename() == false && p.has_parent_path() && p != p.parent_path())
    p = p.parent_path(); // "dir/" names the directory
  fs::path where = p.is_relative() && !repoDir.empty() && repoDir != "." ? fs::path(repoDir) / p : p;
  std::string what = source.ends_with("/") ? "no such directory" : "no such file";
  std::error_code ec;
  fs::path dir = where.parent_path();
  if (dir.empty() || fs::is_directory(dir, ec)) return what;
  return what + ": directory " + p.parent_path().string() + " does not exist";
}

Status readStdin(PatchSet &out, size_t maxSize) {
  auto text = readInputStream(stdin, "<stdin>", maxSize);
  if (!text) return text.error();
  if (text->empty()) return Error{"<stdin>", 0, 0, "no patch found (standard input is empty)"};
  return readMailText(*text, "<stdin>", out);
}

} // namespace

size_t SourcePlan::count() const {
  size_t n = 0;
  for (const Item &item : items) {
    for (const Series &s : item.read.series) n += s.patches.size();
    if (item.revisions) n += item.revisions->ids.size();
  }
  return n;
}

Expected<SourcePlan> planSources(const std::vector<std::string> &sources,
                                 const SourceOptions &options) {
  SourcePlan plan;
  auto repo = [&]() -> Expected<git_repository *> {
    if (!plan.repo) {
      auto r = git::openRepository(options.repoDir);
      if (!r) return r.error();
      plan.repo = std::move(*r);
    }
    return plan.repo.get();
  };
  if (sources.empty()) {
    auto r = repo();
    if (!r) return r.error();
    auto list = listUnpushed(*r);
    if (!list) return list.error();
    plan.items.push_back(SourcePlan::Item{{}, std::move(*list)});
    return plan;
  }
  std::optional<Error> firstError; // of a file source that could not be read
  for (const auto &source : sources) {
    SourcePlan::Item item;
    Status status = okStatus();
    if (source == "-") {
      status = readStdin(item.read, options.maxInputSize);
    } else if (auto path = existingPath(source, options.repoDir)) {
      std::error_code ec;
      status = fs::is_directory(*path, ec)
                   ? readMailDirectory(path->string(), item.read, options.maxInputSize)
                   : readMailFile(path->string(), item.read, options.maxInputSize);
      // A file that cannot be read is skipped when other sources are given.
      if (!status && sources.size() > 1) {
        plan.skipped.push_back(Skipped{Origin{Origin::Kind::PatchFile, path->string(), 0}, "",
                                       "", status.error().str(), true});
        if (!firstError) firstError = status.error();
        continue;
      }
    } else if (looksLikeAFile(source)) {
      // Named like a patch file: what is missing is the file, whatever git makes of it.
      status = Error{source, 0, 0, missingFile(source, options.repoDir)};
    } else {
      auto r = repo();
      if (!r)
        return Error{source, 0, 0,
                     "no such file, and not a revision (" + r.error().str() + ")"};
      auto list = listRevisions(*r, source);
      if (!list) return list.error();
      // A single revision is read now: a commit that cannot be read is the Error.
      if (list->single) status = readRevisions(*r, source, item.read, options.range);
      else item.revisions = std::move(*list);
    }
    if (!status) return status.error();
    plan.items.push_back(std::move(item));
  }
  if (plan.count() == 0 && firstError) return *firstError;
  return plan;
}

Expected<PlanTouch> touchedByPlan(const SourcePlan &plan) {
  PlanTouch out;
  for (const SourcePlan::Item &item : plan.items) {
    out.series += item.read.series.size() + (item.revisions ? 1 : 0);
    for (const Series &s : item.read.series)
      for (const Patch &p : s.patches) {
        out.earliest = std::min(out.earliest, p.time);
        for (const FileChange &f : p.files)
          for (const std::string *path : {&f.path(), &f.oldPath})
            if (!path->empty()) out.paths.insert(*path);
      }
    if (item.revisions)
      if (Status s = touchedByRevisions(plan.repo.get(), *item.revisions, out.paths, out.earliest); !s)
        return s.error();
  }
  return out;
}

namespace {

// One batch of a range as CommitReader::read gives it.
struct Slice {
  Status status = okStatus();
  std::vector<Patch> patches;
  std::vector<Skipped> skipped;
  std::vector<std::string> notices;
};

Slice readSlice(CommitReader &reader, const RevisionList &list, size_t at, size_t batch) {
  Slice slice;
  slice.status = reader.read(list, at, at + batch, slice.patches, slice.skipped, slice.notices);
  return slice;
}

} // namespace

Status readPlan(SourcePlan &plan, const SourceOptions &options, size_t batch,
                PatchReceiver &receiver) {
  batch = std::max<size_t>(batch, 1);
  std::optional<CommitReader> reader;
  for (SourcePlan::Item &item : plan.items) {
    for (Series &s : item.read.series) {
      std::vector<Patch> patches = std::move(s.patches);
      s.patches.clear();
      receiver.beginSeries(std::move(s));
      for (size_t at = 0; at < patches.size(); at += batch) {
        size_t end = std::min(patches.size(), at + batch);
        receiver.patches(std::vector<Patch>(std::make_move_iterator(patches.begin() + at),
                                            std::make_move_iterator(patches.begin() + end)));
      }
      receiver.endSeries();
    }
    if (!item.read.skipped.empty()) receiver.skipped(std::move(item.read.skipped));
    if (!item.read.notices.empty()) receiver.notices(std::move(item.read.notices));
    item.read = PatchSet{};
    if (!item.revisions) continue;
    if (!reader) reader.emplace(plan.repo.get(), options.range);
    const RevisionList &list = *item.revisions;
    // The first batch is read before the series begins: its first commit may be the
    // series' cover letter (b4's). With readAhead, the next batch is read on a thread of
    // its own while the receiver takes this one.
    Slice next = readSlice(*reader, list, 0, batch);
    for (size_t at = 0; at == 0 || at < list.ids.size(); at += batch) {
      Slice slice = std::move(next);
      if (!slice.status) return slice.status;
      bool more = at + batch < list.ids.size();
      std::thread ahead;
      if (more && options.range.readAhead)
        ahead = std::thread([&, from = at + batch] { next = readSlice(*reader, list, from, batch); });
      std::vector<Patch> &patches = slice.patches;
      std::vector<Skipped> &skipped = slice.skipped;
      std::vector<std::string> &notices = slice.notices;
      if (at == 0) {
        Series head;
        head.title = list.title;
        head.patches = std::move(patches);
        takeCoverCommit(head, skipped);
        patches = std::move(head.patches);
        head.patches.clear();
        receiver.beginSeries(std::move(head));
      }
      if (!skipped.empty()) receiver.skipped(std::move(skipped));
      if (!notices.empty()) receiver.notices(std::move(notices));
      if (!patches.empty()) receiver.patches(std::move(patches));
      if (ahead.joinable()) ahead.join();
      else if (more) next = readSlice(*reader, list, at + batch, batch);
    }
    receiver.endSeries();
  }
  if (!plan.skipped.empty()) receiver.skipped(std::move(plan.skipped));
  return okStatus();
}

namespace {

// Collects what a plan yields into one PatchSet.
class Collector : public PatchReceiver {
public:
  PatchSet set;
  void beginSeries(Series &&head) override { set.series.push_back(std::move(head)); }
  void patches(std::vector<Patch> &&batch) override {
    auto &to = set.series.back().patches;
    to.insert(to.end(), std::make_move_iterator(batch.begin()),
              std::make_move_iterator(batch.end()));
  }
  void endSeries() override {}
  void skipped(std::vector<Skipped> &&items) override {
    set.skipped.insert(set.skipped.end(), std::make_move_iterator(items.begin()),
                       std::make_move_iterator(items.end()));
  }
  void notices(std::vector<std::string> &&items) override {
    set.notices.insert(set.notices.end(), std::make_move_iterator(items.begin()),
                       std::make_move_iterator(items.end()));
  }
};

} // namespace

Expected<PatchSet> readSources(const std::vector<std::string> &sources,
                               const SourceOptions &options) {
  auto plan = planSources(sources, options);
  if (!plan) return plan.error();
  if (options.range.started) options.range.started(plan->count());
  Collector collector;
  if (Status s = readPlan(*plan, options, std::numeric_limits<size_t>::max(), collector); !s)
    return s.error();
  return std::move(collector.set);
}

} // namespace provcheck
