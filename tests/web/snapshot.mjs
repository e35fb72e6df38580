// A real reputation snapshot on the test chain: ReputationSnapshots deployed from its Hardhat
// artifact, a StandardMerkleTree (OpenZeppelin's library) over leaves, epoch 1 published. Used by
// the badge test while the host has no snapshot endpoints of its own.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ContractFactory, JsonRpcProvider, NonceManager, keccak256, toUtf8Bytes } from "ethers";
import { root } from "./harness.mjs";
import { devWallet } from "./seed.mjs";

const artifact = JSON.parse(readFileSync(join(root, "artifacts/contracts/ReputationSnapshots/ReputationSnapshots.sol/ReputationSnapshots.json"), "utf8"));

export const snapshotsArtifactAbi = artifact.abi;

/** leaves: [[party, score (0..10000), rank, evidenceCount], ...]; returns the contract, tree and epoch (destroy `provider` when done). */
export async function publishSnapshot(rpcUrl, leaves) {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, polling: true, pollingInterval: 100 });
  const admin = new NonceManager(devWallet(18).connect(provider));
  const adminAddress = await admin.getAddress();
  // The contract takes its first publishers at construction (threshold 1 of them): no admin grant needed.
  const contract = await new ContractFactory(artifact.abi, artifact.bytecode, admin).deploy(adminAddress, 1, [adminAddress]);
  await contract.waitForDeployment();
  const tree = StandardMerkleTree.of(leaves, ["address", "uint256", "uint256", "uint256"]);
  const block = await provider.getBlockNumber();
  const snapshot = { merkleRoot: tree.root, parametersHash: keccak256(toUtf8Bytes("browser-test-parameters")), computedAtBlock: block - 1, scoringVersion: 1, partyCount: leaves.length };
  await (await contract.publish(1, snapshot)).wait();
  const chainId = Number((await provider.getNetwork()).chainId);
  return { provider, contract, address: await contract.getAddress(), tree, epoch: 1, chainId };
}

/** The `snapshot` member of a reputation document, as /v1/reputation/{address} returns it. */
export function snapshotFor(published, party) {
  for (const [i, leaf] of published.tree.entries()) {
    if (leaf[0].toLowerCase() !== party.toLowerCase()) continue;
    return {
      epoch: published.epoch,
      root: published.tree.root,
      contract: published.address,
      chainId: published.chainId,
      leaf: { party: leaf[0], score: Number(leaf[1]), rank: Number(leaf[2]), evidenceCount: Number(leaf[3]) },
      proof: published.tree.getProof(i),
    };
  }
  throw new Error(`${party} is not in the snapshot`);
}
