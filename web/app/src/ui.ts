// Pieces every page uses: badges, links to the other pages, headings, error boxes.

import { ApiError } from "./api";
import { h, replace, words, type Child } from "./dom";

const VERDICT_WORDS: Record<string, string> = {
  SUPPORTED: "supported",
  PARTIAL: "partly supported",
  REFUTED: "refuted",
  UNDETERMINED: "undetermined",
  NOT_FALSIFIABLE: "not falsifiable",
};

/** A claim's verdict as a badge (colour is never the only cue: the word is always there). */
export function verdictBadge(verdict: string | null | undefined): HTMLElement {
  const v = verdict ?? "UNCHECKED";
  return h("span", { class: `badge verdict verdict-${v.toLowerCase()}`, "data-verdict": v },
    VERDICT_WORDS[v] ?? (verdict ? words(verdict) : "not checked"));
}

const BASIS_WORDS: Record<string, string> = {
  REPORTED: "reported by its source",
  COMPUTED: "computed by capgraph",
  CHECKED: "reported, adjusted by capgraph's checks",
  NONE: "no basis",
};

/** Where a rank's score comes from, as a badge. */
export function basisBadge(basis: string): HTMLElement {
  return h("span", { class: `badge basis basis-${basis.toLowerCase()}`, "data-basis": basis,
    title: BASIS_WORDS[basis] ?? basis }, words(basis));
}

/** A rank score as "43.0/100" or "no rank". */
export function scoreText(score: number | null | undefined): string {
  return score === null || score === undefined ? "no rank" : `${score.toFixed(1)}/100`;
}

/** A slug or an id as one path segment (the API's ids end in `=`, which a path may hold). */
const segment = (text: string): string => encodeURIComponent(text).replace(/%3D/g, "=");

export const artifactHref = (slug: string): string => `/a/${segment(slug)}`;
export const claimHref = (id: string): string => `/claim/${segment(id)}`;
export const jobHref = (id: string): string => `/job/${segment(id)}`;
export const exploreHref = (idOrSlug: string): string => `/explore/${segment(idOrSlug)}`;
export const compareHref = (a: string, b: string): string => `/compare/${segment(a)}/${segment(b)}`;

/** A source's address: a link when it is a web page, else its text (a file, a seed). */
export function sourceLink(uri: string, text?: string): Child {
  return /^https?:\/\//i.test(uri)
    ? h("a", { href: uri, rel: "noopener noreferrer" }, text ?? uri)
    : h("code", {}, text ?? uri);
}

/** The page's title in the tab and its h1 (focusable, so navigation can move focus to it). */
export function heading(title: string, ...extra: Child[]): HTMLElement {
  document.title = `${title} · capgraph`;
  return h("h1", { tabindex: "-1" }, title, ...extra);
}

/** A message for an error the API gave (or a failed request), as an alert. */
export function errorBox(error: unknown, what: string): HTMLElement {
  const message = error instanceof ApiError ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : "";
  return h("div", { class: "error", role: "alert" },
    h("p", {}, h("strong", {}, what), " ", message),
    code ? h("p", { class: "muted" }, `code ${code}`) : null);
}

/** The page for something the graph does not hold, with a way home. */
export function missing(main: HTMLElement, title: string, text: string): void {
  replace(main, heading(title), h("p", {}, text),
    h("p", {}, h("a", { href: "/" }, "Back to the leaderboard")));
}

const FAILURE_TITLES: Record<string, string> = {
  NOT_FOUND: "Not found", BAD_USER_INPUT: "Not an address capgraph knows",
  UNAUTHENTICATED: "A token is needed", FORBIDDEN: "Not allowed", RATE_LIMITED: "Too many requests",
};

/** A page that could not be loaded: the error and a way home. */
export function failed(main: HTMLElement, what: string, error: unknown): void {
  const title = error instanceof ApiError ? FAILURE_TITLES[error.code] : undefined;
  replace(main, heading(title ?? "Something went wrong"), errorBox(error, what),
    h("p", {}, h("a", { href: "/" }, "Back to the leaderboard")));
}

/** A definition list from [term, description] pairs (null descriptions are left out). */
export function facts(pairs: [string, Child][]): HTMLElement {
  return h("dl", { class: "facts" },
    pairs.filter(([, d]) => d !== null && d !== undefined && d !== "")
      .map(([t, d]) => [h("dt", {}, t), h("dd", {}, d)]));
}

/** A table inside a scroll box (wide tables scroll themselves, never the page). */
export function table(caption: string, head: string[], rows: Child[][], attrs = {}): HTMLElement {
  return h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption },
    h("table", attrs,
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c)))))));
}
