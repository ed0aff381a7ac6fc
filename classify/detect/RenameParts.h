// The parts of the rename proof (Rename.cpp) that the proofs of names with a narrower
// scope share (RenameScopes.cpp): where a name changes, the lexed images, where a name is
// declared and in which scope.
#pragma once

#include "classify/detect/Detectors.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace provcheck::rename {

// One place where a name changes: the hunk, and the line of the image on each side.
struct Site {
  size_t file, hunk;
  int oldLine, newLine; // lines of the pre-image and post-image
  bool removed;         // on a changed line (not a context line)
  bool member;          // right after '.' or '->': a member's name
};

// A hunk seen as names in the same places: the pairs (old, new), one per site.
struct Shaped {
  size_t file, hunk;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<Site> sites; // parallel to pairs
};

// The lexed images of the patch's files, on demand.
class Images {
public:
  explicit Images(const DetectContext &ctx) : ctx_(ctx) {}
  // The code tokens of file f's pre-image (old) or post-image, null when unknown.
  const std::vector<Token> *tokens(size_t f, bool old);
  // Its file-scope items (after tokens() returned them).
  const std::vector<FileItem> &items(size_t f, bool old) { return (old ? old_ : new_)[f].items; }

private:
  struct Lexed {
    bool done = false, known = false;
    std::vector<Token> tokens;
    std::vector<FileItem> items;
  };
  const DetectContext &ctx_;
  std::map<size_t, Lexed> old_, new_;
};

// Where a name is declared, and in which scope.
enum class Scope {
  File,      // a file-scope name: macro, function, global, type, tag, enumerator
  Function,  // a parameter or local variable of a function definition
  Prototype, // a parameter of a function declaration without a body
  Member,    // a member of a struct or union
};
struct Declaration {
  bool found = false;
  Scope scope = Scope::File;
  const FileItem *item = nullptr; // the pre-image item it is declared in
  Site site{};
};
// The scope of what is declared at tok[k], a token of `item` (a file-scope item).
Scope scopeAt(const std::vector<Token> &tok, const FileItem &item, size_t k);
// The first removed site declaring `name`.
Declaration findDeclaration(Images &, const std::string &name, const std::vector<Site> &sites);
// Whether tok[k] is declared there (a declarator, a macro or its parameter, a tag, an
// enumerator).
bool declaredAt(const std::vector<Token> &tok, size_t k);

// Sites renaming into `name` (into) or out of it, within lines [lo, hi] of file f's
// post-image (into) or pre-image (all files when f is kAllFiles).
inline constexpr size_t kAllFiles = static_cast<size_t>(-1);
int sitesOf(const std::vector<Shaped> &, const std::string &name, bool into, size_t f, int lo, int hi);

// A name declared in functions or prototypes, proven in each place the patch renames it
// ("" when proven; `scope` then says where).
std::string proveLocal(const DetectContext &, Images &, const std::vector<Shaped> &,
                       const std::string &from, const std::string &to,
                       const std::vector<Site> &sites, std::string &scope);

// A struct or union member, proven by what the compiler checks ("" when proven; `scope`
// then says where).
std::string proveMember(const DetectContext &, Images &, const std::vector<Shaped> &,
                        const std::string &from, const std::string &to,
                        const std::vector<Site> &sites, std::string &scope);

} // namespace provcheck::rename
