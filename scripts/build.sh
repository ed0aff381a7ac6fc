#!/usr/bin/env bash
# Configures and builds provcheck in ./build (Release with debug info, Ninja); another
# directory with PROVCHECK_BUILD_DIR (scripts/test.sh --sanitize uses build-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${PROVCHECK_BUILD_DIR:-build}
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="$PWD"
fi
cmake -S . -B "$dir" -G Ninja "${launcher[@]}" "$@" >/dev/null
cmake --build "$dir"
