#!/usr/bin/env bash
# Installs the Debian 12 packages provcheck needs to build and test, and only those
# that are missing. Idempotent; run as root (or through sudo).
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config git
  llvm-16-dev libclang-16-dev libclang-cpp16-dev clang-16
  libgit2-dev libpcre2-dev libgmime-3.0-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  git-email libmailtools-perl
  coccinelle
  # The send-email, b4, completion and CI example tests: b4 prep --auto-to-cc with
  # provcheck as its address commands; zsh reads the generated completion; man renders
  # the man page; the patchwork job of CI.md runs with curl and jq against python3.
  b4 zsh man-db groff-base curl jq python3
)
# Headless Chromium for the HTML report check (PROVCHECK_WITH_BROWSER=1, as CI sets it);
# without it that test is skipped with its reason.
if [[ "${PROVCHECK_WITH_BROWSER:-0}" == 1 ]]; then
  packages+=(chromium)
fi
# libFuzzer and the sanitizer runtimes of clang-16, for scripts/fuzz.sh.
if [[ "${PROVCHECK_WITH_FUZZ:-0}" == 1 ]]; then
  packages+=(libclang-rt-16-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
