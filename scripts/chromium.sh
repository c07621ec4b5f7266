#!/usr/bin/env bash
# Makes sure Debian's Chromium, its WebDriver and a Chinese font are installed, for the
# browser tests (and screenshots that show Chinese labels), and axe-core from npm, which the
# journeys run on every page they visit. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-zenhei)
if [ ${#missing[@]} -gt 0 ]; then
    echo "chromium: installing ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
axe=target/browser-tools/node_modules/axe-core/axe.min.js
axe_version=4.14.1
if ! grep -qs "axe v$axe_version" "$axe"; then
    echo "chromium: installing axe-core $axe_version from npm"
    npm install --silent --no-audit --no-fund --prefix target/browser-tools "axe-core@$axe_version" >/dev/null
fi
echo "chromium: ready ($(chromium --version 2>/dev/null | head -1), axe-core $axe_version)"
