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
# The harness fails a run in which any request failed, on either side; its tables are kept
# and printed all the same, and this script then fails with its status.
status=0
(cd "$scratch" && CAPGRAPH_DIR="$here" PROFILE="${PROFILE:-0}" \
    CAPGRAPH_RATE_ANONYMOUS="${CAPGRAPH_RATE_ANONYMOUS:-100000000}" \
    CAPGRAPH_WORKERS="${CAPGRAPH_WORKERS:-$(nproc)}" bash run.sh) || status=$?
latest="$(ls -t "$scratch"/results/*.md 2>/dev/null | head -1 || true)"
if [[ -n "$latest" ]]; then
    mkdir -p "$here/bench-results"
    cp "$latest" "$here/bench-results/peer-$(basename "$latest")"
    cat "$latest"
fi
if (( status != 0 )); then
    echo "peer benchmark failed: the harness exited with status $status (its log above says" \
         "which side's requests failed, or why it stopped)" >&2
fi
exit "$status"
