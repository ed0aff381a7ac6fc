// Parsing one image with a CompilerInstance on the tree's virtual file system, with an
// optional precompiled preamble shared by the two images of a file (as clangd does).
#include "analysis/clang/Parse.h"
#include "analysis/clang/SharedPreamble.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/Basic/DiagnosticIDs.h>
#include <clang/Basic/DiagnosticLex.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/CompilerInvocation.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Frontend/PrecompiledPreamble.h>
#include <clang/Frontend/Utils.h>
#include <clang/Lex/Lexer.h>
#include <clang/Lex/PPCallbacks.h>
#include <clang/Lex/Preprocessor.h>
#include <clang/Lex/PreprocessorOptions.h>
#include <clang/Serialization/PCHContainerOperations.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace provcheck::clangmap {

// Diagnostics become reasons: missing headers each, other errors counted.
class Collector : public clang::DiagnosticConsumer {
public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                        const clang::Diagnostic &info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error) return;
    llvm::SmallString<128> msg;
    info.FormatDiagnostic(msg);
    if (info.getID() == clang::diag::err_pp_including_mainfile_in_preamble) {
      mainInPreamble = true; // a header its own prelude includes: parsed without a preamble
      return;
    }
    if (info.getID() == clang::diag::err_pp_file_not_found) {
      addMissing(std::string(msg));
      return;
    }
    if (++errors == 1) {
      firstError = std::string(msg);
      if (info.hasSourceManager() && info.getLocation().isValid()) {
        auto &sm = info.getSourceManager();
        clang::PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(info.getLocation()));
        if (p.isValid())
          firstError = std::string(p.getFilename()) + ":" + std::to_string(p.getLine()) + ": " +
                       firstError;
      }
    }
  }
  // Adds the diagnostics of another run (a preamble's, to the parse that used it): its
  // missing headers first, as the file names them.
  void merge(const Collector &other) {
    std::vector<std::string> own = std::move(missing);
    missing.clear();
    missingSet.clear();
    for (const std::string &m : other.missing) addMissing(m);
    for (std::string &m : own) addMissing(std::move(m));
    if (other.errors > 0) firstError = other.firstError; // the preamble comes first
    errors += other.errors;
  }
  void appendProblems(std::vector<std::string> &out) const {
    // A few missing headers say what is wrong; thousands would drown the report.
    constexpr size_t kListed = 10;
    for (size_t i = 0; i < missing.size() && i < kListed; ++i)
      out.push_back("missing header: " + missing[i]);
    if (missing.size() > kListed)
      out.push_back(std::to_string(missing.size() - kListed) + " more missing headers");
    if (errors > 0)
      out.push_back(std::to_string(errors) + " parse error" + (errors > 1 ? "s" : "") +
                    ", first: " + firstError);
  }
  void addMissing(std::string m) {
    if (missingSet.insert(m).second) missing.push_back(std::move(m));
  }

  std::vector<std::string> missing;
  std::set<std::string> missingSet;
  int errors = 0;
  std::string firstError;
  bool mainInPreamble = false;
};

struct PreambleCache::Entry {
  std::optional<clang::PrecompiledPreamble> pch;
  std::shared_ptr<const SharedPch> shared; // or a shared first include, instead of pch
  std::vector<LineRange> skipped; // skipped regions inside the preamble
  std::vector<int> undefinedConditions;
  Collector diags;                   // diagnostics of the preamble's headers
  std::vector<std::string> refusals; // what its headers were refused to read
};

struct PreambleCache::State {
  size_t maxBytes;
  mutable std::mutex mutex;
  size_t bytes = 0;
  uint64_t clock = 0;
  struct Slot {
    std::shared_ptr<const Entry> entry;
    size_t bytes;
    uint64_t used;
  };
  std::map<std::string, Slot> slots;
};

PreambleCache::PreambleCache(size_t maxBytes) : state_(std::make_unique<State>()) {
  state_->maxBytes = maxBytes;
}
PreambleCache::~PreambleCache() = default;

