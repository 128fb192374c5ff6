"""`graph.neo4j_store.Neo4jStore`: the Neo4j store under the import path it had before the
store became a package (`graph.neo4j`). The shared benchmark beside @neo4j/graphql
(`../shared/peer-bench/profile_capgraph.py`) imports it by this name, and scripts written
against earlier versions may too; new code imports `graph.neo4j`."""

from graph.neo4j import Neo4jStore

__all__ = ["Neo4jStore"]
