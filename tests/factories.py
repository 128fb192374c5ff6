"""Small builders of graph data for tests (no page text, no store needed)."""

from __future__ import annotations

from graph.model import Label, Node, artifact_id, stable_id
from graph.store import ArtifactProfile


def source(uri: str, imported_at: str = "2026-11-01T00:00:00+00:00") -> Node:
    return Node(stable_id("source", uri), Label.SOURCE, {
        "uri": uri, "kind": "page", "checksum": "sha256:0", "imported_at": imported_at,
    })


def signal(slug: str, name: str, value: float | str | None, src: Node, raw: str = "") -> Node:
    return Node(stable_id("signal", name, src.id, scope=slug), Label.SIGNAL, {
        "artifact": slug, "name": name, "value": value, "raw": raw or str(value),
        "source": src.id, "observed_at": src.props["imported_at"], "kind": "reported",
    })


def profile(
    slug: str, name: str | None = None, type: str = "Model",
    sources: tuple[Node, ...] = (), **values_by_source: object,
) -> ArtifactProfile:
    """A profile whose signals are `name=value` from the first source.

    `values_by_source` maps a signal name to a value, or to a tuple of values, one per source.
    """
    srcs = sources or (source(f"{slug}.txt"),)
    signals = []
    for signal_name, value in values_by_source.items():
        values = value if isinstance(value, tuple) else (value,)
        for src, v in zip(srcs, values, strict=False):
            raw = (f"{v:g}/100" if signal_name == "rank" else f"{v:g}") \
                if isinstance(v, int | float) else ""
            signals.append(signal(slug, signal_name, v, src, raw))  # type: ignore[arg-type]
    art = Node(artifact_id(slug), Label.ARTIFACT,
               {"slug": slug, "name": name or slug, "type": type})
    return ArtifactProfile(art, tuple(signals), {s.id: s for s in srcs}, ())
