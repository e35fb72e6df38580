// "Send to wallet": an OpenID4VCI credential offer for one of the signed-in party's credentials,
// shown as a QR code (for a phone wallet), a link (for a wallet on this device) and the transaction
// code the wallet asks for. The QR code is drawn here by qrcode-generator, bundled: no CDN.
import qrcode from "qrcode-generator";
import { post } from "../api";
import { clear, failure, h } from "../ui";
import { ensureSignedIn } from "../wallet";

interface CreatedOffer {
  id: string;
  configurations: string[];
  offerLink: string;
  txCode: string | null;
  expiresAt: string;
}

/** A button that offers the credential `credentialId()` names to the party's wallet. */
export function walletOfferButton(credentialId: () => Promise<string | null>): HTMLElement {
  const button = h("button", { type: "button", class: "btn btn-quiet" }, "Send to wallet");
  const panel = h("div", { class: "wallet-offer", role: "status", "data-testid": "wallet-offer" });
  button.addEventListener("click", async () => {
    try {
      const id = await credentialId();
      if (!id) return void clear(panel, "Not issued yet; try again in a moment.");
      await ensureSignedIn();
      const offer = await post<CreatedOffer>("/v1/credential-offers", { credentialId: id });
      clear(panel, offerView(offer));
    } catch (error) {
      clear(panel, failure(error, "The wallet offer"));
    }
  });
  return h("span", { class: "inline" }, button, panel);
}

function offerView(offer: CreatedOffer): HTMLElement {
  const qr = qrcode(0, "M");
  qr.addData(offer.offerLink);
  qr.make();
  const formats = offer.configurations.map((c) => (c.endsWith("_sd_jwt") ? "SD-JWT VC (selective disclosure)" : "JWT VC")).join(" and ");
  return h("figure", { class: "offer" },
    h("img", { src: qr.createDataURL(4, 4), alt: "QR code of the credential offer: scan it with your wallet", "data-testid": "offer-qr" }),
    h("figcaption", {},
      h("p", {}, `Scan with an OpenID4VCI wallet, or `, h("a", { href: offer.offerLink, "data-testid": "offer-link" }, "open it in a wallet on this device"), `. It delivers ${formats}.`),
      offer.txCode ? h("p", {}, "When the wallet asks, enter ", h("strong", { "data-testid": "offer-tx-code" }, offer.txCode), ".") : null,
      h("p", { class: "muted" }, `Works once, until ${new Date(offer.expiresAt).toLocaleTimeString()}.`)));
}
