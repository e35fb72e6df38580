// A member's community reward tokens: per programme, the balance (read from the token), what was
// minted, what is pending, any debt from a clawback, and the reward history with the events behind it.
import { get } from "../api";
import type { PageRenderer } from "../page";
import type { Page, RewardEntry, RewardMember, RewardProgram } from "../models";
import { go } from "../nav";
import { addressLink, clear, failure, field, formatTime, h, isAddress, labelCells, notice, section } from "../ui";
import { walletState } from "../wallet";

export const rewardsPage: PageRenderer = async (main, [raw]) => {
  const address = (raw ?? walletState().address ?? "").toLowerCase();
  const input = h("input", { type: "text", value: address, placeholder: "0x…", autocomplete: "off", pattern: "0x[0-9a-fA-F]{40}" });
  const form = h("form", { class: "search" }, field("Member address", input), h("button", { type: "submit", class: "btn" }, "Show rewards"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (isAddress(input.value)) go(`/rewards/${input.value.trim().toLowerCase()}`);
  });
  const list = h("div", { "aria-live": "polite" });
  main.append(h("h1", { tabindex: -1 }, "Rewards"), h("p", { class: "lead" }, "Community programmes reward confirmed trades and endorsements with tokens."), form, list);
  if (!address) return void clear(list, notice("empty", "Enter a member's address, or connect your wallet, to see its rewards."));
  clear(list, notice("info", "Loading…"));
  try {
    const programs = await get<RewardProgram[]>("/v1/reward-programs");
    if (!programs.length) return void clear(list, notice("empty", "No reward programme exists yet."));
    const cards = await Promise.all(programs.map((p) => programCard(p, address)));
    clear(list, ...cards);
  } catch (error) {
    clear(list, failure(error, "Rewards"));
  }
};

async function programCard(program: RewardProgram, address: string): Promise<HTMLElement> {
  const title = `${program.name} (${program.symbol})`;
  const [member, history] = await Promise.all([
    get<RewardMember>(`/v1/reward-programs/${program.id}/members/${address}`),
    get<Page<RewardEntry>>(`/v1/reward-programs/${program.id}/members/${address}/rewards`, { limit: 50 }),
  ]);
  return section(title, `prog-${program.id}`,
    h("dl", { class: "facts" },
      h("dt", {}, "Balance"), h("dd", { "data-testid": "reward-balance" }, `${member.balance} ${member.symbol}`),
      h("dt", {}, "Minted"), h("dd", {}, `${member.minted} ${member.symbol}`),
      h("dt", {}, "Pending"), h("dd", {}, `${member.pending} ${member.symbol}`),
      member.debt !== "0" ? h("dt", {}, "Debt (clawed back)") : null, member.debt !== "0" ? h("dd", {}, `${member.debt} ${member.symbol}`) : null,
      h("dt", {}, "Token"), h("dd", {}, program.token ? h("code", {}, program.token) : "not deployed yet", program.transferable ? "" : " (not transferable)")),
    history.items.length ? rewardTable(history.items, member.symbol) : notice("empty", "No reward in this programme yet."));
}

function rewardTable(items: RewardEntry[], symbol: string): HTMLElement {
  return labelCells(h("table", { class: "table", "data-testid": "reward-history" },
    h("thead", {}, h("tr", {}, ...["When", "For", "With", "Amount", "Status", "Epoch", "Rules"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...items.map((r) => h("tr", {},
      h("td", {}, formatTime(r.eventTime)),
      h("td", {}, `${r.schema} (${r.role})`),
      h("td", {}, addressLink(r.counterparty)),
      h("td", {}, `${r.amount} ${symbol}`),
      h("td", {}, h("span", { class: `pill pill-${r.status === "minted" ? "confirmed" : r.status === "pending" || r.status === "minting" ? "pending" : "failed"}` }, r.eventGone ? `${r.status} (event gone)` : r.status),
        r.reason ? h("small", { class: "muted" }, ` ${r.reason}`) : null),
      h("td", {}, String(r.epoch)),
      h("td", {}, `v${r.rulesVersion}`))))));
}
