#!/usr/bin/env bash
# Install and build every web package (web/*/package.json) whose inputs changed: `make web`.
#
# Per package:
# - `npm ci` when node_modules is missing or older than package-lock.json (npm keeps its own
#   record of what it installed in node_modules/.package-lock.json);
# - `npm run build` when the build output (dist/) is missing, or a file of the package
#   outside node_modules/ and dist/ is newer than the last build's stamp.
# The stamp is node_modules/.capgraph-build-stamp: inside an ignored folder, and removed by
# `npm ci`, so new dependencies always rebuild. A package builds into its dist/ (ignored);
# its text files then get gzip copies beside them (NAME.gz), which the server sends to
# clients that take gzip.
# Nothing here is specific to one package: a new web/NAME/package.json with a `build`
# script is built by the same loop.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
npm="${NPM:-npm}"

if ! command -v "$npm" >/dev/null; then
    echo "web: npm is not installed (Node.js 20+ with npm is needed to build web/*/)" >&2
    exit 1
fi

for manifest in "$root"/web/*/package.json; do
    [[ -f "$manifest" ]] || continue
    package="$(dirname "$manifest")"
    name="web/$(basename "$package")"
    installed="$package/node_modules/.package-lock.json"
    stamp="$package/node_modules/.capgraph-build-stamp"

    if [[ ! -f "$installed" || "$package/package-lock.json" -nt "$installed" \
          || "$manifest" -nt "$installed" ]]; then
        echo "web: npm ci in $name"
        (cd "$package" && "$npm" ci --no-audit --no-fund --loglevel=error)
    fi

    changed=""
    if [[ ! -f "$stamp" || ! -d "$package/dist" ]]; then
        changed="no build yet"
    else
        changed="$(find "$package" \( -path "$package/node_modules" -o -path "$package/dist" \) \
                   -prune -o -type f -newer "$stamp" -print -quit)"
    fi
    if [[ -n "$changed" ]]; then
        echo "web: npm run build in $name ($changed)"
        # the stamp is taken before the build: a file edited during it builds again next time
        touch "$stamp.next"
        (cd "$package" && "$npm" run --silent build)
        mv "$stamp.next" "$stamp"
    fi

    # a gzip copy beside each text file of the build, for clients that take gzip
    # (app/static_files.py); written when missing or older than its file (gzip gives the
    # copy its file's time, so an unchanged file is not compressed again)
    if [[ -d "$package/dist" ]]; then
        while IFS= read -r -d '' file; do
            if [[ ! -f "$file.gz" || "$file" -nt "$file.gz" ]]; then
                gzip -9 -k -f -n "$file"
            fi
        done < <(find "$package/dist" -type f -size +1k \( -name '*.js' -o -name '*.css' \
                 -o -name '*.html' -o -name '*.map' -o -name '*.svg' -o -name '*.json' \
                 -o -name '*.txt' -o -name '*.ttf' \) -print0)
    fi
done
