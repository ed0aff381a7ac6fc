#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang-16 (ASan + UBSan) in build-fuzz/
# and runs each for SECONDS (default 60), one after the other, on a corpus seeded from
# tests/data and kept in build-fuzz/corpus/<target> between runs. Prints, per target, the
# inputs run and the crashes found (the crashing inputs are in build-fuzz/crashes/);
# exits 1 when a target crashed.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_mail fuzz_diff fuzz_maintainers fuzz_trailers fuzz_policy fuzz_replay)

PROVCHECK_WITH_FUZZ=1 bash scripts/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -G Ninja "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 -DPROVCHECK_FUZZ=ON \
  -DPROVCHECK_BUILD_TESTS=OFF -DPROVCHECK_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-fuzz --target "${targets[@]}"

# Seeds: the test data each reader is tested on.
seed() { # seed TARGET FILE...
  mkdir -p "build-fuzz/corpus/$1"
  local t=$1
  shift
  for f in "$@"; do [[ -f $f ]] && cp "$f" "build-fuzz/corpus/$t/seed-$(basename "$f")"; done
  return 0
}
mails=(tests/data/mail/*.patch tests/data/mail/*.mbox tests/data/mail/series-v2/*.patch
       tests/data/maps/*.patch)
seed fuzz_mail "${mails[@]}"
seed fuzz_diff "${mails[@]}"
seed fuzz_trailers "${mails[@]}"
seed fuzz_policy classify/policies/*.toml
seed fuzz_replay "${mails[@]}" tests/fuzz/seeds/replay-commands.txt tests/data/classify/history.txt
mkdir -p build-fuzz/corpus/fuzz_maintainers
{ cat tests/data/maps/MAINTAINERS; echo =====; printf 'hw/arm/virt.c\ndocs/index.rst\n'; } \
  >build-fuzz/corpus/fuzz_maintainers/seed-maps
{ head -400 tests/data/qemu/MAINTAINERS; echo =====; head -80 tests/data/qemu/tree.tsv | cut -f1; } \
  >build-fuzz/corpus/fuzz_maintainers/seed-qemu

# The same sanitizer settings as scripts/test.sh --sanitize, suppressions included.
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p build-fuzz/crashes build-fuzz/logs
status=0
for t in "${targets[@]}"; do
  log=build-fuzz/logs/$t.log
  rc=0
  start=$SECONDS
  nice build-fuzz/tests/fuzz/$t -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="build-fuzz/crashes/$t-" \
    "build-fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  # Crash, leak, timeout and out-of-memory inputs of this run (the log names each).
  found=$(grep -c '^artifact_prefix=.*Test unit written to' "$log" || true)
  echo "$t: ${runs:-0} runs in $((SECONDS - start))s, $found input(s) written to" \
    "build-fuzz/crashes/, exit $rc (log: $log)"
  ((rc == 0)) || status=1
done
exit $status
