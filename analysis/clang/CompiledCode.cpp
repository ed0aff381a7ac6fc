#include "analysis/clang/CompiledCode.h"

#include "analysis/Tokens.h"
#include "analysis/clang/IrCanon.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/GlobalDecl.h>
#include <clang/Basic/CodeGenOptions.h>
#include <clang/CodeGen/ModuleBuilder.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/CompilerInvocation.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/PPCallbacks.h>
#include <clang/Lex/Preprocessor.h>
#include <clang/Lex/PreprocessorOptions.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Utils/Mem2Reg.h>

#include <algorithm>
#include <map>

namespace provcheck::clangmap {
namespace {

struct Recorded {
  const clang::NamedDecl *decl;
  bool function;
  int begin, end;
};

clang::GlobalDecl globalDecl(const clang::NamedDecl *d) {
  if (auto *ctor = llvm::dyn_cast<clang::CXXConstructorDecl>(d))
    return clang::GlobalDecl(ctor, clang::Ctor_Complete);
  if (auto *dtor = llvm::dyn_cast<clang::CXXDestructorDecl>(d))
    return clang::GlobalDecl(dtor, clang::Dtor_Complete);
  if (auto *fd = llvm::dyn_cast<clang::FunctionDecl>(d)) return clang::GlobalDecl(fd);
  return clang::GlobalDecl(llvm::cast<clang::VarDecl>(d));
}

class MainFileSkips : public clang::PPCallbacks {
public:
  MainFileSkips(const clang::SourceManager &sm, std::vector<std::pair<int, int>> &out)
      : sm_(sm), out_(out) {}
  void SourceRangeSkipped(clang::SourceRange range, clang::SourceLocation) override {
    if (sm_.getFileID(range.getBegin()) != sm_.getMainFileID()) return;
    out_.emplace_back(static_cast<int>(sm_.getSpellingLineNumber(range.getBegin())),
                      static_cast<int>(sm_.getSpellingLineNumber(range.getEnd())));
  }

private:
  const clang::SourceManager &sm_;
  std::vector<std::pair<int, int>> &out_;
};

// CodeGen behind a consumer that compiles the chosen bodies only and records the
// definitions of the main file it is asked about.
class SelectiveCodeGen : public clang::ASTConsumer {
public:
  SelectiveCodeGen(clang::CompilerInstance &ci, llvm::LLVMContext &context,
                   const std::set<int> &bodies, const std::vector<std::pair<int, int>> &ranges,
                   std::vector<Recorded> &recorded)
      : sm_(ci.getSourceManager()), diags_(ci.getDiagnostics()), bodies_(bodies), ranges_(ranges),
        recorded_(recorded),
        gen_(clang::CreateLLVMCodeGen(ci.getDiagnostics(), "image", &ci.getVirtualFileSystem(),
                                      ci.getHeaderSearchOpts(), ci.getPreprocessorOpts(),
                                      ci.getCodeGenOpts(), context)) {}

  clang::CodeGenerator &generator() { return *gen_; }

  void Initialize(clang::ASTContext &c) override { gen_->Initialize(c); }
  bool HandleTopLevelDecl(clang::DeclGroupRef group) override {
    for (clang::Decl *d : group) record(d);
    return gen_->HandleTopLevelDecl(group);
  }
  void HandleInlineFunctionDefinition(clang::FunctionDecl *d) override {
    gen_->HandleInlineFunctionDefinition(d);
  }
  void HandleInterestingDecl(clang::DeclGroupRef d) override { gen_->HandleInterestingDecl(d); }
  void HandleTranslationUnit(clang::ASTContext &c) override {
    // The recorded definitions are compiled even when nothing compiled refers to them
    // (a static function whose callers' bodies were skipped): a reference does it.
    if (!diags_.hasErrorOccurred())
      for (const Recorded &r : recorded_) gen_->GetAddrOfGlobal(globalDecl(r.decl), false);
    gen_->HandleTranslationUnit(c);
  }
  void HandleTagDeclDefinition(clang::TagDecl *d) override { gen_->HandleTagDeclDefinition(d); }
  void HandleTagDeclRequiredDefinition(const clang::TagDecl *d) override {
    gen_->HandleTagDeclRequiredDefinition(d);
  }
  void HandleCXXImplicitFunctionInstantiation(clang::FunctionDecl *d) override {
    gen_->HandleCXXImplicitFunctionInstantiation(d);
  }
  void HandleTopLevelDeclInObjCContainer(clang::DeclGroupRef d) override {
    gen_->HandleTopLevelDeclInObjCContainer(d);
  }
  void HandleImplicitImportDecl(clang::ImportDecl *d) override { gen_->HandleImplicitImportDecl(d); }
  void CompleteTentativeDefinition(clang::VarDecl *d) override { gen_->CompleteTentativeDefinition(d); }
  void CompleteExternalDeclaration(clang::VarDecl *d) override { gen_->CompleteExternalDeclaration(d); }
  void AssignInheritanceModel(clang::CXXRecordDecl *d) override { gen_->AssignInheritanceModel(d); }
  void HandleCXXStaticMemberVarInstantiation(clang::VarDecl *d) override {
    gen_->HandleCXXStaticMemberVarInstantiation(d);
  }
  void HandleVTable(clang::CXXRecordDecl *d) override { gen_->HandleVTable(d); }
  clang::ASTMutationListener *GetASTMutationListener() override {
    return gen_->GetASTMutationListener();
  }
  clang::ASTDeserializationListener *GetASTDeserializationListener() override {
    return gen_->GetASTDeserializationListener();
  }