std::shared_ptr<const PreambleCache::Entry> PreambleCache::find(const std::string &key) {
  std::lock_guard lock(state_->mutex);
  auto it = state_->slots.find(key);
  if (it == state_->slots.end()) return nullptr;
  it->second.used = ++state_->clock;
  return it->second.entry;
}

void PreambleCache::insert(const std::string &key, std::shared_ptr<const Entry> entry) {
  size_t size = entry->pch ? entry->pch->getSize() : entry->shared ? entry->shared->bytes.size() : 0;
  std::lock_guard lock(state_->mutex);
  State &s = *state_;
  if (auto it = s.slots.find(key); it != s.slots.end()) {
    s.bytes -= it->second.bytes;
    s.slots.erase(it);
  }
  // The least recently used go first; one preamble over the bound is kept alone.
  while (!s.slots.empty() && s.bytes + size > s.maxBytes) {
    auto oldest = s.slots.begin();
    for (auto it = s.slots.begin(); it != s.slots.end(); ++it)
      if (it->second.used < oldest->second.used) oldest = it;
    s.bytes -= oldest->second.bytes;
    s.slots.erase(oldest);
  }
  s.bytes += size;
  s.slots[key] = {std::move(entry), size, ++s.clock};
}

void PreambleCache::insertShared(std::shared_ptr<const SharedPch> pch) {
  auto entry = std::make_shared<Entry>();
  std::string key = pch->key;
  entry->shared = std::move(pch);
  insert(key, std::move(entry));
}

void PreambleCache::limit(size_t maxBytes) {
  std::lock_guard lock(state_->mutex);
  if (maxBytes) state_->maxBytes = maxBytes;
}

size_t PreambleCache::bytes() const {
  std::lock_guard lock(state_->mutex);
  return state_->bytes;
}

size_t PreambleCache::size() const {
  std::lock_guard lock(state_->mutex);
  return state_->slots.size();
}

namespace {

// Where the preprocessor skipped code in the image, and which conditional branches
// rest on undefined macros.
class SkipRecorder : public clang::PPCallbacks {
public:
  SkipRecorder(clang::Preprocessor &pp, std::vector<LineRange> &skipped,
               std::vector<int> &undefined)
      : pp_(pp), sm_(pp.getSourceManager()), skipped_(skipped), undefined_(undefined) {}
  void SourceRangeSkipped(clang::SourceRange range, clang::SourceLocation) override {
    if (!inImage(range.getBegin())) return;
    skipped_.push_back({static_cast<int>(sm_.getSpellingLineNumber(range.getBegin())),
                        static_cast<int>(sm_.getSpellingLineNumber(range.getEnd()))});
  }
  void If(clang::SourceLocation loc, clang::SourceRange cond, ConditionValueKind) override {
    branch(loc, loc, conditionUndefined(cond));
  }
  void Elif(clang::SourceLocation loc, clang::SourceRange cond, ConditionValueKind value,
            clang::SourceLocation ifLoc) override {
    branch(loc, ifLoc, value != CVK_NotEvaluated && conditionUndefined(cond));
  }
  void Ifdef(clang::SourceLocation loc, const clang::Token &name,
             const clang::MacroDefinition &md) override {
    branch(loc, loc, !md && unknown(name.getIdentifierInfo()));
  }
  void Ifndef(clang::SourceLocation loc, const clang::Token &name,
              const clang::MacroDefinition &md) override {
    branch(loc, loc, !md && unknown(name.getIdentifierInfo()));
  }
  void Else(clang::SourceLocation loc, clang::SourceLocation ifLoc) override {
    branch(loc, ifLoc, false);
  }

private:
  // A region that a preamble opened is reported on the preamble's copy of the file.
  bool inImage(clang::SourceLocation loc) const {
    clang::FileID fid = sm_.getFileID(loc);
    return fid == sm_.getMainFileID() || (fid.isValid() && fid == sm_.getPreambleFileID());
  }
  bool unknown(const clang::IdentifierInfo *id) const {
    return id && !id->getName().empty() && id->getName()[0] != '_';
  }
  // Whether an #if expression names an identifier that is not a defined macro.
  bool conditionUndefined(clang::SourceRange cond) const {
    bool invalid = false;
    llvm::StringRef text = clang::Lexer::getSourceText(
        clang::CharSourceRange::getCharRange(cond), sm_, pp_.getLangOpts(), &invalid);
    if (invalid) return false;
    for (size_t i = 0; i < text.size();) {
      char c = text[i];
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_'))
        ++j;
      llvm::StringRef word = text.slice(i, j);
      i = j;
      if (std::isdigit(static_cast<unsigned char>(word[0])) || word == "defined" || word[0] == '_')
        continue;
      if (!pp_.isMacroDefined(word)) return true;
    }
    return false;
  }
  // A branch at `loc` of the group opened at `ifLoc`: undefined when any condition of
  // the group so far is.
  void branch(clang::SourceLocation loc, clang::SourceLocation ifLoc, bool own) {
    if (!inImage(loc)) return;
    bool &group = groups_[ifLoc.getRawEncoding()];
    group = group || own;
    if (group) undefined_.push_back(static_cast<int>(sm_.getSpellingLineNumber(loc)));
  }

