#!/usr/bin/env bash
# Fetch the Neo4j 5.26 test-harness jars (and everything they need) from Maven Central into
# ${CAPGRAPH_NEO4J_JARS:-$HOME/.cache/capgraph/neo4j-jars}, outside the repository.
#
# Idempotent: does nothing when that directory already holds the harness jar of the version
# pinned in tools/neo4j/pom.xml. The download goes to a temporary sibling directory that is
# renamed into place only when complete, so an interrupted fetch never leaves a half-filled
# directory that looks finished. Needs Java 17+ and Maven 3.6+ (MVN=... to pick a Maven).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pom="$here/pom.xml"
jars="${CAPGRAPH_NEO4J_JARS:-$HOME/.cache/capgraph/neo4j-jars}"
mvn="${MVN:-mvn}"

version="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$pom" | head -n 1)"
if [[ -z "$version" ]]; then
    echo "fetch-jars: cannot read <neo4j.version> from $pom" >&2
    exit 1
fi

if [[ -f "$jars/neo4j-harness-$version.jar" ]]; then
    echo "fetch-jars: Neo4j $version harness jars already in $jars"
    exit 0
fi

if ! command -v "$mvn" >/dev/null 2>&1; then
    echo "fetch-jars: Maven ('$mvn') is not installed; it is needed once to fetch the Neo4j jars" >&2
    exit 1
fi

mkdir -p "$(dirname "$jars")"
tmp="$(mktemp -d "$jars.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "fetch-jars: fetching Neo4j $version test-harness jars from Maven Central into $jars"
echo "fetch-jars: (about 145 MB, ~240 jars; first time only)"
start=$SECONDS
# (Debian's Maven 3.8 writes stray colour resets even with -B; strip them. Errors still show.)
"$mvn" -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$tmp" 2>&1 \
    | sed -u 's/\x1b\[[0-9;]*m//g'

if [[ ! -f "$tmp/neo4j-harness-$version.jar" ]]; then
    echo "fetch-jars: Maven finished but $tmp has no neo4j-harness-$version.jar" >&2
    exit 1
fi

# Replace a directory left by another pinned version; keep anything that does not look like ours.
if [[ -d "$jars" ]]; then
    if compgen -G "$jars/neo4j-harness-*.jar" >/dev/null || [[ -z "$(ls -A "$jars")" ]]; then
        echo "fetch-jars: replacing the jars of another Neo4j version in $jars"
        rm -rf "$jars"
    else
        echo "fetch-jars: $jars exists and holds no neo4j-harness jar; not touching it" >&2
        exit 1
    fi
fi
if ! mv -T "$tmp" "$jars" 2>/dev/null; then
    # another fetch finished first (concurrent runs); use its jars if they are the right ones
    if [[ -f "$jars/neo4j-harness-$version.jar" ]]; then
        echo "fetch-jars: another fetch finished first; using $jars"
        exit 0
    fi
    echo "fetch-jars: could not move $tmp to $jars" >&2
    exit 1
fi
trap - EXIT
echo "fetch-jars: $(ls "$jars" | wc -l) jars, $(du -sh "$jars" | cut -f1) in $jars ($((SECONDS - start)) s)"
