// The search box: a combobox (ARIA 1.2 pattern) whose suggestions are the artifacts the
// `search` query finds as one types; arrows move through them, Enter opens one, Escape
// closes the list; submitting the text itself looks it up (name, hub id or short name).

import { gql } from "../api";
import { h, replace } from "../dom";
import { navigate } from "../router";
import { artifactHref } from "../ui";

const SUGGEST = `
query Suggest($query: String!) {
  search(query: $query, first: 8, types: [ARTIFACT]) {
    edges { resolved node { ... on Artifact { slug name type stub } } }
  }
}`;

interface Suggestion { slug: string; name: string; type: string | null; stub: boolean }

interface Options {
  value: string;
  onSubmit(text: string): Promise<void>;
}

export function searchBox(options: Options): HTMLElement {
  const input = h("input", {
    id: "search", type: "search", name: "q", value: options.value, autocomplete: "off",
    role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
    "aria-controls": "search-suggestions", placeholder: "a name, a hub id (microsoft/trocr-base-handwritten), a word",
  });
  const list = h("ul", { id: "search-suggestions", role: "listbox", "aria-label": "Suggestions", hidden: true });
  let items: Suggestion[] = [];
  let active = -1;
  let asked = 0;
  let timer: number | undefined;

  const close = (): void => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index: number): void => {
    active = index;
    list.querySelectorAll("[role=option]").forEach((el, i) => el.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) input.setAttribute("aria-activedescendant", `suggestion-${index}`);
    else input.removeAttribute("aria-activedescendant");
  };
  const show = (found: Suggestion[]): void => {
    items = found;
    replace(list, found.map((s, i) => h("li", {
      id: `suggestion-${i}`, role: "option", "aria-selected": "false", class: "suggestion",
      onmousedown: (e: Event) => e.preventDefault(),       // keep focus in the input
      onclick: () => { close(); navigate(artifactHref(s.slug)); },
    }, h("span", {}, s.name), " ", h("span", { class: "muted" }, [s.slug, s.type, s.stub ? "stub" : null].filter(Boolean).join(" · ")))));
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", String(found.length > 0));
    active = -1;
  };
  const suggest = async (): Promise<void> => {
    const text = input.value.trim();
    const mine = ++asked;
    if (text.length < 2) { show([]); return; }
    try {
      const reply = await gql<{ search: { edges: { node: Suggestion }[] } }>(SUGGEST, { query: text });
      if (mine === asked) show(reply.search.edges.map((e) => e.node).filter((n) => n.slug));
    } catch {
      if (mine === asked) show([]);      // suggestions are a help; the submit reports errors
    }
  };

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void suggest(), 150);
  });
  input.addEventListener("keydown", (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Escape") {
      close();
    } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
      event.preventDefault();
      const chosen = items[active];
      close();
      if (chosen) navigate(artifactHref(chosen.slug));
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 100));

  return h("form", {
    role: "search", class: "search",
    onsubmit: (event: Event) => {
      event.preventDefault();
      close();
      void options.onSubmit(input.value.trim());
    },
  },
  h("label", { for: "search" }, "Search artifacts, capabilities and claims"),
  h("div", { class: "search-row" }, h("div", { class: "combo" }, input, list),
    h("button", { type: "submit" }, "Search")));
}
