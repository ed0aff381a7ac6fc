// Compiling, checking and using the shared precompiled first include.
#include "analysis/clang/SharedPreamble.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/Basic/FileManager.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/CompilerInvocation.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/HeaderSearch.h>
#include <clang/Lex/PPCallbacks.h>
#include <clang/Lex/Preprocessor.h>
#include <clang/Lex/PreprocessorOptions.h>
#include <clang/Serialization/ASTWriter.h>
#include <llvm/Support/Chrono.h>
#include <llvm/Support/MemoryBuffer.h>

#include <algorithm>

namespace provcheck::clangmap {

namespace {

std::string sharedHeaderText(const std::string &header) {
  return "#include \"" + header + "\"\n";
}

} // namespace

ImageJob sharedPchJob(const ImageJob &job) {
  ImageJob out;
  out.tree = job.tree;
  out.root = job.root;
  out.extra = job.extra;
  out.setup.directory = job.setup.directory;
  out.setup.source = job.setup.source;
  out.skipBodies = job.skipBodies;
  out.diskEpoch = job.diskEpoch;
  const std::vector<std::string> &args = job.setup.args;
  bool cxx = languageOf(job.mainPath) == Language::Cxx;
  // The flags without the image, its forced includes and its language.
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "-include" || args[i] == "-x") {
      if (args[i] == "-x" && i + 1 < args.size() - 1) cxx = args[i + 1].rfind("c++", 0) == 0;
      ++i;
      continue;
    }
    out.setup.args.push_back(args[i]);
  }
  for (const char *a : {"-x", cxx ? "c++-header" : "c-header", kSharedHeaderPath})
    out.setup.args.push_back(a);
  out.mainPath = kSharedHeaderPath;
  out.contents = sharedHeaderText(job.sharedInclude);
  out.extra[kSharedHeaderPath] = out.contents;
  out.sharedInclude = job.sharedInclude;
  return out;
}

std::string sharedPchKey(const ImageJob &buildJob) {
  std::string key = "shared first include";
  key += '\0' + buildJob.setup.directory;
  for (const std::string &a : buildJob.setup.args) key += '\0' + a;
  key += '\0' + buildJob.sharedInclude;
  return key;
}

namespace {

// Keeps the compiled header in memory instead of writing a file.
class Compile : public clang::ASTFrontendAction {
public:
  explicit Compile(std::shared_ptr<clang::PCHBuffer> buffer) : buffer_(std::move(buffer)) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &ci,
                                                        llvm::StringRef) override {
    return std::make_unique<clang::PCHGenerator>(
        ci.getPreprocessor(), ci.getModuleCache(), "", "", buffer_,
        ci.getFrontendOpts().ModuleFileExtensions, /*AllowASTWithErrors=*/false,
        /*IncludeTimestamps=*/false);
  }
  clang::TranslationUnitKind getTranslationUnitKind() override { return clang::TU_Prefix; }
  bool hasCodeCompletionSupport() const override { return false; }

private:
  std::shared_ptr<clang::PCHBuffer> buffer_;
};

} // namespace

std::shared_ptr<SharedPch>
compileSharedPch(std::shared_ptr<clang::CompilerInvocation> invocation,
                 llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs,
                 std::shared_ptr<clang::PCHContainerOperations> pchOps, const std::string &header) {
  auto out = std::make_shared<SharedPch>();
  out->header = header;
  invocation->getLangOpts()->CompilingPCH = true;
  invocation->getPreprocessorOpts().RetainRemappedFileBuffers = false;
  clang::IgnoringDiagConsumer ignore;
  clang::CompilerInstance compiler(pchOps);
  compiler.setInvocation(invocation);
  compiler.createDiagnostics(&ignore, /*ShouldOwnClient=*/false);
  compiler.createFileManager(fs);
  auto buffer = std::make_shared<clang::PCHBuffer>();
  Compile action(buffer);
  compiler.ExecuteAction(action);
  if (compiler.getDiagnostics().hasErrorOccurred() || !buffer->IsComplete)
    return out; // not alone without errors
  const clang::SourceManager &sm = compiler.getSourceManager();
  auto entry = compiler.getFileManager().getOptionalFileRef(header);
  if (!entry || !compiler.getPreprocessor().getHeaderSearchInfo().isFileMultipleIncludeGuarded(
                    &entry->getFileEntry()))
    return out; // no include guard: the image's #include would read it again
  for (auto it = sm.fileinfo_begin(); it != sm.fileinfo_end(); ++it) {
    const clang::FileEntry *fe = it->first;
    if (fe->getName() == kSharedHeaderPath) continue;
    out->inputs.push_back({fe->getName().str(), static_cast<uint64_t>(fe->getSize()),
                           static_cast<int64_t>(fe->getModificationTime())});
  }
  std::sort(out->inputs.begin(), out->inputs.end(),
            [](const SharedPch::Input &a, const SharedPch::Input &b) { return a.path < b.path; });
  out->bytes.assign(buffer->Data.begin(), buffer->Data.end());
  return out;
}

bool sharedPchFits(const SharedPch &pch, llvm::vfs::FileSystem &fs) {
  if (pch.bytes.empty()) return false;
  for (const SharedPch::Input &in : pch.inputs) {
    llvm::ErrorOr<llvm::vfs::Status> st = fs.status(in.path);
    if (!st || st->getSize() != in.size ||
        llvm::sys::toTimeT(st->getLastModificationTime()) != in.mtime)
      return false;
  }
  return true;
}

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
useSharedPch(const SharedPch &pch, const ImageJob &job, clang::CompilerInvocation &invocation,
             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs) {
  clang::PreprocessorOptions &pp = invocation.getPreprocessorOpts();
  if (job.sharedForced && !pp.Includes.empty()) pp.Includes.erase(pp.Includes.begin());
  pp.ImplicitPCHInclude = kSharedPchPath;
  pp.DisablePCHOrModuleValidation = clang::DisableValidationForModuleKind::PCH;
  // The compiler includes the header the PCH was made from, which includes the shared
  // one again (skipped by its guard).
  auto memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  memory->addFile(kSharedPchPath, 0,
                  llvm::MemoryBuffer::getMemBuffer(pch.bytes, kSharedPchPath,
                                                   /*RequiresNullTerminator=*/false));
  memory->addFile(kSharedHeaderPath, 0,
                  llvm::MemoryBuffer::getMemBufferCopy(sharedHeaderText(pch.header),
                                                       kSharedHeaderPath));
  auto overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(fs);
  overlay->pushOverlay(memory);
  return overlay;
}

namespace {

class FirstInclude : public clang::PPCallbacks {
public:
  FirstInclude(const clang::SourceManager &sm, std::string &found) : sm_(sm), found_(found) {}
  void InclusionDirective(clang::SourceLocation hash, const clang::Token &, llvm::StringRef,
                          bool, clang::CharSourceRange, clang::OptionalFileEntryRef file,
                          llvm::StringRef, llvm::StringRef, const clang::Module *,
                          clang::SrcMgr::CharacteristicKind) override {
    if (done_ || sm_.getFileID(sm_.getExpansionLoc(hash)) != sm_.getMainFileID()) return;
    done_ = true;
    if (file) found_ = file->getName().str();
  }

private:
  const clang::SourceManager &sm_;
  std::string &found_;
  bool done_ = false;
};

} // namespace

std::unique_ptr<clang::PPCallbacks> recordFirstInclude(clang::Preprocessor &pp,
                                                       std::string &found) {
  return std::make_unique<FirstInclude>(pp.getSourceManager(), found);
}

} // namespace provcheck::clangmap
