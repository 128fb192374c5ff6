// Bundles GraphiQL, its styles and the Monaco editor's workers into dist/ (served by capgraph
// at /static/graphiql/). Run by `npm run build`, which `make web` runs when an input changed.
import { build } from "esbuild";

const common = {
  bundle: true,
  minify: true,
  sourcemap: true,
  target: "es2022",
  logLevel: "warning",
  legalComments: "linked",
  define: { "process.env.NODE_ENV": '"production"' },
};

await build({
  ...common,
  entryPoints: { graphiql: "src/main.jsx" },
  outdir: "dist",
  format: "esm",
  jsx: "automatic",
  loader: { ".ttf": "file", ".woff": "file", ".woff2": "file" },
});

await build({
  ...common,
  entryPoints: {
    "editor.worker": "monaco-editor/esm/vs/editor/editor.worker.js",
    "json.worker": "monaco-editor/esm/vs/language/json/json.worker.js",
    "graphql.worker": "monaco-graphql/esm/graphql.worker.js",
  },
  outdir: "dist",
  format: "iife",
});
