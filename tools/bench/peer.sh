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
# The harness runs as given (its README's command, nothing set): `capgraph serve` in
# production runs one worker process a core (CAPGRAPH_WORKERS, CAPGRAPH_THREADS: the harness's
# `capgraph serve` reads them, set them to measure another configuration), the load from
# 127.0.0.1 is not rate-limited (CAPGRAPH_RATE_EXEMPT). With several workers the table's CPU
# column for capgraph is the supervisor's alone: the workers' CPU is not in it.
# The harness fails a run in which any request failed, on either side; its tables are kept
# and printed all the same, and this script then fails with its status.
status=0
(cd "$scratch" && CAPGRAPH_DIR="$here" bash run.sh) || status=$?
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
