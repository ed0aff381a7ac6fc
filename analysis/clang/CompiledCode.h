// Compiling an image's changed functions to LLVM IR in-process, with clang's CodeGen on
// the AST map's file system, flags and precompiled preamble: the bodies of the chosen
// functions are parsed and compiled, every other body is skipped (a call to it stays a
// call). At -O0, without debug info, __LINE__ defined as 0 (a line moved is no change
// of code); locals promoted to registers and common subexpressions merged (mem2reg,
// early-cse), so that where a value is kept does not count. Private to analysis/clang.
#pragma once

#include "analysis/Compiled.h"
#include "analysis/clang/Parse.h"

#include <set>
#include <utility>
#include <vector>

namespace provcheck::clangmap {

// `bodies`: the first lines of the function definitions to compile (as the AST map
// records them); `ranges`: the lines whose file-scope variable definitions to compile.
CompiledImage compileImage(const ImageJob &job, PreambleCache *cache, const std::set<int> &bodies,
                           const std::vector<std::pair<int, int>> &ranges);

// Both images of a modified file: the functions whose definitions meet a hunk's lines
// (context included) compiled, and per hunk the compiled symbols its changed code lines
// lie in. `oldParse`/`newParse` are the AST map's parses (where the functions are); when
// one image was not parsed, its functions are those of the other at the same lines.
CompiledFile compileChangedFunctions(const FileChange &file, const ImageJob &oldJob,
                                     const ImageJob &newJob, const ParseOutput *oldParse,
                                     const ParseOutput *newParse, PreambleCache *cache);

} // namespace provcheck::clangmap
