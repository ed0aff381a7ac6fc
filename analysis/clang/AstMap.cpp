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

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>

namespace provcheck {

using namespace clangmap;

const char *toString(EntityKind k) {
  switch (k) {
  case EntityKind::Function: return "function";
  case EntityKind::Record: return "record";
  case EntityKind::Enum: return "enum";
  case EntityKind::Field: return "field";
  case EntityKind::Typedef: return "typedef";
  case EntityKind::Global: return "global";
  case EntityKind::Macro: return "macro";
  case EntityKind::Conditional: return "conditional";
  case EntityKind::Include: return "include";
  case EntityKind::Comment: return "comment";
  case EntityKind::Namespace: return "namespace";
  case EntityKind::TopLevel: return "top-level";
  }
  return "top-level";
}

const char *toString(EntityPart p) {
  switch (p) {
  case EntityPart::Whole: return "whole";
  case EntityPart::Signature: return "signature";
  case EntityPart::Body: return "body";
  case EntityPart::Comment: return "comment";
  }
  return "whole";
}

std::string annotationPrelude(const std::vector<std::string> &macros) {
  std::string out = "/* annotation macros defined empty: no compilation database */\n";
  for (const std::string &m : macros) {
    if (m.empty() || m.find_first_of("*? ") != std::string::npos) continue;
    out += "#ifndef " + m.substr(0, m.find('(')) + "\n#define " + m + "\n#endif\n";
  }
  return out;
}

std::string describe(const Entity &e, EntityPart part) {
  std::string s;
  switch (e.kind) {
  case EntityKind::Function: s = "function " + e.name; break;
  case EntityKind::Record: s = (e.detail.empty() ? "struct" : e.detail) + " " + e.name; break;
  case EntityKind::Enum: s = "enum " + e.name; break;
  case EntityKind::Field: s = (e.detail.empty() ? "field" : e.detail) + " " + e.name; break;
  case EntityKind::Typedef: s = "typedef " + e.name; break;
  case EntityKind::Global:
    s = (e.detail.empty() ? "" : e.detail + " ") + "variable " + e.name;
    break;
  case EntityKind::Macro: s = e.detail == "#undef" ? "#undef " + e.name : "macro " + e.name; break;
  case EntityKind::Conditional:
    s = e.detail.empty() || e.detail == e.name ? e.name : e.detail + " of " + e.name;
    break;
  case EntityKind::Include: s = (e.detail.empty() ? "#include" : e.detail) + " " + e.name; break;
  case EntityKind::Comment: s = "comment"; break;
  case EntityKind::Namespace: s = "namespace " + e.name; break;
  case EntityKind::TopLevel: s = e.name; break;
  }
  std::vector<std::string> notes;
  if (part != EntityPart::Whole) notes.push_back(toString(part));
  if (e.inactive) notes.push_back("inactive");
  if (!notes.empty()) {
    s += " (";
    for (size_t i = 0; i < notes.size(); ++i) s += (i ? ", " : "") + notes[i];
    s += ")";
  }
  return s;
}

std::string describe(const FileEntities &fe, const LineAttribution &la) {
  const auto &list = la.side == Side::Old ? fe.oldEntities : fe.newEntities;
  if (la.entity < 0 || la.entity >= static_cast<int>(list.size())) return "top level";
  std::string s = describe(list[la.entity], la.part);
  for (int outer : la.enclosing) {
    if (outer < 0 || outer >= static_cast<int>(list.size())) continue;
    const Entity &o = list[outer];
    // Name what gives the line its meaning: records, functions, namespaces.
    const Entity &in = list[la.entity];
    bool named = in.name.size() > o.name.size() && in.name.compare(0, o.name.size(), o.name) == 0 &&
                 in.name.compare(o.name.size(), 2, "::") == 0;
    if (named) break;
    if (o.kind == EntityKind::Record || o.kind == EntityKind::Enum ||
        o.kind == EntityKind::Function || o.kind == EntityKind::Namespace) {
      s += " in " + describe(o, EntityPart::Whole);
      break;
    }
  }
  return s;
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
  for (const Token &t : lexTokens(text, lang).code) out[t.line].push_back(t.text);
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
      for (auto &t : lexTokens(oldText, lang).code) oldSide.push_back(t.text);
    if (!newImg.text)
      for (auto &t : lexTokens(newText, lang).code) newSide.push_back(t.text);
    if (oldSide != newSide) return true;
  }
  return false;
}

