"""Facts about a model, read from its own files: the model's passport.

A `Fact` is one value the model's files state (a config field, a processor setting, a card
entry) or one value derived from such fields (parameters, head dim, patches per image),
with the words people use for it and where it came from. `inference.facts` reads them
through the real libraries; claims are matched to them (`inference.facts.match`); the
graph stores them so a frontend can show them. Pure data: JSON-friendly on purpose.

Example:
    >>> f = Fact("hidden_size", ("hidden size", "width"), 768, None, "config.json",
    ...          "encoder.hidden_size", part="encoder")
    >>> f.key, f.source
    ('encoder.hidden_size', 'config.json encoder.hidden_size')
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.claims.types import JSONable


@dataclass(frozen=True)
class Fact:
    """One value a model's files state or imply.

    `name` is the field's own name ("num_key_value_heads"); `words` the phrases people
    use for it ("key-value heads", "KV heads"); `unit` is None for a bare count or flag,
    else "Hz", "s", "byte", "pixel", "token"...; `file` and `field` say where it was read
    (`field` dotted through sub-configs: "encoder.hidden_size"), or `derivation` how it
    was computed from other facts. `part` is the component it belongs to ("encoder",
    "text_encoder_2", "vae"; "" for the whole model).
    """

    name: str
    words: tuple[str, ...]
    value: JSONable
    unit: str | None
    file: str | None
    field: str | None
    derivation: str | None = None
    part: str = ""
    model: str | None = None

    @property
    def key(self) -> str:
        """Unique within one model's sheet: the dotted field, or the derived name."""
        return self.field or (f"{self.part}.{self.name}" if self.part else self.name)

    @property
    def source(self) -> str:
        """Where the value came from, in words."""
        if self.derivation:
            return f"derived: {self.derivation}"
        return " ".join(x for x in (self.file, self.field) if x)