  clang::Preprocessor &pp_;
  const clang::SourceManager &sm_;
  std::vector<LineRange> &skipped_;
  std::vector<int> &undefined_;
  std::map<unsigned, bool> groups_;
};

class PreambleHooks : public clang::PreambleCallbacks {
public:
  PreambleHooks(std::vector<LineRange> &skipped, std::vector<int> &undefined)
      : skipped_(skipped), undefined_(undefined) {}
  void BeforeExecute(clang::CompilerInstance &ci) override { ci_ = &ci; }
  std::unique_ptr<clang::PPCallbacks> createPPCallbacks() override {
    return std::make_unique<SkipRecorder>(ci_->getPreprocessor(), skipped_, undefined_);
  }

private:
  std::vector<LineRange> &skipped_;
  std::vector<int> &undefined_;
  clang::CompilerInstance *ci_ = nullptr;
};

// Turns the declarations written in the main file into DeclEntities.
class DeclExtractor {
public:
  DeclExtractor(const clang::SourceManager &sm, const clang::LangOptions &lang,
                std::vector<DeclEntity> &out)
      : sm_(sm), lang_(lang), out_(out) {
    main_ = sm.getMainFileID();
    buffer_ = sm.getBufferData(main_);
  }

  void visit(clang::Decl *d, int parent, clang::SourceLocation beginOverride = {}) {
    using namespace clang;
    if (!d || d->isImplicit()) return;
    if (auto *t = dyn_cast<FunctionTemplateDecl>(d))
      return visit(t->getTemplatedDecl(), parent, d->getBeginLoc());
    if (auto *t = dyn_cast<ClassTemplateDecl>(d))
      return visit(t->getTemplatedDecl(), parent, d->getBeginLoc());
    if (auto *ls = dyn_cast<LinkageSpecDecl>(d)) {
      for (Decl *c : ls->decls()) visit(c, parent);
      return;
    }
    if (isa<AccessSpecDecl, IndirectFieldDecl, ParmVarDecl>(d)) return;
    SourceLocation b = sm_.getExpansionLoc(beginOverride.isValid() ? beginOverride : d->getBeginLoc());
    if (b.isInvalid() || sm_.getFileID(b) != main_) return;
    SourceLocation e = sm_.getExpansionRange(d->getEndLoc()).getEnd();
    DeclEntity de;
    de.parent = parent;
    de.entity.beginLine = static_cast<int>(sm_.getExpansionLineNumber(b));
    de.entity.endLine = e.isValid() && sm_.getFileID(e) == main_
                            ? static_cast<int>(sm_.getExpansionLineNumber(e))
                            : de.entity.beginLine;
    Entity &en = de.entity;
    std::vector<Decl *> children;
    if (auto *ns = dyn_cast<NamespaceDecl>(d)) {
      en.kind = EntityKind::Namespace;
      en.name = ns->isAnonymousNamespace() ? "(anonymous)" : ns->getQualifiedNameAsString();
      children.assign(ns->decls_begin(), ns->decls_end());
    } else if (auto *fd = dyn_cast<FunctionDecl>(d)) {
      en.kind = EntityKind::Function;
      en.name = fd->getQualifiedNameAsString();
      de.hasBody = (fd->doesThisDeclarationHaveABody() && fd->getBody()) || fd->hasSkippedBody();
      en.detail = de.hasBody ? "definition" : "declaration";
      if (fd->getBody()) {
        de.signatureEnd = lineBefore(fd->getBody()->getBeginLoc(), en.beginLine);
      } else if (fd->hasSkippedBody()) {
        // The parser skipped the body: its braces come from the raw lexer.
        if (auto braces = bodyBraces(fd->getEndLoc())) {
          de.signatureEnd = lineBefore(braces->first, en.beginLine);
          en.endLine = std::max(en.endLine, lineAt(braces->second));
        }
      }
    } else if (auto *rd = dyn_cast<RecordDecl>(d)) {
      en.kind = EntityKind::Record;
      en.detail = rd->getKindName().str();
      if (!rd->getDeclName().isEmpty())
        en.name = rd->getQualifiedNameAsString();
      else if (auto *td = rd->getTypedefNameForAnonDecl())
        en.name = td->getQualifiedNameAsString();
      else
        en.name = "(anonymous)";
      if (rd->isThisDeclarationADefinition()) children.assign(rd->decls_begin(), rd->decls_end());
    } else if (auto *ed = dyn_cast<EnumDecl>(d)) {
      en.kind = EntityKind::Enum;
      en.detail = "enum";
      if (!ed->getDeclName().isEmpty())
        en.name = ed->getQualifiedNameAsString();
      else if (auto *td = ed->getTypedefNameForAnonDecl())
        en.name = td->getQualifiedNameAsString();
      else
        en.name = "(anonymous)";
      if (ed->isThisDeclarationADefinition()) children.assign(ed->decls_begin(), ed->decls_end());
    } else if (auto *f = dyn_cast<FieldDecl>(d)) {
      en.kind = EntityKind::Field;
      en.detail = "field";
      en.name = f->getDeclName().isEmpty() ? "(anonymous)" : f->getNameAsString();
    } else if (auto *ec = dyn_cast<EnumConstantDecl>(d)) {
      en.kind = EntityKind::Field;
      en.detail = "enumerator";
      en.name = ec->getNameAsString();
    } else if (auto *td = dyn_cast<TypedefNameDecl>(d)) {
      en.kind = EntityKind::Typedef;
      en.detail = isa<TypeAliasDecl>(td) ? "using" : "typedef";
      en.name = td->getQualifiedNameAsString();
    } else if (auto *vd = dyn_cast<VarDecl>(d)) {
      en.kind = EntityKind::Global;
      en.name = vd->getQualifiedNameAsString();
      en.detail = vd->getStorageClass() == SC_Static   ? "static"
                  : vd->getStorageClass() == SC_Extern ? "extern"
                                                       : "";
    } else {
      en.kind = EntityKind::TopLevel;
      en.name = d->getDeclKindName();
      en.detail = en.name;
    }
    out_.push_back(std::move(de));
    int self = static_cast<int>(out_.size() - 1);
    for (Decl *c : children) visit(c, self);
  }

private:
  // The line of the last non-blank character before `loc` (the signature's end when
  // `loc` is a body's opening brace), at least `floor`.
  int lineBefore(clang::SourceLocation loc, int floor) const {
    auto [fid, offset] = sm_.getDecomposedExpansionLoc(loc);
    if (fid != main_) return floor;
    return lineBefore(offset, floor);
  }
  int lineAt(unsigned offset) const { return static_cast<int>(sm_.getLineNumber(main_, offset)); }

