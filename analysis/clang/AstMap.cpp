// mapEntities: per changed C/C++ file, lex both images, parse those whose hunks change
// code (files in parallel, the two images of a file sharing a preamble when they can),
// then attribute every added and removed line (blank ones aside) to the innermost
// entities around it.
#include "analysis/AstMap.h"

#include "analysis/Tokens.h"
#include "analysis/clang/Attribution.h"
#include "analysis/clang/CompileFlags.h"
#include "analysis/clang/CompiledCode.h"
#include "analysis/clang/Directives.h"
#include "analysis/clang/Parse.h"
#include "analysis/clang/ParseWorkers.h"

#include <llvm/Support/SHA1.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

namespace provcheck {

using namespace clangmap;

std::string annotationPrelude(const std::vector<std::string> &macros) {
  std::string out = "/* annotation macros defined empty: no compilation database */\n";
  for (const std::string &m : macros) {
    if (m.empty() || m.find_first_of("*? ") != std::string::npos) continue;
    out += "#ifndef " + m.substr(0, m.find('(')) + "\n#define " + m + "\n#endif\n";
  }
  return out;
}

namespace {

struct ImageState {
  std::optional<std::string> text;
  LexedImage lexed;
  std::optional<ParseOutput> parse;
};

// Code tokens (comments left out) of the given lines of an image, by line.
std::map<int, std::vector<std::string>> codeByLine(const std::string &text, Language lang) {
  std::map<int, std::vector<std::string>> out;
  for (const Token &t : lexTokens(text, lang).code) out[t.line].emplace_back(t.text);
  return out;
}

// Whether any hunk changes a token outside comments (whitespace does not count): its old
// side (context and removed lines) against its new side (context and added lines), so
// that lines moved within a hunk count as a change.
bool changesCode(const FileChange &fc, const ImageState &oldImg, const ImageState &newImg,
                 Language lang) {
  std::map<int, std::vector<std::string>> oldCode, newCode;
  if (oldImg.text) oldCode = codeByLine(*oldImg.text, lang);
  if (newImg.text) newCode = codeByLine(*newImg.text, lang);
  for (const Hunk &h : fc.hunks) {
    std::vector<std::string> oldSide, newSide;
    std::string oldText, newText;
    for (const DiffLine &l : h.lines) {
      if (l.kind != LineKind::Added) {
        oldText += l.text + "\n";
        if (oldImg.text)
          for (auto &t : oldCode[l.oldLine]) oldSide.push_back(t);
      }
      if (l.kind != LineKind::Removed) {
        newText += l.text + "\n";
        if (newImg.text)
          for (auto &t : newCode[l.newLine]) newSide.push_back(t);
      }
    }
    // Without an image, the hunk's own lines are lexed.
    if (!oldImg.text)
      for (auto &t : lexTokens(oldText, lang).code) oldSide.emplace_back(t.text);
    if (!newImg.text)
      for (auto &t : lexTokens(newText, lang).code) newSide.emplace_back(t.text);
    if (oldSide != newSide) return true;
  }
  return false;
}

// Degraded reasons of the two images, each once: "pre-image: " or "post-image: " in
// front of those that only one image has.
void addProblems(FileEntities &fe, const std::vector<std::string> &oldProblems,
                 const std::vector<std::string> &newProblems) {
  std::set<std::string> present(fe.degradedReasons.begin(), fe.degradedReasons.end());
  auto add = [&](std::string reason) {
    fe.degraded = true;
    if (present.insert(reason).second) fe.degradedReasons.push_back(std::move(reason));
  };
  std::set<std::string> inOld(oldProblems.begin(), oldProblems.end()),
      inNew(newProblems.begin(), newProblems.end());
  for (const std::string &p : oldProblems) add(inNew.count(p) ? p : "pre-image: " + p);
  for (const std::string &p : newProblems)
    if (!inOld.count(p)) add("post-image: " + p);
}

// "#if defined(CONFIG_X)" or "#else of #ifdef CONFIG_X": the branch opening at each line.
std::map<int, std::string> conditionsByLine(const LexedImage &lexed) {
  std::map<int, std::string> out;
  for (const Entity &e : lexed.directives)
    if (e.kind == EntityKind::Conditional)
      out.emplace(e.beginLine,
                  describe(Entity{e.kind, e.name, e.detail, 0, 0, false}, EntityPart::Whole));
  return out;
}

} // namespace

namespace {

// What a parse of `job` depends on: its tree (by id: a git tree id, or a hash of its
// contents) and everything the job gives the compiler. The build directory and the system
// headers, read from disk, are taken as fixed for a run.
std::string jobKey(const ImageJob &job) {
  llvm::SHA1 h;
  auto add = [&h](std::string_view field) {
    uint64_t n = field.size();
    h.update(llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(&n), sizeof n));
    h.update(llvm::StringRef(field.data(), field.size()));
  };
  add(job.tree ? job.tree->id() : "");
  add(job.root);
  for (const auto &[path, text] : job.extra) {
    add(path);
    add(text);
  }
  add("args");
  for (const std::string &a : job.setup.args) add(a);
  add(job.setup.directory);
  add(job.mainPath);
  add(job.contents);
  add(job.skipBodies ? "bodies skipped" : "bodies parsed");
  add(job.sharedInclude);
  add(job.sharedForced ? "forced" : "included");
  std::array<uint8_t, 20> sum = h.final();
  return std::string(sum.begin(), sum.end());
}

// About what an output holds, for the bound of the cache.
size_t footprint(const ParseOutput &out) {
  size_t n = sizeof out + out.decls.size() * sizeof(DeclEntity) +
             out.skipped.size() * sizeof(LineRange) + out.undefinedConditions.size() * sizeof(int);
  for (const DeclEntity &d : out.decls) n += d.entity.name.size() + d.entity.detail.size();
  for (const std::string &p : out.problems) n += sizeof p + p.size();
  return n;
}

} // namespace

