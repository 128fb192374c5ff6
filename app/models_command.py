"""`capgraph models add`, `list` and `download`: attach a folder of model files (or a model
in the local Hugging Face cache) to an artifact, list the folders artifacts have, and fetch a
model into the cache (the one command that goes online: a local administrator's choice)."""

from __future__ import annotations

import argparse
import json
import sys

from app.stores import store_description, store_with_seeds
from graph.errors import CapgraphError
from graph.settings import Settings


def cmd_models_add(args: argparse.Namespace, settings: Settings) -> int:
    from inference.attach import attach_model_files, read_folder, resolve_model_ref
    from inference.check_claims import artifact_claims, check_claims

    # the folder is found and read before the store is opened: bad input writes nothing
    folder = resolve_model_ref(args.ref, settings.model_roots)
    reading = read_folder(folder)
    store = store_with_seeds(settings)
    try:
        done = attach_model_files(store, str(folder), artifact=args.artifact,
                                  roots=settings.model_roots, attached_by="cli")
        slug = str(done.artifact.props["slug"])
        claims = artifact_claims(store, slug)
        counts: dict[str, int] = {}
        for item in check_claims(store, claims, roots=settings.model_roots):
            verdict = item.assessment.verdict.value
            counts[verdict] = counts.get(verdict, 0) + 1
    finally:
        store.close()
    where = store_description(settings)
    if args.json:
        print(json.dumps({"store": where, "status": done.status, "hubId": reading.hub_id,
                          "kind": reading.kind, "facts": len(reading.facts),
                          "folder": str(folder), "artifact": slug,
                          "createdArtifact": done.created_artifact, "checked": len(claims),
                          "counts": dict(sorted(counts.items()))}, indent=2))
        return 0
    made = " (created from the model files)" if done.created_artifact else ""
    print(f"{done.status} {reading.hub_id} ({reading.kind}, {len(reading.facts)} facts) "
          f"from {folder} to {slug}{made}, in {where}")
    if not claims:
        print(f"{slug} has no claims yet: import a page about it, or assess one with "
              f"capgraph query 'mutation {{ assessClaim(artifact: \"{slug}\", "
              f"text: \"...\") {{ verdict explanation }} }}'")
        return 0
    tally = ", ".join(f"{n} {v.lower()}" for v, n in sorted(counts.items()))
    print(f"{slug}: {len(claims)} claims checked against its model files ({tally})")
    return 0


def cmd_models_list(args: argparse.Namespace, settings: Settings) -> int:
    from graph.model import Label
    from graph.model_files import AttachedFiles
    from inference.model_files import load_model_files

    store = store_with_seeds(settings)
    try:
        nodes = store.nodes_with(Label.MODEL_FILES, "kind",
                                 ["transformers", "diffusers", "provider"])
        attached = sorted((AttachedFiles.from_node(n) for n in nodes),
                          key=lambda f: (f.artifact, f.hub_id, f.path))
        rows = [(f.artifact, f.hub_id, f.kind, str(len(f.facts)), f.path) for f in attached]
        with_files = {f.artifact for f in attached}
        # folders found by name in the model-file roots serve artifacts with none attached
        for root in settings.model_roots:
            for folder in sorted(root.glob("*__*")) if root.is_dir() else ():
                try:
                    files = load_model_files(folder)
                except CapgraphError:
                    continue
                node = store.find_artifact(files.slug)
                if node is None or str(node.props["slug"]) in with_files:
                    continue
                rows.append((str(node.props["slug"]), files.hub_id, files.kind,
                             "by name", str(files.folder)))
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"artifact": r[0], "hubId": r[1], "kind": r[2],
                           "facts": int(r[3]) if r[3].isdigit() else None,
                           "attached": r[3].isdigit(), "path": r[4]} for r in sorted(rows)],
                         indent=2))
        return 0
    if not rows:
        print("no model files attached: `capgraph models add PATH_OR_HUB_ID`", file=sys.stderr)
        return 0
    header = ("artifact", "hub id", "kind", "facts", "path")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *sorted(rows)]:
        print("  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True)) + "  " + row[4])
    return 0


def cmd_models_download(args: argparse.Namespace, settings: Settings) -> int:
    """Fetch a model's files from the Hugging Face Hub into the local cache."""
    from inference.offline import allow_downloads

    allow_downloads()                       # this process only: the server stays offline
    from huggingface_hub import snapshot_download

    patterns = None if args.weights else ["*.json", "*.txt", "*.model", "README.md"]
    try:
        folder = snapshot_download(args.hub_id, allow_patterns=patterns)
    except Exception as exc:  # the hub's errors are many; each is reported the same way
        print(f"capgraph models download: {args.hub_id} could not be fetched: "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    what = "files and weights" if args.weights else "metadata files (no weights)"
    print(f"fetched {args.hub_id}'s {what} into {folder}; attach them with "
          f"`capgraph models add {args.hub_id}`")
    return 0


def add_models_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    models = sub.add_parser("models", help="attach model files to artifacts, list them")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    add = models_sub.add_parser(
        "add", help="attach a folder of model files, or a model in the local Hugging Face "
                    "cache (offline), to an artifact, then check its claims")
    add.add_argument("ref", metavar="PATH_OR_HUB_ID",
                     help="a folder holding config.json, model_index.json or provider.json; "
                          "or a hub id (owner/name) in the model-file roots or the HF cache")
    add.add_argument("--artifact", metavar="ARTIFACT",
                     help="the artifact to attach to: an id, slug, name, alias or hub id "
                          "(default: the one named after the model, created when there is "
                          "none)")
    add.add_argument("--json", action="store_true", help="print JSON for scripts")
    add.set_defaults(run=cmd_models_add)
    listing = models_sub.add_parser("list", help="artifacts with their model folders")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(run=cmd_models_list)
    download = models_sub.add_parser(
        "download", help="fetch a model from the Hugging Face Hub into the local cache (the "
                         "only command that goes online; the server never does)")
    download.add_argument("hub_id", metavar="HUB_ID", help="owner/name")
    download.add_argument("--weights", action="store_true",
                          help="fetch the weights too (default: metadata files only)")
    download.set_defaults(run=cmd_models_download)
