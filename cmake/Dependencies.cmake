# Every dependency comes from Debian 12's packages (scripts/install-deps.sh).
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2>=1.5)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)
# GLib comes with GMime (libglib2.0-dev): its SHA-256 fingerprints policy documents.
pkg_check_modules(GLIB REQUIRED IMPORTED_TARGET glib-2.0)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)

# LLVM/Clang 16 only: a bare find_package(Clang) picks the distribution default (14).
find_package(Clang 16 REQUIRED CONFIG
  HINTS /usr/lib/llvm-16/lib/cmake/clang /usr/lib/cmake/clang-16)
find_package(LLVM 16 REQUIRED CONFIG
  HINTS /usr/lib/llvm-16/lib/cmake/llvm)
# Clang's builtin headers (stddef.h, stdarg.h...) for the parses; overridable at run time.
set(PROVCHECK_CLANG_RESOURCE_DIR
  "${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR}" CACHE PATH
  "Clang resource directory used by the AST map")

if(PROVCHECK_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(PROVCHECK_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