  // Offsets of the `{` that opens a skipped body after `from` and of its `}`.
  std::optional<std::pair<unsigned, unsigned>> bodyBraces(clang::SourceLocation from) const {
    auto [fid, offset] = sm_.getDecomposedExpansionLoc(from);
    if (fid != main_ || offset >= buffer_.size()) return std::nullopt;
    clang::Lexer lexer(sm_.getLocForStartOfFile(main_), lang_, buffer_.begin(),
                       buffer_.begin() + offset, buffer_.end());
    clang::Token tok;
    int depth = 0;
    unsigned open = 0;
    for (;;) {
      lexer.LexFromRawLexer(tok);
      if (tok.is(clang::tok::eof)) return std::nullopt;
      unsigned at = sm_.getFileOffset(tok.getLocation());
      if (tok.is(clang::tok::l_brace) && depth++ == 0) open = at;
      if (tok.is(clang::tok::semi) && depth == 0) return std::nullopt;
      if (tok.is(clang::tok::r_brace) && depth > 0 && --depth == 0)
        return std::make_pair(open, at);
    }
  }

  int lineBefore(unsigned offset, int floor) const {
    size_t i = offset;
    while (i > 0 && (buffer_[i - 1] == ' ' || buffer_[i - 1] == '\t' || buffer_[i - 1] == '\n' ||
                     buffer_[i - 1] == '\r'))
      --i;
    if (i == 0) return floor;
    int line = static_cast<int>(sm_.getLineNumber(main_, static_cast<unsigned>(i - 1)));
    return std::max(line, floor);
  }

