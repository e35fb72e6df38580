// Endorse a partner from a browser wallet: fill rating, category and comment, sign the EIP-712
// typed data, follow it to "confirmed" with its transaction. Own endorsements and reciprocity below.
import { ApiError } from "../api";
import type { PageRenderer } from "../page";
import type { Attestation } from "../models";
import { onLeave } from "../nav";
import { follow, signAndSubmit } from "../relay";
import { clear, failure, field, h, isAddress, notice, section } from "../ui";
import { connect, hasWallet, onWalletChange, serverChainId, switchChain, walletState } from "../wallet";
import { myAttestations } from "./my-attestations";
import { profileForm } from "./profile";
import { reciprocity } from "./reciprocity";

export const endorsePage: PageRenderer = async (main, _params, query) => {
  const walletBox = h("div");
  const form = endorseForm(query.get("subject") ?? "");
  const mine = h("div");
  const recip = h("div");
  const profile = h("div");
  main.append(
    h("h1", { tabindex: -1 }, "Endorse a partner"),
    h("p", { class: "lead" }, "Your wallet signs; TrustLedger relays the endorsement to the chain and pays the gas."),
    section("Your wallet", "wallet-title", walletBox),
    section("New endorsement", "form-title", form),
    section("Your endorsements", "mine-title", mine),
    section("Reciprocity events", "recip-title", recip),
    section("Your business profile", "profile-title", profile),
  );
  // Re-render for another account or chain; signing in changes neither.
  let shown = "";
  const refresh = async () => {
    shown = `${walletState().address}@${walletState().chainId}`;
    await walletPanel(walletBox);
    const address = walletState().address;
    await Promise.all([myAttestations(mine, address), reciprocity(recip, address), profileForm(profile, address)]);
  };
  const off = onWalletChange((s) => {
    if (`${s.address}@${s.chainId}` !== shown) void refresh();
  });
  onLeave(() => void off());
  form.addEventListener("endorsed", () => void myAttestations(mine, walletState().address));
  await refresh();
};

async function walletPanel(target: HTMLElement): Promise<void> {
  if (!hasWallet()) {
    clear(target, notice("empty", "No browser wallet found. Install an Ethereum wallet to endorse; everything else works without one."));
    return;
  }
  const s = walletState();
  if (!s.address) {
    const button = h("button", { type: "button", class: "btn" }, "Connect wallet");
    const err = h("p", { role: "alert" });
    button.addEventListener("click", () => connect().catch((e: Error) => clear(err, e.message)));
    clear(target, h("p", {}, "Connect the wallet of the business you act for."), button, err);
    return;
  }
  const chainId = await serverChainId().catch(() => null);
  const wrongChain = chainId !== null && s.chainId !== chainId;
  const switchButton = h("button", { type: "button", class: "btn btn-quiet" }, `Switch to chain ${chainId}`);
  switchButton.addEventListener("click", () => chainId !== null && void switchChain(chainId).catch((e: Error) => alert(e.message)));
  clear(
    target,
    h("p", {}, "Acting as ", h("code", { "data-testid": "acting-as" }, s.address), ` on chain ${s.chainId}.`),
    wrongChain ? notice("error", `Your wallet is on chain ${s.chainId}; TrustLedger records on chain ${chainId}. `, switchButton) : null,
  );
}

function endorseForm(subject: string): HTMLFormElement {
  const subjectInput = h("input", { type: "text", name: "subject", value: subject, required: true, pattern: "0x[0-9a-fA-F]{40}", autocomplete: "off", placeholder: "0x…" });
  const rating = h("select", { name: "rating", required: true },
    ...[5, 4, 3, 2, 1].map((n) => h("option", { value: n }, `${n} – ${["", "poor", "fair", "good", "very good", "excellent"][n]}`)));
  const category = h("input", { type: "text", name: "category", maxlength: 32, placeholder: "e.g. delivery, quality, payment" });
  const comment = h("textarea", { name: "comment", maxlength: 280, rows: 3 });
  const submit = h("button", { type: "submit", class: "btn" }, "Sign and send");
  const status = h("div", { "data-testid": "endorse-status", role: "status", "aria-live": "polite" });
  const form = h("form", { class: "form", novalidate: true },
    field("Partner's address", subjectInput, "The business you vouch for."),
    field("Rating", rating),
    field("Category", category, "Up to 32 characters."),
    field("Comment", comment, "Public and permanent, up to 280 characters."),
    submit, status);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const attester = walletState().address;
    if (!attester) return void clear(status, notice("error", "Connect your wallet first."));
    const partner = subjectInput.value.trim();
    if (!isAddress(partner)) {
      subjectInput.setAttribute("aria-invalid", "true");
      subjectInput.focus();
      return void clear(status, notice("error", "The partner's address must be 0x followed by 40 hex digits."));
    }
    if (partner.toLowerCase() === attester.toLowerCase()) return void clear(status, notice("error", "You cannot endorse yourself."));
    subjectInput.removeAttribute("aria-invalid");
    submit.disabled = true;
    try {
      clear(status, notice("info", "Confirm in your wallet: sign in (once), then sign the endorsement…"));
      const submitted = await signAndSubmit(
        "/v1/attestations/typed-data",
        { attester, subject: partner, rating: rating.value, category: category.value, comment: comment.value },
        "/v1/attestations",
      );
      status.dataset.uid = submitted.uid;
      const final = await follow(submitted.uid, (a) => a.status === "confirmed" || a.status === "revoked", (a) => showProgress(status, a));
      showProgress(status, final);
      if (final.status === "confirmed") form.dispatchEvent(new Event("endorsed"));
    } catch (error) {
      clear(status, error instanceof ApiError || error instanceof Error ? failure(error, "Endorsing") : notice("error", String(error)));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function showProgress(status: HTMLElement, a: Attestation): void {
  status.dataset.state = a.status;
  if (a.status === "confirmed") {
    clear(status, notice("info", h("strong", {}, "Confirmed. "), `Recorded in block ${a.block}, transaction `, h("code", { class: "wrap", "data-testid": "endorse-tx" }, a.txHash ?? "—"), "."));
  } else if (a.status === "failed") {
    clear(status, notice("error", h("strong", {}, "Failed. "), a.error ? `${a.error.code}: ${a.error.detail ?? ""}` : "The relayer could not record it."));
  } else {
    clear(status, notice("info", h("strong", {}, "Pending. "), a.txHash ? `Sent in transaction ${a.txHash}, waiting for the chain…` : "Queued for the relayer…"));
  }
}
