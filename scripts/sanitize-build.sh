# Sourced by scripts/test.sh --sanitize and scripts/fuzz.sh: one instrumented build in
# build-asan/ serves both. clang-16 with its compiler-rt (libclang-rt-16-dev) builds every
# target with AddressSanitizer, UBSan and libFuzzer's coverage (cmake/Sanitizers.cmake);
# the test programs and the fuzz targets link the same objects. Exports the settings both
# run with: any memory error, undefined behaviour or leak ends the program with an error;
# tests/sanitize/lsan.supp names the one deliberate leak.
#   sanitize_build [TARGET...]   (all targets when none is named)
PROVCHECK_WITH_FUZZ=1 bash scripts/install-deps.sh
sanitize_build() {
  local launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR="$PWD"
  fi
  cmake -S . -B build-asan -G Ninja "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 \
    -DPROVCHECK_SANITIZE=ON -DPROVCHECK_FUZZ=ON -DPROVCHECK_BUILD_BENCHMARKS=OFF >/dev/null
  if (($#)); then cmake --build build-asan --target "$@"; else cmake --build build-asan; fi
}
# use_sigaltstack=0: LLVM installs its own alternate signal stack on the threads that
# parse; ASan's, replaced, could not be unmapped when such a thread ended, and the
# runtime aborted the parse worker (exit status 1) after a parse that had succeeded.
# fast_unwind_on_malloc=0: libraries built without frame pointers (PCRE2 inside libgit2)
# cut the fast stack at their first frame, and a suppression must see the frame it names.
export ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_init_order=1:use_sigaltstack=0:fast_unwind_on_malloc=0
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
