// A path the app has no page for (the server answers such paths with a 404 of its own;
// this is for a path it served the app for but no route here matches).

import { h, replace } from "../dom";
import { heading } from "../ui";

export async function notFoundPage(main: HTMLElement): Promise<void> {
  replace(main, heading("Page not found"),
    h("p", {}, "There is no page at ", h("code", {}, location.pathname), "."),
    h("p", {}, h("a", { href: "/" }, "Go to the home page")));
}
