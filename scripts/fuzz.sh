#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang-16 (ASan + UBSan) in build-asan/
# (the build scripts/test.sh --sanitize runs the tests in) and runs each for SECONDS
# (default 60), one after the other, on a corpus seeded from tests/data and kept in
# build-asan/fuzz/corpus/<target> between runs. Prints, per target, the inputs run and the
# crashes found (the crashing inputs are in build-asan/fuzz/crashes/); exits 1 when a
# target crashed.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_mail fuzz_diff fuzz_maintainers fuzz_trailers fuzz_policy fuzz_replay)

source scripts/sanitize-build.sh
sanitize_build "${targets[@]}"
work=build-asan/fuzz

# Seeds: the test data each reader is tested on.
seed() { # seed TARGET FILE...
  mkdir -p "$work/corpus/$1"
  local t=$1
  shift
  for f in "$@"; do [[ -f $f ]] && cp "$f" "$work/corpus/$t/seed-$(basename "$f")"; done
  return 0
}
mails=(tests/data/mail/*.patch tests/data/mail/*.mbox tests/data/mail/series-v2/*.patch
       tests/data/maps/*.patch)
seed fuzz_mail "${mails[@]}"
seed fuzz_diff "${mails[@]}"
seed fuzz_trailers "${mails[@]}"
seed fuzz_policy classify/policies/*.toml
seed fuzz_replay "${mails[@]}" tests/fuzz/seeds/replay-commands.txt tests/data/classify/history.txt
mkdir -p "$work/corpus/fuzz_maintainers"
{ cat tests/data/maps/MAINTAINERS; echo =====; printf 'hw/arm/virt.c\ndocs/index.rst\n'; } \
  >"$work/corpus/fuzz_maintainers/seed-maps"
{ head -400 tests/data/qemu/MAINTAINERS; echo =====; head -80 tests/data/qemu/tree.tsv | cut -f1; } \
  >"$work/corpus/fuzz_maintainers/seed-qemu"

mkdir -p "$work/crashes" "$work/logs"
status=0
for t in "${targets[@]}"; do
  log=$work/logs/$t.log
  rc=0
  start=$SECONDS
  nice build-asan/tests/fuzz/$t -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/crashes/$t-" \
    "$work/corpus/$t" >"$log" 2>&1 || rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  # Crash, leak, timeout and out-of-memory inputs of this run (the log names each).
  found=$(grep -c '^artifact_prefix=.*Test unit written to' "$log" || true)
  echo "$t: ${runs:-0} runs in $((SECONDS - start))s, $found input(s) written to" \
    "$work/crashes/, exit $rc (log: $log)"
  ((rc == 0)) || status=1
done
exit $status