// The outputs of the parses of a run, for an image parsed again with the same job in the
// same tree. A history scan meets that once per file a series changes again and again:
// the file a commit leaves is the next commit's pre-image, in the same tree (the next
// commit's parent) with the same flags. Only parses that ran are kept, at most
// `maxBytes` of them, the least recently used dropped first. A job being parsed is waited
// for, not parsed twice: the patches of a batch are mapped in parallel.
class ParseResults {
public:
  explicit ParseResults(size_t maxBytes) : maxBytes_(maxBytes) {}

  // The output kept for `key`, or nullopt after which the caller parses and calls
  // `done` (with or without an output) for the key.
  std::optional<ParseOutput> claim(const std::string &key) {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (auto it = kept_.find(key); it != kept_.end()) {
        order_.splice(order_.begin(), order_, it->second.age);
        return it->second.output;
      }
      if (pending_.insert(key).second) return std::nullopt;
      finished_.wait(lock);
    }
  }
  void done(const std::string &key, const ParseOutput *output) {
    std::lock_guard lock(mutex_);
    pending_.erase(key);
    finished_.notify_all();
    if (!output || maxBytes_ == 0) return;
    size_t size = footprint(*output);
    if (size > maxBytes_ || kept_.count(key)) return;
    ParseOutput copy = *output;
    copy.sharedBuilt.reset(); // handed to the workers already
    order_.push_front(key);
    kept_.emplace(key, Kept{std::move(copy), size, order_.begin()});
    bytes_ += size;
    while (bytes_ > maxBytes_) {
      auto oldest = kept_.find(order_.back());
      bytes_ -= oldest->second.size;
      kept_.erase(oldest);
      order_.pop_back();
    }
  }

private:
  struct Kept {
    ParseOutput output;
    size_t size = 0;
    std::list<std::string>::iterator age;
  };
  size_t maxBytes_;
  std::mutex mutex_;
  std::condition_variable finished_;
  std::unordered_map<std::string, Kept> kept_;
  std::list<std::string> order_; // most recently used first
  std::set<std::string> pending_;
  size_t bytes_ = 0;
};

// What the patches of a run share: the compilation database and the #include lines read
// (in CompileFlags), the preambles of the parses made in this process, the outputs of
// the parses made so far, the files parsed so far.
struct AstSession::State {
  explicit State(AstOptions o)
      : options(std::move(o)), flags(options), preambles(options.limits.preambleCacheBytes),
        results(options.limits.resultCacheBytes) {}
  // The session's parses keep the disk's answers (ImageJob::diskEpoch): the build
  // directory and the system headers stay as they are while it runs.
  const uint64_t diskEpoch = [] {
    static std::atomic<uint64_t> last{0};
    return ++last;
  }();
  AstOptions options;
  CompileFlags flags;
  PreambleCache preambles; // of parses without workers, and of the compiled-code proof
  ParseResults results;
  std::mutex mutex;
  std::set<std::string> parsedBefore; // main files, absolute

