"""Settings from environment variables, all prefixed `CAPGRAPH_`: the one place they are
read and the one set of defaults.

Every layer may read them (this module imports only starlette's environment reader): the
composition root (app/) builds the store and the server from them, and inference/ and
schema/ take the model-file roots and the plots folder from here when no caller passes
them in.

| variable | default | meaning |
|---|---|---|
| CAPGRAPH_STORE | embedded | `embedded` or `neo4j` |
| CAPGRAPH_DATA | ~/.local/share/capgraph | folder of the embedded store |
| CAPGRAPH_SEEDS | <repo>/seeds | seed documents and model files |
| CAPGRAPH_LOAD_SEEDS | 1 | import the seed documents on start |
| CAPGRAPH_HOST / _PORT | 127.0.0.1 / 8000 | where `capgraph serve` listens |
| CAPGRAPH_WORKERS | auto | `serve`'s processes (`auto`: one a core; 1 in development) |
| CAPGRAPH_ENV | production | `development` turns GraphiQL, introspection and suggestions on |
| CAPGRAPH_GRAPHIQL | (by env) | `1`/`0` serves GraphiQL at /graphql or not, whatever the env |
| CAPGRAPH_WEB_DIR | <repo>/web | the web packages, built by `make web` into `<package>/dist` |
| CAPGRAPH_ALLOWED_ORIGINS | (none) | comma-separated origins for browsers (CORS, WebSockets) |
| CAPGRAPH_ANONYMOUS_READ | 1 | `0`: reads need a token with the `read` scope too |
| CAPGRAPH_INTROSPECTION | (by env) | `1`/`0` turns schema introspection on/off whatever the env |
| CAPGRAPH_MAX_BODY_BYTES | 1000000 | the largest request body |
| CAPGRAPH_MAX_STRING | 20000 | the longest string argument or variable (characters) |
| CAPGRAPH_TIME_BUDGET_S | 10 | a request's time budget (seconds) |
| CAPGRAPH_MAX_COST | 20000 | the most fields one request may ask for (estimated before it runs) |
| CAPGRAPH_RATE_ANONYMOUS | 600 | requests a minute from one anonymous address (0: no limit) |
| CAPGRAPH_RATE_TOKEN | 3000 | requests a minute with one token (0: no limit) |
| CAPGRAPH_RATE_EXEMPT | 127.0.0.0/8,::1 | addresses not rate-limited (`none`: all count) |
| CAPGRAPH_JOBS_PER_CALLER | 4 | queued or running jobs one caller may have |
| CAPGRAPH_JOBS_QUEUED | 32 | queued or running jobs in all |
| CAPGRAPH_NEO4J_URI | bolt://127.0.0.1:7687 | `bolt://` or `neo4j://` (cluster) |
| CAPGRAPH_NEO4J_USER | neo4j |  |
| CAPGRAPH_NEO4J_PASSWORD | (empty: no auth) |  |
| CAPGRAPH_NEO4J_DATABASE | neo4j |  |
| CAPGRAPH_MODEL_FILES | (none) | more folders of model files (`owner__name`), `:`-separated |
| CAPGRAPH_PLOTS_DIR | <data>/plots | where measurement plots are written |
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Any

from starlette.config import Config

PREFIX = "CAPGRAPH_"
REPO_ROOT = Path(__file__).resolve().parents[1]


def _default_data() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "capgraph"


# How each variable's text becomes its value; a bad value raises ValueError naming it.

def _path(value: str) -> Path:
    return Path(value).expanduser()


def _flag(value: str) -> bool:
    return value.lower() not in ("0", "false", "no")


def _store(value: str) -> str:
    if value.lower() not in ("embedded", "neo4j"):
        raise ValueError(f"{PREFIX}STORE must be 'embedded' or 'neo4j', got {value!r}")
    return value.lower()


def _port(value: str) -> int:
    if not value.isdigit():
        raise ValueError(f"{PREFIX}PORT must be a port number, got {value!r}")
    return int(value)


def _origins(value: str) -> tuple[str, ...]:
    return tuple(o.strip() for o in value.split(",") if o.strip())


def _roots(value: str) -> tuple[Path, ...]:
    return tuple(_path(p) for p in value.split(os.pathsep) if p)


def _networks(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
    if value.strip().lower() == "none":
        return ()
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{PREFIX}RATE_EXEMPT: {item!r} is not an IP address or network "
                             "(write e.g. 127.0.0.0/8,::1,10.0.0.5; `none` for no "
                             "exemption)") from None
    return tuple(networks)


def _optional_path(value: str) -> Path | None:
    return _path(value) if value else None


def _optional_flag(value: str) -> bool | None:
    return _flag(value) if value else None


def _env(value: str) -> str:
    if value.lower() not in ("production", "development"):
        raise ValueError(f"{PREFIX}ENV must be 'production' or 'development', got {value!r}")
    return value.lower()


def _count(name: str) -> Callable[[str], int]:
    def cast(value: str) -> int:
        if not value.strip().isdigit():
            raise ValueError(f"{PREFIX}{name} must be a whole number, got {value!r}")
        return int(value)
    return cast


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says it): the
    number of processes `serve` and `import` run by default."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:          # not on Linux
        return os.cpu_count() or 1


def _workers(value: str) -> int | None:
    if value.strip().lower() == "auto":
        return None
    workers = _count("WORKERS")(value)
    if workers < 1:
        raise ValueError(f"{PREFIX}WORKERS must be 1 or more, or `auto`, got {value!r}")
    return workers


DEFAULT_THREADS = 16
"""Operations a serving process runs at once by default (a slow one waits on the store,
not on the CPU)."""
MAX_THREADS = 256


def _threads(value: str) -> int:
    threads = _count("THREADS")(value)
    if threads > MAX_THREADS:
        raise ValueError(f"{PREFIX}THREADS must be 0..{MAX_THREADS}, got {value!r}")
    return threads


def _keep_alive(value: str) -> int:
    seconds = _count("KEEP_ALIVE_S")(value)
    if not 1 <= seconds <= 3600:
        raise ValueError(f"{PREFIX}KEEP_ALIVE_S must be 1..3600 seconds, got {value!r}")
    return seconds


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise ValueError(f"{PREFIX}TIME_BUDGET_S must be seconds in (0, 3600], got {value!r}")
    return seconds


@dataclass(frozen=True)
class Settings:
    """What capgraph is configured with; the field defaults are the only defaults."""

    store: str = field(default="embedded", metadata={"env": "STORE", "cast": _store})
    data: Path = field(default_factory=_default_data, metadata={"env": "DATA", "cast": _path})
    seeds: Path = field(default=REPO_ROOT / "seeds", metadata={"env": "SEEDS", "cast": _path})
    load_seeds: bool = field(default=True, metadata={"env": "LOAD_SEEDS", "cast": _flag})
    host: str = field(default="127.0.0.1", metadata={"env": "HOST"})
    port: int = field(default=8000, metadata={"env": "PORT", "cast": _port})
    access_log: bool = field(default=False, metadata={"env": "ACCESS_LOG", "cast": _flag})
    workers_setting: int | None = field(
        default=None, metadata={"env": "WORKERS", "cast": _workers})
    """Processes `serve` runs on its port; None (`auto`): see `workers`."""
    threads: int = field(default=DEFAULT_THREADS,
                         metadata={"env": "THREADS", "cast": _threads})
    """Operations one serving process runs at once, each in a thread; 0: one at a time, on
    its event loop (no hand-off to a thread; see `schema.execution`)."""
    keep_alive_s: int = field(default=75, metadata={"env": "KEEP_ALIVE_S", "cast": _keep_alive})
    """How long `serve` keeps an idle HTTP connection open, in seconds."""
    env: str = field(default="production", metadata={"env": "ENV", "cast": _env})
    allowed_origins: tuple[str, ...] = field(
        default=(), metadata={"env": "ALLOWED_ORIGINS", "cast": _origins})
    anonymous_read: bool = field(default=True, metadata={"env": "ANONYMOUS_READ", "cast": _flag})
    introspection_flag: bool | None = field(
        default=None, metadata={"env": "INTROSPECTION", "cast": _optional_flag})
    graphiql_flag: bool | None = field(
        default=None, metadata={"env": "GRAPHIQL", "cast": _optional_flag})
    web_dir: Path = field(default=REPO_ROOT / "web", metadata={"env": "WEB_DIR", "cast": _path})
    max_body_bytes: int = field(
        default=1_000_000, metadata={"env": "MAX_BODY_BYTES", "cast": _count("MAX_BODY_BYTES")})
    max_string: int = field(
        default=20_000, metadata={"env": "MAX_STRING", "cast": _count("MAX_STRING")})
    time_budget_s: float = field(
        default=10.0, metadata={"env": "TIME_BUDGET_S", "cast": _seconds})
    max_cost: int = field(
        default=20_000, metadata={"env": "MAX_COST", "cast": _count("MAX_COST")})
    rate_anonymous: int = field(
        default=600, metadata={"env": "RATE_ANONYMOUS", "cast": _count("RATE_ANONYMOUS")})
    rate_token: int = field(
        default=3000, metadata={"env": "RATE_TOKEN", "cast": _count("RATE_TOKEN")})
    rate_exempt: tuple[IPv4Network | IPv6Network, ...] = field(
        default=(ip_network("127.0.0.0/8"), ip_network("::1")),
        metadata={"env": "RATE_EXEMPT", "cast": _networks})
    """Callers at these addresses are not rate-limited: by default the machine itself (its
    own tools, health checks, a benchmark's load). A reverse proxy on the machine must send
    the caller's address (`X-Forwarded-For`, which uvicorn takes from 127.0.0.1), or every
    caller it forwards counts as the machine: set `none` where it cannot."""
    jobs_per_caller: int = field(
        default=4, metadata={"env": "JOBS_PER_CALLER", "cast": _count("JOBS_PER_CALLER")})
    jobs_queued: int = field(
        default=32, metadata={"env": "JOBS_QUEUED", "cast": _count("JOBS_QUEUED")})
    neo4j_uri: str = field(default="bolt://127.0.0.1:7687", metadata={"env": "NEO4J_URI"})
    neo4j_user: str = field(default="neo4j", metadata={"env": "NEO4J_USER"})
    neo4j_password: str = field(default="", metadata={"env": "NEO4J_PASSWORD"})
    neo4j_database: str = field(default="neo4j", metadata={"env": "NEO4J_DATABASE"})
    extra_model_roots: tuple[Path, ...] = field(
        default=(), metadata={"env": "MODEL_FILES", "cast": _roots})
    plots_dir: Path | None = field(
        default=None, metadata={"env": "PLOTS_DIR", "cast": _optional_path})

    @property
    def seed_model_files(self) -> Path:
        """The seed models' metadata files, by hub id (`owner__name`)."""
        return self.seeds / "model-files"

    @property
    def model_roots(self) -> tuple[Path, ...]:
        """Folders holding model files by hub id (`owner__name`): the user's first (they may
        hold weights), then the seeds' metadata."""
        return (*self.extra_model_roots, self.seed_model_files)

    @property
    def plots(self) -> Path:
        """Where measurement plots are written (served at /plots)."""
        return self.plots_dir or self.data / "plots"

    @property
    def workers(self) -> int:
        """Processes `serve` runs on its port and store: as set, else one a core in
        production (one process answered half of what two did on two cores) and one in
        development (one log, one start-up)."""
        if self.workers_setting is not None:
            return self.workers_setting
        return 1 if self.development else cores()

    @property
    def development(self) -> bool:
        return self.env == "development"

    @property
    def introspection(self) -> bool:
        """Schema introspection: on in development, off in production, unless set."""
        return self.development if self.introspection_flag is None else self.introspection_flag

    @property
    def graphiql(self) -> bool:
        """GraphiQL at /graphql: on in development, off in production, unless set."""
        return self.development if self.graphiql_flag is None else self.graphiql_flag

    @property
    def graphiql_dist(self) -> Path:
        """GraphiQL's bundle, built by `make web` (served at /static/graphiql/)."""
        return self.web_dir / "graphiql" / "dist"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment gives (`os.environ` unless `env` is passed).

        Example:
            >>> s = Settings.from_env({"CAPGRAPH_PORT": "9000", "CAPGRAPH_LOAD_SEEDS": "no"})
            >>> s.port, s.load_seeds, s.store
            (9000, False, 'embedded')
        """
        config = Config(environ=os.environ if env is None else env, env_prefix=PREFIX)
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw: str | None = config(f.metadata["env"], default=None)
            convert: Callable[[str], Any] = f.metadata.get("cast", str)
            values[f.name] = getattr(defaults, f.name) if raw is None else convert(raw)
        return cls(**values)


def current_settings() -> Settings:
    """The settings of this process, read from its environment now (tests may change it)."""
    return Settings.from_env()
