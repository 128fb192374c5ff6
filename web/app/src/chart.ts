// The rank breakdown as an SVG bar chart: one bar per component, as long as the points it
// adds to capgraph's computed score, labelled with its weight and value; a component with
// no value is drawn as missing, not as zero. The SVG is an image with a title and a
// description that say in words everything the bars show.

import { h, num, s } from "./dom";

export interface Component {
  name: string;
  weight: number;
  value: number | null;
  contribution: number | null;
  note: string;
}

const WIDTH = 480;
const LABEL_H = 18;
const BAR_H = 14;
const ROW_H = LABEL_H + BAR_H + 10;
const VALUE_W = 70;

function describe(c: Component): string {
  if (c.value === null || c.contribution === null) {
    return `${c.name}: weight ${num(c.weight, 2)}, no value (missing, not counted as 0)`;
  }
  return `${c.name}: weight ${num(c.weight, 2)}, value ${num(c.value, 3)}, adds ${num(c.contribution)} points`;
}

/** A figure with the breakdown chart of `components` (computed score `total`). */
export function rankChart(title: string, components: Component[], total: number | null): HTMLElement {
  const most = Math.max(10, ...components.map((c) => c.contribution ?? 0));
  const scale = Math.ceil(most / 10) * 10;
  const barW = WIDTH - VALUE_W;
  const height = components.length * ROW_H + 24;
  const summary = `${components.map(describe).join("; ")}. Together: ${num(total)} of 100 points.`;
  const rows = components.map((c, i) => {
    const y = i * ROW_H;
    const missing = c.value === null || c.contribution === null;
    const w = missing ? barW : Math.max(1, (barW * (c.contribution ?? 0)) / scale);
    return s("g", { class: `bar ${missing ? "missing" : ""}`, "data-component": c.name },
      s("text", { x: 0, y: y + 13, class: "label" },
        `${c.name} `, s("tspan", { class: "detail" },
          missing ? `· weight ${num(c.weight, 2)} · no value` : `· weight ${num(c.weight, 2)} · value ${num(c.value, 3)}`)),
      s("rect", { x: 0, y: y + LABEL_H, width: barW, height: BAR_H, class: "track", rx: 2 }),
      s("rect", { x: 0, y: y + LABEL_H, width: w, height: BAR_H, class: missing ? "fill missing" : "fill", rx: 2 }),
      s("text", { x: WIDTH, y: y + LABEL_H + 11, class: "value", "text-anchor": "end" },
        missing ? "missing" : `+${num(c.contribution)}`));
  });
  const axisY = components.length * ROW_H + 4;
  const axis = s("g", { class: "axis" },
    s("line", { x1: 0, x2: barW, y1: axisY, y2: axisY }),
    [0, scale / 2, scale].map((t) => s("text", { x: (barW * t) / scale, y: axisY + 14,
      "text-anchor": t === 0 ? "start" : t === scale ? "end" : "middle" }, `${t}`)),
    s("text", { x: WIDTH, y: axisY + 14, "text-anchor": "end" }, "points"));
  const svg = s("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`, role: "img", class: "rank-chart",
    "aria-labelledby": "rank-chart-title rank-chart-desc",
  }, s("title", { id: "rank-chart-title" }, title), s("desc", { id: "rank-chart-desc" }, summary), rows, axis);
  return h("figure", { class: "chart" }, svg,
    h("figcaption", {}, `Each bar is the points a component adds to capgraph's computed score (${num(total)}/100); the explanation says how weights, values and checked claims combine. A component with no value is missing, not zero.`));
}
