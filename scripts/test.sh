#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through ctest.
#   --sanitize  the same suite built with AddressSanitizer and UBSan in build-asan/: any
#               memory error, undefined behaviour or leak fails the test where it happens
#               (tests/sanitize/lsan.supp names the one deliberate leak).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
if [[ "${1:-}" == --sanitize ]]; then
  export PROVCHECK_BUILD_DIR=build-asan
  bash scripts/build.sh -DPROVCHECK_SANITIZE=ON -DPROVCHECK_BUILD_BENCHMARKS=OFF
  export ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_init_order=1
  export LSAN_OPTIONS="suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" --timeout 1500
  exit
fi
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