  bool seen(const std::string &mainPath) {
    std::lock_guard lock(mutex);
    return !parsedBefore.insert(mainPath).second;
  }
  ParseOutput parse(const ImageJob &job, bool build) {
    std::string key = jobKey(job);
    if (std::optional<ParseOutput> kept = results.claim(key)) {
      std::lock_guard lock(mutex);
      ++stats.resultReuses;
      kept->usedPreamble = kept->builtPreamble = kept->usedShared = kept->builtShared = false;
      return std::move(*kept);
    }
    ParseOutput out = compile(job, build);
    results.done(key, out.parsed ? &out : nullptr);
    return out;
  }
  ParseOutput compile(const ImageJob &job, bool build) {
    ParseOutput out;
    if (!options.isolate) {
      out = parseImage(job, options.preamble ? &preambles : nullptr, build);
    } else {
      ParseLimits limits = options.limits;
      if (!options.preamble) limits.preambleCacheBytes = 0;
      out = ParseWorkers::shared().parse(job, build && options.preamble, limits,
                                         options.parseProcesses > 0 ? options.parseProcesses
                                                                    : options.jobs);
    }
    std::lock_guard lock(mutex);
    ++stats.parses;
    if (out.builtPreamble) ++stats.preambleBuilds;
    else if (out.usedPreamble) ++stats.preambleReuses;
    if (out.builtShared) ++stats.sharedBuilds;
    if (out.usedShared) ++stats.sharedUses;
    return out;
  }
  AstSession::Stats stats;
};

namespace {

// `changed`: the absolute paths of every file the patch changes (old and new paths).
FileEntities mapFile(const FileChange &fc, const PatchImages &images, AstSession::State &session,
                     const std::set<std::string> &changed) {
  const AstOptions &options = session.options;
  const CompileFlags &flags = session.flags;
  FileEntities fe;
  fe.path = fc.path();
  fe.hunks.resize(fc.hunks.size());
  if (!fc.unavailable.empty()) { // a blob a partial clone does not have
    fe.degraded = true;
    fe.degradedReasons.push_back(fc.unavailable);
    return fe;
  }
  if (fc.binary || !isCFamily(fc.path())) return fe;
  Language lang = languageOf(fc.path());
  bool needOld = fc.status != FileStatus::Added && fc.removed() > 0;
  bool needNew = fc.status != FileStatus::Deleted && fc.added() > 0;

  ImageState oldImg, newImg;
  auto load = [&](bool need, const std::shared_ptr<const TreeView> &tree, const std::string &p,
                  ImageState &img, const char *which) {
    if (!need) return;
    if (tree) img.text = tree->read(p);
    if (!img.text) {
      fe.degraded = true;
      fe.degradedReasons.push_back(std::string(which) + " of " + p + " not available" +
                                   (images.problem.empty() ? "" : ": " + images.problem));
      return;
    }
    if (img.text->size() > options.maxImageBytes) {
      fe.degraded = true;
      fe.degradedReasons.push_back(std::string(which) + " of " + p + " is " +
                                   sizeText(img.text->size()) + ", over the " +
                                   sizeText(options.maxImageBytes) +
                                   " limit of the AST map: neither lexed nor parsed");
      img.text.reset();
      return;
    }
    img.lexed = lexImage(*img.text, lang);
  };
  load(needOld, images.oldTree, fc.oldPath, oldImg, "pre-image");
  load(needNew, images.newTree, fc.newPath, newImg, "post-image");
  // The compiled-code proof needs both images of a modified source file, even when the
  // AST map needs one only.
  bool wantCompiled = options.compiledCode && fc.status == FileStatus::Modified &&
                      !isHeaderPath(fc.path());
  ImageState irOld, irNew;
  if (wantCompiled) {
    irOld = oldImg.text ? oldImg : ImageState{images.oldTree ? images.oldTree->read(fc.oldPath)
                                                             : std::nullopt, {}, {}};
    irNew = newImg.text ? newImg : ImageState{images.newTree ? images.newTree->read(fc.newPath)
                                                             : std::nullopt, {}, {}};
    wantCompiled = irOld.text && irNew.text && irOld.text->size() <= options.maxImageBytes &&
                   irNew.text->size() <= options.maxImageBytes;
  }
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  };

