// Gas figures for scripts/bench/snapshot.sh on Hardhat's simulated chain (EDR):
// publishing one epoch's root (from the receipt) and the on-chain verification of the longest
// proof of the C#-built tree (estimateGas of the verifyScore call). Run by snapshot.sh with
// SNAPSHOT_PROOF_FILE = the JSON the C# benchmark wrote. Prints one JSON object last.
import { readFileSync } from "node:fs";
import { network } from "hardhat";

const input = JSON.parse(readFileSync(process.env.SNAPSHOT_PROOF_FILE, "utf8"));
const { ethers } = await network.create();
const [admin, p1, p2] = await ethers.getSigners();
const log = (m) => console.error(`[snapshot-gas] ${m}`);

async function deploy(threshold) {
  const contract = await ethers.deployContract("ReputationSnapshots", [admin.address, threshold]);
  const role = await contract.PUBLISHER_ROLE();
  for (const p of [p1, p2]) await contract.grantRole(role, p.address);
  return contract;
}

async function snapshotFor(root, parametersLabel) {
  return {
    merkleRoot: root,
    parametersHash: ethers.id(parametersLabel),
    computedAtBlock: (await ethers.provider.getBlockNumber()) - 1,
    scoringVersion: 1,
    partyCount: input.partyCount,
  };
}

const gasOf = async (tx) => (await (await tx).wait()).gasUsed;

// One publisher (threshold 1): a fresh contract's first epoch, then a second (steady state).
const single = await deploy(1);
const publishGas = await gasOf(single.connect(p1).publish(1, await snapshotFor(input.root, "params-1")));
const secondEpochGas = await gasOf(single.connect(p1).publish(2, await snapshotFor(ethers.id("next root"), "params-2")));

const { party, score, rank, evidenceCount } = input.leaf;
const ok = await single.verifyScore(1, party, score, rank, evidenceCount, input.proof);
if (!ok) throw new Error("the C#-built proof did not verify on chain");
const verifyGas = await single.verifyScore.estimateGas(1, party, score, rank, evidenceCount, input.proof);
const tampered = await single.verifyScore(1, party, BigInt(score) + 1n, rank, evidenceCount, input.proof);
if (tampered) throw new Error("a tampered score verified");

// Two of three: first approval and the finalizing one.
const multi = await deploy(2);
const snap = await snapshotFor(input.root, "params-1");
const firstApprovalGas = await gasOf(multi.connect(p1).publish(1, snap));
const finalizingApprovalGas = await gasOf(multi.connect(p2).publish(1, snap));

log(`parties ${input.partyCount}, proof length ${input.proof.length}, verified on chain: ${ok}`);
log(`publish (threshold 1): epoch 1 ${publishGas}, epoch 2 ${secondEpochGas}`);
log(`publish (2-of-3): first approval ${firstApprovalGas}, finalizing approval ${finalizingApprovalGas}`);
log(`verifyScore estimateGas (incl. 21000 base + calldata): ${verifyGas}`);
console.log(JSON.stringify({ publish_gas: Number(publishGas), verify_gas: Number(verifyGas) }));
