// LLVM IR written as canonical text for comparison across two modules: no value names
// (arguments, blocks and instructions numbered in order), no metadata, types written out
// structurally (struct names differ between modules), string literals and other
// anonymous constants by content, every other symbol by name between \x01 and \x02 so
// that renames can be applied to the text. Private to analysis/clang.
#pragma once

#include <string>

namespace llvm {
class Function;
class GlobalVariable;
} // namespace llvm

namespace provcheck::clangmap {

struct CanonicalText {
  std::string code;
  std::string unsupported; // an instruction this writer does not know: no comparison
};

CanonicalText canonicalFunction(const llvm::Function &f);
CanonicalText canonicalVariable(const llvm::GlobalVariable &v);

} // namespace provcheck::clangmap