// Degraded reasons of the two images, each once: "pre-image: " or "post-image: " in
// front of those that only one image has.
void addProblems(FileEntities &fe, const std::vector<std::string> &oldProblems,
                 const std::vector<std::string> &newProblems) {
  auto add = [&](std::string reason) {
    fe.degraded = true;
    if (std::find(fe.degradedReasons.begin(), fe.degradedReasons.end(), reason) ==
        fe.degradedReasons.end())
      fe.degradedReasons.push_back(std::move(reason));
  };
  auto has = [](const std::vector<std::string> &list, const std::string &p) {
    return std::find(list.begin(), list.end(), p) != list.end();
  };
  for (const std::string &p : oldProblems) add(has(newProblems, p) ? p : "pre-image: " + p);
  for (const std::string &p : newProblems)
    if (!has(oldProblems, p)) add("post-image: " + p);
}

// "#if defined(CONFIG_X)" or "#else of #ifdef CONFIG_X": the branch opening at `line`.
std::string conditionAt(const LexedImage &lexed, int line) {
  for (const Entity &e : lexed.directives)
    if (e.kind == EntityKind::Conditional && e.beginLine == line)
      return describe(Entity{e.kind, e.name, e.detail, 0, 0, false}, EntityPart::Whole);
  return "line " + std::to_string(line);
}

