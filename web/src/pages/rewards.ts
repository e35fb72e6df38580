// A member's reward tokens: balance and reward history per community programme.
import { get } from "../api";
import type { Page as RoutePage } from "../main";
import type { RewardProgramBalance } from "../models";
import { go } from "../nav";
import { clear, failure, field, h, isAddress, notice, section, labelCells } from "../ui";
import { walletState } from "../wallet";

export const rewardsPage: RoutePage = async (main, [raw]) => {
  const address = (raw ?? walletState().address ?? "").toLowerCase();
  const input = h("input", { type: "text", value: address, placeholder: "0x…", autocomplete: "off", pattern: "0x[0-9a-fA-F]{40}" });
  const form = h("form", { class: "search" }, field("Member address", input), h("button", { type: "submit", class: "btn" }, "Show rewards"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (isAddress(input.value)) go(`/rewards/${input.value.trim().toLowerCase()}`);
  });
  const list = h("div", { "aria-live": "polite" });
  main.append(h("h1", { tabindex: -1 }, "Rewards"), form, list);
  if (!address) return void clear(list, notice("empty", "Enter a member's address, or connect your wallet, to see its rewards."));
  clear(list, notice("info", "Loading…"));
  try {
    const programs = await get<RewardProgramBalance[]>(`/v1/rewards/members/${address}`);
    if (!programs.length) return void clear(list, notice("empty", "This member has no rewards in any programme yet."));
    clear(list, ...programs.map((p) => section(`${p.name} (${p.symbol})`, `prog-${p.programId}`,
      h("p", {}, "Balance: ", h("strong", {}, `${p.balance} ${p.symbol}`), " · token ", h("code", {}, p.token)),
      p.rewards.length
        ? labelCells(h("table", { class: "table" },
            h("thead", {}, h("tr", {}, ...["Epoch", "Amount", "Status", "Rule", "For event"].map((t) => h("th", { scope: "col" }, t)))),
            h("tbody", {}, ...p.rewards.map((r) => h("tr", {}, h("td", {}, String(r.epoch)), h("td", {}, `${r.amount}`), h("td", {}, r.status), h("td", {}, String(r.ruleVersion)), h("td", {}, h("code", {}, `${r.eventUid.slice(0, 10)}…`)))))))
        : notice("empty", "No reward history."))));
  } catch (error) {
    clear(list, failure(error, "Rewards"));
  }
};
