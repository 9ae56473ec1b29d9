#!/usr/bin/env bash
# Renders docs/icon/icon.svg to media/icon.png (128×128, transparent corners) with Debian's
# Chromium; run it after changing the SVG.
set -euo pipefail
cd "$(dirname "$0")"
html=$(mktemp --suffix=.html)
printf '<html><body style="margin:0;background:transparent">%s</body></html>' "$(cat icon.svg)" > "$html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=128,128 --screenshot="$PWD/../../media/icon.png" "file://$html" 2>/dev/null
rm -f "$html"
