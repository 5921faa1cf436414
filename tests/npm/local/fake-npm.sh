#!/bin/sh
# A stand-in for the npm CLI in the Rust tests: `fake-npm.sh install [flags...]`, run in a folder
# holding a package.json, "installs" each of its dependencies by copying the hand-written package
# of the same name from the node_modules next to this script (tests/npm/local/node_modules), then
# the dependencies those packages declare, unless they carry their own copy (npm's hoisting, in
# short). Version ranges are ignored. Flags are ignored.
#
#   FAKE_NPM_DELAY_MS=n   sleep n milliseconds before anything else (for timeouts, concurrency)
#
# A dependency named no-such-package, or one with no local package, fails as npm does on a 404:
# `npm error` lines on stderr, exit status 1. Progress goes to stderr as npm's --loglevel=http
# does (`npm http fetch GET 200 local/<name>`); `added N packages` to stdout. A minimal
# package-lock.json is written. Needs node (to read package.json).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
source_modules="$here/node_modules"

if [ -n "${FAKE_NPM_DELAY_MS:-}" ]; then
  sleep "$(awk -v ms="$FAKE_NPM_DELAY_MS" 'BEGIN { printf "%.3f", ms / 1000 }')"
fi

if [ "${1:-}" != install ]; then
  echo "npm error fake-npm.sh only knows 'install' (got '${1:-}')" >&2
  exit 1
fi
if [ ! -f package.json ]; then
  echo "npm error code ENOENT" >&2
  echo "npm error enoent Could not read package.json in $(pwd)" >&2
  exit 1
fi

# The names to install, one a line: package.json's dependencies, then what they depend on (a
# package's dependency is skipped when the package has it under its own node_modules). A name
# that is not a valid package name, or has no local package, is printed as `!<name>`.
names=$(node -e '
  const fs = require("fs");
  const path = require("path");
  const src = process.argv[1];
  const read = (file) => JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  const deps = (manifest) => Object.keys(manifest.dependencies || {});
  const valid = (n) => /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/i.test(n);
  const queue = deps(read("package.json"));
  const seen = new Set();
  const out = [];
  while (queue.length) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    seen.add(name);
    const dir = path.join(src, name);
    if (!valid(name) || name === "no-such-package" || !fs.existsSync(path.join(dir, "package.json"))) {
      out.push("!" + name);
      continue;
    }
    out.push(name);
    for (const dep of deps(read(path.join(dir, "package.json")))) {
      if (!fs.existsSync(path.join(dir, "node_modules", dep))) queue.push(dep);
    }
  }
  console.log(out.join("\n"));
' "$source_modules")

# One name a line, taken literally (no word splitting on spaces, no globbing).
IFS='
'
set -f

# A missing package fails the whole install before anything is copied.
for name in $names; do
  case "$name" in
    !*)
      name=${name#!}
      echo "npm error code E404" >&2
      echo "npm error 404 Not Found - GET https://registry.npmjs.org/$name - Not found" >&2
      # npm's last line, which the host leaves out: callers cannot open that file.
      echo "npm error A complete log of this run can be found in: $HOME/.npm/_logs/2026-01-01T00_00_00_000Z-debug-0.log" >&2
      exit 1
      ;;
  esac
done

count=0
mkdir -p node_modules
for name in $names; do
  echo "npm http fetch GET 200 local/$name" >&2
  case "$name" in
    @*/*) mkdir -p "node_modules/${name%%/*}" ;;
  esac
  rm -rf "node_modules/$name"
  cp -R "$source_modules/$name" "node_modules/$name"
  count=$((count + 1))
done

printf '%s\n' '{"name":"laf-app","lockfileVersion":3,"packages":{}}' > package-lock.json
if [ "$count" = 1 ]; then
  echo "added 1 package in 0s"
else
  echo "added $count packages in 0s"
fi
