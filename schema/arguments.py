"""Arguments many root fields take, each declared once with its description.

Example:
    >>> from typing import get_args
    >>> get_args(ArtifactRef)[1].description.startswith("An artifact: its id")
    True
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types.arguments import StrawberryArgumentAnnotation

from schema.limits import MAX_PAGE

__all__ = ["After", "ArtifactRef", "ClaimId", "First", "IntentText", "JobId", "ObjectId",
           "about"]


def about(description: str) -> StrawberryArgumentAnnotation:
    """An argument's description, for `Annotated[type, about("...")]`."""
    return strawberry.argument(description=description)


ARTIFACT_REF = ("its id (`Artifact.id`), slug, name, alias, hub id (owner/name), or a short "
                "name only it begins with (`trocr`)")
"""What every argument naming an artifact accepts (`graph.references.artifact_for`)."""

ArtifactRef = Annotated[str, strawberry.argument(description=f"An artifact: {ARTIFACT_REF}.")]

First = Annotated[int, strawberry.argument(
    description=f"How many items the page holds: 1..{MAX_PAGE}.")]

After = Annotated[str | None, strawberry.argument(
    description="Start after this cursor: the `endCursor` of the page before (or an edge's "
                "`cursor`); null for the first page.")]

ObjectId = Annotated[strawberry.ID, strawberry.argument(
    description="The object's global id, as the API gave it (`id`).")]

ClaimId = Annotated[strawberry.ID, strawberry.argument(
    description="The claim's id (`Claim.id`), or its graph id (`claim:...`).")]

JobId = Annotated[strawberry.ID, strawberry.argument(description="The job's id (`Job.id`).")]

IntentText = Annotated[str, strawberry.argument(
    description="A need, in plain words (`read handwritten notes`), at most 500 characters.")]
