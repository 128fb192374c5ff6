#!/usr/bin/env bash
# capgraph beside @neo4j/graphql on the same Neo4j, same data, same load: the shared harness
# (PEER_BENCH, default ../shared/peer-bench) copied to a scratch folder and run against this
# checkout; prints its tables (req/s, p50, p99, CPU per request, each side) and keeps them in
# bench-results/. Skipped, saying so, where the harness is not beside the project.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
harness="${PEER_BENCH:-$here/../shared/peer-bench}"
if [[ ! -f "$harness/run.sh" ]]; then
    echo "peer benchmark skipped: no harness at $harness (set PEER_BENCH)"
    exit 0
fi
scratch="$(mktemp -d "${TMPDIR:-/tmp}/capgraph-peer.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
cp -r "$harness/." "$scratch/"
chmod -R u+w "$scratch"
(cd "$scratch" && npm ci --silent --no-audit --no-fund)
# PROFILE=0: the harness's in-process profile imports a module path capgraph no longer has
# (graph.neo4j_store); capgraph's own in-process figures come from `python -m bench`
# the load is one client on 127.0.0.1: the per-address rate limit (600/min) would refuse it.
# capgraph is served as the README advises: one worker process a core (CAPGRAPH_WORKERS
# overrides it, and CAPGRAPH_THREADS the operations each runs at once: the harness's
# `capgraph serve` reads both). With several workers the table's CPU column for capgraph is
# the supervisor's alone: the workers' CPU is not in it.
(cd "$scratch" && CAPGRAPH_DIR="$here" PROFILE="${PROFILE:-0}" \
    CAPGRAPH_RATE_ANONYMOUS="${CAPGRAPH_RATE_ANONYMOUS:-100000000}" \
    CAPGRAPH_WORKERS="${CAPGRAPH_WORKERS:-$(nproc)}" bash run.sh)
mkdir -p "$here/bench-results"
latest="$(ls -t "$scratch"/results/*.md | head -1)"
cp "$latest" "$here/bench-results/peer-$(basename "$latest")"
cat "$latest"
