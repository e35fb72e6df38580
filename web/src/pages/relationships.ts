// A party's relationships in plain words: which are strong, which are at risk and what to do next
// (GET /v1/parties/{a}/ties, also as a CSV for a CRM), and what changed per snapshot epoch (/changes).
import { get } from "../api";
import type { EpochChange, PartyChanges, PartyTies, Tie } from "../models";
import { addressLink, clear, failure, formatTime, h, notice } from "../ui";

const riskLabel: Record<string, string> = { fading: "Fading", "one-sided": "One-sided", "turning-negative": "Turning negative" };
const kindLabel: Record<string, string> = {
  bonding: "close partner, same group",
  bridging: "partner in another group",
  linking: "an established player vouching",
  negative: "complaints only",
};
const directionLabel: Record<string, string> = { mutual: "you vouch for each other", incoming: "they vouch for you", outgoing: "you vouch for them" };

/** The party's ties (fetched once per page), shared by the ties panel and anyone needing partner names. */
export function loadTies(address: string): Promise<PartyTies | Error> {
  return get<PartyTies>(`/v1/parties/${address}/ties`).catch((e: Error) => e);
}

/** Partner address -> name, from the ties (empty when they could not be loaded). */
export async function partnerNames(ties: Promise<PartyTies | Error>): Promise<Map<string, string>> {
  const data = await ties;
  return new Map(data instanceof Error ? [] : data.ties.filter((t) => t.name).map((t) => [t.address, t.name as string]));
}

export async function tiesPanel(address: string, ties: Promise<PartyTies | Error>, target: HTMLElement): Promise<void> {
  const data = await ties;
  if (data instanceof Error) {
    clear(target, failure(data, "Relationships"));
    return;
  }
  if (!data.ties.length) {
    clear(target, notice("empty", h("strong", {}, "No relationships yet. "), "Once a partner endorses this business, or it endorses one, the relationship shows here with how strong it is."));
    return;
  }
  const atRisk = data.ties.filter((t) => t.atRisk);
  clear(
    target,
    h("p", { class: "lead", "data-testid": "ties-summary" },
      `${data.ties.length} relationship${data.ties.length === 1 ? "" : "s"}`,
      atRisk.length ? `, ${atRisk.length} at risk: the ones below are likely to be lost without action.` : ", none at risk."),
    h("ul", { class: "ties", "data-testid": "ties" }, ...[...atRisk, ...data.ties.filter((t) => !t.atRisk)].map(tieItem)),
    h("p", { class: "actions" },
      h("a", { href: `/v1/parties/${address}/ties.csv`, download: `relationships-${address}.csv`, "data-testid": "ties-csv" }, "Download for your CRM (CSV)"),
      h("span", { class: "muted" }, ` Columns HubSpot and Salesforce import as they are. Ties fade after ${data.fadingAfterDays} days without new evidence.`)),
  );
}

function tieItem(t: Tie): HTMLElement {
  return h(
    "li",
    { class: `tie${t.atRisk ? " tie-risk" : ""}`, "data-testid": "tie", "data-address": t.address },
    h("div", { class: "tie-head" },
      addressLink(t.address, t.name),
      h("span", { class: `pill pill-${t.atRisk ? "revoked" : "confirmed"}` }, t.atRisk ? "At risk" : t.strengthLabel),
      h("meter", { min: 0, max: 1, value: t.strength, "aria-label": `Strength ${t.strength.toFixed(2)} of 1` }),
      h("span", { class: "muted" }, `${directionLabel[t.direction]} · ${kindLabel[t.kind] ?? t.kind} · last ${t.lastEvidence}`)),
    h("p", { class: "tie-summary" }, t.summary),
    t.risks.length
      ? h("ul", { class: "reasons" }, ...t.risks.map((r) => h("li", { "data-reason": r.reason },
          h("strong", {}, `${riskLabel[r.reason] ?? r.reason}: `), r.why, " ", h("span", { class: "next-step" }, `Next step: ${r.nextStep}`))))
      : null,
  );
}

export async function changesTimeline(address: string, target: HTMLElement): Promise<void> {
  let data: PartyChanges;
  try {
    data = await get<PartyChanges>(`/v1/parties/${address}/changes`);
  } catch (error) {
    clear(target, failure(error, "What changed"));
    return;
  }
  if (!data.changes.length) {
    clear(target, notice("empty", h("strong", {}, "No snapshot yet. "), "Scores are committed on chain in snapshots; from the first one that includes this business, each change shows here."));
    return;
  }
  clear(target, h("ol", { class: "changes", "data-testid": "changes" }, ...data.changes.map(changeItem)));
}

function changeItem(c: EpochChange): HTMLElement {
  const arrow = c.scoreChange > 0 ? "▲" : c.scoreChange < 0 ? "▼" : "•";
  return h(
    "li",
    { class: "change", "data-epoch": c.epoch },
    h("div", { class: "change-head" },
      h("strong", {}, `Snapshot ${c.epoch}`), h("span", { class: "muted" }, ` · ${formatTime(c.asOfTime)} · `),
      h("span", { class: c.scoreChange >= 0 ? "up" : "down" }, `${arrow} ${c.score.toFixed(1)}${c.previousEpoch ? ` (${c.scoreChange >= 0 ? "+" : ""}${c.scoreChange.toFixed(1)})` : ""}`)),
    h("p", {}, c.summary),
    c.newTies.length ? h("p", {}, "New: ", ...join(c.newTies.map((p) => addressLink(p.address, p.name)))) : null,
    c.lostTies.length ? h("p", {}, "Lapsed: ", ...join(c.lostTies.map((p) => addressLink(p.address, p.name)))) : null,
    h("details", {}, h("summary", {}, "Exact figures"),
      h("dl", { class: "facts" },
        h("dt", {}, "Rank change"), h("dd", {}, String(c.rankChange)),
        h("dt", {}, "Bonding share"), h("dd", {}, signed(c.bondingShareChange * 100, "pts")),
        h("dt", {}, "Bridging share"), h("dd", {}, signed(c.bridgingShareChange * 100, "pts")),
        h("dt", {}, "Linking share"), h("dd", {}, signed(c.linkingShareChange * 100, "pts")),
        h("dt", {}, "Betweenness"), h("dd", {}, signed(c.betweennessChange, "")),
        h("dt", {}, "Eigenvector centrality"), h("dd", {}, signed(c.eigenvectorChange, "")),
        h("dt", {}, "Effective size"), h("dd", {}, signed(c.effectiveSizeChange, "")),
        h("dt", {}, "New structural holes"), h("dd", {}, String(c.newStructuralHoles.length)))),
  );
}

function signed(x: number, unit: string): string {
  return `${x >= 0 ? "+" : ""}${x.toFixed(2)}${unit ? ` ${unit}` : ""}`;
}

function join(nodes: HTMLElement[]): (HTMLElement | string)[] {
  return nodes.flatMap((n, i) => (i ? [", ", n] : [n]));
}
