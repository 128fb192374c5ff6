"""The root Mutation type: declarations only; each field delegates to `resolvers/`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import claims as claim_resolvers
from resolvers import imports as import_resolvers
from resolvers import intents as intent_resolvers
from resolvers import jobs as job_resolvers
from resolvers import merge as merge_resolvers
from resolvers import model_files as model_file_resolvers
from schema.arguments import ArtifactRef, ClaimId, IntentText, JobId, about
from schema.auth import Needs
from schema.context import Context
from schema.intent import OutcomeRecorded
from schema.merge import ArtifactMerge
from schema.page_import import PageImport
from schema.sizes import MAX_CLAIM_TEXT, MAX_PAGE_TEXT
from schema.types import ArtifactVerification, ClaimAssessment, Job, ModelFiles

Info = strawberry.Info[Context, None]


@strawberry.type(description="Writes. Each needs an API token with the scope it names "
                             "(`Authorization: Bearer ...`; README, \"Security\"); a write "
                             "that starts long work returns a Job at once.")
class Mutation:
    @strawberry.mutation(description="Record text as a claim of an artifact (an id, slug, "
                                     "name, alias or hub id) "
                                     "and assess it against the artifact's model files. "
                                     "Needs the `assert` scope; the claim records who asserted it.",
                         permission_classes=[Needs.ASSERT])
    def assess_claim(
        self, info: Info, artifact: ArtifactRef,
        text: Annotated[str, about(
            f"The claim: one statement, at most {MAX_CLAIM_TEXT:,} characters "
            "(`It has 12 encoder layers.`).")],
    ) -> ClaimAssessment:
        return claim_resolvers.assess_claim(info.context, artifact, text)

    @strawberry.mutation(description="Import a comparison page (its text, at most "
                                     f"{MAX_PAGE_TEXT:,} characters), identified by `uri` (its "
                                     "URL, or a name); importing it again updates it. Needs "
                                     "the `import` scope; the page records who imported it.",
                         permission_classes=[Needs.IMPORT])
    def import_page(
        self, info: Info,
        uri: Annotated[str, about(
            "The page's identity: its URL, or a name; the same uri again updates "
            "the page (its facts are replaced).")],
        text: Annotated[str, about(
            "The page's text, as a browser's copy of it reads (a comparison or an "
            "artifact page).")],
    ) -> PageImport:
        return import_resolvers.import_page(info.context, uri, text)

    @strawberry.mutation(description="Report whether an artifact (an id, slug, name, alias or "
                                     "hub id) worked for an intent: each of "
                                     "its capabilities that matched the intent counts the "
                                     "outcome (the match graph). Needs the `assert` scope; "
                                     "the intent records who reported last.",
                         permission_classes=[Needs.ASSERT])
    def record_outcome(
        self, info: Info, intent: IntentText, artifact: ArtifactRef,
        success: Annotated[bool, about(
            "True when the artifact met the need, false when it did not.")],
    ) -> OutcomeRecorded:
        return intent_resolvers.record_outcome(info.context, intent, artifact, success)

    @strawberry.mutation(description="Check one claim (its id) again and record its "
                                     "evidence; a "
                                     "measurable claim also starts a measurement job owned by "
                                     "the caller. Needs the `verify` scope.",
                         permission_classes=[Needs.VERIFY])
    def verify_claim(self, info: Info, id: ClaimId) -> ClaimAssessment:
        return claim_resolvers.verify_claim(info.context, id)

    @strawberry.mutation(description="Check every claim of an artifact (an id, slug, name, "
                                     "alias or hub id); counts per verdict. "
                                     "Needs the `verify` scope.",
                         permission_classes=[Needs.VERIFY])
    def verify_artifact(self, info: Info, slug: ArtifactRef) -> ArtifactVerification:
        return claim_resolvers.verify_artifact(info.context, slug)

    @strawberry.mutation(description="Attach a folder of model files (a path on the server, "
                                     "or a hub id in the model-file roots or the local Hugging "
                                     "Face cache; never downloaded) to an artifact (an id, slug, "
                                     "name, alias or hub id), check its "
                                     "claims against them, and return its model files. Needs "
                                     "the `admin` scope (it reads the server's disk).",
                         permission_classes=[Needs.ADMIN])
    def attach_model_files(
        self, info: Info, artifact: ArtifactRef,
        path: Annotated[str, about(
            "A folder on the server's disk, or a hub id (owner/name) found in the "
            "model-file roots or the local Hugging Face cache.")],
    ) -> list[ModelFiles]:
        return model_file_resolvers.attach_model_files(info.context, artifact, path)

    @strawberry.mutation(description="Ask a queued or running job to stop. Needs the `verify` "
                                     "scope, and the job must be the caller's (or the caller "
                                     "an admin).",
                         permission_classes=[Needs.VERIFY])
    def cancel_job(self, info: Info, id: JobId) -> Job:
        return job_resolvers.cancel_job(info.context, id)

    @strawberry.mutation(description="Run a finished (or interrupted) job's work again, as a "
                                     "new job owned by the caller. Needs the `verify` scope, "
                                     "and the job must be the caller's (or the caller an admin).",
                         permission_classes=[Needs.VERIFY])
    def rerun_job(self, info: Info, id: JobId) -> Job:
        return job_resolvers.rerun_job(info.context, id)

    @strawberry.mutation(description="Merge the artifact `duplicate` names (an id, slug, "
                                     "name, alias or hub id) into the one `keep` names: every "
                                     "edge moves to "
                                     "it, every fact keeps its source, the duplicate's claims "
                                     "become its claims (new ids), the duplicate's slug and "
                                     "name become its aliases, and the duplicate is removed; "
                                     "the rank is recomputed and the merge records who did "
                                     "it. Needs the `admin` scope.",
                         permission_classes=[Needs.ADMIN])
    def merge_artifacts(
        self, info: Info,
        keep: Annotated[str, about(
            "The artifact that stays (an id, slug, name, alias or hub id).")],
        duplicate: Annotated[str, about(
            "The artifact merged into it and removed (an id, slug, name, alias or "
            "hub id).")],
    ) -> ArtifactMerge:
        return merge_resolvers.merge_artifacts(info.context, keep, duplicate)
