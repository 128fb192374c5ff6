// Bundles src/main.ts and src/app.css into dist/ with esbuild, and writes index.html naming
// them with a hash of their content (?v=...), so a browser never keeps an old bundle after
// a rebuild. No build output is committed: `make web` (npm ci && npm run build) makes it.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";

const dist = new URL("./dist/", import.meta.url);
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: { app: "src/main.ts" },
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: "linked",
  legalComments: "linked",
  outdir: "dist",
  logLevel: "warning",
});
await build({
  entryPoints: { app: "src/app.css" },
  bundle: true,
  minify: true,
  outdir: "dist",
  logLevel: "warning",
});
const version = async (name) =>
  createHash("sha256").update(await readFile(new URL(name, dist))).digest("hex").slice(0, 12);
const page = (await readFile(new URL("./src/index.html", import.meta.url), "utf8"))
  .replace("/static/app/app.css", `/static/app/app.css?v=${await version("app.css")}`)
  .replace("/static/app/app.js", `/static/app/app.js?v=${await version("app.js")}`);
await writeFile(new URL("index.html", dist), page);
console.log("web/app: built dist/ (app.js, app.css, index.html)");
