// The "verified against chain" badge on a supplier page (see proof.ts for what is checked).
import { ApiError, get, NotAvailable } from "../api";
import type { PublishedSnapshot, Reputation, ScoreSnapshot } from "../models";
import { plainChainError, rpcUrlFor, setRpcUrl, verifyAgainstChain, type Verdict } from "../proof";
import { clear, field, h } from "../ui";

export function badge(reputation: Reputation): HTMLElement {
  const box = h("div", { class: "badge-box" });
  const snapshot = reputation.snapshot;
  if (!snapshot) {
    clear(box, h("p", { class: "badge badge-none", "data-testid": "badge", "data-state": "none" }, "Not anchored yet"),
      h("p", { class: "muted" }, "This score is not in a published snapshot yet: it is computed live and cannot be checked against the chain until the next epoch is published."));
    return box;
  }
  const leaf = snapshot.leaf;
  const anchoredScore = Number(leaf.score) / 100;
  const rpcInput = h("input", { type: "url", value: rpcUrlFor(snapshot.chainId) ?? "", placeholder: "https://… JSON-RPC of chain " + snapshot.chainId });
  const status = h("p", { class: "badge badge-pending", "data-testid": "badge", "data-state": "pending", role: "status" }, "Checking against the chain…");
  const reasons = h("ul", { class: "reasons" });
  const recheck = h("button", { type: "button", class: "btn btn-quiet" }, "Check again");
  const details = h(
    "dl",
    { class: "facts" },
    h("dt", {}, "Anchored score"), h("dd", { "data-testid": "anchored-score" }, anchoredScore.toFixed(2)),
    h("dt", {}, "Rank"), h("dd", {}, String(leaf.rank)),
    h("dt", {}, "Evidence count"), h("dd", {}, String(leaf.evidenceCount)),
    h("dt", {}, "Epoch"), h("dd", {}, String(snapshot.epoch)),
    h("dt", {}, "Snapshot contract"), h("dd", {}, h("code", {}, snapshot.contract), ` (chain ${snapshot.chainId})`),
    h("dt", {}, "Merkle root"), h("dd", {}, h("code", { class: "wrap" }, snapshot.root)),
  );
  const live = Math.round(reputation.score * 100);
  const moved = live !== Number(leaf.score)
    ? h("p", { class: "muted" }, `The live score (${reputation.score.toFixed(2)}) has moved since epoch ${snapshot.epoch}; the badge checks the anchored one.`)
    : null;

  async function check(): Promise<void> {
    const rpcUrl = rpcInput.value.trim();
    setRpcUrl(rpcUrl);
    show(status, reasons, { state: "unreachable", reason: "" }, true);
    if (!rpcUrl) {
      show(status, reasons, { state: "unreachable", reason: `Enter a JSON-RPC URL for chain ${snapshot!.chainId} to read the root.` });
      return;
    }
    const verdict = await verifyAgainstChain(
      {
        address: reputation.address, epoch: snapshot!.epoch, contract: snapshot!.contract, chainId: snapshot!.chainId, root: snapshot!.root,
        leaf: { party: leaf.party, score: BigInt(leaf.score), rank: BigInt(leaf.rank), evidenceCount: BigInt(leaf.evidenceCount) },
        proof: snapshot!.proof,
      },
      rpcUrl,
    );
    // The API's own record of the epoch must agree too (on hosts that publish one).
    show(status, reasons, verdict.state === "verified" ? await crossCheck(snapshot!, verdict) : verdict);
  }
  recheck.addEventListener("click", () => void check());
  clear(box, status, reasons, moved, details, h("div", { class: "inline" }, field("Chain JSON-RPC URL", rpcInput, "Read directly by your browser; nothing goes through our API."), recheck));
  void check().catch((e: Error) =>
    show(status, reasons, { state: "unreachable", reason: plainChainError(e, snapshot.epoch, snapshot.contract, rpcInput.value) }));
  return box;
}

/** The API's published record of the epoch: same root, same contract, published; a missing record is a mismatch. */
async function crossCheck(snapshot: ScoreSnapshot, verdict: Verdict & { state: "verified" }): Promise<Verdict> {
  let record: PublishedSnapshot;
  try {
    record = await get<PublishedSnapshot>(`/v1/snapshots/${snapshot.epoch}`);
  } catch (error) {
    if (error instanceof NotAvailable) return verdict;
    if (error instanceof ApiError && error.isNotFound) return { state: "mismatch", reasons: [`the API has no record of epoch ${snapshot.epoch}`] };
    return { state: "unreachable", reason: (error as Error).message };
  }
  const reasons: string[] = [];
  if ((record.merkleRoot ?? record.root ?? "").toLowerCase() !== verdict.root) reasons.push("the API's record of this epoch names another root than the chain");
  if (record.contract && record.contract.toLowerCase() !== snapshot.contract.toLowerCase()) reasons.push("the API's record of this epoch names another contract");
  return reasons.length ? { state: "mismatch", reasons } : verdict;
}

function show(status: HTMLElement, reasons: HTMLElement, verdict: Verdict, pending = false): void {
  if (pending) {
    status.className = "badge badge-pending";
    status.dataset.state = "pending";
    status.textContent = "Checking against the chain…";
    clear(reasons);
    return;
  }
  status.dataset.state = verdict.state;
  if (verdict.state === "verified") {
    status.className = "badge badge-ok";
    status.textContent = "✓ Verified against chain";
    clear(reasons, h("li", {}, `The proof leads to root ${verdict.root.slice(0, 10)}…, which the snapshot contract on chain ${verdict.chainId} holds.`));
  } else if (verdict.state === "mismatch") {
    status.className = "badge badge-bad";
    status.textContent = "✗ Does not match the chain";
    clear(reasons, ...verdict.reasons.map((r) => h("li", {}, r)));
  } else {
    status.className = "badge badge-warn";
    status.textContent = "Not checked";
    clear(reasons, verdict.reason ? h("li", {}, verdict.reason) : null);
  }
}
