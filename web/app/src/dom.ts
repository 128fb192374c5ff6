// A tiny element builder: the pages build DOM nodes directly (no framework, no innerHTML,
// so text from the graph is never parsed as markup), and set no `style` attribute (the
// Content-Security-Policy allows no inline styles).

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;

const SVG_NS = "http://www.w3.org/2000/svg";

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function apply(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.replace(/^on/, ""), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
}

/** An HTML element: `h("a", { href: "/" }, "home")`; `onclick` etc. add listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Attrs = {}, ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element, the same way. */
export function s(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** Replace everything inside `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A number as people read it: at most `digits` decimals, no trailing zeros. */
export function num(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return "—";
  return Number(value.toFixed(digits)).toString();
}

/** A JSON value (a found or claimed value) as one line of text. */
export function jsonText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A timestamp in the reader's locale, with the ISO text kept in a <time> element. */
export function time(iso: string | null | undefined): Child {
  if (!iso) return "—";
  const date = new Date(iso);
  const shown = Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
  return h("time", { datetime: iso }, shown);
}

/** "FOO_BAR" -> "foo bar" (enum values as words). */
export function words(value: string | null | undefined): string {
  return value ? value.toLowerCase().replace(/_/g, " ") : "—";
}
