#!/bin/sh
# Installs the workspace when node_modules is missing or older than the lockfile, so the
# README's commands work on a fresh clone. Runs under whatever Node the machine has;
# everything after it runs on the Node pinned in devDependencies.
set -e
cd "$(dirname "$0")/.."
stamp=node_modules/.install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "› installing dependencies (npm ci)…"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
  touch "$stamp"
fi
