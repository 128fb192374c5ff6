"""Model-card claims: the data a model was (pre-)trained on.

Only the card's front matter `datasets` list can settle it, and only in one direction: a
dataset the card lists supports the claim; a card that lists others may list fine-tuning
data only, so it does not refute one.
"""

from __future__ import annotations

from graph.claims.attributes import Family, Mention
from graph.claims.types import AtomicClaim, EvidenceRecord, Verdict
from graph.model import slugify
from inference.checkers.evidence import mentions_of, not_stated, record
from inference.model_files import ModelFiles

PROTOCOL = "model-files/card"


def check(claim: AtomicClaim, files: ModelFiles) -> list[EvidenceRecord] | None:
    mentions = mentions_of(claim, Family.CARD)
    if not mentions:
        return None
    return [_datasets(m, files) for m in mentions]


def _datasets(mention: Mention, files: ModelFiles) -> EvidenceRecord:
    listed = files.card.get("datasets")
    datasets = [str(d) for d in listed] if isinstance(listed, list) else (
        [str(listed)] if listed else [])
    claimed = slugify(mention.value or mention.text)
    if not any(claimed in slugify(d) for d in datasets):
        why = (f"the card lists {datasets}, which need not include pre-training data"
               if datasets else "the card's front matter lists no datasets (config files never "
               "record training data)")
        return not_stated(PROTOCOL, files, mention, why, found=datasets)
    return record(PROTOCOL, files, mention, source_file="README.md", field="datasets",
                  found=datasets, claimed=mention.value, rule="the card lists the dataset",
                  outcome=Verdict.SUPPORTED, explanation=f"datasets: {datasets}")
