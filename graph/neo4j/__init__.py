"""The Neo4j store, a package by role: `codec` (property encoding), `cypher` (every statement),
`writes` (the write planner), `connection` (driver, sessions, failures) and `store` (the
`GraphStore` over them). Import the driver only through here: `graph` works without it."""

from graph.neo4j.store import Neo4jStore

__all__ = ["Neo4jStore"]
