// `/`: the search box (artifacts by name or hub id, with suggestions) and the leaderboard
// with its filters (type, hide stubs, order); the filters live in the URL's query string.

import { gql } from "../api";
import { h, replace } from "../dom";
import { navigate, rewrite } from "../router";
import { artifactHref, basisBadge, claimHref, compareHref, errorBox, heading, scoreText, table } from "../ui";
import { searchBox } from "./search_box";

const LEADERBOARD = `
query Leaderboard($type: String, $includeStubs: Boolean!, $orderBy: ArtifactOrder!) {
  artifacts(first: 100, type: $type, includeStubs: $includeStubs, orderBy: $orderBy) {
    totalCount
    edges { node { id slug name type tagline stub rank { score basis computedScore } } }
  }
  everything: artifacts(first: 100, includeStubs: true, orderBy: NAME_ASC) {
    edges { node { type } }
  }
}`;

const SEARCH = `
query Search($query: String!) {
  search(query: $query, first: 20) {
    totalCount didYouMean
    edges {
      score resolved
      highlights { field marked }
      node {
        __typename id
        ... on Artifact { slug name type }
        ... on Capability { title artifact { slug name } }
        ... on Claim { text verdict artifact { slug name } }
      }
    }
  }
}`;

interface Row {
  id: string; slug: string; name: string; type: string | null; tagline: string | null;
  stub: boolean; rank: { score: number | null; basis: string; computedScore: number | null };
}

interface Board {
  artifacts: { totalCount: number; edges: { node: Row }[] };
  everything: { edges: { node: { type: string | null } }[] };
}

interface Hit {
  score: number; resolved: boolean;
  highlights: { field: string; marked: string }[];
  node: {
    __typename: string; id: string; slug?: string; name?: string; type?: string | null;
    title?: string; text?: string; verdict?: string | null;
    artifact?: { slug: string; name: string } | null;
  };
}

interface SearchReply {
  search: { totalCount: number; didYouMean: string[]; edges: Hit[] };
}

interface Filters { type: string; stubs: boolean; order: string }

function readFilters(query: URLSearchParams): Filters {
  return {
    type: query.get("type") ?? "",
    stubs: query.get("stubs") === "1",
    order: query.get("order") === "NAME_ASC" ? "NAME_ASC" : "RANK_DESC",
  };
}

function filterQuery(f: Filters, q: string): string {
  const p = new URLSearchParams();
  if (q) p.set("q", q);
  if (f.type) p.set("type", f.type);
  if (f.stubs) p.set("stubs", "1");
  if (f.order !== "RANK_DESC") p.set("order", f.order);
  const text = p.toString();
  return text ? `/?${text}` : "/";
}

/** "**word** rest" (the API's marked highlight) as text with <mark>s. */
function marked(text: string): (string | HTMLElement)[] {
  return text.split("**").map((part, i) => (i % 2 ? h("mark", {}, part) : part));
}

function hitItem(hit: Hit): HTMLElement {
  const n = hit.node;
  const where = hit.highlights[0];
  const snippet = where ? h("span", { class: "snippet" }, marked(where.marked)) : null;
  if (n.__typename === "Artifact" && n.slug) {
    return h("li", {}, h("a", { href: artifactHref(n.slug) }, n.name ?? n.slug),
      " ", h("span", { class: "muted" }, `artifact${n.type ? ` · ${n.type}` : ""}`), " ", snippet);
  }
  if (n.__typename === "Claim") {
    return h("li", {}, h("a", { href: claimHref(n.id) }, n.text ?? "claim"),
      " ", h("span", { class: "muted" }, `claim of ${n.artifact?.name ?? "?"}`));
  }
  const owner = n.artifact;
  return h("li", {}, owner ? h("a", { href: `${artifactHref(owner.slug)}#capability-${n.id}` }, n.title ?? "capability") : n.title,
    " ", h("span", { class: "muted" }, `capability of ${owner?.name ?? "?"}`), " ", snippet);
}

async function showResults(box: HTMLElement, query: string): Promise<void> {
  replace(box, h("p", { role: "status" }, `Searching for “${query}”…`));
  try {
    const { search } = await gql<SearchReply>(SEARCH, { query });
    const retry = search.didYouMean.length
      ? h("p", {}, "Did you mean ", search.didYouMean.map((name, i) => [
        i ? ", " : "", h("a", { href: `/?q=${encodeURIComponent(name)}` }, name)]), "?")
      : null;
    replace(box,
      h("h2", {}, `${search.totalCount} result${search.totalCount === 1 ? "" : "s"} for “${query}”`),
      retry,
      search.edges.length ? h("ol", { class: "results" }, search.edges.map(hitItem)) : null);
  } catch (error) {
    replace(box, errorBox(error, "The search failed:"));
  }
}

function leaderboardTable(rows: Row[], total: number): HTMLElement {
  const body = rows.map((r, i) => [
    String(i + 1),
    h("span", {}, h("a", { href: artifactHref(r.slug) }, r.name),
      r.stub ? h("span", { class: "badge stub", title: "named by a claim; no page lists it" }, "stub") : null,
      r.tagline ? h("span", { class: "tagline" }, r.tagline) : null),
    r.type ?? "—",
    h("span", { class: "score" }, h("strong", {}, scoreText(r.rank.score)), " ", basisBadge(r.rank.basis)),
    scoreText(r.rank.computedScore),
  ]);
  return table(`Leaderboard: ${rows.length} of ${total} artifacts`,
    ["#", "Artifact", "Type", "Rank (basis)", "capgraph's computed score"], body,
    { class: "leaderboard" });
}

