// Reciprocity events: party A proposes (an attestation about B under the reciprocity schema),
// party B confirms by attesting back with refUID = the proposal. Both sign in their wallets;
// the event is confirmed once both attestations are on chain.
import { AbiCoder, encodeBytes32String } from "ethers";
import { get, routeExists } from "../api";
import type { Attestation, Page, ReciprocityEvent } from "../models";
import { follow, signAndSubmit } from "../relay";
import { addressLink, clear, failure, field, h, isAddress, notice, saveJson } from "../ui";
import { walletOfferButton } from "./wallet-offer";

const kinds = ["trade", "delivery", "payment", "referral"];

function encode(kind: string, rating: number, reference: string): string {
  return AbiCoder.defaultAbiCoder().encode(["bytes32", "uint8", "string"], [encodeBytes32String(kind), rating, reference]);
}

export async function reciprocity(target: HTMLElement, me: string | null): Promise<void> {
  if (!me) {
    clear(target, notice("empty", "Connect your wallet to propose or confirm reciprocity events."));
    return;
  }
  // Asking for an event that cannot exist: 404 with a detail from the endpoint, or none from routing.
  if (!(await routeExists(`/v1/reciprocity-events/0x${"0".repeat(64)}`))) {
    clear(target, notice("unavailable", h("strong", {}, "Reciprocity events: not available yet. "), "This server does not offer /v1/reciprocity-events yet."));
    return;
  }
  const inbox = h("div", { "data-testid": "reciprocity-inbox" });
  const mine = h("div", { "data-testid": "reciprocity-mine" });
  const refresh = () => Promise.all([loadInbox(inbox, me, refresh), loadMine(mine, me)]).then(() => undefined);
  clear(target, h("p", {}, "A trade, delivery or referral that both sides confirm counts more than a one-sided endorsement."),
    proposeForm(me, refresh), h("h3", {}, "Waiting for your confirmation"), inbox, h("h3", {}, "Your events"), mine);
  await refresh();
}

function proposeForm(me: string, changed: () => Promise<void>): HTMLElement {
  const partner = h("input", { type: "text", required: true, pattern: "0x[0-9a-fA-F]{40}", placeholder: "0x…", autocomplete: "off" });
  const kind = h("select", {}, ...kinds.map((k) => h("option", { value: k }, k)));
  const rating = h("select", {}, ...[5, 4, 3, 2, 1].map((n) => h("option", { value: n }, `${n}`)));
  const reference = h("input", { type: "text", maxlength: 120, placeholder: "invoice or order number" });
  const status = h("div", { role: "status", "aria-live": "polite", "data-testid": "reciprocity-status" });
  const form = h("form", { class: "form" }, field("Counterparty's address", partner), field("What happened", kind), field("Your rating of them", rating),
    field("Reference", reference, "Shown to both parties."), h("button", { type: "submit", class: "btn" }, "Propose and sign"), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!isAddress(partner.value)) return void clear(status, notice("error", "The counterparty's address must be 0x followed by 40 hex digits."));
    try {
      clear(status, notice("info", "Waiting for your wallet's signature…"));
      const data = encode(kind.value, Number(rating.value), reference.value);
      const submitted = await signAndSubmit("/v1/attestations/typed-data", { schema: "reciprocity", attester: me, subject: partner.value.trim(), data }, "/v1/reciprocity-events");
      status.dataset.id = submitted.uid;
      const final = await follow(submitted.uid, (a) => a.status !== "pending", () => clear(status, notice("info", "Proposed; waiting for the chain…")));
      status.dataset.state = final.status;
      clear(status, notice(final.status === "confirmed" ? "info" : "error",
        final.status === "confirmed" ? "Proposal recorded on chain. Your counterparty confirms it from this page with their wallet." : `Proposal ${final.status}.`));
      await changed();
    } catch (error) {
      clear(status, failure(error, "Proposing"));
    }
  });
  return form;
}

const reciprocityOf = async (query: Record<string, string>) =>
  (await get<Page<Attestation>>("/v1/attestations", { ...query, schema: "reciprocity", limit: 50 })).items.filter((a) => !a.refUid);

