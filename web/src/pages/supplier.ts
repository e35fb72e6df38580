// One supplier: profile, score with rank/percentile/confidence, the evidence, top contributors,
// the bonding/bridging/linking breakdown, the chain badge, the credential, recommendations.
import { ApiError, get, NotAvailable } from "../api";
import type { PageRenderer } from "../page";
import type { Contributor, ExternalEvidence, Party, Recommendation, Reputation } from "../models";
import { addressLink, clear, failure, h, link, notice, percent, saveJson, section, labelCells } from "../ui";
import { anchorsLine } from "./anchors";
import { badge } from "./badge";
import { evidenceTimeline } from "./evidence";
import { changesTimeline, loadTies, partnerNames, tiesPanel } from "./relationships";

export const supplierPage: PageRenderer = async (main, [raw]) => {
  const address = raw.toLowerCase();
  const heading = h("h1", { tabindex: -1 }, address);
  const profile = h("p", { class: "muted" });
  const score = h("div", { class: "score-area", "aria-live": "polite" }, notice("info", "Loading the score…"));
  const evidence = h("div");
  const recommendations = h("div");
  const relationships = h("div", { "aria-live": "polite" }, notice("info", "Loading relationships…"));
  const changes = h("div", {}, notice("info", "Loading what changed…"));
  main.append(
    h("div", { class: "page-head" }, heading, profile, h("p", { class: "addr-full" }, h("code", {}, address)),
      h("p", { class: "actions" }, link(`/endorse?subject=${address}`, "Endorse this supplier"), link(`/network/${address}`, "Trust network"), link(`/rewards/${address}`, "Rewards"))),
    score,
    section("Relationships", "ties-title", relationships),
    section("What changed", "changes-title", changes),
    section("Evidence over time", "evidence-title", evidence),
    section("Who to meet next", "recs-title", recommendations),
  );
  const ties = loadTies(address);
  await Promise.all([loadProfile(address, heading, profile), loadScore(address, score, partnerNames(ties)), tiesPanel(address, ties, relationships),
    changesTimeline(address, changes), evidenceTimeline(address, evidence, partnerNames(ties)), loadRecommendations(address, recommendations)]);
};

async function loadProfile(address: string, heading: HTMLElement, line: HTMLElement): Promise<void> {
  try {
    // The search answers [] for a party without a profile, where GET /v1/parties/{a} would be a 404 in the console.
    const party = (await get<Party[]>("/v1/parties", { q: address })).find((p) => p.address === address);
    if (!party) {
      clear(line, "No profile yet: this business has not published its name.");
      return;
    }
    heading.textContent = party.name;
    const website = party.website ? h("a", { href: party.website, rel: "noopener noreferrer", target: "_blank" }, party.website) : null;
    clear(line, [party.sector, party.region].filter(Boolean).join(" · "), website ? " · " : "", website);
  } catch (error) {
    clear(line, failure(error, "The profile"));
  }
}

