// Home: find a supplier by address, name or sector; the most trusted suppliers below.
import { get } from "../api";
import type { PageRenderer } from "../page";
import { partyNames } from "./graph-data";
import type { Attestation, Page, Party, RankedParty } from "../models";
import { go } from "../nav";
import { addressLink, clear, failure, field, h, isAddress, notice, percent, section, labelCells } from "../ui";
import { anchorsCard } from "./anchors";

export const lookupPage: PageRenderer = async (main, _params, query) => {
  const q = query.get("q") ?? "";
  const input = h("input", { type: "search", name: "q", value: q, autocomplete: "off", placeholder: "0x… address, business name or sector", required: true });
  const form = h(
    "form",
    { class: "search", role: "search" },
    field("Address, name or sector", input, "An address opens the supplier directly."),
    h("button", { type: "submit", class: "btn" }, "Look up"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (isAddress(text)) go(`/supplier/${text.toLowerCase()}`);
    else go(`/?q=${encodeURIComponent(text)}`);
  });
  const results = h("div", { "aria-live": "polite", id: "search-results" });
  const leaders = h("div");
  const filters = leaderFilters(query, leaders);
  const recent = h("div");
  const anchors = anchorsCard();
  main.append(
    h("h1", { tabindex: -1 }, "Can I trust this supplier?"),
    h("p", { class: "lead" }, "Scores come from partners' signed endorsements and confirmed trades on chain, weighted against fake accounts, and can be checked against the chain."),
    form,
    results,
    section("Most trusted suppliers", "leaders-title", filters.form, leaders),
    section("Recently endorsed", "recent-title", recent),
    anchors.card,
  );
  const searches = q ? search(q, results) : Promise.resolve();
  await Promise.all([searches, filters.load(), recentlyEndorsed(recent), anchors.load()]);
};

async function search(text: string, results: HTMLElement): Promise<void> {
  clear(results, notice("info", "Searching…"));
  try {
    // Name (or exact address) and sector are separate filters on the API: ask both, merge.
    const [byName, bySector] = await Promise.all([get<Party[]>("/v1/parties", { q: text }), get<Party[]>("/v1/parties", { sector: text })]);
    const seen = new Map<string, Party>();
    for (const party of [...byName, ...bySector]) seen.set(party.address, party);
    const parties = [...seen.values()];
    if (!parties.length) {
      clear(results, notice("empty", `No supplier matches “${text}”. Search by an exact 0x address to see any party's on-chain record.`));
      return;
    }
    clear(
      results,
      h("h2", { class: "sr-only" }, "Search results"),
      h(
        "ul",
        { class: "results", "data-testid": "search-results" },
        ...parties.map((p) =>
          h("li", {}, addressLink(p.address, p.name), h("span", { class: "muted" }, [p.sector, p.region].filter(Boolean).join(" · ")), h("code", { class: "addr-full" }, p.address)),
        ),
      ),
    );
  } catch (error) {
    clear(results, failure(error, "Search"));
  }
}

/** Sector, region, category and minimum-confidence filters over the ranking (the API filters; cursor pages of 10). */
function leaderFilters(query: URLSearchParams, target: HTMLElement): { form: HTMLElement; load: () => Promise<void> } {
  const sector = h("input", { type: "text", name: "sector", value: query.get("sector") ?? "", autocomplete: "off" });
  const region = h("input", { type: "text", name: "region", value: query.get("region") ?? "", autocomplete: "off" });
  const category = h("input", { type: "text", name: "category", value: query.get("category") ?? "", autocomplete: "off" });
  const confidence = h("select", { name: "minConfidence" },
    ...[["0", "any"], ["0.3", "30% or more"], ["0.6", "60% or more"]].map(([v, text]) => h("option", { value: v }, text)));
  confidence.value = query.get("minConfidence") ?? "0"; // "any": a young network has few confident scores, and an empty ranking helps nobody
  const load = () => leaderboard(target, { sector: sector.value.trim(), region: region.value.trim(), category: category.value.trim(), minConfidence: confidence.value });
  const form = h("form", { class: "search filters", "aria-label": "Filter the ranking" },
    field("Sector", sector), field("Region", region), field("Endorsed for", category), field("Confidence", confidence), h("button", { type: "submit", class: "btn btn-quiet" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void load();
  });
  return { form, load };
}

async function leaderboard(target: HTMLElement, filter: Record<string, string>): Promise<void> {
  try {
    const page = await get<Page<RankedParty>>("/v1/reputation", { limit: 10, ...filter });
    if (!page.items.length) {
      clear(target, notice("empty", Number(filter.minConfidence) > 0 || filter.sector || filter.region || filter.category
        ? "No supplier matches these filters yet: lower the confidence or widen the sector and region."
        : "No supplier has a score yet: scores appear once parties have endorsements."));
      return;
    }
    clear(
      target,
      labelCells(h(
        "table",
        { class: "table", "data-testid": "leaders" },
        h("caption", { class: "sr-only" }, "Suppliers by score"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Rank"), h("th", { scope: "col" }, "Supplier"), h("th", { scope: "col" }, "Score"), h("th", { scope: "col" }, "Confidence"))),
        h(
          "tbody",
          {},
          ...page.items.map((r) =>
            h("tr", {}, h("td", {}, `#${r.rank}`), h("td", {}, addressLink(r.address, r.name)), h("td", {}, r.score.toFixed(1)), h("td", {}, percent(r.confidence))),
          ),
        ),
      )),
    );
  } catch (error) {
    clear(target, failure(error, "The ranking"));
  }
}

/** The latest endorsements on chain, one line per supplier: a way in before anyone searches. */
async function recentlyEndorsed(target: HTMLElement): Promise<void> {
  try {
    const [page, names] = await Promise.all([get<Page<Attestation>>("/v1/attestations", { schema: "endorsement", limit: 50 }), partyNames()]);
    const items = page.items.filter((a) => a.status === "confirmed");
    const latest = new Map<string, Attestation[]>();
    for (const a of items) latest.set(a.subject, [...(latest.get(a.subject) ?? []), a]);
    if (!latest.size) return void clear(target, notice("empty", "No endorsement is on chain yet."));
    clear(target, h("ul", { class: "results", "data-testid": "recent" }, ...[...latest.entries()].slice(0, 10).map(([subject, list]) =>
      h("li", {}, addressLink(subject, names.get(subject)), h("span", { class: "muted" }, `${list.length} recent endorsement${list.length > 1 ? "s" : ""}, latest ${list[0].fields?.rating ?? "?"}/5 “${list[0].fields?.comment ?? ""}”`)))));
  } catch (error) {
    clear(target, failure(error, "Recent endorsements"));
  }
}
