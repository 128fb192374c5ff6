// `/job/{id}`: a job's live progress over the `jobProgress` subscription, and a cancel
// button. Cancelling needs an API token with the `verify` scope; without one the API's
// refusal is shown as it is, with how to get a token.

import { ApiError, gql, setToken, token } from "../api";
import { h, num, replace, time, words } from "../dom";
import { subscribe } from "../ws";
import { claimHref, errorBox, facts, failed, heading, missing, verdictBadge } from "../ui";
import type { Cleanup } from "../router";

const FIELDS = `
  id kind state progress message createdAt startedAt finishedAt timeLimitS
  claim { id text artifact { slug name } }
  evidence { id outcome explanation plot }`;
const JOB = `query JobPage($id: ID!) { job(id: $id) { ${FIELDS} } }`;
const PROGRESS = `subscription JobProgress($id: ID!) { jobProgress(id: $id) { ${FIELDS} } }`;
const CANCEL = `mutation CancelJob($id: ID!) { cancelJob(id: $id) { ${FIELDS} } }`;

const FINISHED = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "INTERRUPTED"]);

interface JobData {
  id: string; kind: string; state: string; progress: number; message: string; createdAt: string | null;
  startedAt: string | null; finishedAt: string | null; timeLimitS: number;
  claim: { id: string; text: string; artifact: { slug: string; name: string } | null } | null;
  evidence: { id: string; outcome: string; explanation: string; plot: string | null }[];
}

function tokenForm(onChange: () => void): HTMLElement {
  const input = h("input", { id: "api-token", type: "password", autocomplete: "off", value: token() ?? "",
    "aria-describedby": "api-token-help" });
  const label = (): string => (token() ? "API token: set for this tab" : "API token (needed to cancel)");
  const summary = h("summary", {}, label());
  const changed = (): void => {
    summary.textContent = label();
    onChange();
  };
  return h("details", { class: "token", open: token() ? undefined : true }, summary,
    h("form", { onsubmit: (e: Event) => { e.preventDefault(); setToken(input.value.trim() || null); changed(); } },
      h("label", { for: "api-token" }, "Token with the verify scope"), input,
      h("button", { type: "submit" }, "Use this token"),
      h("button", { type: "button", class: "secondary", onclick: () => { input.value = ""; setToken(null); changed(); } }, "Forget it")),
    h("p", { id: "api-token-help", class: "muted" },
      "Kept in this tab only (sessionStorage) and sent as a bearer token. An administrator makes one with ",
      h("code", {}, "capgraph tokens create --scopes verify NAME"), "."));
}

export async function jobPage(main: HTMLElement, [id = ""]: string[]): Promise<Cleanup | void> {
  let job: JobData | null;
  try {
    job = (await gql<{ job: JobData | null }>(JOB, { id })).job;
  } catch (error) {
    failed(main, "The job could not be loaded:", error);
    return;
  }
  if (!job) {
    missing(main, "No such job", "capgraph holds no job with this id.");
    return;
  }
  const bar = h("progress", { id: "job-progress", max: 1, value: job.progress });
  const percent = h("span", { class: "percent" });
  const state = h("span", { class: "badge state", "data-state": job.state });
  const message = h("p", { class: "message", role: "status", "aria-live": "polite" });
  const details = h("div");
  const evidence = h("div");
  const live = h("p", { class: "live muted", "data-live": "connecting" }, "Connecting for live progress…");
  const cancelResult = h("div", { class: "cancel-result", "aria-live": "assertive" });
  const cancel = h("button", { type: "button", id: "cancel-job", class: "danger" }, "Cancel job");

  const show = (j: JobData): void => {
    job = j;
    state.textContent = words(j.state);
    state.setAttribute("data-state", j.state);
    bar.value = j.progress;
    percent.textContent = `${num(j.progress * 100, 0)}%`;
    message.textContent = j.message || words(j.state);
    cancel.disabled = FINISHED.has(j.state);
    replace(details, facts([
      ["Kind", j.kind],
      ["Claim", j.claim ? h("a", { href: claimHref(j.claim.id) }, j.claim.text) : null],
      ["Artifact", j.claim?.artifact?.name ?? null],
      ["Created", time(j.createdAt)],
      ["Started", j.startedAt ? time(j.startedAt) : "not yet"],
      ["Finished", j.finishedAt ? time(j.finishedAt) : "not yet"],
      ["Time limit", `${num(j.timeLimitS, 0)} s`],
    ]));
    replace(evidence, j.evidence.length ? [h("h2", {}, "Evidence it wrote"),
      h("ul", { class: "plain" }, j.evidence.map((e) => h("li", {}, verdictBadge(e.outcome), " ",
        j.claim ? h("a", { href: claimHref(j.claim.id) }, e.explanation) : e.explanation)))] : null);
  };

  cancel.addEventListener("click", async () => {
    replace(cancelResult, h("p", { role: "status" }, "Asking the job to stop…"));
    try {
      const reply = await gql<{ cancelJob: JobData }>(CANCEL, { id });
      show(reply.cancelJob);
      replace(cancelResult, h("p", { role: "status", class: "ok" }, `The job was asked to stop: ${reply.cancelJob.message || words(reply.cancelJob.state)}.`));
    } catch (error) {
      const needsToken = error instanceof ApiError && ["UNAUTHENTICATED", "FORBIDDEN"].includes(error.code);
      replace(cancelResult, errorBox(error, "The job was not cancelled:"),
        needsToken ? h("p", {}, "Cancelling needs an API token with the verify scope, and the job must be yours (or you an admin). Set one under “API token”.") : null);
    }
  });

  let subscription: { close(): void } | null = null;
  const follow = (): void => {
    subscription?.close();
    if (FINISHED.has(job?.state ?? "")) {
      live.setAttribute("data-live", "finished");
      live.textContent = "The job has finished; this is its final state.";
      return;
    }
    const secret = token();
    subscription = subscribe<{ jobProgress: JobData }>(PROGRESS, { id }, {
      next: (data) => {
        live.setAttribute("data-live", "live");
        live.textContent = "Live: updates as the job runs.";
        show(data.jobProgress);
      },
      error: (error) => {
        live.setAttribute("data-live", "error");
        replace(live, errorBox(error, "Live progress stopped:"));
      },
      complete: () => {
        live.setAttribute("data-live", "finished");
        live.textContent = "The job has finished; this is its final state.";
      },
    }, secret ? { authorization: `Bearer ${secret}` } : {});
  };

  show(job);
  replace(main,
    heading(`Job: ${job.kind}`),
    h("div", { class: "job-status" }, state, " ",
      h("label", { for: "job-progress" }, "Progress"), " ", bar, " ", percent),
    message, live,
    h("div", { class: "job-actions" }, cancel, cancelResult),
    tokenForm(follow),
    details, evidence);
  follow();
  return () => subscription?.close();
}