  // The bodies asked for are compiled; the others are skipped.
  bool shouldSkipFunctionBody(clang::Decl *d) override {
    auto [main, line] = where(d);
    return !(main && bodies_.count(line));
  }

private:
  std::pair<bool, int> where(const clang::Decl *d) const {
    clang::SourceLocation b = sm_.getExpansionLoc(d->getBeginLoc());
    if (b.isInvalid() || sm_.getFileID(b) != sm_.getMainFileID()) return {false, 0};
    return {true, static_cast<int>(sm_.getExpansionLineNumber(b))};
  }
  int endLine(const clang::Decl *d) const {
    clang::SourceLocation e = sm_.getExpansionRange(d->getEndLoc()).getEnd();
    return e.isValid() ? static_cast<int>(sm_.getExpansionLineNumber(e)) : 0;
  }

  void record(clang::Decl *d) {
    if (auto *ls = llvm::dyn_cast<clang::LinkageSpecDecl>(d)) {
      for (clang::Decl *c : ls->decls()) record(c);
      return;
    }
    if (auto *ns = llvm::dyn_cast<clang::NamespaceDecl>(d)) {
      for (clang::Decl *c : ns->decls()) record(c);
      return;
    }
    auto [main, line] = where(d);
    if (!main) return;
    if (auto *fd = llvm::dyn_cast<clang::FunctionDecl>(d)) {
      if (fd->doesThisDeclarationHaveABody() && !fd->hasSkippedBody() && bodies_.count(line) &&
          !fd->isDependentContext())
        recorded_.push_back({fd, true, line, std::max(line, endLine(fd))});
      return;
    }
    auto *vd = llvm::dyn_cast<clang::VarDecl>(d);
    if (!vd || !vd->hasGlobalStorage() || vd->isStaticLocal() || !vd->hasInit() ||
        vd->isThisDeclarationADefinition() != clang::VarDecl::Definition)
      return;
    int end = std::max(line, endLine(vd));
    for (auto [first, last] : ranges_)
      if (line <= last && end >= first) {
        recorded_.push_back({vd, false, line, end});
        return;
      }
  }

  const clang::SourceManager &sm_;
  clang::DiagnosticsEngine &diags_;
  const std::set<int> &bodies_;
  const std::vector<std::pair<int, int>> &ranges_;
  std::vector<Recorded> &recorded_;
  std::unique_ptr<clang::CodeGenerator> gen_;
};

class CodeGenAction : public clang::ASTFrontendAction {
public:
  CodeGenAction(llvm::LLVMContext &context, const std::set<int> &bodies,
                const std::vector<std::pair<int, int>> &ranges, std::vector<Recorded> &recorded,
                std::vector<std::pair<int, int>> &skipped)
      : context_(context), bodies_(bodies), ranges_(ranges), recorded_(recorded),
        skipped_(skipped) {}

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &ci,
                                                        llvm::StringRef) override {
    ci.getPreprocessor().addPPCallbacks(
        std::make_unique<MainFileSkips>(ci.getSourceManager(), skipped_));
    auto consumer = std::make_unique<SelectiveCodeGen>(ci, context_, bodies_, ranges_, recorded_);
    consumer_ = consumer.get();
    return consumer;
  }

