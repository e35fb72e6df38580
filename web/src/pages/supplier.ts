// One supplier: profile, score with rank/percentile/confidence, the evidence, top contributors,
// the bonding/bridging/linking breakdown, the chain badge, the credential, recommendations.
import { ApiError, get, NotAvailable } from "../api";
import type { PageRenderer } from "../page";
import type { Contributor, Party, Recommendation, Reputation } from "../models";
import { addressLink, clear, failure, h, link, notice, percent, saveJson, section, labelCells } from "../ui";
import { anchorsLine } from "./anchors";
import { badge } from "./badge";
import { evidenceTimeline } from "./evidence";

export const supplierPage: PageRenderer = async (main, [raw]) => {
  const address = raw.toLowerCase();
  const heading = h("h1", { tabindex: -1 }, address);
  const profile = h("p", { class: "muted" });
  const score = h("div", { class: "score-area", "aria-live": "polite" }, notice("info", "Loading the score…"));
  const evidence = h("div");
  const recommendations = h("div");
  main.append(
    h("div", { class: "page-head" }, heading, profile, h("p", { class: "addr-full" }, h("code", {}, address)),
      h("p", { class: "actions" }, link(`/endorse?subject=${address}`, "Endorse this supplier"), link(`/network/${address}`, "Trust network"), link(`/rewards/${address}`, "Rewards"))),
    score,
    section("Evidence over time", "evidence-title", evidence),
    section("Who this supplier should meet", "recs-title", recommendations),
  );
  await Promise.all([loadProfile(address, heading, profile), loadScore(address, score), evidenceTimeline(address, evidence), loadRecommendations(address, recommendations)]);
};

async function loadProfile(address: string, heading: HTMLElement, line: HTMLElement): Promise<void> {
  try {
    const party = await get<Party>(`/v1/parties/${address}`);
    heading.textContent = party.name;
    const website = party.website ? h("a", { href: party.website, rel: "noopener noreferrer", target: "_blank" }, party.website) : null;
    clear(line, [party.sector, party.region].filter(Boolean).join(" · "), website ? " · " : "", website);
  } catch (error) {
    if (error instanceof ApiError && error.isNotFound) clear(line, "No profile: this party has not published a name yet.");
    else clear(line, failure(error, "The profile"));
  }
}

async function loadScore(address: string, target: HTMLElement): Promise<void> {
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
  const anchorsNote = h("dd", { "data-testid": "sybil" }, r.sybilResistant ? "yes" : "no");
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
        r.summary ? h("p", { class: "summary", "data-testid": "summary" }, r.summary) : null,
        h("dl", { class: "facts" },
          h("dt", {}, "Rank"), h("dd", { "data-testid": "rank" }, `#${r.rank}`),
          h("dt", {}, "Percentile"), h("dd", {}, `${Math.round(r.percentile)}`),
          h("dt", {}, "Confidence"), h("dd", { "data-testid": "confidence" }, percent(r.confidence)),
          h("dt", {}, "As of block"), h("dd", {}, String(r.asOfBlock)),
          h("dt", {}, "Score version"), h("dd", {}, String(r.scoreVersion)),
          h("dt", {}, "Fake-account resistant"), anchorsNote),
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
      wide(section("Top contributors", "contributors-title", contributors(r.topContributors, "No contributors yet."))),
      r.topDetractors?.length ? wide(section("Top detractors", "detractors-title", contributors(r.topDetractors, ""))) : null,
    ),
  );
}

function wide(card: HTMLElement): HTMLElement {
  card.classList.add("wide");
  return card;
}

const tieHelp: Record<string, string> = {
  bonding: "close partners in the same community",
  bridging: "partners in other communities",
  linking: "ties to institutions and larger players",
};

function breakdown(b: Reputation["breakdown"]): HTMLElement {
  return h(
    "ul",
    { class: "bars", "data-testid": "breakdown" },
    ...(["bonding", "bridging", "linking"] as const).map((kind) =>
      h("li", {}, h("span", { class: "bar-label" }, kind), h("span", { class: `bar bar-${kind}`, style: `--w:${b[kind] * 100}%`, "aria-hidden": "true" }), h("span", { class: "bar-value" }, `${percent(b[kind])} · ${tieHelp[kind]}`)),
    ),
  );
}

function contributors(list: Contributor[], empty: string): HTMLElement {
  if (!list.length) return notice("empty", empty);
  return labelCells(h(
    "table",
    { class: "table" },
    h("thead", {}, h("tr", {}, ...["Party", "Tie", "Contribution", "Share"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...list.map((c) => h("tr", {}, h("td", {}, addressLink(c.party)), h("td", {}, c.tie), h("td", {}, c.amount.toFixed(2)), h("td", {}, percent(c.share))))),
  ));
}

async function loadRecommendations(address: string, target: HTMLElement): Promise<void> {
  try {
    const recs = await get<Recommendation[]>(`/v1/parties/${address}/recommendations`);
    clear(target, recs.length
      ? h("ul", { class: "results" }, ...recs.map((r) => h("li", {}, addressLink(r.party), h("span", { class: "muted" }, r.reason))))
      : notice("empty", "No recommendation yet."));
  } catch (error) {
    clear(target, failure(error, "Recommendations"));
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
