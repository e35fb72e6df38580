// How the network picture looks: colours chosen for contrast on white and for colour-blind
// readers (Okabe-Ito), tie kinds told apart by line style too, not by colour alone.
import type { StylesheetJson } from "cytoscape";

const palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F6A00", "#555555"];

export function communityColor(community: number | string | null): string {
  if (community === null || community === undefined) return palette[7];
  const n = typeof community === "number" ? community : [...String(community)].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  return palette[Math.abs(n) % (palette.length - 1)];
}

export const graphStyle: StylesheetJson = [
  {
    selector: "node",
    style: {
      "background-color": "data(color)",
      width: "mapData(score, 0, 100, 16, 56)",
      height: "mapData(score, 0, 100, 16, 56)",
      label: "data(label)",
      "font-size": 11,
      color: "#1b1b1b",
      "text-valign": "bottom",
      "text-margin-y": 4,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": "2px",
      "text-wrap": "ellipsis",
      "text-max-width": "110px",
      "min-zoomed-font-size": 8,
    },
  },
  // The centre's label sits above its node and above everything else, so no tie or neighbour hides it.
  { selector: "node.center", style: { "border-width": 4, "border-color": "#111111", "font-weight": "bold", "font-size": 13, "z-index": 99, "text-valign": "top", "text-margin-y": -6, "text-background-opacity": 1 } },
  { selector: "node.hole", style: { "border-width": 6, "border-color": "#B45309", "border-style": "double" } },
  { selector: "node.new", style: { "underlay-color": "#16A34A", "underlay-opacity": 0.45, "underlay-padding": 8, "underlay-shape": "ellipse" } },
  { selector: "node.recommended", style: { "border-width": 3, "border-color": "#C2410C", "border-style": "dashed" } },
  {
    selector: "edge",
    style: {
      width: "mapData(weight, 0, 1, 1.5, 5)",
      "curve-style": "bezier",
      "line-color": "#6B7280",
      "target-arrow-shape": "triangle",
      "target-arrow-color": "#6B7280",
      "arrow-scale": 0.8,
    },
  },
  { selector: "edge.bonding", style: { "line-color": "#1D4ED8", "target-arrow-color": "#1D4ED8", "line-style": "solid" } },
  { selector: "edge.bridging", style: { "line-color": "#047857", "target-arrow-color": "#047857", "line-style": "dashed" } },
  { selector: "edge.linking", style: { "line-color": "#6D28D9", "target-arrow-color": "#6D28D9", "line-style": "dotted" } },
  { selector: "edge.suggested", style: { "line-color": "#C2410C", "target-arrow-shape": "none", "line-style": "dashed", "line-dash-pattern": [4, 6] } },
];
