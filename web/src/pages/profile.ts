// The signed-in party's own off-chain profile (name, sector, region, website): what buyers see
// beside the score. Saving needs Sign-In with Ethereum (the API checks the bearer token's address).
import { ApiError, get, put } from "../api";
import type { Party } from "../models";
import { clear, failure, field, h, notice } from "../ui";
import { ensureSignedIn, walletState } from "../wallet";

export async function profileForm(target: HTMLElement, me: string | null): Promise<void> {
  if (!me) {
    clear(target, notice("empty", "Connect your wallet to edit your business profile."));
    return;
  }
  let current: Party | null = null;
  try {
    current = await get<Party>(`/v1/parties/${me.toLowerCase()}`);
  } catch (error) {
    if (!(error instanceof ApiError && error.isNotFound)) return void clear(target, failure(error, "Your profile"));
  }
  const name = h("input", { type: "text", name: "name", maxlength: 120, required: true, value: current?.name ?? "", autocomplete: "organization" });
  const sector = h("input", { type: "text", name: "sector", maxlength: 80, value: current?.sector ?? "" });
  const region = h("input", { type: "text", name: "region", maxlength: 80, value: current?.region ?? "" });
  const website = h("input", { type: "url", name: "website", maxlength: 200, value: current?.website ?? "", placeholder: "https://…" });
  const status = h("div", { role: "status", "aria-live": "polite", "data-testid": "profile-status" });
  const form = h("form", { class: "form" }, field("Business name", name), field("Sector", sector, "e.g. logistics, textiles"), field("Region", region),
    field("Website", website), h("button", { type: "submit", class: "btn" }, "Save profile"), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if (!walletState().signedIn) clear(status, notice("info", "Sign in with your wallet first…"));
      await ensureSignedIn();
      const saved = await put<Party>(`/v1/parties/${me.toLowerCase()}`, { name: name.value, sector: sector.value, region: region.value, website: website.value });
      status.dataset.state = "saved";
      clear(status, notice("info", `Saved as “${saved.name}”.`));
    } catch (error) {
      clear(status, failure(error, "Saving"));
    }
  });
  clear(target, form);
}
