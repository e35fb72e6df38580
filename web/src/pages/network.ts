// The trust network: a party's neighbourhood (or the whole network when small), drawn with
// cytoscape.js (bundled, loaded only on this page). Nodes sized by trust, coloured by community,
// ties styled by kind; structural holes and recommended connections highlighted; click to open.
import { get } from "../api";
import type { PageRenderer } from "../page";
import type { NetworkGraph, PartyChanges } from "../models";
import { go } from "../nav";
import { addressLink, clear, failure, field, h, isAddress, notice, section, shortAddress } from "../ui";
import { loadGraph } from "./graph-data";
import { graphStyle, communityColor } from "./graph-style";

export const networkPage: PageRenderer = async (main, [center]) => {
  const address = center?.toLowerCase() ?? null;
  const input = h("input", { type: "text", value: address ?? "", placeholder: "0x…", autocomplete: "off", pattern: "0x[0-9a-fA-F]{40}" });
  const form = h("form", { class: "search" }, field("Centre on a party", input, "Leave empty to see the whole network."), h("button", { type: "submit", class: "btn" }, "Show"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    go(isAddress(text) ? `/network/${text.toLowerCase()}` : "/network");
  });
  const picture = h("div", { class: "graph-area" }, notice("info", "Loading the network…"));
  const summary = h("div");
  main.append(h("h1", { tabindex: -1 }, address ? "Trust network around a party" : "Trust network"), form, picture, section("Network summary", "summary-title", summary));
  await drawGraph(address, picture); // first: the summary names key players from the picture's list
  await loadSummary(summary, picture);
};

async function drawGraph(center: string | null, target: HTMLElement): Promise<void> {
  let result;
  try {
    result = await loadGraph(center);
  } catch (error) {
    clear(target, failure(error, "The network"));
    return;
  }
  const { graph, source } = result;
  // What changed since the previous snapshot epoch, around the centre: its new ties are highlighted.
  const changes = center ? await get<PartyChanges>(`/v1/parties/${center}/changes`, { limit: 1 }).catch(() => null) : null;
  const latest = changes?.changes[0];
  const fresh = new Set((latest?.previousEpoch ? latest.newTies : []).map((p) => p.address));
  if (!graph.nodes.length) {
    clear(target, notice("empty", center ? "This party has no ties yet: nobody has endorsed it and it has endorsed nobody." : "The network is empty: no endorsement is on chain yet."));
    return;
  }
  const canvas = h("div", {
    class: "graph", "data-testid": "graph", role: "img",
    "aria-label": `Trust network with ${graph.nodes.length} parties and ${graph.edges.length} ties. The list below the picture names them.`,
  });
  const zoomIn = h("button", { type: "button", class: "btn btn-quiet", "aria-label": "Zoom in" }, "+");
  const zoomOut = h("button", { type: "button", class: "btn btn-quiet", "aria-label": "Zoom out" }, "−");
  const fit = h("button", { type: "button", class: "btn btn-quiet" }, "Fit");
  const sourceNote = source === "endorsements"
    ? notice("unavailable", h("strong", {}, "Scores, communities and tie kinds: not available yet. "), "This server has no network analysis yet; the picture shows on-chain endorsements (node size = endorsements received).")
    : null;
  const changed = latest && fresh.size
    ? h("p", { "data-testid": "graph-changes" }, `Since snapshot ${latest.previousEpoch}: ${fresh.size} new relationship${fresh.size === 1 ? "" : "s"}, highlighted with a green halo.`)
    : null;
  clear(target, sourceNote, h("div", { class: "graph-tools" }, zoomIn, zoomOut, fit), changed, canvas, legend(graph, source, fresh.size > 0), partyList(graph));

  const { default: cytoscape } = await import("cytoscape");
  const holes = new Set(graph.structuralHoles.map((a) => a.toLowerCase()));
  const recommended = new Set(graph.recommended.map((r) => r.party.toLowerCase()));
  const known = new Set(graph.nodes.map((n) => n.id));
  const centerId = graph.nodes.find((n) => n.isCenter)?.id;
  const cy = cytoscape({
    container: canvas,
    elements: [
      ...graph.nodes.map((n) => ({
        data: { id: n.id, label: n.label ?? shortAddress(n.id), score: n.score, color: communityColor(n.community) },
        classes: [n.isCenter ? "center" : "", holes.has(n.id.toLowerCase()) ? "hole" : "", recommended.has(n.id.toLowerCase()) ? "recommended" : "", fresh.has(n.id.toLowerCase()) ? "new" : ""].join(" "),
      })),
      ...graph.edges.filter((e) => known.has(e.source) && known.has(e.target)).map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, weight: e.weight }, classes: e.kind })),
      ...(centerId ? graph.recommended.filter((r) => known.has(r.party)).map((r, i) => ({ data: { id: `r${i}`, source: centerId, target: r.party, weight: 0.3 }, classes: "suggested" })) : []),
    ],
    style: graphStyle,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 20000, idealEdgeLength: () => 130, nodeOverlap: 40, padding: 40 },
    wheelSensitivity: 0.3,
  });
  cy.on("tap", "node", (event) => go(`/supplier/${event.target.id()}`));
  zoomIn.addEventListener("click", () => cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } }));
  zoomOut.addEventListener("click", () => cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } }));
  fit.addEventListener("click", () => cy.fit(undefined, 24));
  canvas.dataset.nodes = String(cy.nodes().length);
  canvas.dataset.edges = String(cy.edges().length);
}

