#!/bin/sh
# Replaces the vendored axe-core with a release from the npm registry: sh update.sh 4.14.1
set -eu
version=${1:?usage: sh update.sh VERSION}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$version" >/dev/null && tar xzf "axe-core-$version.tgz")
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$here/"
head -c 20 "$here/axe.min.js"; echo
sha256sum "$here/axe.min.js"
