// The web app: pages over capgraph's public GraphQL API, one route each.

import { notFound, route, start } from "./router";
import { artifactPage } from "./pages/artifact";
import { claimPage } from "./pages/claim";
import { comparePage } from "./pages/compare";
import { explorePage } from "./pages/explore";
import { homePage } from "./pages/home";
import { jobPage } from "./pages/job";
import { notFoundPage } from "./pages/not_found";

route(/^\/$/, homePage);
route(/^\/a\/([^/]+)\/?$/, artifactPage);
route(/^\/compare\/([^/]+)\/([^/]+)\/?$/, comparePage);
route(/^\/claim\/([^/]+)\/?$/, claimPage);
route(/^\/job\/([^/]+)\/?$/, jobPage);
route(/^\/explore\/([^/]+)\/?$/, explorePage);
notFound(notFoundPage);
start();