  const clang::SourceManager &sm_;
  const clang::LangOptions &lang_;
  std::vector<DeclEntity> &out_;
  clang::FileID main_;
  llvm::StringRef buffer_;
};

class Consumer : public clang::ASTConsumer {
public:
  Consumer(clang::CompilerInstance &ci, ParseOutput &out) : ci_(ci), out_(out) {}
  bool HandleTopLevelDecl(clang::DeclGroupRef group) override {
    for (clang::Decl *d : group) decls_.push_back(d);
    return true;
  }
  void HandleTranslationUnit(clang::ASTContext &) override {
    out_.parsed = true;
    DeclExtractor x(ci_.getSourceManager(), ci_.getLangOpts(), out_.decls);
    for (clang::Decl *d : decls_) x.visit(d, -1);
  }

private:
  clang::CompilerInstance &ci_;
  ParseOutput &out_;
  std::vector<clang::Decl *> decls_;
};

class Action : public clang::ASTFrontendAction {
public:
  // `firstInclude`: where to record what the main file's first #include finds, or null.
  Action(ParseOutput &out, std::string *firstInclude) : out_(out), firstInclude_(firstInclude) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &ci,
                                                        llvm::StringRef) override {
    ci.getPreprocessor().addPPCallbacks(std::make_unique<SkipRecorder>(
        ci.getPreprocessor(), out_.skipped, out_.undefinedConditions));
    if (firstInclude_)
      ci.getPreprocessor().addPPCallbacks(recordFirstInclude(ci.getPreprocessor(), *firstInclude_));
    return std::make_unique<Consumer>(ci, out_);
  }

private:
  ParseOutput &out_;
  std::string *firstInclude_;
};

// Drops the -W options clang does not know (GCC's -Wimplicit-fallthrough=2, -Wshadow=local).
// Clang ignores them after warning about each, and the warning searches every option
// it knows for the nearest name (a hundredth of a QEMU parse), to be silenced by -w.
void dropUnknownWarnings(std::vector<std::string> &warnings) {
  auto known = [](llvm::StringRef opt) {
    if (opt == "format=0") return true; // -Wno-format
    opt.consume_front("no-");
    if (opt == "system-headers" || opt == "everything") return true;
    for (llvm::StringRef special : {"error", "fatal-errors"})
      if (opt.startswith(special)) {
        if (opt.size() == special.size()) return true;
        if (opt[special.size()] != '=') return false;
        opt = opt.substr(special.size() + 1);
        if (opt.empty()) return true;
        break;
      }
    return clang::DiagnosticIDs::getGroupForWarningOption(opt).has_value();
  };
  warnings.erase(std::remove_if(warnings.begin(), warnings.end(),
                                [&](const std::string &w) { return !known(w); }),
                 warnings.end());
}

