// Client-side routing over the History API. The server answers every path below with the
// same HTML, so each page is a URL that can be shared, reloaded and bookmarked.

export type Cleanup = () => void;
export type PageRender = (main: HTMLElement, params: string[], query: URLSearchParams) =>
  Promise<Cleanup | void>;

interface Route {
  pattern: RegExp;
  render: PageRender;
}

const routes: Route[] = [];

/** Register a page for the paths `pattern` matches (its groups are the page's params). */
export function route(pattern: RegExp, render: PageRender): void {
  routes.push({ pattern, render });
}

function match(path: string): { render: PageRender; params: string[] } | null {
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (m) return { render: r.render, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return null;
}

let cleanup: Cleanup | null = null;
let generation = 0;
let fallback: PageRender | null = null;

/** The page shown for a path no route matches. */
export function notFound(render: PageRender): void {
  fallback = render;
}

/** Whether a render started as `mine` is still the current one. */
export function current(mine: number): boolean {
  return mine === generation;
}

export function renderGeneration(): number {
  return generation;
}

async function render(focus: boolean): Promise<void> {
  const main = document.getElementById("main") as HTMLElement;
  const mine = ++generation;
  cleanup?.();
  cleanup = null;
  const found = match(location.pathname);
  const page = found?.render ?? fallback;
  if (!page) return;
  main.setAttribute("aria-busy", "true");
  try {
    const done = await page(main, found?.params ?? [], new URLSearchParams(location.search));
    if (mine !== generation) {
      if (done) done();
      return;
    }
    cleanup = done ?? null;
  } finally {
    if (mine === generation) main.removeAttribute("aria-busy");
  }
  if (location.hash) {
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  } else if (focus) {
    window.scrollTo(0, 0);
  }
  if (focus) (main.querySelector("h1") as HTMLElement | null ?? main).focus({ preventScroll: true });
}

/** Go to `path` (pushing a history entry), or replace the current entry. */
export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  void render(true);
}

/** Change the URL without rendering again (a page that resolved a name to its slug). */
export function rewrite(path: string): void {
  history.replaceState(null, "", path);
}

function onClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
      event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest("a");
  if (!link || link.target || link.hasAttribute("download") || link.origin !== location.origin) return;
  if (link.pathname === location.pathname && link.search === location.search && link.hash) return;
  if (!match(link.pathname)) return;
  event.preventDefault();
  navigate(link.pathname + link.search + link.hash);
}

/** Start routing: render the current URL, then follow links and the back button. */
export function start(): void {
  document.addEventListener("click", onClick);
  window.addEventListener("popstate", () => void render(true));
  void render(false);
}