async function loadScore(address: string, target: HTMLElement, names: Promise<Map<string, string>>): Promise<void> {
  let reputation: Reputation;
  try {
    reputation = await get<Reputation>(`/v1/reputation/${address}`);
  } catch (error) {
    if (error instanceof NotAvailable) {
      clear(target, section("Trust score", "score-title", notice("unavailable", h("strong", {}, "Scores are not available yet. "), "This server does not compute reputation yet; the on-chain evidence below is real.")));
    } else if (error instanceof ApiError && error.isNotFound) {
      clear(target, section("Trust score", "score-title", notice("empty", h("strong", {}, "No score: "), "no evidence about this party yet. A score appears after its first endorsement.")));
    } else clear(target, section("Trust score", "score-title", failure(error, "The score")));
    return;
  }
  const r = reputation;
  const partners = await names;
  const anchorsNote = h("dd", { "data-testid": "sybil" }, r.sybilResistant ? "yes" : "not yet: no trusted members are set on this server");
  void anchorsLine(anchorsNote);
  clear(
    target,
    h(
      "div",
      { class: "grid" },
      section(
        "Trust score",
        "score-title",
        h("p", { class: "score" }, h("span", { class: "score-value", "data-testid": "score" }, r.score.toFixed(1)), h("span", { class: "score-max" }, " / 100")),
        h("meter", { min: 0, max: 100, value: r.score, "aria-label": "Score out of 100" }),
        h("p", { class: "summary", "data-testid": "plain-summary" }, plainSummary(r)),
        h("dl", { class: "facts" },
          h("dt", {}, "Rank"), h("dd", { "data-testid": "rank" }, `#${r.rank}`),
          h("dt", {}, "How sure we are"), h("dd", { "data-testid": "confidence" }, `${sureness(r.confidence)} (${percent(r.confidence)})`),
          h("dt", {}, "Backed by trusted members"), anchorsNote),
        h("details", { class: "exact" }, h("summary", {}, "Exact terms"),
          r.summary ? h("p", { class: "summary", "data-testid": "summary" }, r.summary) : null,
          h("dl", { class: "facts" },
            h("dt", {}, "Percentile"), h("dd", {}, `${Math.round(r.percentile)}`),
            h("dt", {}, "Confidence"), h("dd", {}, percent(r.confidence)),
            h("dt", {}, "Sybil-resistant"), h("dd", {}, r.sybilResistant ? "yes" : "no (no trust anchors)"),
            h("dt", {}, "As of block"), h("dd", {}, String(r.asOfBlock)),
            h("dt", {}, "Score version"), h("dd", {}, String(r.scoreVersion)))),
        credentialDownload(address),
      ),
      section("Verified against chain", "badge-title", badge(r)),
      section(
        "Evidence",
        "evidence-counts-title",
        h("dl", { class: "facts" },
          h("dt", {}, "Endorsements"), h("dd", { "data-testid": "endorsements" }, String(r.evidence.endorsements)),
          h("dt", {}, "Confirmed reciprocity"), h("dd", {}, String(r.evidence.confirmedReciprocity)),
          h("dt", {}, "Negative reports"), h("dd", {}, String(r.evidence.negativeReports)),
          h("dt", {}, "Distinct raters"), h("dd", {}, String(r.evidence.raters))),
      ),
      section("Kinds of ties", "breakdown-title", breakdown(r.breakdown)),
      wide(section("Who vouches most", "contributors-title", contributors(r.topContributors, "Nobody vouches for this business yet.", partners))),
      r.topDetractors?.length ? wide(section("Who complained", "detractors-title", contributors(r.topDetractors, "", partners))) : null,
      r.externalEvidence?.length ? wide(section("From other networks", "external-title", external(r.externalEvidence, partners))) : null,
    ),
  );
}

function wide(card: HTMLElement): HTMLElement {
  card.classList.add("wide");
  return card;
}

const tieHelp: Record<string, string> = {
  bonding: "close partners in the same group",
  bridging: "partners in other groups",
  linking: "established players vouching",
};

const tieName: Record<string, string> = { bonding: "Close partners", bridging: "Other groups", linking: "Established players", negative: "Complaint" };

/** The score in one sentence a business owner reads without a glossary; the model's own words sit under "Exact terms". */
function plainSummary(r: Reputation): string {
  const e = r.evidence;
  const backers = `${e.raters} business${e.raters === 1 ? "" : "es"} vouch${e.raters === 1 ? "es" : ""} for it`;
  const confirmed = e.confirmedReciprocity ? `, ${e.confirmedReciprocity} trade${e.confirmedReciprocity === 1 ? "" : "s"} confirmed by both sides` : "";
  const complaints = e.negativeReports ? `; ${e.negativeReports} complaint${e.negativeReports === 1 ? "" : "s"}` : "";
  return `Scores ${r.score.toFixed(1)} of 100, ahead of ${Math.round(r.percentile)}% of businesses here. ${backers}${confirmed}${complaints}. ` +
    `How sure we are: ${sureness(r.confidence)}.`;
}

function sureness(confidence: number): string {
  return confidence >= 0.6 ? "quite sure" : confidence >= 0.3 ? "fairly sure" : "not yet sure (little or one-sided evidence)";
}