std::shared_ptr<clang::CompilerInvocation>
makeInvocation(const ImageJob &job, llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs) {
  std::vector<const char *> argv;
  for (const std::string &a : job.setup.args) argv.push_back(a.c_str());
  auto diagOpts = llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>();
  auto ignore = std::make_unique<clang::IgnoringDiagConsumer>();
  auto diags = clang::CompilerInstance::createDiagnostics(diagOpts.get(), ignore.get(), false);
  clang::CreateInvocationOptions opts;
  opts.Diags = diags;
  opts.VFS = fs;
  opts.RecoverOnError = true;
  std::unique_ptr<clang::CompilerInvocation> ci = clang::createInvocation(argv, opts);
  if (!ci) return nullptr;
  ci->getFrontendOpts().DisableFree = false;
  ci->getFrontendOpts().ProgramAction = clang::frontend::ParseSyntaxOnly;
  // Bodies are located by their braces; their statements are not needed.
  ci->getFrontendOpts().SkipFunctionBodies = job.skipBodies;
  dropUnknownWarnings(ci->getDiagnosticOpts().Warnings);
  ci->getDiagnosticOpts().ErrorLimit = 0;
  ci->getDiagnosticOpts().ShowColors = false;
  ci->getDiagnosticOpts().ShowCarets = false; // no "N errors generated" on stderr
  return std::shared_ptr<clang::CompilerInvocation>(std::move(ci));
}

} // namespace

bool samePreambleRegion(const std::string &a, const std::string &b, Language lang) {
  clang::LangOptions opts;
  opts.CPlusPlus = lang == Language::Cxx;
  opts.LineComment = true;
  auto bound = [&](const std::string &text) {
    return clang::ComputePreambleBounds(opts, llvm::MemoryBufferRef(text, "image"), 0).Size;
  };
  unsigned na = bound(a), nb = bound(b);
  return na > 0 && na == nb && a.compare(0, na, b, 0, nb) == 0;
}

