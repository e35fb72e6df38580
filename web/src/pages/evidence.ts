// What the score rests on, read from the indexed chain: attestations about the party, by month,
// and the latest ones in full. Works whether or not the reputation endpoint exists.
import { get } from "../api";
import type { Attestation, Page } from "../models";
import { addressLink, clear, failure, formatTime, h, notice, labelCells } from "../ui";

const maxPages = 4;

/** Every attestation about `subject`, newest first (at most a few pages: enough for a picture). */
export async function attestationsAbout(subject: string): Promise<Attestation[]> {
  const all: Attestation[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const result: Page<Attestation> = await get<Page<Attestation>>("/v1/attestations", { subject, cursor, limit: 50 });
    all.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return all;
}

/** Schemas that are our own bookkeeping, not evidence about the party: the anchors of credentials we issued. */
const notEvidence = new Set(["credential-anchor"]);

export async function evidenceTimeline(subject: string, target: HTMLElement, names: Promise<Map<string, string>> = Promise.resolve(new Map())): Promise<void> {
  clear(target, notice("info", "Loading the on-chain record…"));
  let items: Attestation[];
  try {
    items = (await attestationsAbout(subject)).filter((a) => !notEvidence.has(a.schemaName ?? ""));
  } catch (error) {
    clear(target, failure(error, "The on-chain record"));
    return;
  }
  if (!items.length) {
    clear(target, notice("empty", "Nobody has attested anything about this party on chain yet."));
    return;
  }
  clear(target, timeline(items), table(items.slice(0, 20), await names));
}

function timeline(items: Attestation[]): HTMLElement {
  const months = new Map<string, Record<string, number>>();
  for (const a of items) {
    const month = a.time ? new Date(a.time * 1000).toISOString().slice(0, 7) : "pending";
    const kind = a.status === "revoked" ? "revoked" : (a.schemaName ?? "other");
    const counts = months.get(month) ?? {};
    counts[kind] = (counts[kind] ?? 0) + 1;
    months.set(month, counts);
  }
  const max = Math.max(...[...months.values()].map((c) => Object.values(c).reduce((x, y) => x + y, 0)));
  const rows = [...months.entries()].sort(([a], [b]) => a.localeCompare(b));
  return h(
    "figure",
    { class: "timeline" },
    h("figcaption", {}, "Attestations about this party, per month"),
    h(
      "ul",
      { class: "bars" },
      ...rows.map(([month, counts]) => {
        const total = Object.values(counts).reduce((x, y) => x + y, 0);
        const label = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ");
        return h("li", {}, h("span", { class: "bar-label" }, month), h("span", { class: "bar", style: `--w:${(total / max) * 100}%`, "aria-hidden": "true" }), h("span", { class: "bar-value" }, label));
      }),
    ),
  );
}

const kindName: Record<string, string> = { endorsement: "Endorsement", reciprocity: "Shared trade", "negative-report": "Complaint" };

function table(items: Attestation[], names: Map<string, string>): HTMLElement {
  return labelCells(h(
    "table",
    { class: "table", "data-testid": "evidence-table" },
    h("caption", {}, "Latest attestations"),
    h("thead", {}, h("tr", {}, ...["From", "Kind", "Rating", "Category", "Comment", "When", "Status"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      ...items.map((a) =>
        h(
          "tr",
          {},
          h("td", {}, addressLink(a.attester, names.get(a.attester))),
          h("td", {}, kindName[a.schemaName ?? ""] ?? a.schemaName ?? "other"),
          h("td", {}, a.fields?.rating != null ? `${a.fields.rating}/5` : "—"),
          h("td", {}, String(a.fields?.category ?? a.fields?.kind ?? "—")),
          h("td", { class: "comment" }, String(a.fields?.comment ?? a.fields?.reference ?? "")),
          h("td", {}, formatTime(a.time)),
          h("td", {}, h("span", { class: `pill pill-${a.status}` }, a.status)),
        ),
      ),
    ),
  ));
}
