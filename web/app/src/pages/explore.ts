// `/explore/{id or slug}`: the neighbourhood of a node drawn with cytoscape.js. Click or
// tap a node (or use its button in the list, which holds the same nodes for the keyboard)
// to expand it; edge types can be filtered; an artifact's signals are folded into one
// node until opened; each node links to its own page.

import cytoscape from "cytoscape";
import { gql } from "../api";
import { h, jsonText, replace, words } from "../dom";
import { Neighbourhood, type GraphEdge, type GraphNode, type Shown } from "../neighbourhood";
import { rewrite, type Cleanup } from "../router";
import { artifactHref, claimHref, errorBox, exploreHref, failed, heading, jobHref, missing } from "../ui";

const EXPLORE = `
query Explore($id: ID!) {
  explore(id: $id, depth: 1) {
    center truncated
    nodes { id label title properties }
    edges { type source target }
  }
}`;
const FIND = `query FindArtifact($slug: String!) { artifact(slug: $slug) { id slug } }`;

interface ExploreReply {
  explore: { center: string; truncated: boolean; nodes: GraphNode[]; edges: GraphEdge[] };
}

const LABELS = ["ARTIFACT", "CAPABILITY", "CLAIM", "EVIDENCE", "SOURCE", "SIGNAL", "SIGNALS", "MODEL_FILES", "INTENT", "JOB"];
const SHAPES: Record<string, cytoscape.Css.NodeShape> = {
  ARTIFACT: "round-rectangle", CAPABILITY: "ellipse", CLAIM: "diamond", EVIDENCE: "triangle",
  SOURCE: "rectangle", SIGNAL: "tag", SIGNALS: "tag", MODEL_FILES: "barrel", INTENT: "star", JOB: "hexagon",
};
const COLOURS: Record<string, string> = {
  ARTIFACT: "#1f4e8c", CAPABILITY: "#2f7d5b", CLAIM: "#9b5a00", EVIDENCE: "#7a3e9d",
  SOURCE: "#555555", SIGNAL: "#a33a3a", SIGNALS: "#a33a3a", MODEL_FILES: "#2b6f77", INTENT: "#8a6d00", JOB: "#333333",
};

const GLOBAL_ID = /^(Artifact|Capability|Claim|Source|Signal|Evidence|Intent|Job|ModelFiles):./;

/** Whether `text` is one of the API's opaque ids (else it is taken as a slug or name). */
function isGlobalId(text: string): boolean {
  try {
    return GLOBAL_ID.test(atob(text.replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return false;
  }
}

function nodeTitle(n: GraphNode): string {
  if (n.label === "EVIDENCE") {
    const p = n.properties;
    return `${jsonText(p.protocol)}: ${words(String(p.outcome ?? ""))}`;
  }
  return n.title;
}

/** Where a node's own page is, if it has one. */
function pageOf(n: GraphNode, hood: Neighbourhood): string | null {
  const p = n.properties;
  switch (n.label) {
    case "ARTIFACT": return typeof p.slug === "string" ? artifactHref(p.slug) : null;
    case "CLAIM": return claimHref(n.id);
    case "JOB": return jobHref(n.id);
    case "CAPABILITY":
    case "SIGNAL":
    case "MODEL_FILES":
      return typeof p.artifact === "string"
        ? artifactHref(p.artifact) + (n.label === "CAPABILITY" ? `#capability-${n.id}` : "") : null;
    case "EVIDENCE": {
      const edge = [...hood.edges.values()].find((e) => e.source === n.id && ["SUPPORTS", "REFUTES", "INFORMS"].includes(e.type));
      return edge ? claimHref(edge.target) : null;
    }
    case "SOURCE": return typeof p.uri === "string" && /^https?:\/\//.test(p.uri) ? p.uri : null;
    default: return null;
  }
}

function short(text: string, n = 38): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function elements(shown: Shown, center: string): cytoscape.ElementDefinition[] {
  return [
    ...shown.nodes.map((n) => ({ data: { id: n.id, label: short(nodeTitle(n)), kind: n.label, center: n.id === center ? 1 : 0 } })),
    ...shown.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, kind: e.type } })),
  ];
}

