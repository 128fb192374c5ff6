// `/compare/{a}/{b}`: two artifacts side by side, as capgraph's comparison gives them: the
// rows with who leads each (a tie shown as a tie), the verdict sentence by sentence, each
// linked to the rows it rests on, and both sides' claims with their checked counts.

import { gql } from "../api";
import { h, replace, type Child } from "../dom";
import { rewrite } from "../router";
import {
  artifactHref, basisBadge, claimHref, compareHref, failed, heading, scoreText, sourceLink, verdictBadge,
} from "../ui";

const COMPARE = `
query ComparePage($a: String!, $b: String!) {
  compare(a: $a, b: $b) {
    left { slug name type rank { score basis } }
    right { slug name type rank { score basis } }
    rows {
      key label kind leader
      left { display sources { name raw sourceUri } }
      right { display sources { name raw sourceUri } }
    }
    verdict
    statements { kind side rows text }
    leftClaims { verdict count }
    rightClaims { verdict count }
    leftCapabilities { id name title claims { id text verdict } }
    rightCapabilities { id name title claims { id text verdict } }
  }
}`;

interface Side { slug: string; name: string; type: string | null; rank: { score: number | null; basis: string } }
interface Cell { display: string; sources: { name: string; raw: string; sourceUri: string }[] }
interface Row { key: string; label: string; kind: string; leader: string; left: Cell; right: Cell }
interface Statement { kind: string; side: string | null; rows: string[]; text: string }
interface Count { verdict: string; count: number }
interface Capability { id: string; name: string | null; title: string; claims: { id: string; text: string; verdict: string | null }[] }
interface Comparison {
  left: Side; right: Side; rows: Row[]; verdict: string; statements: Statement[];
  leftClaims: Count[]; rightClaims: Count[];
  leftCapabilities: Capability[]; rightCapabilities: Capability[];
}

const rowId = (key: string): string => `row-${key}`;

function leaderCell(row: Row, c: Comparison): Child {
  switch (row.leader) {
    case "LEFT": return h("span", { class: "lead-left" }, "◀ ", c.left.name, " leads");
    case "RIGHT": return h("span", { class: "lead-right" }, c.right.name, " leads ▶");
    case "TIE": return h("span", { class: "tie" }, "= tie");
    case "DIFFERENT": return h("span", { class: "different" }, "≠ different (no order)");
    default: return h("span", { class: "unknown" }, "? a value is missing");
  }
}

function rowsTable(c: Comparison): HTMLElement {
  const body = c.rows.map((row) => {
    const cellClass = (side: "LEFT" | "RIGHT"): string =>
      row.leader === side ? "value leads" : row.leader === "TIE" ? "value tied" : "value";
    return h("tr", { id: rowId(row.key), "data-row": row.key, "data-leader": row.leader },
      h("th", { scope: "row" }, row.label),
      h("td", { class: cellClass("LEFT") }, row.left.display),
      h("td", { class: cellClass("RIGHT") }, row.right.display),
      h("td", { class: "leader" }, leaderCell(row, c)));
  });
  return h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Comparison rows" },
    h("table", { class: "comparison" },
      h("caption", {}, "Each row: both values and who leads (higher leads, except where a lower value is better; type and pricing have no order)"),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Row"),
        h("th", { scope: "col" }, h("a", { href: artifactHref(c.left.slug) }, c.left.name)),
        h("th", { scope: "col" }, h("a", { href: artifactHref(c.right.slug) }, c.right.name)),
        h("th", { scope: "col" }, "Leader"))),
      h("tbody", {}, body)));
}

function highlightRows(keys: string[], on: boolean): void {
  for (const key of keys) document.getElementById(rowId(key))?.classList.toggle("highlight", on);
}

