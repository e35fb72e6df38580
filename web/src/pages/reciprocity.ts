// Reciprocity events: party A proposes (an attestation about B under the reciprocity schema),
// party B confirms by attesting back with refUID = the proposal. Both sign in their wallets.
import { AbiCoder, encodeBytes32String } from "ethers";
import { get, routeExists } from "../api";
import type { Attestation, Page } from "../models";
import { follow, signAndSubmit } from "../relay";
import { addressLink, clear, failure, field, h, isAddress, notice } from "../ui";

const kinds = ["trade", "delivery", "payment", "referral"];

function encode(kind: string, rating: number, reference: string): string {
  return AbiCoder.defaultAbiCoder().encode(["bytes32", "uint8", "string"], [encodeBytes32String(kind), rating, reference]);
}

export async function reciprocity(target: HTMLElement, me: string | null): Promise<void> {
  if (!me) {
    clear(target, notice("empty", "Connect your wallet to propose or confirm reciprocity events."));
    return;
  }
  if (!(await routeExists("/v1/reciprocity-events"))) {
    clear(target, notice("unavailable", h("strong", {}, "Reciprocity events: not available yet. "), "This server does not offer /v1/reciprocity-events yet."));
    return;
  }
  const inbox = h("div");
  clear(target, proposeForm(me), h("h3", {}, "Waiting for your confirmation"), inbox);
  await loadInbox(inbox, me);
}

function proposeForm(me: string): HTMLElement {
  const partner = h("input", { type: "text", required: true, pattern: "0x[0-9a-fA-F]{40}", placeholder: "0x…", autocomplete: "off" });
  const kind = h("select", {}, ...kinds.map((k) => h("option", { value: k }, k)));
  const rating = h("select", {}, ...[5, 4, 3, 2, 1].map((n) => h("option", { value: n }, `${n}`)));
  const reference = h("input", { type: "text", maxlength: 120, placeholder: "invoice or order number" });
  const status = h("div", { role: "status", "aria-live": "polite", "data-testid": "reciprocity-status" });
  const form = h("form", { class: "form" }, field("Partner's address", partner), field("What happened", kind), field("Rating", rating), field("Reference", reference, "Shown to both parties."),
    h("button", { type: "submit", class: "btn" }, "Propose and sign"), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!isAddress(partner.value)) return void clear(status, notice("error", "The partner's address must be 0x followed by 40 hex digits."));
    try {
      clear(status, notice("info", "Waiting for your wallet's signature…"));
      const data = encode(kind.value, Number(rating.value), reference.value);
      const submitted = await signAndSubmit("/v1/attestations/typed-data", { schema: "reciprocity", attester: me, subject: partner.value.trim(), data }, "/v1/reciprocity-events");
      const final = await follow(submitted.uid, (a) => a.status !== "pending", () => clear(status, notice("info", "Proposed; waiting for the chain…")));
      clear(status, notice(final.status === "confirmed" ? "info" : "error", `Proposal ${final.status}. Your partner confirms it from this page.`));
    } catch (error) {
      clear(status, failure(error, "Proposing"));
    }
  });
  return form;
}

async function loadInbox(target: HTMLElement, me: string): Promise<void> {
  try {
    const about = (await get<Page<Attestation>>("/v1/attestations", { subject: me.toLowerCase(), schema: "reciprocity", limit: 50 })).items;
    const mine = (await get<Page<Attestation>>("/v1/attestations", { attester: me.toLowerCase(), schema: "reciprocity", limit: 50 })).items;
    const answered = new Set(mine.map((a) => a.refUid).filter(Boolean));
    const open = about.filter((a) => a.status === "confirmed" && !a.refUid && !answered.has(a.uid));
    if (!open.length) return void clear(target, notice("empty", "No proposal is waiting for you."));
    clear(target, h("ul", { class: "results" }, ...open.map((a) => h("li", {}, addressLink(a.attester), ` proposed “${a.fields?.kind ?? ""}” (${a.fields?.reference ?? ""}) `, confirmButton(a, me)))));
  } catch (error) {
    clear(target, failure(error, "Proposals"));
  }
}

function confirmButton(proposal: Attestation, me: string): HTMLElement {
  const button = h("button", { type: "button", class: "btn btn-quiet" }, "Confirm and sign");
  const status = h("span", { role: "status" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const data = encode(String(proposal.fields?.kind ?? "trade"), Number(proposal.fields?.rating ?? 5), String(proposal.fields?.reference ?? ""));
      await signAndSubmit("/v1/attestations/typed-data", { schema: "reciprocity", attester: me, subject: proposal.attester, data, refUid: proposal.uid },
        `/v1/reciprocity-events/${proposal.uid}/confirm`);
      clear(status, "Confirmed; anchoring on chain.");
    } catch (error) {
      clear(status, failure(error, "Confirming"));
      button.disabled = false;
    }
  });
  return h("span", {}, button, status);
}