  bool fallback = false;
  if ((oldImg.text || newImg.text) && changesCode(fc, oldImg, newImg, lang)) {
    ExtraFiles extra{{kPreludePath, annotationPrelude(options.annotationMacros)}};
    std::string includer; // the first image's, tried first for the other
    auto job = [&](const std::shared_ptr<const TreeView> &tree, const std::string &p,
                   const ImageState &img) {
      ImageJob j;
      j.tree = tree;
      j.root = flags.root();
      j.extra = extra;
      j.setup = flags.forFile(fc.path(), p, *tree, &includer);
      for (auto &[path, text] : j.setup.extraFiles) j.extra[path] = text;
      j.mainPath = j.setup.args.back();
      j.contents = *img.text;
      j.skipBodies = options.skipFunctionBodies;
      j.diskEpoch = session.diskEpoch;
      // A header parsed after its includer's includes: one of them may have included it
      // already, and its guard would hide the whole file.
      if (!j.setup.includer.empty() && !img.lexed.guardMacro.empty()) {
        j.extra[kUnguardPath] = "#undef " + img.lexed.guardMacro + "\n";
        j.setup.args.insert(j.setup.args.end() - 1, {"-include", kUnguardPath});
      }
      if (options.preamble && options.sharedPreamble)
        if (auto first = flags.firstInclude(j.setup, p, *img.text, *tree, j.extra)) {
          j.sharedInclude = first->path;
          j.sharedForced = first->forced;
        }
      return j;
    };
    bool parseNew = newImg.text.has_value(), parseOld = oldImg.text.has_value();
    std::optional<ImageJob> newJob, oldJob;
    if (parseNew) newJob = job(images.newTree, fc.newPath, newImg);
    if (parseOld) oldJob = job(images.oldTree, fc.oldPath, oldImg);
    // A preamble is worth building when the pre-image can reuse it (the same include
    // block, and no header it reads changed by the patch), or when an earlier patch
    // parsed the file already: a series touches a file again and again.
    bool build = parseNew && session.seen(newJob->mainPath);
    if (parseNew && parseOld && !build && samePreambleRegion(*oldImg.text, *newImg.text, lang)) {
      std::set<std::string> others = changed;
      others.erase(newJob->mainPath);
      others.erase(oldJob->mainPath);
      build = !flags.reachesAny(*newImg.text, fc.newPath, newJob->setup, *images.newTree, others);
    }
    Clock::time_point parseStart = Clock::now();
    if (parseNew) newImg.parse = session.parse(*newJob, build);
    if (parseOld) oldImg.parse = session.parse(*oldJob, !parseNew && session.seen(oldJob->mainPath));
    double parseSeconds = seconds(parseStart);
    if (wantCompiled) {
      auto cf = std::make_shared<CompiledFile>();
      const ImageJob &anyJob = parseNew ? *newJob : *oldJob;
      // The compile runs in this process, unbounded: only on images whose parse finished
      // within the bounds of a parse.
      std::string unfinished;
      for (const ImageState *img : {&oldImg, &newImg})
        if (img->parse && !img->parse->parsed && unfinished.empty())
          unfinished = img->parse->problems.empty() ? "the compiler did not run"
                                                    : img->parse->problems.back();
      if (anyJob.setup.fallback || anyJob.setup.source != "compile_commands.json") {
        cf->skipped = "no compilation database entry of its own (flags: " + anyJob.setup.source + ")";
      } else if (!unfinished.empty()) {
        cf->skipped = "its parse did not finish (" + unfinished + ")";
      } else {
        Clock::time_point compileStart = Clock::now();
        ImageJob irNewJob = newJob ? *newJob : job(images.newTree, fc.newPath, irNew);
        ImageJob irOldJob = oldJob ? *oldJob : job(images.oldTree, fc.oldPath, irOld);
        *cf = compileChangedFunctions(fc, irOldJob, irNewJob, oldImg.parse ? &*oldImg.parse : nullptr,
                                      newImg.parse ? &*newImg.parse : nullptr,
                                      options.preamble ? &session.preambles : nullptr);
        cf->compileSeconds = seconds(compileStart);
        cf->parseSeconds = parseSeconds;
      }
      fe.compiled = std::move(cf);
    }
    const ImageJob &any = parseNew ? *newJob : *oldJob;
    if (parseNew || parseOld) {
      fe.flagsSource = any.setup.source;
      fallback = any.setup.fallback;
      if (any.setup.fallback) {
        fe.degraded = true;
        fe.degradedReasons.push_back(
            flags.problem().empty()
                ? (flags.databasePath().empty() ? "no compilation database: fallback flags"
                                                : "not in " + flags.databasePath() +
                                                      ": fallback flags")
                : flags.problem() + ": fallback flags");
      }
    }
    std::vector<std::string> oldProblems, newProblems;
    if (oldImg.parse) oldProblems = oldImg.parse->problems;
    if (newImg.parse) newProblems = newImg.parse->problems;
    addProblems(fe, oldProblems, newProblems);
    fe.parsedOld = oldImg.parse && oldImg.parse->parsed;
    fe.parsedNew = newImg.parse && newImg.parse->parsed;
  }

