// The network picture's data: the API's graph (scores, communities, tie kinds, structural holes,
// recommendations) when the host has it; otherwise the endorsement graph read from the indexed
// chain, which is real but has no scores or tie kinds. `source` tells the page which one it got.
import { get, NotAvailable } from "../api";
import type { Attestation, NetworkGraph, Page, RankedParty } from "../models";
import { shortAddress } from "../ui";

export interface GraphResult {
  graph: NetworkGraph;
  source: "api" | "endorsements";
}

export async function loadGraph(center: string | null): Promise<GraphResult> {
  try {
    const [graph, names] = await Promise.all([get<NetworkGraph>("/v1/network/graph", center ? { center, depth: 2 } : {}), partyNames()]);
    for (const node of graph.nodes) node.label ??= names.get(node.id) ?? shortAddress(node.id);
    return { graph, source: "api" };
  } catch (error) {
    if (!(error instanceof NotAvailable)) throw error;
  }
  return { graph: center ? await neighbourhood(center) : await wholeNetwork(), source: "endorsements" };
}

/** Business names from the ranking (one request; parties without a profile keep their short address). */
export async function partyNames(): Promise<Map<string, string>> {
  try {
    const page = await get<Page<RankedParty>>("/v1/reputation", { limit: 200, minConfidence: 0 });
    return new Map(page.items.filter((p) => p.name).map((p) => [p.address, p.name!]));
  } catch {
    return new Map();
  }
}

const live = (a: Attestation) => a.status === "confirmed";

async function attestations(query: Record<string, string | number>): Promise<Attestation[]> {
  return (await get<Page<Attestation>>("/v1/attestations", { limit: 100, ...query })).items.filter(live);
}

/** Two steps out from `center` over live attestations, at most 12 neighbours expanded. */
async function neighbourhood(center: string): Promise<NetworkGraph> {
  const first = [...(await attestations({ subject: center })), ...(await attestations({ attester: center }))];
  const neighbours = [...new Set(first.flatMap((a) => [a.attester, a.subject]))].filter((p) => p !== center).slice(0, 12);
  const second = (await Promise.all(neighbours.flatMap((p) => [attestations({ subject: p }), attestations({ attester: p })]))).flat();
  return fromAttestations([...first, ...second], center);
}

async function wholeNetwork(): Promise<NetworkGraph> {
  return fromAttestations(await attestations({ limit: 200 }), null);
}

function fromAttestations(items: Attestation[], center: string | null): NetworkGraph {
  const edges = new Map<string, { source: string; target: string; count: number }>();
  const received = new Map<string, number>();
  for (const a of items) {
    const key = `${a.attester}>${a.subject}`;
    const edge = edges.get(key);
    if (edge) edge.count++;
    else edges.set(key, { source: a.attester, target: a.subject, count: 1 });
  }
  for (const e of edges.values()) received.set(e.target, (received.get(e.target) ?? 0) + 1);
  const ids = new Set([...edges.values()].flatMap((e) => [e.source, e.target]));
  if (center) ids.add(center);
  const most = Math.max(1, ...received.values());
  return {
    nodes: [...ids].map((id) => ({ id, label: shortAddress(id), score: ((received.get(id) ?? 0) / most) * 100, community: 0, isCenter: id === center })),
    edges: [...edges.values()].map((e) => ({ source: e.source, target: e.target, kind: "endorsement" as const, weight: Math.min(1, e.count / 3) })),
    structuralHoles: [],
    recommended: [],
  };
}
