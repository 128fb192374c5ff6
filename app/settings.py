"""Settings from environment variables, all prefixed `CAPGRAPH_`, with sensible defaults.

| variable | default | meaning |
|---|---|---|
| CAPGRAPH_STORE | embedded | `embedded` or `neo4j` |
| CAPGRAPH_DATA | ~/.local/share/capgraph | folder of the embedded store |
| CAPGRAPH_SEEDS | <repo>/seeds | seed documents and model files |
| CAPGRAPH_LOAD_SEEDS | 1 | import the seed documents on start |
| CAPGRAPH_HOST / _PORT | 127.0.0.1 / 8000 | where `capgraph serve` listens |
| CAPGRAPH_ENV | development | `production` turns GraphiQL off |
| CAPGRAPH_ALLOWED_ORIGINS | (none) | comma-separated origins for browsers |
| CAPGRAPH_NEO4J_URI | bolt://127.0.0.1:7687 | `bolt://` or `neo4j://` (cluster) |
| CAPGRAPH_NEO4J_USER | neo4j |  |
| CAPGRAPH_NEO4J_PASSWORD | (empty: no auth) |  |
| CAPGRAPH_NEO4J_DATABASE | neo4j |  |
| CAPGRAPH_MODEL_FILES | (none) | more folders of model files (`owner__name`), `:`-separated |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "CAPGRAPH_"
REPO_ROOT = Path(__file__).resolve().parents[1]


def _default_data() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "capgraph"


@dataclass(frozen=True)
class Settings:
    store: str = "embedded"
    data: Path = field(default_factory=_default_data)
    seeds: Path = REPO_ROOT / "seeds"
    load_seeds: bool = True
    host: str = "127.0.0.1"
    port: int = 8000
    env: str = "development"
    allowed_origins: tuple[str, ...] = ()
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    extra_model_roots: tuple[Path, ...] = ()

    @property
    def model_roots(self) -> tuple[Path, ...]:
        """Folders holding model files by hub id (`owner__name`): the user's first (they may
        hold weights), then the seeds' metadata."""
        return (*self.extra_model_roots, self.seeds / "model-files")

    @property
    def plots(self) -> Path:
        """Where measurement plots are written (served at /plots)."""
        return self.data / "plots"

    @property
    def development(self) -> bool:
        return self.env != "production"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str, default: str) -> str:
            return env.get(PREFIX + name, default)

        store = get("STORE", "embedded").lower()
        if store not in ("embedded", "neo4j"):
            raise ValueError(f"{PREFIX}STORE must be 'embedded' or 'neo4j', got {store!r}")
        port = get("PORT", "8000")
        if not port.isdigit():
            raise ValueError(f"{PREFIX}PORT must be a port number, got {port!r}")
        origins = tuple(o.strip() for o in get("ALLOWED_ORIGINS", "").split(",") if o.strip())
        return cls(
            store=store,
            data=Path(get("DATA", str(_default_data()))).expanduser(),
            seeds=Path(get("SEEDS", str(REPO_ROOT / "seeds"))).expanduser(),
            load_seeds=get("LOAD_SEEDS", "1").lower() not in ("0", "false", "no"),
            host=get("HOST", "127.0.0.1"),
            port=int(port),
            env=get("ENV", "development").lower(),
            allowed_origins=origins,
            neo4j_uri=get("NEO4J_URI", "bolt://127.0.0.1:7687"),
            neo4j_user=get("NEO4J_USER", "neo4j"),
            neo4j_password=get("NEO4J_PASSWORD", ""),
            neo4j_database=get("NEO4J_DATABASE", "neo4j"),
            extra_model_roots=tuple(
                Path(p).expanduser() for p in get("MODEL_FILES", "").split(os.pathsep) if p
            ),
        )
