# PROVCHECK_SANITIZE (scripts/test.sh --sanitize) and PROVCHECK_FUZZ (scripts/fuzz.sh):
# every target of the project is built with AddressSanitizer and UndefinedBehaviorSanitizer,
# in a build directory of its own. Any UBSan report ends the program, so that a test fails.
# LLVM, Clang and the system libraries are used as installed (not instrumented).
# -O1 and line tables only (after the build type's flags, so they win): the instrumented
# build compiles in less time on a small machine, and reports still name every file and
# line. scripts/sanitize-build.sh turns both options on in one build (build-asan/).
if(PROVCHECK_SANITIZE OR PROVCHECK_FUZZ)
  set(_provcheck_sanitizers
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_compile_options(${_provcheck_sanitizers} -O1 -g1)
  add_link_options(${_provcheck_sanitizers})
endif()
if(PROVCHECK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PROVCHECK_FUZZ needs clang and its compiler-rt (libclang-rt-16-dev): "
                        "-DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16")
  endif()
  # Coverage feedback for libFuzzer in every library; the fuzz targets link the fuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