function legend(graph: NetworkGraph, source: string, showsNew = false): HTMLElement {
  const kinds = source === "api"
    ? [["bonding", "solid blue: close partners, same group (bonding)"], ["bridging", "dashed green: partners across groups (bridging)"], ["linking", "dotted purple: an established player vouching (linking)"], ["suggested", "orange dashes: suggested connection"]]
    : [["endorsement", "arrow: endorsement (from → to)"]];
  const groups = [...new Set(graph.nodes.map((n) => n.community))].sort((a, b) => Number(a) - Number(b));
  return h(
    "ul",
    { class: "legend", "aria-label": "Legend", "data-testid": "legend" },
    ...kinds.map(([kind, text]) => h("li", {}, h("span", { class: `swatch swatch-${kind}`, "aria-hidden": "true" }), text)),
    source === "api" && groups.length
      ? h("li", { "data-testid": "legend-groups" }, "Node colour: its group ",
          ...groups.slice(0, 8).map((g, i) => h("span", { class: "dot", style: `background:${communityColor(g)}`, title: `group ${i + 1}`, "aria-hidden": "true" })),
          ` (${groups.length} group${groups.length === 1 ? "" : "s"} in view)`)
      : null,
    showsNew ? h("li", {}, h("span", { class: "swatch swatch-new", "aria-hidden": "true" }), "green halo: a relationship new since the previous snapshot") : null,
    graph.structuralHoles.length ? h("li", {}, h("span", { class: "swatch swatch-hole", "aria-hidden": "true" }), "amber ring: the only link between groups (spans a structural hole)") : null,
    h("li", {}, "Larger node: more trust. Click a node (or a name below) to open it."),
  );
}

function partyList(graph: NetworkGraph): HTMLElement {
  const reasons = new Map(graph.recommended.map((r) => [r.party.toLowerCase(), r.reason]));
  const sorted = [...graph.nodes].sort((a, b) => b.score - a.score);
  return h(
    "details",
    { class: "party-list" },
    h("summary", {}, `Parties in this picture (${graph.nodes.length})`),
    h("ul", {}, ...sorted.map((n) => h("li", {}, addressLink(n.id, n.label), ` · trust ${n.score.toFixed(0)}`, reasons.has(n.id.toLowerCase()) ? ` · recommended: ${reasons.get(n.id.toLowerCase())}` : ""))),
  );
}

interface Summary {
  parties: number;
  ties: number;
  density: number;
  communities: number;
  modularity: number;
  keyPlayers: (string | { party?: string; address?: string })[];
}

/** How many key players the summary names: the few whose loss would split the network most, not everyone. */
const keyPlayerCount = 3;

async function loadSummary(target: HTMLElement, picture: HTMLElement): Promise<void> {
  try {
    const s = await get<Summary>("/v1/network/summary");
    const players = s.keyPlayers.map((p) => (typeof p === "string" ? p : (p.party ?? p.address ?? ""))).filter(Boolean)
      .slice(0, s.parties > keyPlayerCount * 2 ? keyPlayerCount : 0); // on a tiny network everyone is "key": name none
    const names = new Map([...picture.querySelectorAll<HTMLAnchorElement>(".party-list a")].map((a) => [a.title, a.textContent ?? ""]));
    clear(target,
      h("dl", { class: "facts" },
        h("dt", {}, "Businesses"), h("dd", {}, String(s.parties)), h("dt", {}, "Relationships"), h("dd", {}, String(s.ties)),
        h("dt", {}, "Groups"), h("dd", {}, String(s.communities))),
      players.length
        ? h("div", { "data-testid": "key-players" }, h("p", {}, "Key players, whose absence would split the network most:"),
            h("ol", {}, ...players.map((p) => h("li", {}, addressLink(p, names.get(p) || null)))))
        : h("p", { class: "muted" }, "The network is still small: no single business holds it together yet."),
      h("details", {}, h("summary", {}, "Exact terms"),
        h("dl", { class: "facts" }, h("dt", {}, "Density"), h("dd", {}, s.density.toFixed(3)), h("dt", {}, "Modularity"), h("dd", {}, s.modularity.toFixed(2)))));
  } catch (error) {
    clear(target, failure(error, "The network summary"));
  }
}