namespace {

// An image ready for a frontend action: its file system (the disk confined to what the
// command searches, once the driver has found the system headers), its invocation.
struct Prepared {
  MountedTree mounted;
  std::shared_ptr<clang::CompilerInvocation> invocation;
  std::shared_ptr<clang::PCHContainerOperations> pchOps =
      std::make_shared<clang::PCHContainerOperations>();
  std::unique_ptr<llvm::MemoryBuffer> mainBuffer;
  clang::PreambleBounds bounds{0, false};
  std::string key; // of its preamble in a PreambleCache
};

std::optional<Prepared> prepare(const ImageJob &job, std::string &problem) {
  Prepared p;
  p.mounted = makeTreeFileSystem(job.tree, job.root, job.extra, job.diskEpoch);
  p.mounted.fs->setCurrentWorkingDirectory(job.setup.directory);
  p.invocation = makeInvocation(job, p.mounted.fs);
  if (!p.invocation || p.invocation->getFrontendOpts().Inputs.empty()) {
    problem = "compile flags could not be turned into a compiler invocation (" +
              job.setup.source + ")";
    return std::nullopt;
  }
  confineToInvocation(*p.mounted.disk, *p.invocation, job.setup.directory);
  p.mainBuffer = llvm::MemoryBuffer::getMemBufferCopy(job.contents, job.mainPath);
  p.bounds = clang::ComputePreambleBounds(*p.invocation->getLangOpts(),
                                          p.mainBuffer->getMemBufferRef(), 0);
  // The same file parsed with the same command in the same directory, opening with the
  // same include block (a file's two images may differ there: each keeps its own).
  p.key = job.setup.directory;
  for (const std::string &a : job.setup.args) p.key += '\0' + a;
  p.key += '\0' + std::to_string(std::hash<std::string_view>{}(
                       std::string_view(job.contents).substr(0, p.bounds.Size)));
  return p;
}

// The cache's preamble for the image when every file it read is the same here.
std::shared_ptr<const PreambleCache::Entry> reusable(PreambleCache *cache, const Prepared &p) {
  if (!cache || p.bounds.Size == 0) return nullptr;
  std::shared_ptr<const PreambleCache::Entry> entry = cache->find(p.key);
  if (entry && !entry->pch->CanReuse(*p.invocation, p.mainBuffer->getMemBufferRef(), p.bounds,
                                     *p.mounted.fs))
    return nullptr;
  return entry;
}

// Builds the image's preamble into the cache; null when it cannot be built.
std::shared_ptr<const PreambleCache::Entry> buildPreamble(PreambleCache &cache, Prepared &p) {
  if (p.bounds.Size == 0) return nullptr;
  auto entry = std::make_shared<PreambleCache::Entry>();
  auto diagOpts = llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>();
  Collector pchDiags;
  auto diags = clang::CompilerInstance::createDiagnostics(diagOpts.get(), &pchDiags, false);
  diags->setFatalsAsError(true);
  PreambleHooks hooks(entry->skipped, entry->undefinedConditions);
  auto built = clang::PrecompiledPreamble::Build(*p.invocation, p.mainBuffer.get(), p.bounds,
                                                 *diags, p.mounted.fs, p.pchOps,
                                                 /*StoreInMemory=*/true, hooks);
  if (!built || pchDiags.mainInPreamble) return nullptr;
  entry->pch.emplace(std::move(*built));
  entry->diags = pchDiags;
  entry->refusals = p.mounted.disk->refusals();
  cache.insert(p.key, entry);
  return entry;
}

// The cache's shared first include for the image, built first when none fits (and
// kept, also when the header cannot be shared); null when it cannot serve the image.
std::shared_ptr<const SharedPch> sharedFor(const ImageJob &job, PreambleCache &cache,
                                           const Prepared &image, bool &built) {
  ImageJob buildJob = sharedPchJob(job);
  std::string key = sharedPchKey(buildJob);
  std::shared_ptr<const PreambleCache::Entry> entry = cache.find(key);
  if (entry && !entry->shared->bytes.empty() && !sharedPchFits(*entry->shared, *image.mounted.fs))
    entry = nullptr; // a header it read differs here: built again for this tree
  if (!entry) {
    std::string problem;
    std::optional<Prepared> p = prepare(buildJob, problem);
    if (!p) return nullptr;
    std::shared_ptr<SharedPch> pch =
        compileSharedPch(p->invocation, p->mounted.fs, p->pchOps, job.sharedInclude);
    pch->key = key;
    // A refused read would not be reported by the parses on it.
    if (!p->mounted.disk->refusals().empty()) pch->bytes.clear();
    auto fresh = std::make_shared<PreambleCache::Entry>();
    fresh->shared = std::move(pch);
    cache.insert(key, fresh);
    entry = fresh;
    built = !entry->shared->bytes.empty();
  }
  if (entry->shared->bytes.empty()) return nullptr;
  return entry->shared;
}

// Runs `action` on the image, on `preamble` or `shared` when there is one.
ActionRun execute(const ImageJob &job, Prepared &p,
                  const std::shared_ptr<const PreambleCache::Entry> &preamble,
                  clang::FrontendAction &action, const SharedPch *shared = nullptr) {
  ActionRun run;
  if (preamble) { // it overlays the file system with the preamble
    preamble->pch->AddImplicitPreamble(*p.invocation, p.mounted.fs, p.mainBuffer.get());
    run.usedPreamble = true;
  }
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs = p.mounted.fs;
  if (shared) {
    fs = useSharedPch(*shared, job, *p.invocation, fs);
    run.usedShared = true;
  }
  // The compiler owns the main buffer (AddImplicitPreamble has remapped it already).
  p.invocation->getPreprocessorOpts().RetainRemappedFileBuffers = false;
  if (preamble)
    p.mainBuffer.release();
  else
    p.invocation->getPreprocessorOpts().addRemappedFile(job.mainPath, p.mainBuffer.release());

  Collector collector;
  clang::CompilerInstance compiler(p.pchOps);
  compiler.setInvocation(p.invocation);
  compiler.createDiagnostics(&collector, /*ShouldOwnClient=*/false);
  compiler.getDiagnostics().setFatalsAsError(true);
  compiler.createFileManager(fs);
  run.ran = true;
  compiler.ExecuteAction(action); // false whenever the code has errors: not a failure here
  std::vector<std::string> refusals = p.mounted.disk->refusals();
  if (preamble) {
    collector.merge(preamble->diags);
    refusals.insert(refusals.begin(), preamble->refusals.begin(), preamble->refusals.end());
  }
  std::set<std::string> seen;
  for (const std::string &r : refusals)
    if (seen.insert(r).second) run.problems.push_back("refused to read " + r);
  collector.appendProblems(run.problems);
  run.errors = collector.errors + static_cast<int>(collector.missing.size());
  return run;
}

} // namespace

