#!/usr/bin/env bash
# Installs what the browser check needs: playwright-core from npm (next to this script) and Chromium from
# Debian's apt when it is missing. Prints the Chromium path on its last line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v node >/dev/null; then
  echo "node is missing: install Node 20 or later" >&2
  exit 1
fi
if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  npm --prefix "$here" install --no-audit --no-fund --loglevel=error >&2
fi

chromium="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$chromium" ]]; then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
    echo "installing chromium from apt (once)…" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2 \
      || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2; }
    chromium="$(command -v chromium)"
  else
    echo "chromium is missing: install it (Debian: sudo apt-get install chromium) or set CHROMIUM to its path" >&2
    exit 1
  fi
fi
echo "${CHROMIUM:-$chromium}"
