// `/a/{slug}`: an artifact's rank with its breakdown drawn, its capabilities and their
// claims with verdicts, the model's facts and files, and the pages it was imported from.

import { gql } from "../api";
import { h, jsonText, num, replace, time, words, type Child } from "../dom";
import { rankChart, type Component } from "../chart";
import { rewrite } from "../router";
import {
  artifactHref, basisBadge, claimHref, compareHref, exploreHref, facts, failed, heading, missing,
  scoreText, sourceLink, table, verdictBadge,
} from "../ui";

const ARTIFACT = `
query ArtifactPage($slug: String!) {
  artifact(slug: $slug) {
    id slug name type tagline stub
    rank {
      score basis computedScore weightsVersion explanation
      components {
        name weight value contribution note
        signals { name raw sourceUri observedAt }
        claims { id text verdict }
      }
      reported { name raw sourceUri observedAt }
    }
    capabilities {
      id name title description uniqueAspect vsAlternatives confidence
      claims { id text kind verdict claimClass }
    }
    modelFiles {
      hubId kind path checksum attached attachedAt attachedBy
      facts { name value unit file field part source derivation }
    }
    sources { id uri kind title layout importedAt truncated reportedSummary reportedVerdict }
  }
  others: artifacts(first: 6) { edges { node { slug name } } }
}`;

interface SignalRef { name: string; raw: string; sourceUri: string; observedAt: string | null }
interface RankComponent extends Component {
  signals: SignalRef[];
  claims: { id: string; text: string; verdict: string }[];
}
interface ClaimRow { id: string; text: string; kind: string; verdict: string | null; claimClass: string | null }
interface CapabilityRow {
  id: string; name: string | null; title: string; description: string | null;
  uniqueAspect: string | null; vsAlternatives: string | null; confidence: string | null;
  claims: ClaimRow[];
}
interface FactRow {
  name: string; value: unknown; unit: string | null; file: string | null; field: string | null;
  part: string; source: string; derivation: string | null;
}
interface Files {
  hubId: string; kind: string; path: string; checksum: string | null; attached: boolean;
  attachedAt: string | null; attachedBy: string | null; facts: FactRow[];
}
interface SourceRow {
  id: string; uri: string; kind: string; title: string | null; layout: string | null;
  importedAt: string | null; truncated: boolean; reportedSummary: string | null; reportedVerdict: string | null;
}
export interface ArtifactData {
  id: string; slug: string; name: string; type: string | null; tagline: string | null; stub: boolean;
  rank: {
    score: number | null; basis: string; computedScore: number | null; weightsVersion: string;
    explanation: string; components: RankComponent[]; reported: SignalRef[];
  };
  capabilities: CapabilityRow[];
  modelFiles: Files[];
  sources: SourceRow[];
}

/** Claims per verdict, as badges with counts ("3 refuted"). */
export function verdictCounts(claims: { verdict: string | null }[]): HTMLElement {
  const counts = new Map<string, number>();
  for (const c of claims) counts.set(c.verdict ?? "UNCHECKED", (counts.get(c.verdict ?? "UNCHECKED") ?? 0) + 1);
  const order = ["SUPPORTED", "PARTIAL", "REFUTED", "UNDETERMINED", "NOT_FALSIFIABLE", "UNCHECKED"];
  return h("ul", { class: "counts" }, order.filter((v) => counts.has(v)).map((v) =>
    h("li", {}, h("strong", {}, String(counts.get(v))), " ", verdictBadge(v === "UNCHECKED" ? null : v))));
}

function rankSection(a: ArtifactData): HTMLElement {
  const r = a.rank;
  const rows = r.components.map((c) => [
    h("strong", {}, c.name), num(c.weight, 2), num(c.value, 3),
    c.contribution === null ? "missing" : `+${num(c.contribution)}`,
    c.note,
    c.signals.length ? h("ul", { class: "plain" }, c.signals.map((sig) =>
      h("li", {}, `${sig.name} = ${sig.raw} from `, sourceLink(sig.sourceUri)))) : "—",
    c.claims.length ? h("details", {}, h("summary", {}, `${c.claims.length} claims`),
      h("ul", { class: "plain" }, c.claims.map((cl) =>
        h("li", {}, verdictBadge(cl.verdict), " ", h("a", { href: claimHref(cl.id) }, cl.text))))) : "—",
  ]);
  return h("section", { class: "rank", "aria-labelledby": "rank-title" },
    h("h2", { id: "rank-title" }, "Rank"),
    h("p", { class: "big-score" }, h("strong", {}, scoreText(r.score)), " ", basisBadge(r.basis),
      h("span", { class: "muted" }, ` computed ${scoreText(r.computedScore)} · weights ${r.weightsVersion}`)),
    h("div", { class: "rank-grid" },
      r.components.length ? rankChart(`Rank breakdown of ${a.name}`, r.components, r.computedScore) : null,
      h("div", {}, h("p", { class: "explanation" }, r.explanation),
        r.reported.length ? h("p", {}, "Reported by sources: ", r.reported.map((sig, i) =>
          [i ? "; " : "", `${sig.name} ${sig.raw} (`, sourceLink(sig.sourceUri), ")"])) : null)),
    table("The components, their weights and values, the signals and claims behind them",
      ["Component", "Weight", "Value", "Points", "Note", "Signals (sources)", "Claims that moved it"], rows,
      { class: "components" }));
}

