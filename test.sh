#!/usr/bin/env bash
# Runs every test of MCP Bridge on a fresh machine or a developer's one:
#   1. installs what is missing (PostgreSQL and Chromium from Debian packages; the pinned npm peers of tests/interop),
#   2. starts PostgreSQL on 127.0.0.1,
#   3. builds the solution and runs all tests (each database test on SQLite and on PostgreSQL).
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Gateway").
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> %s\n' "$*"; }

step "PostgreSQL"
# A plain assignment, not `export X=$(...)`: export's own status would hide a failure of the script from `set -e`.
if [[ -z ${MCPB_TEST_POSTGRES:-} ]]; then
  MCPB_TEST_POSTGRES=$(scripts/ensure-postgres.sh)
fi
export MCPB_TEST_POSTGRES

step "Chromium (the dashboard's browser tests drive Debian's chromium through Playwright)"
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ $EUID -eq 0 ]]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium
  else
    echo "Chromium is needed at /usr/bin/chromium: install it (apt-get install chromium)" >&2
    exit 1
  fi
fi

step "Node.js and the pinned MCP peers (tests/interop)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [[ $EUID -eq 0 ]]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq nodejs npm
  else
    echo "Node.js and npm are needed: install them (apt-get install nodejs npm)" >&2
    exit 1
  fi
fi
scripts/npm-ci-if-needed.sh tests/interop

step "Build"
dotnet restore McpBridge.slnx
dotnet build McpBridge.slnx --no-restore -c Release

step "Tests"
dotnet test McpBridge.slnx --no-build -c Release "$@"
