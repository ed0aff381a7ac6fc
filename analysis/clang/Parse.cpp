// Parsing one image with a CompilerInstance on the tree's virtual file system, with an
// optional precompiled preamble shared by the two images of a file (as clangd does).
#include "analysis/clang/Parse.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
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

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>

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
      missing.push_back(std::string(msg));
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
  // Adds the diagnostics of another run (a preamble's, to the parse that used it).
  void merge(const Collector &other) {
    for (const std::string &m : other.missing)
      if (std::find(missing.begin(), missing.end(), m) == missing.end()) missing.push_back(m);
    if (other.errors > 0) firstError = other.firstError; // the preamble comes first
    errors += other.errors;
  }
  void appendProblems(std::vector<std::string> &out) const {
    for (const std::string &m : missing) out.push_back("missing header: " + m);
    if (errors > 0)
      out.push_back(std::to_string(errors) + " parse error" + (errors > 1 ? "s" : "") +
                    ", first: " + firstError);
  }

  std::vector<std::string> missing;
  int errors = 0;
  std::string firstError;
  bool mainInPreamble = false;
};

class PreambleSlot {
public:
  std::optional<clang::PrecompiledPreamble> pch;
  std::string mainPath;
  std::vector<std::string> args;  // the command it was built with
  std::vector<LineRange> skipped; // skipped regions inside the preamble
  std::vector<int> undefinedConditions;
  Collector diags;                // diagnostics of the preamble's headers
};

void PreambleSlotDeleter::operator()(PreambleSlot *p) const { delete p; }
PreambleSlotPtr makePreambleSlot() { return PreambleSlotPtr(new PreambleSlot); }

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
  explicit Action(ParseOutput &out) : out_(out) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &ci,
                                                        llvm::StringRef) override {
    ci.getPreprocessor().addPPCallbacks(std::make_unique<SkipRecorder>(
        ci.getPreprocessor(), out_.skipped, out_.undefinedConditions));
    return std::make_unique<Consumer>(ci, out_);
  }

private:
  ParseOutput &out_;
};

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

// The part of a run shared by every action: on the slot's preamble when it fits, else
// on the whole image; the diagnostics as problems.
ActionRun execute(const ImageJob &job, PreambleSlot *slot,
                  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs,
                  std::shared_ptr<clang::CompilerInvocation> invocation,
                  std::shared_ptr<clang::PCHContainerOperations> pchOps,
                  std::unique_ptr<llvm::MemoryBuffer> mainBuffer, clang::FrontendAction &action) {
  ActionRun run;
  if (slot && slot->pch && slot->mainPath == job.mainPath && slot->args == job.setup.args) {
    clang::PreambleBounds bounds = clang::ComputePreambleBounds(
        *invocation->getLangOpts(), mainBuffer->getMemBufferRef(), 0);
    if (slot->pch->CanReuse(*invocation, mainBuffer->getMemBufferRef(), bounds, *fs)) {
      slot->pch->AddImplicitPreamble(*invocation, fs, mainBuffer.get());
      run.usedPreamble = true;
    }
  }
  // The compiler owns the main buffer (AddImplicitPreamble has remapped it already).
  invocation->getPreprocessorOpts().RetainRemappedFileBuffers = false;
  if (run.usedPreamble)
    mainBuffer.release();
  else
    invocation->getPreprocessorOpts().addRemappedFile(job.mainPath, mainBuffer.release());

  Collector collector;
  clang::CompilerInstance compiler(pchOps);
  compiler.setInvocation(invocation);
  compiler.createDiagnostics(&collector, /*ShouldOwnClient=*/false);
  compiler.getDiagnostics().setFatalsAsError(true);
  compiler.createFileManager(fs);
  run.ran = true;
  compiler.ExecuteAction(action); // false whenever the code has errors: not a failure here
  if (run.usedPreamble) collector.merge(slot->diags);
  collector.appendProblems(run.problems);
  run.errors = collector.errors + static_cast<int>(collector.missing.size());
  return run;
}

std::string invocationProblem(const ImageJob &job) {
  return "compile flags could not be turned into a compiler invocation (" + job.setup.source + ")";
}

} // namespace

ParseOutput parseImage(const ImageJob &job, PreambleSlot *slot, bool build) {
  ParseOutput out;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs =
      makeTreeFileSystem(job.tree, job.root, job.extra);
  fs->setCurrentWorkingDirectory(job.setup.directory);
  auto invocation = makeInvocation(job, fs);
  if (!invocation || invocation->getFrontendOpts().Inputs.empty()) {
    out.problems.push_back(invocationProblem(job));
    return out;
  }
  auto pchOps = std::make_shared<clang::PCHContainerOperations>();
  auto mainBuffer = llvm::MemoryBuffer::getMemBufferCopy(job.contents, job.mainPath);

  if (slot && build) {
    clang::PreambleBounds bounds = clang::ComputePreambleBounds(
        *invocation->getLangOpts(), mainBuffer->getMemBufferRef(), 0);
    if (bounds.Size > 0) {
      auto diagOpts = llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>();
      Collector pchDiags;
      auto diags = clang::CompilerInstance::createDiagnostics(diagOpts.get(), &pchDiags, false);
      diags->setFatalsAsError(true);
      slot->skipped.clear();
      slot->undefinedConditions.clear();
      PreambleHooks hooks(slot->skipped, slot->undefinedConditions);
      auto built = clang::PrecompiledPreamble::Build(*invocation, mainBuffer.get(), bounds, *diags,
                                                     fs, pchOps, /*StoreInMemory=*/true, hooks);
      if (built && !pchDiags.mainInPreamble) {
        slot->pch.emplace(std::move(*built));
        slot->mainPath = job.mainPath;
        slot->args = job.setup.args;
        slot->diags = pchDiags;
      }
    }
  }

  Action action(out);
  ActionRun run = execute(job, slot, fs, invocation, pchOps, std::move(mainBuffer), action);
  out.usedPreamble = run.usedPreamble;
  if (run.usedPreamble) {
    out.skipped.insert(out.skipped.begin(), slot->skipped.begin(), slot->skipped.end());
    out.undefinedConditions.insert(out.undefinedConditions.begin(),
                                   slot->undefinedConditions.begin(),
                                   slot->undefinedConditions.end());
  }
  out.problems = std::move(run.problems);
  if (!out.parsed) out.problems.push_back("the compiler did not run");
  return out;
}

ActionRun runOnImage(const ImageJob &job, PreambleSlot *slot, clang::FrontendAction &action,
                     const std::function<void(clang::CompilerInvocation &)> &adjust) {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs =
      makeTreeFileSystem(job.tree, job.root, job.extra);
  fs->setCurrentWorkingDirectory(job.setup.directory);
  auto invocation = makeInvocation(job, fs);
  if (!invocation || invocation->getFrontendOpts().Inputs.empty()) {
    ActionRun run;
    run.problems.push_back(invocationProblem(job));
    return run;
  }
  if (adjust) adjust(*invocation);
  return execute(job, slot, fs, invocation, std::make_shared<clang::PCHContainerOperations>(),
                 llvm::MemoryBuffer::getMemBufferCopy(job.contents, job.mainPath), action);
}

} // namespace provcheck::clangmap
