// "Verified against chain": the browser itself recomputes the party's snapshot leaf from the
// values it displays, folds the Merkle proof up to a root, and reads the root the snapshot
// contract holds for that epoch over JSON-RPC. Nothing here trusts the API's word.
// Leaf and tree follow OpenZeppelin's StandardMerkleTree (see docs/snapshots.md).
import { AbiCoder, Interface, concat, getAddress, keccak256 } from "ethers";

export interface LeafValues {
  party: string;
  score: bigint; // fixed point, 2 decimals: 0..10000
  rank: bigint;
  evidenceCount: bigint;
}

/** keccak256(bytes.concat(keccak256(abi.encode(party, score, rank, evidenceCount)))) */
export function leafHash(leaf: LeafValues): string {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["address", "uint256", "uint256", "uint256"],
    [getAddress(leaf.party), leaf.score, leaf.rank, leaf.evidenceCount],
  );
  return keccak256(keccak256(encoded));
}

/** Sorted-pair hashing, as OpenZeppelin's MerkleProof.processProof. */
export function processProof(leaf: string, proof: readonly string[]): string {
  let node = leaf.toLowerCase();
  for (const sibling of proof) {
    const s = sibling.toLowerCase();
    node = keccak256(concat(BigInt(node) <= BigInt(s) ? [node, s] : [s, node]));
  }
  return node.toLowerCase();
}

/** The contract's view, only the function the badge reads (checked against the artifact by a test). */
export const snapshotsAbi = new Interface([
  "function snapshotAt(uint64 epoch) view returns (tuple(bytes32 merkleRoot, bytes32 parametersHash, uint64 computedAtBlock, uint32 scoringVersion, uint32 partyCount))",
]);

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result as T;
}

export interface OnChainSnapshot {
  chainId: number;
  merkleRoot: string;
  computedAtBlock: bigint;
  partyCount: number;
}

/** Reads snapshotAt(epoch) from the contract with eth_call; throws when the epoch is unpublished. */
export async function readOnChainSnapshot(rpcUrl: string, contract: string, epoch: number): Promise<OnChainSnapshot> {
  const chainId = Number(await rpc<string>(rpcUrl, "eth_chainId", []));
  const data = snapshotsAbi.encodeFunctionData("snapshotAt", [epoch]);
  const result = await rpc<string>(rpcUrl, "eth_call", [{ to: getAddress(contract), data }, "latest"]);
  const [snapshot] = snapshotsAbi.decodeFunctionResult("snapshotAt", result);
  return {
    chainId,
    merkleRoot: String(snapshot.merkleRoot).toLowerCase(),
    computedAtBlock: BigInt(snapshot.computedAtBlock),
    partyCount: Number(snapshot.partyCount),
  };
}

export interface ProofInput {
  address: string; // the supplier the page shows
  epoch: number;
  contract: string;
  chainId: number;
  root: string; // the root the API claims
  leaf: LeafValues;
  proof: readonly string[];
}

export type Verdict =
  | { state: "verified"; root: string; chainId: number }
  | { state: "mismatch"; reasons: string[] }
  | { state: "unreachable"; reason: string };

/** Green only when the proof folds to the API's root and the chain holds that same root. */
export async function verifyAgainstChain(input: ProofInput, rpcUrl: string): Promise<Verdict> {
  const reasons: string[] = [];
  if (input.leaf.party.toLowerCase() !== input.address.toLowerCase()) reasons.push("the proof is for another party");
  const computed = processProof(leafHash(input.leaf), input.proof);
  if (computed !== input.root.toLowerCase()) reasons.push("the proof does not lead to the snapshot root (tampered score or proof)");
  let chain: OnChainSnapshot;
  try {
    chain = await readOnChainSnapshot(rpcUrl, input.contract, input.epoch);
  } catch (error) {
    return { state: "unreachable", reason: plainChainError(error, input.epoch, input.contract, rpcUrl) };
  }
  if (chain.chainId !== input.chainId) {
    return { state: "unreachable", reason: `${rpcUrl} is chain ${chain.chainId}, the snapshot is on chain ${input.chainId}` };
  }
  if (chain.merkleRoot !== computed) reasons.push(`the chain's root for epoch ${input.epoch} differs from the one the proof leads to`);
  return reasons.length ? { state: "mismatch", reasons } : { state: "verified", root: chain.merkleRoot, chainId: chain.chainId };
}

/**
 * A sentence a person can act on for a failed read of the chain, never a raw node error ("VM Exception ...
 * EpochNotPublished(2)"): the node's message is kept out of the page; the reason it stands for is said instead.
 */
export function plainChainError(error: unknown, epoch: number, contract: string, rpcUrl: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/EpochNotPublished|revert|VM Exception/i.test(message))
    return `The chain at ${rpcUrl} does not hold snapshot epoch ${epoch}: it may have been reset or replaced since the snapshot was published, so this score cannot be checked against it.`;
  if (/decode|BAD_DATA|0x$/i.test(message))
    return `There is no snapshot contract at ${contract} on the chain at ${rpcUrl}: the chain may have been reset or replaced.`;
  return `The chain at ${rpcUrl} could not be reached, so the score was not checked against it. Check the JSON-RPC URL and try again.`;
}

const rpcKey = "trustledger.rpcUrl";

/** The JSON-RPC URL the badge reads the chain through: the user's choice, else the local dev node. */
export function rpcUrlFor(chainId: number): string | null {
  const chosen = localStorage.getItem(rpcKey);
  if (chosen) return chosen;
  return chainId === 31337 ? "http://127.0.0.1:8545" : null;
}

export function setRpcUrl(url: string): void {
  if (url) localStorage.setItem(rpcKey, url);
  else localStorage.removeItem(rpcKey);
}
