#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through ctest.
#   --sanitize  the same suite built with AddressSanitizer and UBSan (clang-16) in
#               build-asan/: any memory error, undefined behaviour or leak fails the test
#               where it happens (scripts/sanitize-build.sh; tests/sanitize/lsan.supp names
#               the one deliberate leak).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == --sanitize ]]; then
  source scripts/sanitize-build.sh
  sanitize_build
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" --timeout 1500
  exit
fi
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