ParseOutput parseImage(const ImageJob &job, PreambleCache *cache, bool build) {
  ParseOutput out;
  std::string problem;
  std::optional<Prepared> p = prepare(job, problem);
  if (!p) {
    out.problems.push_back(problem);
    return out;
  }
  std::shared_ptr<const PreambleCache::Entry> preamble = reusable(cache, *p);
  // The shared first include serves where the file has no preamble of its own yet: it
  // costs one compile for all the files with the same flags, a preamble one per file.
  std::shared_ptr<const SharedPch> shared;
  bool builtShared = false;
  if (!preamble && cache && !job.sharedInclude.empty())
    shared = sharedFor(job, *cache, *p, builtShared);
  if (!preamble && !shared && cache && build) {
    preamble = buildPreamble(*cache, *p);
    out.builtPreamble = preamble != nullptr;
  }
  if (preamble) {
    out.skipped = preamble->skipped;
    out.undefinedConditions = preamble->undefinedConditions;
  }
  std::string firstInclude;
  bool checkFirst = shared && !job.sharedForced;
  Action action(out, checkFirst ? &firstInclude : nullptr);
  ActionRun run = execute(job, *p, preamble, action, shared.get());
  if (checkFirst) {
    llvm::SmallString<256> found(firstInclude);
    if (!found.empty() && !llvm::sys::path::is_absolute(found)) {
      found = job.setup.directory;
      llvm::sys::path::append(found, firstInclude);
    }
    llvm::sys::path::remove_dots(found, true);
    if (found != shared->header) {
      // The image's first #include found another file: its parse on the shared header
      // is not the image's. Parsed again without it.
      ImageJob alone = job;
      alone.sharedInclude.clear();
      ParseOutput again = parseImage(alone, cache, build);
      again.builtShared = builtShared;
      if (builtShared) again.sharedBuilt = shared;
      return again;
    }
  }
  out.usedPreamble = run.usedPreamble;
  out.usedShared = run.usedShared;
  out.builtShared = builtShared;
  if (builtShared) out.sharedBuilt = shared;
  out.problems = std::move(run.problems);
  if (!out.parsed) out.problems.push_back("the compiler did not run");
  return out;
}

ActionRun runOnImage(const ImageJob &job, PreambleCache *cache, bool build,
                     clang::FrontendAction &action,
                     const std::function<void(clang::CompilerInvocation &)> &adjust) {
  std::string problem;
  std::optional<Prepared> p = prepare(job, problem);
  if (!p) {
    ActionRun run;
    run.problems.push_back(problem);
    return run;
  }
  // The preamble is built before `adjust`: it is the parse's, which others share.
  std::shared_ptr<const PreambleCache::Entry> preamble = reusable(cache, *p);
  if (!preamble && cache && build) preamble = buildPreamble(*cache, *p);
  if (adjust) adjust(*p->invocation);
  return execute(job, *p, preamble, action);
}

} // namespace provcheck::clangmap
