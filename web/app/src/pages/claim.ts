// `/claim/{id}`: one claim: its text and the sentence it came from, its class and verdict,
// every piece of evidence (file, field, found, claimed, rule, libraries, weights, the
// plot of a measurement), and the page and line it was imported from.

import { gql } from "../api";
import { h, jsonText, replace, time, words } from "../dom";
import {
  artifactHref, exploreHref, facts, failed, heading, missing, sourceLink, verdictBadge,
} from "../ui";

const CLAIM = `
query ClaimPage($id: ID!) {
  claim(id: $id) {
    id text kind sentence claimClass verdict explanation checkedAt line
    source { uri title }
    artifact { slug name }
    capability { name title }
    mentions { slug name }
    evidence {
      id protocol relation outcome model file field found claimed rule weights libraries
      finishedAt explanation plot
    }
  }
}`;

interface Evidence {
  id: string; protocol: string; relation: string | null; outcome: string; model: string | null;
  file: string | null; field: string | null; found: unknown; claimed: unknown; rule: string;
  weights: string; libraries: string[]; finishedAt: string | null; explanation: string; plot: string | null;
}
interface ClaimData {
  id: string; text: string; kind: string; sentence: string; claimClass: string | null;
  verdict: string | null; explanation: string | null; checkedAt: string | null; line: number | null;
  source: { uri: string; title: string | null } | null;
  artifact: { slug: string; name: string } | null;
  capability: { name: string | null; title: string } | null;
  mentions: { slug: string; name: string }[];
  evidence: Evidence[];
}

const WEIGHTS: Record<string, string> = {
  none: "none (nothing was run)", metadata: "metadata: the model's own files, no weights",
  real: "the real weights", random: "random weights of the same architecture (informs structure, never accuracy)",
  tiny: "a tiny model of the same architecture",
};

function evidenceCard(e: Evidence, claim: ClaimData, index: number): HTMLElement {
  const value = (v: unknown): HTMLElement => h("code", {}, jsonText(v));
  return h("article", { class: "evidence", id: `evidence-${index + 1}`, "aria-labelledby": `evidence-title-${index + 1}` },
    h("h3", { id: `evidence-title-${index + 1}` }, `Evidence ${index + 1}: `, e.protocol, " ",
      h("span", { class: "muted" }, words(e.relation)), " ", verdictBadge(e.outcome)),
    h("p", {}, e.explanation),
    facts([
      ["Model", e.model ? h("code", {}, e.model) : null],
      ["File", e.file ? h("code", {}, e.file) : null],
      ["Field", e.field ? h("code", {}, e.field) : null],
      ["Found", value(e.found)],
      ["Claimed", value(e.claimed)],
      ["Rule", e.rule],
      ["Outcome", verdictBadge(e.outcome)],
      ["Weights", WEIGHTS[e.weights] ?? e.weights],
      ["Libraries", e.libraries.length ? h("ul", { class: "plain" }, e.libraries.map((l) => h("li", {}, h("code", {}, l)))) : "—"],
      ["Finished", time(e.finishedAt)],
    ]),
    e.plot ? h("figure", { class: "plot" },
      h("img", { src: e.plot, loading: "lazy", width: 640, height: 480,
        alt: `Plot of the measurement behind the claim “${claim.text}”: ${e.explanation}` }),
      h("figcaption", {}, "The measurement's plot. ", h("a", { href: e.plot }, "Open the image"))) : null);
}

export async function claimPage(main: HTMLElement, [id = ""]: string[]): Promise<void> {
  let claim: ClaimData | null;
  try {
    claim = (await gql<{ claim: ClaimData | null }>(CLAIM, { id })).claim;
  } catch (error) {
    failed(main, "The claim could not be loaded:", error);
    return;
  }
  if (!claim) {
    missing(main, "No such claim", "capgraph holds no claim with this id.");
    return;
  }
  const c = claim;
  const where = c.source
    ? [sourceLink(c.source.uri, c.source.title ?? c.source.uri), c.line ? `, line ${c.line}` : "",
      c.source.title ? [" (", sourceLink(c.source.uri), ")"] : ""]
    : "asserted through the API (no imported page)";
  replace(main,
    heading("Claim", " ", verdictBadge(c.verdict)),
    h("blockquote", { class: "claim-text" }, h("p", {}, c.text)),
    c.sentence !== c.text ? h("p", { class: "muted" }, "From the sentence: “", c.sentence, "”") : null,
    facts([
      ["Artifact", c.artifact ? h("a", { href: artifactHref(c.artifact.slug) }, c.artifact.name) : null],
      ["Capability", c.capability ? (c.capability.name ?? c.capability.title) : null],
      ["Kind", words(c.kind)],
      ["Class", words(c.claimClass)],
      ["Verdict", verdictBadge(c.verdict)],
      ["Why", c.explanation],
      ["Checked", c.checkedAt ? time(c.checkedAt) : "not yet"],
      ["Source", where],
      ["Names", c.mentions.length ? c.mentions.map((m, i) => [i ? ", " : "", h("a", { href: artifactHref(m.slug) }, m.name)]) : null],
    ]),
    h("p", {}, h("a", { href: exploreHref(c.id), class: "button secondary" }, "Explore around this claim")),
    h("section", { "aria-labelledby": "evidence-title" },
      h("h2", { id: "evidence-title" }, `Evidence (${c.evidence.length})`),
      c.evidence.length ? c.evidence.map((e, i) => evidenceCard(e, c, i))
        : h("p", {}, "No evidence yet: the claim has not been checked, or nothing capgraph can run settles it.")));
}