function breakdown(b: Reputation["breakdown"]): HTMLElement {
  return h(
    "ul",
    { class: "bars", "data-testid": "breakdown" },
    ...(["bonding", "bridging", "linking"] as const).map((kind) =>
      h("li", {}, h("span", { class: "bar-label", title: kind }, tieName[kind]), h("span", { class: `bar bar-${kind}`, style: `--w:${b[kind] * 100}%`, "aria-hidden": "true" }), h("span", { class: "bar-value" }, `${percent(b[kind])} · ${tieHelp[kind]}`)),
    ),
  );
}

function contributors(list: Contributor[], empty: string, names: Map<string, string>): HTMLElement {
  if (!list.length) return notice("empty", empty);
  return labelCells(h(
    "table",
    { class: "table" },
    h("thead", {}, h("tr", {}, ...["Business", "Relationship", "Share of the score"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...list.map((c) => h("tr", {}, h("td", {}, addressLink(c.party, names.get(c.party))), h("td", { title: c.tie }, tieName[c.tie] ?? c.tie), h("td", {}, percent(c.share))))),
  ));
}

const sourceName: Record<string, string> = { eas: "Ethereum Attestation Service", erc8004: "ERC-8004 agent feedback" };

/** Outside evidence (EAS, ERC-8004): who said it, what, and a link that identifies it on its source. */
function external(list: ExternalEvidence[], names: Map<string, string>): HTMLElement {
  return labelCells(h(
    "table",
    { class: "table", "data-testid": "external-evidence" },
    h("thead", {}, h("tr", {}, ...["Source", "From", "Rating", "Category", "Where"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...list.map((e) => h("tr", {},
      h("td", {}, sourceName[e.source] ?? e.source),
      h("td", {}, addressLink(e.attester, names.get(e.attester))),
      h("td", {}, `${e.rating > 0 ? "+" : ""}${e.rating}${e.inForce ? "" : " (revoked or expired)"}`),
      h("td", {}, e.category ?? ""),
      h("td", {}, e.url ? h("a", { href: e.url, rel: "noopener noreferrer", target: "_blank" }, e.uri) : h("code", {}, e.uri))))),
  ));
}

async function loadRecommendations(address: string, target: HTMLElement): Promise<void> {
  try {
    const recs = await get<Recommendation[]>(`/v1/parties/${address}/recommendations`);
    clear(target, recs.length
      ? h("ul", { class: "results" }, ...recs.map((r) => h("li", {}, addressLink(r.party), h("span", { class: "muted" }, r.reason))))
      : notice("empty", "No suggestion yet: the network around this business is still small."));
  } catch (error) {
    // A party nobody has vouched for yet has no place in the network: nothing to recommend, not an error.
    if (error instanceof ApiError && error.isNotFound) clear(target, notice("empty", "Suggestions appear once this business has its first relationship."));
    else clear(target, failure(error, "Suggestions"));
  }
}

/** Fetches the ReputationCredential (a W3C VC) and saves it; says so when the host cannot issue one yet. */
function credentialDownload(address: string): HTMLElement {
  const button = h("button", { type: "button", class: "btn btn-quiet" }, "Download ReputationCredential");
  const status = h("span", { role: "status", "data-testid": "credential-status" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const credential = await get<unknown>(`/v1/reputation/${address}/credential`);
      saveJson(`reputation-credential-${address}.json`, credential);
      clear(status, "Saved.");
    } catch (error) {
      // Before a published snapshot holds the party, only the party itself (or an issuer) may have one issued.
      const needsSignIn = error instanceof ApiError && (error.status === 401 || error.status === 403);
      clear(status, needsSignIn
        ? notice("unavailable", h("strong", {}, "Not published yet. "),
          "Anyone can download this credential once the next published snapshot includes this party; until then, sign in as this party to get one now.")
        : failure(error, "The credential"));
    } finally {
      button.disabled = false;
    }
  });
  return h("div", { class: "credential" }, button, status);
}