// `changed`: the absolute paths of every file the patch changes (old and new paths).
FileEntities mapFile(const FileChange &fc, const PatchImages &images, const AstOptions &options,
                     const CompileFlags &flags, const std::set<std::string> &changed) {
  FileEntities fe;
  fe.path = fc.path();
  fe.hunks.resize(fc.hunks.size());
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
    wantCompiled = irOld.text && irNew.text;
  }
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  };

  bool fallback = false;
  if (changesCode(fc, oldImg, newImg, lang)) {
    ExtraFiles extra{{kPreludePath, annotationPrelude(options.annotationMacros)}};
    auto job = [&](const std::shared_ptr<const TreeView> &tree, const std::string &p,
                   const ImageState &img) {
      ImageJob j;
      j.tree = tree;
      j.root = flags.root();
      j.extra = extra;
      j.setup = flags.forFile(fc.path(), p, *tree);
      for (auto &[path, text] : j.setup.extraFiles) j.extra[path] = text;
      j.mainPath = j.setup.args.back();
      j.contents = *img.text;
      j.skipBodies = options.skipFunctionBodies;
      // A header parsed after its includer's includes: one of them may have included it
      // already, and its guard would hide the whole file.
      if (!j.setup.includer.empty() && !img.lexed.guardMacro.empty()) {
        j.extra[kUnguardPath] = "#undef " + img.lexed.guardMacro + "\n";
        j.setup.args.insert(j.setup.args.end() - 1, {"-include", kUnguardPath});
      }
      return j;
    };
    bool parseNew = newImg.text.has_value(), parseOld = oldImg.text.has_value();
    std::optional<ImageJob> newJob, oldJob;
    if (parseNew) newJob = job(images.newTree, fc.newPath, newImg);
    if (parseOld) oldJob = job(images.oldTree, fc.oldPath, oldImg);
    // A preamble is worth building only when the pre-image can reuse it: the same
    // include block, and no header it reads changed by the patch.
    // The compiled-code proof compiles both images on it too.
    PreambleSlotPtr slot;
    if (parseNew && (parseOld || wantCompiled) && options.preamble &&
        samePreambleRegion(parseOld ? *oldImg.text : *irOld.text, *newImg.text, lang)) {
      std::set<std::string> others = changed;
      others.erase(newJob->mainPath);
      if (oldJob) others.erase(oldJob->mainPath);
      if (!flags.reachesAny(*newImg.text, fc.newPath, newJob->setup, *images.newTree, others))
        slot = makePreambleSlot();
    }
    Clock::time_point parseStart = Clock::now();
    if (parseNew) newImg.parse = parseImage(*newJob, slot.get(), true);
    if (parseOld) oldImg.parse = parseImage(*oldJob, slot.get(), false);
    double parseSeconds = seconds(parseStart);
    if (wantCompiled) {
      auto cf = std::make_shared<CompiledFile>();
      const ImageJob &anyJob = parseNew ? *newJob : *oldJob;
      if (anyJob.setup.fallback || anyJob.setup.source != "compile_commands.json") {
        cf->skipped = "no compilation database entry of its own (flags: " + anyJob.setup.source + ")";
      } else {
        Clock::time_point compileStart = Clock::now();
        ImageJob irNewJob = newJob ? *newJob : job(images.newTree, fc.newPath, irNew);
        ImageJob irOldJob = oldJob ? *oldJob : job(images.oldTree, fc.oldPath, irOld);
        *cf = compileChangedFunctions(fc, irOldJob, irNewJob, oldImg.parse ? &*oldImg.parse : nullptr,
                                      newImg.parse ? &*newImg.parse : nullptr, slot.get());
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

  ImageEntities oldMap, newMap;
  if (oldImg.text)
    oldMap = buildEntities(oldImg.lexed, oldImg.parse ? &*oldImg.parse : nullptr, !fallback);
  if (newImg.text)
    newMap = buildEntities(newImg.lexed, newImg.parse ? &*newImg.parse : nullptr, !fallback);
  // Conditional code around changed lines that the fallback could not evaluate.
  std::vector<std::string> oldUnknown, newUnknown;
  for (size_t h = 0; h < fc.hunks.size(); ++h) {
    for (const DiffLine &l : fc.hunks[h].lines) {
      // Blank lines change no entity.
      if (l.kind == LineKind::Context ||
          l.text.find_first_not_of(" \t\r\f\v") == std::string::npos)
        continue;
      bool old = l.kind == LineKind::Removed;
      const ImageEntities &map = old ? oldMap : newMap;
      const ImageState &img = old ? oldImg : newImg;
      int line = old ? l.oldLine : l.newLine;
      LineAttribution la = attribute(map, line);
      la.side = old ? Side::Old : Side::New;
      fe.hunks[h].lines.push_back(std::move(la));
      for (const LineRange &r : map.unevaluated) {
        if (line < r.begin || line > r.end) continue;
        std::string cond = conditionAt(img.lexed, r.begin);
        auto &list = old ? oldUnknown : newUnknown;
        if (std::find(list.begin(), list.end(), cond) == list.end()) list.push_back(cond);
      }
    }
  }
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

std::vector<FileEntities> mapEntities(const Patch &patch, const PatchImages &images,
                                      const AstOptions &options) {
  CompileFlags flags(options);
  std::vector<FileEntities> out(patch.files.size());
  if (out.empty()) return out;
  std::set<std::string> changed;
  for (const FileChange &fc : patch.files)
    for (const std::string *p : {&fc.oldPath, &fc.newPath})
      if (!p->empty()) changed.insert(flags.root() + (flags.root() == "/" ? "" : "/") + *p);
  flags.setPatchFiles(changed);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < patch.files.size();)
      out[i] = mapFile(patch.files[i], images, options, flags, changed);
  };
  size_t jobs = std::clamp<size_t>(options.jobs < 1 ? 1 : options.jobs, 1, patch.files.size());
  std::vector<std::thread> threads;
  for (size_t t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto &t : threads) t.join();
  return out;
}

} // namespace provcheck