  // The module, once the action has run (owned by the consumer: valid while the
  // compiler instance lives, so it is taken out in EndSourceFileAction).
  std::unique_ptr<llvm::Module> module;

  void EndSourceFileAction() override {
    if (consumer_) module.reset(consumer_->generator().ReleaseModule());
    if (consumer_ && module) {
      // Record the mangled names while the AST is alive.
      for (const Recorded &r : recorded_) names.push_back(mangled(r));
    }
  }

  std::vector<std::string> names; // parallel to recorded

private:
  std::string mangled(const Recorded &r) {
    return consumer_->generator().GetMangledName(globalDecl(r.decl)).str();
  }

  llvm::LLVMContext &context_;
  const std::set<int> &bodies_;
  const std::vector<std::pair<int, int>> &ranges_;
  std::vector<Recorded> &recorded_;
  std::vector<std::pair<int, int>> &skipped_;
  SelectiveCodeGen *consumer_ = nullptr;
};

// Locals into registers, common subexpressions merged: the same computation kept in a
// local or not, computed once or twice, reads the same.
void canonicalize(llvm::Module &m) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb;
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::FunctionPassManager fpm;
  fpm.addPass(llvm::PromotePass());
  fpm.addPass(llvm::EarlyCSEPass(/*UseMemorySSA=*/false));
  for (llvm::Function &f : m)
    if (!f.isDeclaration()) fpm.run(f, fam);
}

} // namespace

CompiledImage compileImage(const ImageJob &job, PreambleCache *cache, const std::set<int> &bodies,
                           const std::vector<std::pair<int, int>> &ranges) {
  CompiledImage out;
  llvm::LLVMContext context;
  std::vector<Recorded> recorded;
  CodeGenAction action(context, bodies, ranges, recorded, out.skipped);
  ActionRun run = runOnImage(job, cache, /*build=*/true, action, [](clang::CompilerInvocation &inv) {
    inv.getFrontendOpts().SkipFunctionBodies = true; // the consumer chooses which
    clang::CodeGenOptions &cg = inv.getCodeGenOpts();
    cg.OptimizationLevel = 0;
    cg.setDebugInfo(clang::codegenoptions::NoDebugInfo);
    cg.DisableO0ImplyOptNone = true;
    inv.getPreprocessorOpts().addMacroDef("__LINE__=0");
  });
  if (!run.ran || run.errors > 0 || !action.module) {
    out.problem = run.problems.empty() ? "the compiler did not run" : run.problems.front();
    return out;
  }
  canonicalize(*action.module);
  out.compiled = true;
  for (size_t i = 0; i < recorded.size() && i < action.names.size(); ++i) {
    const Recorded &r = recorded[i];
    CompiledSymbol s;
    s.name = action.names[i];
    s.function = r.function;
    s.beginLine = r.begin;
    s.endLine = r.end;
    if (r.function) {
      if (const llvm::Function *f = action.module->getFunction(s.name); f && !f->isDeclaration()) {
        CanonicalText t = canonicalFunction(*f);
        s.emitted = true;
        s.code = std::move(t.code);
        s.unsupported = std::move(t.unsupported);
      }
    } else if (const llvm::GlobalVariable *v = action.module->getGlobalVariable(s.name, true);
               v && v->hasInitializer()) {
      CanonicalText t = canonicalVariable(*v);
      s.emitted = true;
      s.code = std::move(t.code);
      s.unsupported = std::move(t.unsupported);
    }
    out.symbols.push_back(std::move(s));
  }
  return out;
}

