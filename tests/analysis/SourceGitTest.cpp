// Reading commits and revision ranges from fixture repositories.
#include "analysis/Git.h"
#include "analysis/GitSource.h"
#include "analysis/Sources.h"
#include "tests/support/Fixture.h"

#include <git2/sys/mempack.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <filesystem>
#include <sstream>

namespace provcheck {
namespace {

using testing::FixtureRepo;

std::string lines(int from, int to) {
  std::string out;
  for (int i = from; i <= to; ++i) out += "line " + std::to_string(i) + "\n";
  return out;
}

PatchSet read(const FixtureRepo &repo, std::vector<std::string> sources) {
  auto set = readSources(sources, SourceOptions{repo.str()});
  EXPECT_TRUE(set.ok()) << (set ? "" : set.error().str());
  return set ? *set : PatchSet{};
}

TEST(SourceGit, SingleRevisionIsThatCommit) {
  FixtureRepo repo;
  repo.write("a.c", lines(1, 10));
  std::string first = repo.commit("Add a.c\n");
  repo.write("a.c", lines(1, 4) + "changed 5\n" + lines(6, 10));
  std::string second = repo.commit(
      "Change line five\n\nBecause it was wrong.\n\nAI-used-for: nothing\n"
      "Signed-off-by: Ada Lovelace <ada@example.org>\n",
      testing::Author{"Grace Hopper", "grace@example.org", 1767225600 + 3600, 120});

  PatchSet set = read(repo, {"HEAD"});
  ASSERT_EQ(set.series.size(), 1u);
  EXPECT_EQ(set.series[0].title, "HEAD");
  ASSERT_EQ(set.series[0].patches.size(), 1u);
  const Patch &p = set.series[0].patches[0];
  EXPECT_EQ(p.origin.kind, Origin::Kind::Commit);
  EXPECT_EQ(p.id, second);
  EXPECT_EQ(p.parentId, first);
  EXPECT_EQ(p.subject, "Change line five");
  EXPECT_EQ(p.author, (Person{"Grace Hopper", "grace@example.org"}));
  EXPECT_EQ(p.time, 1767225600 + 3600);
  EXPECT_EQ(p.tzOffsetMinutes, 120);
  ASSERT_EQ(p.trailers.size(), 2u);
  EXPECT_EQ(p.trailers[0], (Trailer{"AI-used-for", "nothing", 5}));
  EXPECT_EQ(p.trailers[1], (Trailer{"Signed-off-by", "Ada Lovelace <ada@example.org>", 6}));

  ASSERT_EQ(p.files.size(), 1u);
  const FileChange &f = p.files[0];
  EXPECT_EQ(f.status, FileStatus::Modified);
  EXPECT_EQ(f.oldPath, "a.c");
  EXPECT_EQ(f.newPath, "a.c");
  EXPECT_EQ(f.oldMode, 0100644u);
  EXPECT_EQ(f.oldId.size(), 40u);
  ASSERT_EQ(f.hunks.size(), 1u);
  const Hunk &h = f.hunks[0];
  EXPECT_EQ(h.oldStart, 2);
  EXPECT_EQ(h.oldLines, 7);
  EXPECT_EQ(h.added(), 1);
  EXPECT_EQ(h.removed(), 1);
  EXPECT_EQ(h.lines[3], (DiffLine{LineKind::Removed, 5, 0, "line 5", false}));
  EXPECT_EQ(h.lines[4], (DiffLine{LineKind::Added, 0, 5, "changed 5", false}));

  // "X^!", git's notation for that one commit, reads the same commit.
  PatchSet bang = read(repo, {second.substr(0, 12) + "^!"});
  ASSERT_EQ(bang.series.size(), 1u);
  ASSERT_EQ(bang.series[0].patches.size(), 1u);
  EXPECT_EQ(bang.series[0].patches[0].id, second);
  auto notOne = readSources({"HEAD~1..HEAD^!"}, SourceOptions{repo.str()});
  ASSERT_FALSE(notOne.ok());
  EXPECT_EQ(notOne.error().str(), "HEAD~1..HEAD^!: ^! needs a single revision");

  // The `git format-patch` text only when asked for (the maintainers command's K:).
  EXPECT_EQ(p.rawText, "");
  SourceOptions withText{repo.str()};
  withText.range.patchText = true;
  auto texts = readSources({"HEAD"}, withText);
  ASSERT_TRUE(texts.ok()) << texts.error().str();
  ASSERT_EQ(texts->series.size(), 1u);
  ASSERT_EQ(texts->series[0].patches.size(), 1u);
  const std::string &raw = texts->series[0].patches[0].rawText;
  EXPECT_TRUE(raw.starts_with("From " + second + " Mon Sep 17 00:00:00 2001\n"));
  EXPECT_NE(raw.find("Subject: [PATCH] Change line five\n"), std::string::npos);
  EXPECT_NE(raw.find("\n+changed 5\n"), std::string::npos);
}

TEST(SourceGit, RangeIsOldestFirstAndExcludesItsBase) {
  FixtureRepo repo;
  repo.write("a.txt", "a\n");
  std::string base = repo.commit("Base\n");
  repo.write("b.txt", "b\n");
  repo.commit("Second\n");
  repo.write("c.txt", "c\n");
  repo.commit("Third\n");
  repo.branch("upstream", base);

  PatchSet set = read(repo, {"upstream.."});
  ASSERT_EQ(set.series.size(), 1u);
  ASSERT_EQ(set.series[0].patches.size(), 2u);
  EXPECT_EQ(set.series[0].patches[0].subject, "Second");
  EXPECT_EQ(set.series[0].patches[1].subject, "Third");
  EXPECT_EQ(set.series[0].patches[1].files[0].status, FileStatus::Added);
  EXPECT_EQ(set.series[0].patches[1].files[0].oldMode, 0u);

  PatchSet explicitRange = read(repo, {base + "..HEAD~1"});
  ASSERT_EQ(explicitRange.series[0].patches.size(), 1u);
  EXPECT_EQ(explicitRange.series[0].patches[0].subject, "Second");
}

TEST(SourceGit, RootCommitHasNoParent) {
  FixtureRepo repo;
  repo.write("README", "hello\n");
  repo.commit("Initial\n");
  PatchSet set = read(repo, {"HEAD"});
  const Patch &p = set.series[0].patches[0];
  EXPECT_EQ(p.parentId, "");
  ASSERT_EQ(p.files.size(), 1u);
  EXPECT_EQ(p.files[0].status, FileStatus::Added);
  EXPECT_EQ(p.files[0].hunks[0].lines[0], (DiffLine{LineKind::Added, 0, 1, "hello", false}));
}

TEST(SourceGit, RenameCopyDeleteModeAndBinary) {
  FixtureRepo repo;
  std::string body = lines(1, 30);
  repo.write("old/name.c", body);
  std::string source = lines(100, 130);
  repo.write("src.c", source);
  repo.write("gone.h", "#define GONE 1\n");
  repo.write("run.sh", "#!/bin/sh\n");
  repo.write("logo.bin", std::string("\x89PNG\0\x01\x02", 7));
  repo.commit("Base\n");
  repo.rename("old/name.c", "new/name.c");
  repo.write("src.c", source + "tail\n"); // modified: a copy source
  repo.write("copy.c", source);           // a copy of src.c
  repo.remove("gone.h");
  std::filesystem::permissions(repo.path() / "run.sh", std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  repo.write("logo.bin", std::string("\x89PNG\0\x03\x04", 7));
  repo.commit("Shuffle\n");

  PatchSet set = read(repo, {"HEAD"});
  const Patch &p = set.series[0].patches[0];
  auto find = [&](const std::string &path) -> const FileChange * {
    for (const auto &f : p.files)
      if (f.path() == path) return &f;
    return nullptr;
  };
  const FileChange *renamed = find("new/name.c");
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->status, FileStatus::Renamed);
  EXPECT_EQ(renamed->oldPath, "old/name.c");
  EXPECT_EQ(renamed->similarity, 100);
  EXPECT_TRUE(renamed->hunks.empty());

  const FileChange *copied = find("copy.c");
  ASSERT_TRUE(copied);
  EXPECT_EQ(copied->status, FileStatus::Copied);
  EXPECT_EQ(copied->oldPath, "src.c");

  const FileChange *deleted = find("gone.h");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, FileStatus::Deleted);
  EXPECT_EQ(deleted->newPath, "gone.h");
  EXPECT_EQ(deleted->newMode, 0u);
  EXPECT_EQ(deleted->removed(), 1);

