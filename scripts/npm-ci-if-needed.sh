#!/usr/bin/env bash
# `npm ci` in the given folder unless its node_modules already matches its package-lock.json.
set -euo pipefail
dir=${1:?usage: $0 FOLDER}
cd "$dir"
stamp=node_modules/.package-lock.json
if [[ -f $stamp && $stamp -nt package-lock.json ]]; then
  echo "$dir: node_modules is up to date"
else
  npm ci --no-audit --no-fund
fi
