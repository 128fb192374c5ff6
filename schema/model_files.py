"""A model's passport: the folders of its own files and the facts read from them."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from graph.facts import Fact as GraphFact
from graph.model_files import AttachedFiles
from schema.scalars import as_datetime


@strawberry.type(description="One value a model's files state or imply: a config field, a "
                             "processor setting, a card entry, or a value derived from them.")
class Fact:
    name: str = strawberry.field(description="The field's own name (num_key_value_heads).")
    words: list[str] = strawberry.field(description="The phrases people use for it.")
    value: JSON | None = strawberry.field(description="A JSON scalar or a list of scalars.")
    unit: str | None = strawberry.field(description="Hz, s, byte, pixel, token...; null for "
                                                    "a bare count or flag.")
    file: str | None = strawberry.field(description="The file it was read from.")
    field: str | None = strawberry.field(description="The field, dotted through sub-configs.")
    derivation: str | None = strawberry.field(description="How a derived value was computed.")
    part: str = strawberry.field(description="The component (encoder, vae...); empty for "
                                             "the whole model.")
    source: str = strawberry.field(description="Where the value came from, in words.")

    @classmethod
    def from_fact(cls, fact: GraphFact) -> Fact:
        return cls(name=fact.name, words=list(fact.words), value=cast(JSON, fact.value),
                   unit=fact.unit, file=fact.file, field=fact.field,
                   derivation=fact.derivation, part=fact.part, source=fact.source)


@strawberry.type(description="A folder of a model's own files and the facts read from it: "
                             "the model's passport.")
class ModelFiles:
    hub_id: str = strawberry.field(
        description="The model's Hugging Face id (`microsoft/trocr-base-handwritten`), read "
                    "from the folder or its name.")
    kind: str = strawberry.field(description="transformers, diffusers or provider.")
    path: str = strawberry.field(description="The folder on the server's disk.")
    checksum: str | None = strawberry.field(description="Of the folder's files when attached.")
    attached: bool = strawberry.field(
        description="Attached to the artifact (`capgraph models add`, attachModelFiles); "
                    "false for a folder of the model-file roots found by the artifact's name.")
    attached_at: datetime | None = strawberry.field(
        description="When it was attached; null for a folder found by name.")
    attached_by: str | None = strawberry.field(description="cli or api.")
    facts: list[Fact] = strawberry.field(
        description="Every value read from or derived from the folder's files (its fact "
                    "sheet), the values claims are checked against.")

    @classmethod
    def from_attached(cls, files: AttachedFiles) -> ModelFiles:
        return cls(hub_id=files.hub_id, kind=files.kind, path=files.path,
                   checksum=files.checksum, attached=files.attached,
                   attached_at=as_datetime(files.attached_at), attached_by=files.attached_by,
                   facts=[Fact.from_fact(f) for f in files.facts])