  const FileChange *mode = find("run.sh");
  ASSERT_TRUE(mode);
  EXPECT_EQ(mode->status, FileStatus::ModeChange);
  EXPECT_EQ(mode->oldMode, 0100644u);
  EXPECT_EQ(mode->newMode, 0100755u);

  const FileChange *binary = find("logo.bin");
  ASSERT_TRUE(binary);
  EXPECT_TRUE(binary->binary);
  EXPECT_TRUE(binary->hunks.empty());
  EXPECT_EQ(binary->status, FileStatus::Modified);
}

// "STATUS\tpath[\told path]" per file, sorted: the shape of `git show --name-status`.
std::vector<std::string> nameStatus(const Patch &p) {
  std::vector<std::string> out;
  for (const FileChange &f : p.files) {
    std::string line;
    switch (f.status) {
    case FileStatus::Added: line = "A\t" + f.newPath; break;
    case FileStatus::Deleted: line = "D\t" + f.oldPath; break;
    case FileStatus::Renamed: line = "R\t" + f.oldPath + "\t" + f.newPath; break;
    case FileStatus::Copied: line = "C\t" + f.oldPath + "\t" + f.newPath; break;
    case FileStatus::TypeChange: line = "T\t" + f.newPath; break;
    default: line = "M\t" + f.newPath; break;
    }
    out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The same from git itself, similarity scores dropped.
std::vector<std::string> gitNameStatus(const FixtureRepo &repo, const std::string &rev) {
  auto r = testing::runCommand("git -C '" + repo.str() +
                               "' show -M -C --name-status --format= " + rev);
  EXPECT_EQ(r.rc, 0);
  std::vector<std::string> out;
  std::istringstream in(r.text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    size_t tab = line.find('\t');
    out.push_back(line.substr(0, 1) + line.substr(tab));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Only the paths that differ are diffed; what is found in the unchanged rest of a deep
// tree, or under directories that appear, vanish or replace a file, must still be exact.
TEST(SourceGit, DeepTreeChangesMatchGit) {
  FixtureRepo repo;
  for (int d = 0; d < 4; ++d)
    for (int f = 0; f < 3; ++f)
      repo.write("hw/dev" + std::to_string(d) + "/sub/f" + std::to_string(f) + ".c",
                 lines(d * 100 + f * 10, d * 100 + f * 10 + 30));
  repo.write("docs/old/a.rst", lines(1, 20));
  repo.write("docs/old/b.rst", lines(30, 50));
  repo.write("util/thing", "a file that becomes a directory\n");
  repo.write("include/x.h", lines(500, 540));
  repo.commit("Base\n");

  repo.write("hw/dev2/sub/f1.c", lines(210, 225) + "changed\n" + lines(226, 240));
  repo.rename("hw/dev3/sub/f0.c", "hw/moved/f0.c"); // across directories
  repo.remove("docs/old/a.rst");                     // a whole directory goes
  repo.remove("docs/old/b.rst");
  repo.write("tests/new/deep/t1.c", lines(700, 720)); // a whole directory appears
  repo.write("tests/new/deep/t2.c", lines(800, 820));
  repo.remove("util/thing");
  repo.write("util/thing/inner.c", lines(900, 930)); // a file replaced by a directory
  repo.write("include/y.h", lines(500, 540) + "#define Y 1\n"); // a copy of x.h, edited
  repo.write("include/x.h", lines(500, 539) + "#define X 2\n");
  std::string id = repo.commit("Reshape\n");

  PatchSet set = read(repo, {id});
  ASSERT_EQ(set.series[0].patches.size(), 1u);
  EXPECT_EQ(nameStatus(set.series[0].patches[0]), gitNameStatus(repo, id));
  EXPECT_EQ(nameStatus(set.series[0].patches[0]),
            (std::vector<std::string>{
                "A\ttests/new/deep/t1.c", "A\ttests/new/deep/t2.c", "A\tutil/thing/inner.c",
                "C\tinclude/x.h\tinclude/y.h", "D\tdocs/old/a.rst", "D\tdocs/old/b.rst",
                "D\tutil/thing", "M\thw/dev2/sub/f1.c", "M\tinclude/x.h",
                "R\thw/dev3/sub/f0.c\thw/moved/f0.c"}));
}

TEST(SourceGit, CommitThatChangesNoFileHasNoFiles) {
  FixtureRepo repo;
  repo.write("a.c", lines(1, 5));
  repo.commit("Base\n");
  std::string id = repo.commit("Empty\n");
  PatchSet set = read(repo, {id});
  ASSERT_EQ(set.series[0].patches.size(), 1u);
  EXPECT_EQ(set.series[0].patches[0].subject, "Empty");
  EXPECT_TRUE(set.series[0].patches[0].files.empty());
}

// A range read on several threads is the same, in the same order, as read on one.
TEST(SourceGit, RangeReadOnThreadsEqualsSerialRead) {
  FixtureRepo repo;
  repo.write("a.c", lines(1, 40));
  std::string base = repo.commit("Base\n");
  for (int i = 0; i < 24; ++i) {
    std::string n = std::to_string(i), file = "dir" + std::to_string(i % 5) + "/f" + n + ".c";
    repo.write("a.c", lines(1, 10 + i) + "edit " + n + "\n" + lines(12 + i, 40));
    repo.write(file, lines(i, i + 8));
    if (i % 7 == 3) repo.rename(file, "moved/f" + n + ".c");
    repo.commit("Step " + n + "\n\nSigned-off-by: A <a@example.org>\n");
  }
  std::vector<size_t> started;
  std::atomic<int> read{0};
  auto readWith = [&](int jobs) {
    PatchSet set;
    RangeOptions options;
    options.jobs = jobs;
    options.patchText = true;
    options.started = [&](size_t n) { started.push_back(n); };
    options.commitRead = [&] { ++read; };
    Status s = readRevisions(repo.repo(), base + "..HEAD", set, options);
    EXPECT_TRUE(s.ok()) << (s ? "" : s.error().str());
    return set;
  };
  PatchSet serial = readWith(1), threaded = readWith(4);
  EXPECT_EQ(started, (std::vector<size_t>{24, 24})); // progress: the range's size, then
  EXPECT_EQ(read.load(), 48);                         // one step per commit
  ASSERT_EQ(serial.series.size(), 1u);
  ASSERT_EQ(threaded.series.size(), 1u);
  const auto &a = serial.series[0].patches, &b = threaded.series[0].patches;
  ASSERT_EQ(a.size(), 24u);
  ASSERT_EQ(b.size(), a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].subject, "Step " + std::to_string(i));
    EXPECT_EQ(b[i].id, a[i].id);
    EXPECT_FALSE(a[i].rawText.empty());
    EXPECT_EQ(b[i].rawText, a[i].rawText);
    EXPECT_EQ(nameStatus(b[i]), nameStatus(a[i]));
  }
}

// What reading a plan hands on, as text, with how many commits were read by then.
class EventLog : public PatchReceiver {
public:
  std::atomic<int> read{0};
  std::vector<std::string> events;
  std::vector<int> readAtBatch; // commits read when each batch was handed on
  void beginSeries(Series &&head) override { events.push_back("series " + head.title); }
  void patches(std::vector<Patch> &&batch) override {
    readAtBatch.push_back(read);
    for (const Patch &p : batch) events.push_back("patch " + p.subject);
  }
  void endSeries() override { events.push_back("end"); }
  void skipped(std::vector<Skipped> &&items) override {
    for (const Skipped &k : items) events.push_back("skipped " + k.subject + ": " + k.reason);
  }
  void notices(std::vector<std::string> &&items) override {
    for (const std::string &n : items) events.push_back("notice " + n);
  }
};

// Reading ahead (the next batch read while the receiver takes one) hands on the same
// things in the same order, a commit that cannot be read among them, and reads one batch
// ahead at most.
TEST(SourceGit, ReadingAheadHandsOnTheSameInTheSameOrder) {
  FixtureRepo repo;
  repo.write("a.c", lines(1, 40));
  std::string base = repo.commit("Base\n");
  std::string lost;
  for (int i = 0; i < 23; ++i) {
    std::string n = std::to_string(i);
    repo.write("a.c", lines(1, 10 + i) + "edit " + n + "\n" + lines(12 + i, 40));
    repo.write("f" + n + ".c", "only in step " + n + "\n");
    std::string id = repo.commit("Step " + n + "\n");
    if (i == 13) lost = id;
  }
  // Step 13's tree is lost (a damaged repository): that commit is skipped, with the reason.
  git_oid id;
  ASSERT_EQ(git_oid_fromstr(&id, lost.c_str()), 0);
  git_commit *commit = nullptr;
  ASSERT_EQ(git_commit_lookup(&commit, repo.repo(), &id), 0);
  std::string hex = git::toHex(*git_commit_tree_id(commit));
  git_commit_free(commit);
  ASSERT_TRUE(std::filesystem::remove(repo.path() / ".git/objects" / hex.substr(0, 2) / hex.substr(2)));
  auto readWith = [&](bool ahead, EventLog &log) {
    SourceOptions options{repo.str()};
    options.range.jobs = 2;
    options.range.readAhead = ahead;
    options.range.commitRead = [&] { ++log.read; };
    auto plan = planSources({base + "..HEAD"}, options);
    ASSERT_TRUE(plan.ok()) << plan.error().str();
    Status s = readPlan(*plan, options, 5, log);
    EXPECT_TRUE(s.ok()) << (s ? "" : s.error().str());
  };
  EventLog serial, ahead;
  readWith(false, serial);
  readWith(true, ahead);
  EXPECT_EQ(ahead.events, serial.events);
  // The series, 21 patches, the two commits that cannot be read (13, and 14 whose parent
  // is 13) handed on with their batch, before its patches; then the end.
  ASSERT_EQ(serial.events.size(), 25u);
  EXPECT_EQ(serial.events[0], "series " + base + "..HEAD");
  EXPECT_EQ(serial.events[10], "patch Step 9");
  EXPECT_EQ(serial.events[11].rfind("skipped Step 13: cannot read tree", 0), 0u) << serial.events[11];
  EXPECT_EQ(serial.events[12].rfind("skipped Step 14: cannot read parent", 0), 0u) << serial.events[12];
  EXPECT_EQ(serial.events[13], "patch Step 10");
  EXPECT_EQ(serial.events[16], "patch Step 15");
  EXPECT_EQ(serial.events[24], "end");
  // Batch k (of 5 commits) is handed on when k+1 batches are read, or k+2 reading ahead.
  EXPECT_EQ(serial.readAtBatch, (std::vector<int>{5, 10, 15, 20, 23}));
  ASSERT_EQ(ahead.readAtBatch.size(), 5u);
  for (size_t k = 0; k < 5; ++k) {
    EXPECT_GE(ahead.readAtBatch[k], std::min(23, 5 * int(k + 1))) << "batch " << k;
    EXPECT_LE(ahead.readAtBatch[k], std::min(23, 5 * int(k + 2))) << "batch " << k;
  }
}

TEST(SourceGit, MergesAreSkippedAndReported) {
  FixtureRepo repo;
  repo.write("a", "1\n");
  std::string base = repo.commit("Base\n");
  repo.write("b", "2\n");
  std::string side = repo.commit("Side\n");
  // A merge of `side` into a sibling of it, made with libgit2.
  repo.branch("other", base);
  repo.setHead("other");
  repo.remove("b");
  repo.write("c", "3\n");
  std::string mine = repo.commit("Mine\n");
  git_oid ids[2];
  git_oid_fromstr(&ids[0], mine.c_str());
  git_oid_fromstr(&ids[1], side.c_str());
  git_commit *c0 = nullptr, *c1 = nullptr;
  ASSERT_EQ(git_commit_lookup(&c0, repo.repo(), &ids[0]), 0);
  ASSERT_EQ(git_commit_lookup(&c1, repo.repo(), &ids[1]), 0);
  git::Commit p0(c0), p1(c1);
  git_tree *tree = nullptr;
  ASSERT_EQ(git_commit_tree(&tree, c1), 0);
  git::Tree t(tree);
  git_signature *sig = nullptr;
  git_signature_new(&sig, "M", "m@example.org", 1767300000, 0);
  git::Signature s(sig);
  const git_commit *parents[] = {c0, c1};
  git_oid merge;
  ASSERT_EQ(git_commit_create(&merge, repo.repo(), "HEAD", sig, sig, nullptr, "Merge side\n",
                              tree, 2, parents),
            0);

  PatchSet set = read(repo, {base + "..HEAD"});
  ASSERT_EQ(set.series[0].patches.size(), 2u);
  ASSERT_EQ(set.skipped.size(), 1u);
  EXPECT_EQ(set.skipped[0].id, git::toHex(merge));
  EXPECT_EQ(set.skipped[0].reason, "merge commit");
  EXPECT_EQ(set.skipped[0].subject, "Merge side");
}

TEST(SourceGit, NoSourceMeansCommitsNotOnUpstream) {
  FixtureRepo repo;
  repo.write("a", "1\n");
  std::string base = repo.commit("Base\n");
  repo.write("a", "2\n");
  repo.commit("Local work\n");
  repo.branch("origin-main", base);
  git_config *rawCfg = nullptr;
  ASSERT_EQ(git_repository_config(&rawCfg, repo.repo()), 0);
  git_config_set_string(rawCfg, "branch.main.remote", ".");
  git_config_set_string(rawCfg, "branch.main.merge", "refs/heads/origin-main");
  git_config_free(rawCfg);

  PatchSet set = read(repo, {});
  ASSERT_EQ(set.series.size(), 1u);
  EXPECT_EQ(set.series[0].title, "origin-main..");
  ASSERT_EQ(set.series[0].patches.size(), 1u);
  EXPECT_EQ(set.series[0].patches[0].subject, "Local work");
}

TEST(SourceGit, NoUpstreamIsAClearError) {
  FixtureRepo repo;
  repo.write("a", "1\n");
  repo.commit("Base\n");
  auto set = readSources({}, SourceOptions{repo.str()});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().str(),
            "HEAD: branch 'main' has no upstream; give a revision range such as origin/master..");
}

TEST(SourceGit, UnknownRevisionIsAnError) {
  FixtureRepo repo;
  repo.write("a", "1\n");
  repo.commit("Base\n");
  auto set = readSources({"no-such-branch.."}, SourceOptions{repo.str()});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().file, "no-such-branch..");
  EXPECT_TRUE(set.error().message.starts_with("unknown revision or path not found"))
      << set.error().message;
}

TEST(SourceGit, TrailerLinesSkipLookalikesInTheBody) {
  auto t = parseTrailers("Subject\n\nSigned-off-by: quoted in the body\n\nmore text\n\n"
                         "Reviewed-by: R <r@example.org>\nSigned-off-by: S <s@example.org>\n");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0], (Trailer{"Reviewed-by", "R <r@example.org>", 7}));
  EXPECT_EQ(t[1], (Trailer{"Signed-off-by", "S <s@example.org>", 8}));
}

