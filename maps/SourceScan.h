// A lexer-level scan of one C/C++ source file for the dependency map: its #include
// lines, the identifiers it uses, and the names it declares at file scope (functions,
// typedefs, struct/union/enum tags, enumerators, extern variables, macros). No
// preprocessing: every branch of every #if is read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

struct IncludeDirective {
  std::string target; // as written between the delimiters
  bool angled = false; // <...> rather than "..."
  int line = 0;
};

// A name's key in identifier sets: 64-bit FNV-1a, the same on every run (caches keep it).
uint64_t symbolHash(std::string_view name);

struct SourceScan {
  std::vector<IncludeDirective> includes;
  std::vector<uint64_t> identifiers;    // symbolHash of every identifier used, each once, sorted
  std::vector<std::string> declared;    // names declared or defined at file scope, each once
  std::vector<std::string> defined;     // of which functions defined here (with a body)
};

SourceScan scanSource(std::string_view text);

// The version of scanSource's answers: raised whenever the same text may scan differently,
// so that scans kept on disk (ScanCache.h) by an older scanner are not used.
inline constexpr int kSourceScanVersion = 1;

} // namespace provcheck
