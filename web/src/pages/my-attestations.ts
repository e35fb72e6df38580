// The signed-in wallet's own endorsements, newest first, each revocable by a signature.
import { get } from "../api";
import type { Attestation, Page } from "../models";
import { follow, signAndSubmit } from "../relay";
import { addressLink, clear, failure, formatTime, h, notice, labelCells } from "../ui";

export async function myAttestations(target: HTMLElement, address: string | null): Promise<void> {
  if (!address) {
    clear(target, notice("empty", "Connect your wallet to see the endorsements you gave."));
    return;
  }
  let items: Attestation[];
  try {
    items = (await get<Page<Attestation>>("/v1/attestations", { attester: address.toLowerCase(), schema: "endorsement", limit: 50 })).items;
  } catch (error) {
    clear(target, failure(error, "Your endorsements"));
    return;
  }
  if (!items.length) {
    clear(target, notice("empty", "You have not endorsed anyone yet."));
    return;
  }
  clear(
    target,
    labelCells(h(
      "table",
      { class: "table", "data-testid": "my-endorsements" },
      h("thead", {}, h("tr", {}, ...["Partner", "Rating", "Category", "Comment", "When", "Status", ""].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ...items.map((a) => row(a, address, () => void myAttestations(target, address)))),
    )),
  );
}

function row(a: Attestation, me: string, changed: () => void): HTMLElement {
  const status = h("td", {}, h("span", { class: `pill pill-${a.status}` }, a.status));
  const action = h("td", {});
  if (a.status === "confirmed" && !a.revocation) {
    const button = h("button", { type: "button", class: "btn btn-quiet", "aria-label": `Revoke endorsement of ${a.subject}` }, "Revoke");
    button.addEventListener("click", async () => {
      if (!confirm("Revoke this endorsement? The revocation is recorded on chain.")) return;
      button.disabled = true;
      try {
        clear(action, "Sign in your wallet…");
        await signAndSubmit(`/v1/attestations/${a.uid}/revocation/typed-data`, { revoker: me }, `/v1/attestations/${a.uid}/revoke`);
        clear(action, "Revoking…");
        const final = await follow(a.uid, (x) => x.status === "revoked", () => undefined);
        if (final.status !== "revoked") throw new Error(final.revocation?.error?.detail ?? "the revocation failed");
        changed();
      } catch (error) {
        clear(action, failure(error, "Revoking"));
      }
    });
    action.append(button);
  } else if (a.revocation && a.status !== "revoked") {
    action.append(`revocation ${a.revocation.status}`);
  }
  return h(
    "tr",
    { "data-uid": a.uid },
    h("td", {}, addressLink(a.subject)),
    h("td", {}, a.fields?.rating != null ? `${a.fields.rating}/5` : "—"),
    h("td", {}, String(a.fields?.category ?? "")),
    h("td", { class: "comment" }, String(a.fields?.comment ?? "")),
    h("td", {}, formatTime(a.time)),
    status,
    action,
  );
}