// A commit message quoting a diff: libgit2 took "--- /tmp/old" for the start of a patch
// and found no trailer after it (QEMU's 619d5f0211 would have lost its sign-off).
TEST(SourceGit, TrailersAfterAQuotedDiffAreFound) {
  auto t = parseTrailers("Subject\n\nThe difference:\n\n--- /tmp/kdoc  2025-08-14\n"
                         "+++ scripts/kernel-doc  2025-02-17\n@@ -1 +1 @@\n-a\n+b\n\n"
                         "Signed-off-by: S <s@example.org>\n");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0], (Trailer{"Signed-off-by", "S <s@example.org>", 11}));
}

// libgit2's object cache keeps at most kObjectCacheBytes of the trees read, however many:
// 2,600 distinct trees of about 3.9 KB each (small enough to be cached: 10 MB in all),
// written to an object database in memory, are read back, and the cache stays within
// its bound.
TEST(GitObjectCache, StaysWithinItsBoundWhateverIsRead) {
  git::ensureInit();
  git_odb *odb = nullptr;
  git_odb_backend *mempack = nullptr;
  git_repository *raw = nullptr;
  ASSERT_EQ(git_odb_new(&odb), 0);
  ASSERT_EQ(git_mempack_new(&mempack), 0);
  ASSERT_EQ(git_odb_add_backend(odb, mempack, 1), 0);
  ASSERT_EQ(git_repository_wrap_odb(&raw, odb), 0);
  git_odb_free(odb); // the repository holds it
  git::Repository repo(raw);
  git_oid blob;
  ASSERT_EQ(git_blob_create_from_buffer(&blob, repo.get(), "x\n", 2), 0);
  constexpr int kTrees = 2600, kEntries = 52;
  std::vector<git_oid> trees;
  for (int t = 0; t < kTrees; ++t) {
    git_treebuilder *builder = nullptr;
    ASSERT_EQ(git_treebuilder_new(&builder, repo.get(), nullptr), 0);
    for (int e = 0; e < kEntries; ++e) {
      char name[64];
      std::snprintf(name, sizeof name, "tree-%04d-entry-%02d-padding-padding-padding-pad", t, e);
      ASSERT_EQ(git_treebuilder_insert(nullptr, builder, name, &blob, GIT_FILEMODE_BLOB), 0);
    }
    git_oid id;
    ASSERT_EQ(git_treebuilder_write(&id, builder), 0);
    git_treebuilder_free(builder);
    trees.push_back(id);
  }
  size_t read = 0;
  for (const git_oid &id : trees) {
    git_tree *tree = nullptr;
    ASSERT_EQ(git_tree_lookup(&tree, repo.get(), &id), 0);
    read += git_tree_entrycount(tree);
    git_tree_free(tree);
  }
  EXPECT_EQ(read, size_t(kTrees) * kEntries);
  ssize_t current = 0, max = 0;
  git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &current, &max);
  EXPECT_EQ(max, static_cast<ssize_t>(git::kObjectCacheBytes));
  // libgit2 evicts before it stores an object once over the bound: at most one object
  // (4 KB for a tree) above it.
  EXPECT_LE(current, static_cast<ssize_t>(git::kObjectCacheBytes + 4096));
  EXPECT_GT(current, static_cast<ssize_t>(git::kObjectCacheBytes / 2));
}

} // namespace
} // namespace provcheck
