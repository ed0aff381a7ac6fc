#!/usr/bin/env bash
# Configures and builds provcheck in ./build (Release with debug info, Ninja).
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="$PWD"
fi
cmake -S . -B build -G Ninja "${launcher[@]}" "$@" >/dev/null
cmake --build build