function verdictSection(c: Comparison): HTMLElement {
  const labels = new Map(c.rows.map((r) => [r.key, r.label]));
  const items = c.statements.map((st, i) => h("li", {
    id: `statement-${i}`, "data-kind": st.kind, "data-side": st.side ?? "",
    onmouseenter: () => highlightRows(st.rows, true), onmouseleave: () => highlightRows(st.rows, false),
    onfocusin: () => highlightRows(st.rows, true), onfocusout: () => highlightRows(st.rows, false),
  },
  h("span", { class: "sentence" }, st.text), " ",
  h("span", { class: "rests-on" }, st.rows.length ? "rests on " : "",
    st.rows.map((key, j) => [j ? ", " : "",
      h("a", { href: `#${rowId(key)}`, class: "row-link", "data-row": key }, labels.get(key) ?? key)]))));
  return h("section", { "aria-labelledby": "verdict-title" },
    h("h2", { id: "verdict-title" }, "Verdict"),
    h("p", { class: "muted" }, "Written by capgraph from the rows below, one sentence each; a tie is called a tie. Follow a sentence's links to the rows it rests on."),
    h("ol", { class: "statements" }, items));
}

function sourcesLine(c: Comparison): Child {
  const uris = [...new Set(c.rows.flatMap((r) => [...r.left.sources, ...r.right.sources]).map((s) => s.sourceUri))];
  return uris.length ? h("p", { class: "muted" }, "Values reported by: ", uris.map((u, i) => [i ? ", " : "", sourceLink(u)])) : null;
}

function claimsColumn(side: Side, counts: Count[], caps: Capability[], which: string): HTMLElement {
  const total = caps.reduce((n, cap) => n + cap.claims.length, 0);
  const checked = counts.reduce((n, v) => n + v.count, 0);
  return h("section", { class: "side-claims", "aria-labelledby": `claims-${which}` },
    h("h3", { id: `claims-${which}` }, h("a", { href: artifactHref(side.slug) }, side.name)),
    h("p", {}, h("strong", {}, `${checked} of ${total}`), " claims checked"),
    h("ul", { class: "counts" }, counts.map((v) => h("li", { "data-verdict": v.verdict },
      h("strong", {}, String(v.count)), " ", verdictBadge(v.verdict)))),
    caps.map((cap) => h("details", { class: "capability" },
      h("summary", {}, h("span", { class: "cap-title" }, cap.name ?? cap.title), " ",
        h("span", { class: "muted" }, `${cap.claims.length} claims`)),
      h("ul", { class: "claims" }, cap.claims.map((cl) => h("li", {},
        verdictBadge(cl.verdict), " ", h("a", { href: claimHref(cl.id) }, cl.text)))))));
}

function sideScore(side: Side): Child {
  return h("span", { class: "side-score" }, h("a", { href: artifactHref(side.slug) }, side.name), " ",
    h("strong", {}, scoreText(side.rank.score)), " ", basisBadge(side.rank.basis));
}

export async function comparePage(main: HTMLElement, [a = "", b = ""]: string[]): Promise<void> {
  let c: Comparison;
  try {
    c = (await gql<{ compare: Comparison }>(COMPARE, { a, b })).compare;
  } catch (error) {
    failed(main, `${a} and ${b} could not be compared:`, error);
    return;
  }
  if (c.left.slug !== a || c.right.slug !== b) rewrite(compareHref(c.left.slug, c.right.slug) + location.hash);
  replace(main,
    heading(`${c.left.name} vs ${c.right.name}`),
    h("p", { class: "sides" }, sideScore(c.left), h("span", { class: "vs" }, " vs "), sideScore(c.right),
      " · ", h("a", { href: compareHref(c.right.slug, c.left.slug) }, "swap sides")),
    h("section", { "aria-labelledby": "rows-title" }, h("h2", { id: "rows-title", class: "visually-hidden" }, "Rows"),
      rowsTable(c), sourcesLine(c)),
    verdictSection(c),
    h("section", { "aria-labelledby": "claims-title" },
      h("h2", { id: "claims-title" }, "Claims, side by side"),
      h("p", { class: "muted" }, "Open a capability to see its claims; each claim links to its evidence."),
      h("div", { class: "two-columns" },
        claimsColumn(c.left, c.leftClaims, c.leftCapabilities, "left"),
        claimsColumn(c.right, c.rightClaims, c.rightCapabilities, "right"))));
}
