// Where the Monaco editor finds its web workers: beside this bundle (build.mjs builds them),
// never a CDN. Imported first by main.jsx, so it is set before any editor is created.
const WORKERS = { json: "json.worker.js", graphql: "graphql.worker.js" };

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const file = WORKERS[label] ?? "editor.worker.js";
    return new Worker(new URL(`./${file}`, import.meta.url), { name: label });
  },
};
