#include "tests/support/Fixture.h"
#include "tools/provcheck/ShellWord.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <sys/wait.h>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace provcheck::testing {

namespace {

void check(int rc, const char *what) {
  if (rc < 0) throw std::runtime_error(git::lastError("fixture", what).str());
}


} // namespace

TempDir::TempDir() {
  static std::mt19937_64 rng(std::random_device{}());
  for (;;) {
    path_ = fs::temp_directory_path() / ("provcheck-test-" + std::to_string(rng()));
    if (fs::create_directory(path_)) break;
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void isolateGitEnvironment() {
  static TempDir *home = new TempDir(); // lives for the process
  setenv("HOME", home->str().c_str(), 1);
  setenv("XDG_CONFIG_HOME", (home->path() / ".config").c_str(), 1);
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
  setenv("TZ", "UTC", 1);
  git::ensureInit();
  for (auto level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
                     GIT_CONFIG_LEVEL_PROGRAMDATA})
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, home->str().c_str());
}

FixtureRepo::FixtureRepo() {
  isolateGitEnvironment();
  git_repository *r = nullptr;
  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  opts.initial_head = "main";
  check(git_repository_init_ext(&r, dir_.str().c_str(), &opts), "git init");
  repo_.reset(r);
}

void FixtureRepo::write(const std::string &relPath, const std::string &content) {
  fs::path p = path() / relPath;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

void FixtureRepo::remove(const std::string &relPath) { fs::remove(path() / relPath); }

void FixtureRepo::rename(const std::string &from, const std::string &to) {
  fs::create_directories((path() / to).parent_path());
  fs::rename(path() / from, path() / to);
}

std::string FixtureRepo::read(const std::string &relPath) const {
  return readFile(path() / relPath);
}

std::string FixtureRepo::commit(const std::string &message, Author author) {
  git_index *rawIndex = nullptr;
  check(git_repository_index(&rawIndex, repo()), "index");
  git::Index index(rawIndex);
  git_strarray all{};
  char star[] = "*";
  char *paths[] = {star};
  all.strings = paths;
  all.count = 1;
  check(git_index_add_all(index.get(), &all, GIT_INDEX_ADD_FORCE, nullptr, nullptr), "add");
  check(git_index_update_all(index.get(), &all, nullptr, nullptr), "update");
  check(git_index_write(index.get()), "write index");
  git_oid treeId;
  check(git_index_write_tree(&treeId, index.get()), "write tree");
  git_tree *rawTree = nullptr;
  check(git_tree_lookup(&rawTree, repo(), &treeId), "tree");
  git::Tree tree(rawTree);

  if (author.time == Author{}.time) author.time += 60 * commits_;
  git_signature *rawSig = nullptr;
  check(git_signature_new(&rawSig, author.name.c_str(), author.email.c_str(), author.time,
                          author.offsetMinutes),
        "signature");
  git::Signature sig(rawSig);

  git::Commit parent;
  git_oid headId;
  if (git_reference_name_to_id(&headId, repo(), "HEAD") == 0) {
    git_commit *p = nullptr;
    check(git_commit_lookup(&p, repo(), &headId), "parent");
    parent.reset(p);
  }
  const git_commit *parents[] = {parent.get()};
  git_oid id;
  check(git_commit_create(&id, repo(), "HEAD", sig.get(), sig.get(), nullptr, message.c_str(),
                          tree.get(), parent ? 1 : 0, parent ? parents : nullptr),
        "commit");
  ++commits_;
  return git::toHex(id);
}

void FixtureRepo::branch(const std::string &name, const std::string &commitId) {
  git_oid id;
  check(git_oid_fromstr(&id, commitId.c_str()), "oid");
  git_commit *c = nullptr;
  check(git_commit_lookup(&c, repo(), &id), "commit");
  git::Commit commit(c);
  git_reference *ref = nullptr;
  check(git_branch_create(&ref, repo(), name.c_str(), commit.get(), 1), "branch");
  git::Reference owned(ref);
}

void FixtureRepo::setHead(const std::string &name) {
  check(git_repository_set_head(repo(), ("refs/heads/" + name).c_str()), "set head");
}

std::string FixtureRepo::formatPatch(const std::string &commitId) const {
  CommandOutput out = runCommand("git -C " + shellWord(str()) +
                                 " -c core.abbrev=12 format-patch -1 --stdout " +
                                 shellWord(commitId));
  if (out.rc != 0) throw std::runtime_error("git format-patch failed");
  return out.text;
}

CommandOutput runCommand(const std::string &cmd) {
  CommandOutput out;
  FILE *pipe = popen((cmd + " </dev/null").c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.text.append(buf, n);
  int status = pclose(pipe);
  out.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string readFile(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path testData(const std::string &rel) {
  return fs::path(PROVCHECK_SOURCE_DIR) / "tests" / "data" / rel;
}

fs::path qemuData(const std::string &rel) {
  return testData("qemu") / rel;
}

std::string compareGolden(const std::string &rel, const std::string &actual) {
  fs::path p = testData(rel);
  const char *update = std::getenv("PROVCHECK_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << actual;
    return {};
  }
  std::string expected;
  try {
    expected = readFile(p);
  } catch (const std::exception &e) {
    return std::string(e.what()) + " (run with PROVCHECK_UPDATE_GOLDEN=1 to create it)";
  }
  if (expected == actual) return {};
  std::istringstream a(expected), b(actual);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ea = !std::getline(a, la), eb = !std::getline(b, lb);
    if (ea && eb) break;
    if (ea || eb || la != lb)
      return "golden " + rel + " differs at line " + std::to_string(line) + "\n  expected: " +
             (ea ? "<eof>" : la) + "\n  actual:   " + (eb ? "<eof>" : lb) +
             "\n(PROVCHECK_UPDATE_GOLDEN=1 rewrites it)";
  }
  return {};
}

} // namespace provcheck::testing