  // An image the compiler could not parse has the lexer's entities alone.
  auto parsed = [](const ImageState &img) {
    return img.parse && img.parse->parsed ? &*img.parse : nullptr;
  };
  ImageEntities oldMap, newMap;
  if (oldImg.text) oldMap = buildEntities(oldImg.lexed, parsed(oldImg), !fallback);
  if (newImg.text) newMap = buildEntities(newImg.lexed, parsed(newImg), !fallback);
  // Every added and removed line but blank ones (they change no entity), attributed in
  // one sweep per image.
  std::vector<int> lines[2]; // old, new
  for (const Hunk &h : fc.hunks)
    for (const DiffLine &l : h.lines)
      if (l.kind != LineKind::Context &&
          l.text.find_first_not_of(" \t\r\f\v") != std::string::npos)
        (l.kind == LineKind::Removed ? lines[0] : lines[1])
            .push_back(l.kind == LineKind::Removed ? l.oldLine : l.newLine);
  std::vector<LineAttribution> attributed[2] = {attribute(oldMap, lines[0]),
                                                attribute(newMap, lines[1])};
  size_t taken[2] = {0, 0};
  for (size_t h = 0; h < fc.hunks.size(); ++h)
    for (const DiffLine &l : fc.hunks[h].lines) {
      if (l.kind == LineKind::Context ||
          l.text.find_first_not_of(" \t\r\f\v") == std::string::npos)
        continue;
      int side = l.kind == LineKind::Removed ? 0 : 1;
      LineAttribution la = std::move(attributed[side][taken[side]++]);
      la.side = side == 0 ? Side::Old : Side::New;
      fe.hunks[h].lines.push_back(std::move(la));
    }
  // Conditional code around changed lines that the fallback could not evaluate.
  std::vector<std::string> unknownConds[2];
  for (int side = 0; side < 2; ++side) {
    const ImageEntities &map = side == 0 ? oldMap : newMap;
    if (map.unevaluated.empty()) continue;
    RegionIndex unevaluated(map.unevaluated);
    std::map<int, std::string> conditions =
        conditionsByLine(side == 0 ? oldImg.lexed : newImg.lexed);
    std::set<int> seenRegions; // by their first line
    std::set<std::string> seen;
    for (int line : lines[side])
      unevaluated.forEachHolding(line, [&](const LineRange &r) {
        if (!seenRegions.insert(r.begin).second) return;
        auto it = conditions.find(r.begin);
        std::string cond = it != conditions.end() ? it->second : "line " + std::to_string(r.begin);
        if (seen.insert(cond).second) unknownConds[side].push_back(std::move(cond));
      });
  }
  std::vector<std::string> &oldUnknown = unknownConds[0], &newUnknown = unknownConds[1];
  auto unknown = [](std::vector<std::string> conds) {
    for (std::string &c : conds) c = "not evaluated without a compilation database: " + c;
    return conds;
  };
  addProblems(fe, unknown(oldUnknown), unknown(newUnknown));
  fe.oldEntities = std::move(oldMap.entities);
  fe.newEntities = std::move(newMap.entities);
  return fe;
}

} // namespace

AstSession::AstSession(AstOptions options) : state_(new State(std::move(options))) {}
AstSession::~AstSession() { delete state_; }

AstSession::Stats AstSession::stats() const {
  std::lock_guard lock(state_->mutex);
  return state_->stats;
}

std::vector<FileEntities> AstSession::map(const Patch &patch, const PatchImages &images) {
  State &session = *state_;
  const CompileFlags &flags = session.flags;
  std::vector<FileEntities> out(patch.files.size());
  if (out.empty()) return out;
  std::set<std::string> changed;
  for (const FileChange &fc : patch.files)
    for (const std::string *p : {&fc.oldPath, &fc.newPath})
      if (!p->empty()) changed.insert(flags.root() + (flags.root() == "/" ? "" : "/") + *p);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < patch.files.size();)
      out[i] = mapFile(patch.files[i], images, session, changed);
  };
  int jobs = session.options.jobs;
  size_t threads = std::clamp<size_t>(jobs < 1 ? 1 : jobs, 1, patch.files.size());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto &t : pool) t.join();
  return out;
}

std::vector<FileEntities> mapEntities(const Patch &patch, const PatchImages &images,
                                      const AstOptions &options) {
  return AstSession(options).map(patch, images);
}

} // namespace provcheck
