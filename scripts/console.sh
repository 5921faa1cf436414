#!/usr/bin/env bash
# Builds the web console (laf-host/console) into laf-host/console/dist, which is committed and
# embedded in the laf binary: npm installs the packages its lockfile pins, then build.mjs bundles.
#   scripts/console.sh          rebuild dist/ (commit it after changing the console's sources)
#   scripts/console.sh --check  fail when dist/ is not what the sources build (CI runs this)
set -euo pipefail
cd "$(dirname "$0")/../laf-host/console"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node build.mjs "$@"