function capabilitySection(a: ArtifactData): HTMLElement {
  const all = a.capabilities.flatMap((c) => c.claims);
  return h("section", { "aria-labelledby": "capabilities-title" },
    h("h2", { id: "capabilities-title" }, `Capabilities (${a.capabilities.length}) and their ${all.length} claims`),
    all.length ? verdictCounts(all) : null,
    a.capabilities.map((c) => h("details", { class: "capability", id: `capability-${c.id}` },
      h("summary", {}, h("span", { class: "cap-title" }, c.name ?? c.title), " ",
        h("span", { class: "muted" }, `${c.claims.length} claims`)),
      c.description ? h("p", {}, c.description) : null,
      c.uniqueAspect ? h("p", {}, h("strong", {}, "Unique: "), c.uniqueAspect) : null,
      c.vsAlternatives ? h("p", {}, h("strong", {}, "vs alternatives: "), c.vsAlternatives) : null,
      c.confidence ? h("p", { class: "muted" }, `confidence (as the page said): ${c.confidence}`) : null,
      h("ul", { class: "claims" }, c.claims.map((cl) => h("li", {},
        verdictBadge(cl.verdict), " ", h("a", { href: claimHref(cl.id) }, cl.text),
        " ", h("span", { class: "muted" }, words(cl.claimClass))))))));
}

function factValue(f: FactRow): string {
  return `${jsonText(f.value)}${f.unit ? ` ${f.unit}` : ""}`;
}

function filesSection(a: ArtifactData): HTMLElement | null {
  if (!a.modelFiles.length) return null;
  return h("section", { "aria-labelledby": "files-title" },
    h("h2", { id: "files-title" }, "The model's facts and files"),
    a.modelFiles.map((m) => h("div", { class: "files" },
      h("h3", {}, m.hubId, " ", h("span", { class: "muted" }, `(${m.kind})`)),
      facts([
        ["Folder", h("code", {}, m.path)],
        ["Attached", m.attached ? ["yes", m.attachedBy ? ` by ${m.attachedBy}` : "", m.attachedAt ? [" at ", time(m.attachedAt)] : ""]
          : "no: found by its name in the model-file roots"],
        ["Checksum", m.checksum ? h("code", {}, m.checksum) : null],
        ["Facts", String(m.facts.length)],
      ]),
      h("details", {}, h("summary", {}, `All ${m.facts.length} facts`),
        table(`Facts of ${m.hubId}`, ["Fact", "Value", "Part", "File", "Field", "How"],
          m.facts.map((f): Child[] => [f.name, factValue(f), f.part || "model", f.file ?? "—",
            f.field ?? "—", f.derivation ?? f.source]))))));
}

function sourcesSection(a: ArtifactData): HTMLElement {
  return h("section", { "aria-labelledby": "sources-title" },
    h("h2", { id: "sources-title" }, "Imported from"),
    a.sources.length ? h("ul", { class: "sources" }, a.sources.map((src) => h("li", {},
      h("p", {}, sourceLink(src.uri, src.title ?? src.uri), " ",
        h("span", { class: "muted" }, [src.kind, src.layout, "imported "], time(src.importedAt),
          src.truncated ? " · truncated" : "")),
      src.title ? h("p", { class: "muted" }, sourceLink(src.uri)) : null,
      src.reportedVerdict ? h("blockquote", {}, h("p", {}, src.reportedVerdict),
        h("footer", {}, "The page's own verdict, verbatim (not trusted)")) : null)))
      : h("p", {}, "No page lists this artifact; a claim of another artifact names it."));
}

export async function artifactPage(main: HTMLElement, [slug = ""]: string[]): Promise<void> {
  let data: { artifact: ArtifactData | null; others: { edges: { node: { slug: string; name: string } }[] } };
  try {
    data = await gql(ARTIFACT, { slug });
  } catch (error) {
    failed(main, `The artifact ${slug} could not be loaded:`, error);
    return;
  }
  const a = data.artifact;
  if (!a) {
    missing(main, "No such artifact", `capgraph holds no artifact named “${slug}” (a slug, a name, a hub id or a short name).`);
    return;
  }
  if (a.slug !== slug) rewrite(artifactHref(a.slug) + location.hash);
  const others = data.others.edges.map((e) => e.node).filter((o) => o.slug !== a.slug).slice(0, 5);
  replace(main,
    heading(a.name, a.stub ? h("span", { class: "badge stub" }, "stub") : null),
    h("p", { class: "lede" }, [a.type, a.tagline].filter(Boolean).join(" · ") || a.slug),
    h("nav", { class: "actions", "aria-label": "About this artifact" },
      others.map((o) => h("a", { href: compareHref(a.slug, o.slug), class: "button" }, `Compare with ${o.name}`)),
      h("a", { href: exploreHref(a.slug), class: "button secondary" }, "Explore its neighbourhood")),
    rankSection(a),
    capabilitySection(a),
    filesSection(a),
    sourcesSection(a));
  // a link to one capability (`#capability-{id}`, from search or the explorer) opens it
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target instanceof HTMLDetailsElement) target.open = true;
}