function compareForm(rows: Row[]): HTMLElement {
  const options = h("datalist", { id: "artifact-names" }, rows.map((r) => h("option", { value: r.slug }, r.name)));
  const a = h("input", { id: "compare-a", name: "a", list: "artifact-names", required: true,
    autocomplete: "off", value: rows[0]?.slug ?? "" });
  const b = h("input", { id: "compare-b", name: "b", list: "artifact-names", required: true,
    autocomplete: "off", value: rows[1]?.slug ?? "" });
  return h("form", {
    class: "compare-form", "aria-labelledby": "compare-title",
    onsubmit: (event: Event) => {
      event.preventDefault();
      navigate(compareHref(a.value.trim(), b.value.trim()));
    },
  },
  h("h2", { id: "compare-title" }, "Compare two artifacts"),
  h("label", { for: "compare-a" }, "First"), a,
  h("label", { for: "compare-b" }, "Second"), b,
  options, h("button", { type: "submit" }, "Compare"));
}

export async function homePage(main: HTMLElement, _params: string[], query: URLSearchParams): Promise<void> {
  const filters = readFilters(query);
  let q = query.get("q")?.trim() ?? "";
  const results = h("section", { class: "results-box", "aria-live": "polite" });
  const boardBox = h("div", { class: "board-rows", "aria-live": "polite" });
  const search = searchBox({
    value: q,
    onSubmit: async (text) => {
      q = text;
      rewrite(filterQuery(filters, q));
      if (!text) { replace(results); return; }
      const found = await gql<{ artifact: { slug: string } | null }>(
        "query Find($slug: String!) { artifact(slug: $slug) { slug } }", { slug: text })
        .catch(() => ({ artifact: null }));
      if (found.artifact) navigate(artifactHref(found.artifact.slug));
      else await showResults(results, text);
    },
  });
  const typeSelect = h("select", { id: "filter-type" }, h("option", { value: "" }, "any type"));
  const stubs = h("input", { id: "filter-stubs", type: "checkbox", checked: !filters.stubs });
  const order = h("select", { id: "filter-order" },
    h("option", { value: "RANK_DESC", selected: filters.order === "RANK_DESC" }, "rank, highest first"),
    h("option", { value: "NAME_ASC", selected: filters.order === "NAME_ASC" }, "name, A to Z"));
  const compareBox = h("div");
  const load = async (): Promise<void> => {
    boardBox.setAttribute("aria-busy", "true");
    try {
      const board = await gql<Board>(LEADERBOARD, {
        type: filters.type || null, includeStubs: filters.stubs, orderBy: filters.order });
      const types = [...new Set(board.everything.edges.map((e) => e.node.type)
        .filter((t): t is string => !!t))].sort();
      replace(typeSelect, h("option", { value: "" }, "any type"),
        types.map((t) => h("option", { value: t, selected: t.toLowerCase() === filters.type.toLowerCase() }, t)));
      const rows = board.artifacts.edges.map((e) => e.node);
      replace(boardBox, rows.length ? leaderboardTable(rows, board.artifacts.totalCount)
        : h("p", {}, "No artifact matches these filters."));
      const listed = rows.filter((r) => !r.stub);
      replace(compareBox, listed.length > 1 ? compareForm(listed) : null);
    } catch (error) {
      replace(boardBox, errorBox(error, "The leaderboard could not be loaded:"));
    } finally {
      boardBox.removeAttribute("aria-busy");
    }
  };
  const changed = (): void => {
    filters.type = typeSelect.value;
    filters.stubs = !stubs.checked;
    filters.order = order.value;
    rewrite(filterQuery(filters, q));
    void load();
  };
  for (const control of [typeSelect, stubs, order]) control.addEventListener("change", changed);

  replace(main,
    heading("AI artifacts, ranked and checked"),
    h("p", { class: "lede" }, "What models, APIs and tools can do, what is claimed about them, and what capgraph found to be true."),
    search, results,
    h("section", { class: "board", "aria-labelledby": "board-title" },
      h("h2", { id: "board-title" }, "Leaderboard"),
      h("form", { class: "filters", "aria-label": "Leaderboard filters", onsubmit: (e: Event) => e.preventDefault() },
        h("span", { class: "field" }, h("label", { for: "filter-type" }, "Type"), typeSelect),
        h("span", { class: "field check" }, stubs, h("label", { for: "filter-stubs" }, "Hide stubs")),
        h("span", { class: "field" }, h("label", { for: "filter-order" }, "Order"), order)),
      h("p", { class: "muted" }, "A rank is 0–100; its basis says where the score comes from: ",
        basisBadge("REPORTED"), " a source's own number, ", basisBadge("CHECKED"),
        " that number adjusted by capgraph's checks of the claims, ", basisBadge("COMPUTED"),
        " capgraph's weighted components. Open an artifact for the breakdown."),
      boardBox),
    compareBox);
  if (q) void showResults(results, q);
  await load();
}
