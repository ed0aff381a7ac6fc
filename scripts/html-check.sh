#!/usr/bin/env bash
# Opens a provcheck HTML report in headless Chromium (Debian's chromium package), without
# network: checks that the page loads without script errors and shows the table of
# files, the ranked risk tables with their bars and the category chart, that it fits a
# window 1280 px wide (HTML_CHECK_WIDTH) without scrolling sideways and without a table
# cell overflowing, and takes a screenshot to look at.
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

# The layout in a window of the width asked: a copy of the page with a script that
# measures it and writes the figures into the page.
width=${HTML_CHECK_WIDTH:-1280}
probe="$profile/probe.html"
cp "$html" "$probe"
cat >>"$probe" <<'EOF'
<script>
(function(){
  var over=0,tallest=0,rows=document.querySelectorAll('#files tbody tr');
  document.querySelectorAll('#files td').forEach(function(td){
    if(td.scrollWidth>td.clientWidth+1)over++;});
  rows.forEach(function(r){tallest=Math.max(tallest,r.getBoundingClientRect().height);});
  var p=document.createElement('pre');p.id='html-check';
  p.textContent='layout '+document.documentElement.scrollWidth+' '+window.innerWidth+' '+
    Math.round(tallest)+' '+over;
  document.body.appendChild(p);
})();
</script>
EOF
layout=$(timeout 120 "$browser" "${flags[@]}" --hide-scrollbars --window-size="$width",1000 \
  --dump-dom "file://$probe" 2>>"$profile/console.log" |
  grep -o 'layout [0-9]* [0-9]* [0-9]* [0-9]*' || true)
read -r _ page view tallest over <<<"${layout:-layout 0 0 0 0}"
if [[ -z "$layout" ]]; then
  echo "html-check: could not measure the layout" >&2; status=1
elif ((page > view)); then
  echo "html-check: the page is $page px wide in a $view px window" >&2; status=1
elif ((over > 0)); then
  echo "html-check: $over table cells overflow" >&2; status=1
fi

timeout 120 "$browser" "${flags[@]}" --hide-scrollbars --window-size="$width",1000 \
  --screenshot="$(realpath -m "$png")" "$url" 2>>"$profile/console.log" >/dev/null
[[ -s "$png" ]] || { echo "html-check: no screenshot" >&2; status=1; }
echo "html-check: $rows rows, $bars risk bars; $page px wide in a $width px window," \
  "tallest row $tallest px; screenshot $png"
exit $status
