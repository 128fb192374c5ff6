"""Model files: an artifact's folders and their facts (its passport), and attaching one."""

from __future__ import annotations

from graph.model_files import AttachedFiles, attached_model_files
from graph.references import artifact_for
from schema.context import Context
from schema.types import ModelFiles


def artifact_model_files(context: Context, slug: str, name: str) -> list[ModelFiles]:
    """The folders attached to the artifact; when none is, the folders of the model-file
    roots found by its slug and name (their fact sheets read now, once per process)."""
    attached = attached_model_files(context.store, slug) or _found_by_name(
        context, slug, name)
    return [ModelFiles.from_attached(files) for files in attached]


def _found_by_name(context: Context, slug: str, name: str) -> list[AttachedFiles]:
    from inference.facts.sheet import fact_sheet
    from inference.model_files import find_model_folders, load_model_files

    found = []
    for folder in find_model_folders(slug, name, context.model_roots):
        files = load_model_files(folder)
        found.append(AttachedFiles(
            id=None, artifact=slug, hub_id=files.hub_id, kind=files.kind,
            path=str(files.folder), checksum=None, attached_at=None, attached_by=None,
            facts=fact_sheet(files), attached=False))
    return found


def attach_model_files(context: Context, artifact: str, path: str) -> list[ModelFiles]:
    """Attach a folder to an existing artifact (recorded as attached by the caller), check the
    artifact's claims against its model files, and return them."""
    from inference.attach import attach_model_files as attach
    from inference.check_claims import artifact_claims, check_claims

    slug = str(artifact_for(context.store, artifact).props["slug"])
    done = attach(context.store, path, artifact=slug, roots=context.model_roots,
                  attached_by=context.principal.who)
    slug = str(done.artifact.props["slug"])
    check_claims(context.store, artifact_claims(context.store, slug),
                 roots=context.model_roots)
    return artifact_model_files(context, slug, str(done.artifact.props["name"]))