async function loadInbox(target: HTMLElement, me: string, changed: () => Promise<void>): Promise<void> {
  try {
    const open = (await reciprocityOf({ subject: me.toLowerCase() })).filter((a) => a.status === "confirmed" && !a.confirmedBy);
    if (!open.length) return void clear(target, notice("empty", "No proposal is waiting for you."));
    clear(target, h("ul", { class: "results" }, ...open.map((a) =>
      h("li", { "data-event": a.uid }, addressLink(a.attester), ` proposed “${a.fields?.kind ?? ""}”`, a.fields?.reference ? ` (${a.fields.reference})` : "", " ", confirmButton(a, me, changed)))));
  } catch (error) {
    clear(target, failure(error, "Proposals"));
  }
}

/** Events this party proposed, and those it confirmed for others; confirmed ones offer their credential. */
async function loadMine(target: HTMLElement, me: string): Promise<void> {
  try {
    const proposed = await reciprocityOf({ attester: me.toLowerCase() });
    const confirmed = (await reciprocityOf({ subject: me.toLowerCase() })).filter((a) => a.confirmedBy);
    if (!proposed.length && !confirmed.length) return void clear(target, notice("empty", "You have no reciprocity event yet."));
    const events = await Promise.all([...proposed, ...confirmed].map((p) => get<ReciprocityEvent>(`/v1/reciprocity-events/${p.uid}`)));
    clear(target, h("ul", { class: "results" }, ...events.map((e) => {
      const other = e.proposer === me.toLowerCase() ? e.counterparty : e.proposer;
      const label = e.status === "proposed" ? "awaiting counterparty" : e.status;
      return h("li", { "data-event": e.id }, addressLink(other), ` “${e.proposal.fields?.kind ?? ""}” `,
        h("span", { class: `pill pill-${e.status === "proposed" ? "pending" : e.status}` }, label), e.status === "confirmed" ? credentialButton(e.id) : null,
        e.status === "confirmed" ? walletOfferButton(() => currentCredentialId(e.id)) : null);
    })));
  } catch (error) {
    clear(target, failure(error, "Your events"));
  }
}

/** The event's ReciprocityCredential (issued by the service once both sides confirmed), saved as JSON. */
function credentialButton(id: string): HTMLElement {
  const button = h("button", { type: "button", class: "btn btn-quiet" }, "Download ReciprocityCredential");
  const status = h("span", { role: "status" });
  button.addEventListener("click", async () => {
    try {
      const { credentials } = await get<{ credentials: { verifiableCredential: unknown | null; jws: string | null }[] }>(`/v1/reciprocity-events/${id}/credentials`);
      if (!credentials.length) return void clear(status, "Not issued yet; try again in a moment.");
      saveJson(`reciprocity-credential-${id.slice(0, 10)}.json`, credentials[0].verifiableCredential ?? credentials[0].jws);
      clear(status, "Saved.");
    } catch (error) {
      clear(status, failure(error, "The credential"));
    }
  });
  return h("span", { class: "inline" }, button, status);
}

/** The id of the event's current ReciprocityCredential, or null while it is not issued. */
async function currentCredentialId(eventId: string): Promise<string | null> {
  const { credentials } = await get<{ credentials: { id: string }[] }>(`/v1/reciprocity-events/${eventId}/credentials`);
  return credentials[0]?.id ?? null;
}

function confirmButton(proposal: Attestation, me: string, changed: () => Promise<void>): HTMLElement {
  const rating = h("select", { "aria-label": "Your rating of them" }, ...[5, 4, 3, 2, 1].map((n) => h("option", { value: n }, `${n}/5`)));
  const button = h("button", { type: "button", class: "btn btn-quiet" }, "Confirm and sign");
  const status = h("span", { role: "status" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const data = encode(String(proposal.fields?.kind ?? "trade"), Number(rating.value), String(proposal.fields?.reference ?? ""));
      const submitted = await signAndSubmit("/v1/attestations/typed-data", { schema: "reciprocity", attester: me, subject: proposal.attester, data, refUid: proposal.uid },
        `/v1/reciprocity-events/${proposal.uid}/confirm`);
      clear(status, "Confirming on chain…");
      const final = await follow(submitted.uid, (a) => a.status !== "pending", () => undefined);
      if (final.status !== "confirmed") throw new Error(final.error?.detail ?? `confirmation ${final.status}`);
      await changed();
    } catch (error) {
      clear(status, failure(error, "Confirming"));
      button.disabled = false;
    }
  });
  return h("span", { class: "inline" }, rating, button, status);
}