const STYLE: cytoscape.StylesheetJson = [
  { selector: "node", style: {
    label: "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": "110px", "text-valign": "bottom",
    "text-margin-y": 3, color: "#1b1b1b", width: 20, height: 20, "border-width": 1, "border-color": "#fff",
    "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": "1px",
  } },
  ...LABELS.map((l) => ({ selector: `node[kind = "${l}"]`, style: { "background-color": COLOURS[l] ?? "#444", shape: SHAPES[l] ?? "ellipse" } })),
  { selector: "node[center = 1]", style: { width: 34, height: 34, "font-weight": "bold", "font-size": 12 } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#f0b400" } },
  { selector: "edge", style: { width: 1.2, "line-color": "#9aa4b1", "target-arrow-color": "#9aa4b1", "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.8 } },
  { selector: 'edge[kind = "FROM"]', style: { "line-style": "dashed" } },
  { selector: 'edge[kind = "REFUTES"]', style: { "line-color": "#b42318", "target-arrow-color": "#b42318" } },
  { selector: 'edge[kind = "SUPPORTS"]', style: { "line-color": "#1e7b34", "target-arrow-color": "#1e7b34" } },
];

export async function explorePage(main: HTMLElement, [target = ""]: string[]): Promise<Cleanup | void> {
  let centerId = target;
  try {
    if (!isGlobalId(target)) {
      const found = (await gql<{ artifact: { id: string; slug: string } | null }>(FIND, { slug: target })).artifact;
      if (!found) {
        missing(main, "Nothing to explore", `capgraph holds no artifact named “${target}”, and it is not an id the API gave out.`);
        return;
      }
      centerId = found.id;
      if (found.slug !== target) rewrite(exploreHref(found.slug));
    }
    const first = (await gql<ExploreReply>(EXPLORE, { id: centerId })).explore;
    return draw(main, first);
  } catch (error) {
    failed(main, "The neighbourhood could not be loaded:", error);
  }
}

function draw(main: HTMLElement, first: ExploreReply["explore"]): Cleanup {
  const hood = new Neighbourhood(first.center);
  hood.merge(first.center, first.nodes, first.edges);
  const centerNode = hood.nodes.get(first.center);
  const title = centerNode ? nodeTitle(centerNode) : "a node";
  const canvas = h("div", { class: "graph-canvas", id: "graph-canvas", role: "img",
    "aria-label": `Graph of the neighbourhood of ${title}; the list “Nodes” holds the same nodes as buttons.` });
  const filters = h("fieldset", { class: "edge-filters" });
  const list = h("ul", { class: "node-list", id: "node-list" });
  const panel = h("div", { class: "node-panel", "aria-live": "polite" });
  const status = h("p", { class: "muted", role: "status" });
  let truncated = first.truncated;
  let selected: string | null = first.center;

  replace(main,
    heading(`Explore: ${short(title, 60)}`),
    h("p", { class: "muted" }, "Click a node, or press its button in the list, to expand it: its own neighbours join the graph. An artifact's signals are folded into one node until you open it."),
    filters,
    h("div", { class: "explorer" }, canvas,
      h("section", { class: "side", "aria-labelledby": "nodes-title" },
        h("h2", { id: "nodes-title" }, "Nodes"), status, list, panel)));

  const cy = cytoscape({
    container: canvas, elements: [], style: STYLE,
    minZoom: 0.2, maxZoom: 3, boxSelectionEnabled: false,
  });

  const describe = (id: string): void => {
    selected = id;
    const shown = hood.shown().nodes.find((n) => n.id === id);
    if (!shown) { replace(panel); return; }
    const href = shown.group ? null : pageOf(shown, hood);
    const props = Object.entries(shown.properties).filter(([, v]) => v !== null && v !== "" && typeof v !== "object").slice(0, 8);
    replace(panel, h("h3", {}, nodeTitle(shown)),
      h("p", { class: "muted" }, words(shown.label)),
      href ? h("p", {}, h("a", { href, class: "button" }, "Open its page")) : null,
      !shown.group && shown.id !== hood.center ? h("p", {}, h("a", { href: exploreHref(shown.id) }, "Explore from here")) : null,
      props.length ? h("dl", { class: "facts" }, props.map(([k, v]) => [h("dt", {}, words(k)), h("dd", {}, short(String(v), 160))])) : null);
  };

  const render = (): void => {
    const shown = hood.shown();
    cy.elements().remove();
    cy.add(elements(shown, hood.center));
    // rings by distance from the centre: the explored node in the middle, each expansion outside
    cy.layout({ name: "breadthfirst", circle: true, roots: cy.getElementById(hood.center), directed: false,
      spacingFactor: 1.05, padding: 24, animate: false, avoidOverlap: true } as unknown as cytoscape.LayoutOptions).run();
    cy.fit(undefined, 24);
    if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(); }
    if (selected && cy.getElementById(selected).nonempty()) cy.getElementById(selected).select();
    canvas.setAttribute("data-nodes", String(shown.nodes.length));
    canvas.setAttribute("data-edges", String(shown.edges.length));
    status.textContent = `${shown.nodes.length} nodes, ${shown.edges.length} edges${truncated ? " (the server's node cap cut the neighbourhood)" : ""}.`;
    const focused = (document.activeElement as HTMLElement | null)?.closest("li[data-node]")?.getAttribute("data-node");
    const order = (n: Shown["nodes"][number]): number => (n.id === hood.center ? -1 : LABELS.indexOf(n.label));
    replace(list, [...shown.nodes].sort((a, b) => order(a) - order(b)).map((n) => {
      const done = n.group ? false : hood.expanded.has(n.id);
      const href = n.group ? null : pageOf(n, hood);
      return h("li", { "data-node": n.id, "data-label": n.label },
        h("span", { class: `dot dot-${n.label.toLowerCase()}`, "aria-hidden": "true" }),
        h("button", { type: "button", class: "link-like", "aria-pressed": String(n.id === selected),
          onclick: () => void expand(n.id) },
        short(nodeTitle(n), 70), " ", h("span", { class: "muted" }, n.group ? "(open)" : done ? `(${words(n.label)})` : `(${words(n.label)}, expand)`)),
        href ? [" ", h("a", { href, "aria-label": `Open the page of ${short(nodeTitle(n), 60)}` }, "page")] : null);
    }));
    if (focused) {
      const again = [...list.querySelectorAll("li[data-node]")].find((li) => li.getAttribute("data-node") === focused)
        ?? list.querySelector(`li[data-node="${CSS.escape(selected ?? "")}"]`);
      (again?.querySelector("button") as HTMLElement | null)?.focus();
    }
    replace(filters, h("legend", {}, "Edge types shown"), hood.edgeTypes().map((t) => {
      const box = h("input", { type: "checkbox", id: `edge-${t}`, checked: !hood.hiddenTypes.has(t),
        onchange: (e: Event) => {
          if ((e.target as HTMLInputElement).checked) hood.hiddenTypes.delete(t); else hood.hiddenTypes.add(t);
          render();
        } });
      return h("span", { class: "check" }, box, h("label", { for: `edge-${t}` }, words(t)));
    }));
    if (selected) describe(selected);
  };

  const expand = async (id: string): Promise<void> => {
    const shown = hood.shown().nodes.find((n) => n.id === id);
    selected = id;
    if (shown?.group) {
      hood.openSignals.add(shown.group.owner);
      selected = shown.group.owner;
      render();
      return;
    }
    if (hood.expanded.has(id)) { render(); return; }
    status.textContent = "Expanding…";
    try {
      const more = (await gql<ExploreReply>(EXPLORE, { id })).explore;
      truncated ||= more.truncated;
      hood.merge(id, more.nodes, more.edges);
      render();
    } catch (error) {
      replace(panel, errorBox(error, "The node could not be expanded:"));
    }
  };

  cy.on("tap", "node", (event) => void expand(event.target.id()));
  render();
  return () => cy.destroy();
}
