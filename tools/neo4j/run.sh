#!/usr/bin/env bash
# Start a local Neo4j 5.26 (community, no auth, Bolt only on 127.0.0.1 and a free port) from the
# Maven test-harness jars, print its bolt URI and stay in the foreground until Ctrl-C/SIGTERM.
# The store lives in a temporary directory and is gone when the server stops.
#
#   bash tools/neo4j/run.sh            (or: make neo4j)
#
# Env: CAPGRAPH_NEO4J_JARS (jar dir, default ~/.cache/capgraph/neo4j-jars), JAVA (default
# $JAVA_HOME/bin/java or java), CAPGRAPH_NEO4J_HEAP (default 1g),
# CAPGRAPH_NEO4J_PAGECACHE (page cache in bytes; the harness default is 8 MiB).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CAPGRAPH_NEO4J_JARS="${CAPGRAPH_NEO4J_JARS:-$HOME/.cache/capgraph/neo4j-jars}"
if [[ -n "${JAVA:-}" ]]; then
    java="$JAVA"
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    java="$JAVA_HOME/bin/java"
else
    java="java"
fi

bash "$here/fetch-jars.sh"

# Keep in step with JVM_FLAGS in tests/neo4j_server.py.
flags=(
    "-Xmx${CAPGRAPH_NEO4J_HEAP:-1g}"
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
    -Dio.netty.tryReflectionSetAccessible=true
)
if [[ -n "${CAPGRAPH_NEO4J_PAGECACHE:-}" ]]; then
    flags+=("-Dcapgraph.neo4j.pagecache=$CAPGRAPH_NEO4J_PAGECACHE")
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/capgraph-neo4j.XXXXXX")"
pid=""
stopping=0
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
# Forward Ctrl-C/SIGTERM to the JVM, whose shutdown hook closes the database cleanly.
trap 'stopping=1; echo "run.sh: stopping Neo4j" >&2; kill -TERM "$pid" 2>/dev/null || true' INT TERM

echo "run.sh: starting Neo4j under $work (about 5-10 s; Ctrl-C to stop)" >&2
"$java" "${flags[@]}" -cp "$CAPGRAPH_NEO4J_JARS/*" "$here/Launcher.java" "$work" \
    > >(trap '' INT TERM  # Ctrl-C hits the whole group; this reader ends at the JVM's EOF
        while IFS= read -r line; do
            echo "$line"
            if [[ "$line" == bolt://* ]]; then
                echo "run.sh: Neo4j is up (no auth). Point capgraph at it with:" >&2
                echo "  CAPGRAPH_STORE=neo4j CAPGRAPH_NEO4J_URI=$line" >&2
            fi
        done) &
pid=$!
# `wait` returns early when a trapped signal arrives; keep waiting until the JVM has exited.
rc=0
while kill -0 "$pid" 2>/dev/null; do
    wait "$pid" && rc=0 || rc=$?
done
# The JVM exits 143 after a SIGTERM it handled (shutdown hook ran): that is a clean stop we asked for.
if [[ $stopping == 1 && $rc == 143 ]]; then
    rc=0
fi
exit "$rc"
