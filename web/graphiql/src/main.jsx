// capgraph's GraphiQL: the IDE with the explorer plugin, talking to the server it came from
// (HTTP for queries and mutations, graphql-transport-ws on the same path for subscriptions).
// The page passes its settings in <script id="graphiql-config" type="application/json">.
import "./monaco-workers.js";

import { explorerPlugin } from "@graphiql/plugin-explorer";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createRoot } from "react-dom/client";

import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";

const config = JSON.parse(document.getElementById("graphiql-config").textContent);
const endpoint = new URL(config.endpoint, window.location.href);
const socket = new URL(endpoint);
socket.protocol = endpoint.protocol === "https:" ? "wss:" : "ws:";

const fetcher = createGraphiQLFetcher({
  url: endpoint.href,
  subscriptionUrl: socket.href,
});
const explorer = explorerPlugin();

createRoot(document.getElementById("graphiql")).render(
  <GraphiQL
    fetcher={fetcher}
    plugins={[explorer]}
    visiblePlugin={explorer}
    defaultTabs={config.tabs}
    defaultEditorToolsVisibility={false}
  />,
);