namespace {

using Range = std::pair<int, int>;

// The lines of each hunk on one side, context included; a side without lines is the
// point where the other side's lines go.
std::vector<Range> hunkRanges(const FileChange &file, bool old) {
  std::vector<Range> out;
  for (const Hunk &h : file.hunks) {
    int start = old ? h.oldStart : h.newStart, count = old ? h.oldLines : h.newLines;
    out.push_back(count > 0 ? Range{start, start + count - 1} : Range{start, start + 1});
  }
  return out;
}

// The line of the other image holding the same line as `line` of this one (unchanged
// or context), or 0 when the patch changes it.
int otherSide(const FileChange &file, int line, bool fromOld) {
  int delta = 0;
  for (const Hunk &h : file.hunks) {
    int start = fromOld ? h.oldStart : h.newStart, count = fromOld ? h.oldLines : h.newLines;
    if (line < start) break;
    if (line < start + count) {
      for (const DiffLine &l : h.lines)
        if (l.kind == LineKind::Context && (fromOld ? l.oldLine : l.newLine) == line)
          return fromOld ? l.newLine : l.oldLine;
      return 0;
    }
    delta += fromOld ? h.newLines - h.oldLines : h.oldLines - h.newLines;
  }
  return line + delta;
}

std::set<int> bodiesMeeting(const ParseOutput &parse, const std::vector<Range> &ranges) {
  std::set<int> out;
  for (const DeclEntity &d : parse.decls) {
    if (d.entity.kind != EntityKind::Function || !d.hasBody) continue;
    for (auto [first, last] : ranges)
      if (d.entity.beginLine <= last && d.entity.endLine >= first) out.insert(d.entity.beginLine);
  }
  return out;
}

void addOnce(std::vector<std::string> &list, const std::string &s) {
  if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

// Per hunk, the compiled symbols its changed code lines lie in.
std::vector<HunkCover> covers(const FileChange &file, const std::string &oldText,
                              const std::string &newText, const CompiledFile &cf) {
  Language lang = languageOf(file.path());
  std::map<int, std::vector<const Token *>> oldCode, newCode;
  TokenStream oldTokens = lexTokens(oldText, lang), newTokens = lexTokens(newText, lang);
  for (const Token &t : oldTokens.code) oldCode[t.line].push_back(&t);
  for (const Token &t : newTokens.code) newCode[t.line].push_back(&t);
  std::vector<HunkCover> out(file.hunks.size());
  for (size_t h = 0; h < file.hunks.size(); ++h) {
    HunkCover &cover = out[h];
    for (const DiffLine &l : file.hunks[h].lines) {
      if (l.kind == LineKind::Context) continue;
      bool old = l.kind == LineKind::Removed;
      int line = old ? l.oldLine : l.newLine;
      const auto &code = old ? oldCode : newCode;
      auto tokens = code.find(line);
      if (tokens == code.end() || tokens->second.empty()) continue; // blank or comment only
      const char *image = old ? "pre-image" : "post-image";
      std::string where = "line " + std::to_string(line) + " of the " + image;
      if (tokens->second.front()->kind == TokenKind::Hash) {
        if (cover.outside.empty()) cover.outside = where + " is a preprocessor directive";
        continue;
      }
      const CompiledImage &img = old ? cf.oldImage : cf.newImage;
      bool skipped = std::any_of(img.skipped.begin(), img.skipped.end(),
                                 [&](const Range &r) { return line >= r.first && line <= r.second; });
      if (skipped) {
        if (cover.outside.empty()) cover.outside = where + " is in code the preprocessor leaves out";
        continue;
      }
      const CompiledSymbol *in = nullptr;
      for (const CompiledSymbol &s : img.symbols)
        if (line >= s.beginLine && line <= s.endLine) in = &s;
      if (!in) {
        if (cover.outside.empty())
          cover.outside = where + " lies outside the compiled functions and variables";
        continue;
      }
      addOnce(old ? cover.oldSymbols : cover.newSymbols, in->name);
    }
  }
  return out;
}

} // namespace

CompiledFile compileChangedFunctions(const FileChange &file, const ImageJob &oldJob,
                                     const ImageJob &newJob, const ParseOutput *oldParse,
                                     const ParseOutput *newParse, PreambleCache *cache) {
  CompiledFile cf;
  std::vector<Range> oldRanges = hunkRanges(file, true), newRanges = hunkRanges(file, false);
  std::set<int> oldBodies, newBodies;
  if (oldParse) oldBodies = bodiesMeeting(*oldParse, oldRanges);
  if (newParse) newBodies = bodiesMeeting(*newParse, newRanges);
  if (!oldParse)
    for (int line : newBodies)
      if (int o = otherSide(file, line, false)) oldBodies.insert(o);
  if (!newParse)
    for (int line : oldBodies)
      if (int n = otherSide(file, line, true)) newBodies.insert(n);
  cf.newImage = compileImage(newJob, cache, newBodies, newRanges);
  cf.oldImage = compileImage(oldJob, cache, oldBodies, oldRanges);
  cf.hunks = covers(file, oldJob.contents, newJob.contents, cf);
  return cf;
}

} // namespace provcheck::clangmap
