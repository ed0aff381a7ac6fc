#!/usr/bin/env bash
# Opens a provcheck HTML report in headless Chromium (Debian's chromium package), without
# network: checks that the page loads without script errors and shows the table of
# files, the ranked risk tables with their bars and the category chart, and takes a
# screenshot to look at.
#   scripts/html-check.sh REPORT.html [SCREENSHOT.png]
# Exit 0 when the page is fine, 1 when it is not, 2 when Chromium is missing.
set -euo pipefail

html=${1:?usage: html-check.sh REPORT.html [SCREENSHOT.png]}
png=${2:-${html%.html}.png}
browser=${CHROMIUM:-}
if [[ -z "$browser" ]]; then
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null; then browser=$b; break; fi
  done
fi
if [[ -z "$browser" ]]; then
  echo "html-check: no chromium (apt-get install chromium, or set CHROMIUM)" >&2
  exit 2
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(realpath "$html")"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-dev-shm-usage --user-data-dir="$profile" --enable-logging=stderr --v=0)

dom=$(timeout 120 "$browser" "${flags[@]}" --dump-dom "$url" 2>"$profile/console.log")
status=0
grep -q '<table id="files">' <<<"$dom" || { echo "html-check: no table of files" >&2; status=1; }
rows=$(grep -o '<tr><td class="num"' <<<"$dom" | wc -l)
[[ $rows -ge 1 ]] || { echo "html-check: the table has no row" >&2; status=1; }
grep -q '<svg id="chart-categories"' <<<"$dom" || { echo "html-check: no chart-categories" >&2; status=1; }
for id in risk-files risk-patches; do
  grep -q "<table id=\"$id\"" <<<"$dom" || { echo "html-check: no $id" >&2; status=1; }
done
bars=$(grep -o '<svg class="bar"' <<<"$dom" | wc -l)
[[ $bars -ge 1 ]] || { echo "html-check: no risk bar" >&2; status=1; }
if grep -E 'Uncaught|SyntaxError|ReferenceError|TypeError' "$profile/console.log" >&2; then
  echo "html-check: script errors on the page" >&2
  status=1
fi

timeout 120 "$browser" "${flags[@]}" --hide-scrollbars --window-size=1400,1000 \
  --screenshot="$(realpath -m "$png")" "$url" 2>>"$profile/console.log" >/dev/null
[[ -s "$png" ]] || { echo "html-check: no screenshot" >&2; status=1; }
echo "html-check: $rows rows, $bars risk bars; screenshot $png"
exit $status
