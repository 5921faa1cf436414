#!/usr/bin/env bash
# Fails when scripts/serve.sh could not reuse scripts/test.sh's build.
#
# Cargo resolves features once per invocation (resolver 3): `cargo test --workspace` (every member,
# with dev-dependencies) and `cargo run` (the `laf` package, normal dependencies only) agree on a
# crate's features only if no dev-dependency turns on one the binary's tree does not. A feature that
# differs gives that crate, and every crate above it, a second build. The root Cargo.toml names such
# features for the binary too; this check lists the crates for which that list has fallen behind.
set -euo pipefail
cd "$(dirname "$0")/.."

features() { cargo tree --quiet --prefix none --no-dedupe --format '{p} {f}' "$@" | sort -u; }
test_build=$(features --workspace --edges normal,build,dev)
run_build=$(features --package laf --edges normal,build)
drift=$(comm -13 <(echo "$test_build") <(echo "$run_build"))
if [ -n "$drift" ]; then
  {
    echo "scripts/check-build-reuse.sh: \`cargo run\` resolves these crates with other features than \`cargo test --workspace\`,"
    echo "so scripts/serve.sh would build them, and all that depends on them, a second time:"
    echo "$drift" | while read -r name rest; do
      echo "  cargo run:  $name $rest"
      echo "$test_build" | grep "^$name " | sed 's/^/  cargo test: /'
    done
    echo "Name the test build's features in the root Cargo.toml's [dependencies] (the block that explains this);"
    echo "\`cargo tree --workspace -e features -i <crate>\` shows which dependency turns them on."
  } >&2
  exit 1
fi
