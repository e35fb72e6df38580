// Generates attestations on the node at TRUSTLEDGER_RPC_URL for the indexer benchmark: deploys a fresh
// AttestationRegistry, registers the reference schema, then sends large `multiAttest` batches from several
// funded dev accounts (different senders, so the node may put several batches in one block).
// Env: EVENTS (default 100000), BATCH (attestations per transaction, default 400).
// Prints ONE JSON line on stdout: {"registry","deploymentBlock","events","headBlock","seconds"}.
// Run: npx hardhat run --no-compile --network localhost scripts/bench/indexer-events.js
import { network } from "hardhat";
import { SCORE_SCHEMA, ZERO_ADDRESS, ZERO_HASH, encodeScore } from "../../tests/contracts/helpers/attestations.js";

const EVENTS = Number(process.env.EVENTS ?? 100_000);
const BATCH = Number(process.env.BATCH ?? 400);
const started = Date.now();
const { ethers } = await network.create();
const [deployer, ...senders] = await ethers.getSigners();
const registry = await ethers.deployContract("AttestationRegistry", [], deployer);
const deployReceipt = await registry.deploymentTransaction().wait();
await (await registry.registerSchema(SCORE_SCHEMA, ZERO_ADDRESS, true)).wait();
const schema = (await registry.queryFilter(registry.filters.SchemaRegistered()))[0].args.uid;

// Subjects are distinct accounts, so the edge list has a realistic spread; payloads are the reference size.
const subjects = Array.from({ length: 1000 }, (_, i) => ethers.getAddress(ethers.toBeHex(0x1000 + i, 20)));
const data = subjects.map((s, i) => encodeScore(s, i % 6, "delivered 40 pallets on schedule"));
const attesters = senders.slice(0, 8);
const nextNonce = new Map(attesters.map((a) => [a.address, 1n]));

let sent = 0;
let round = 0;
while (sent < EVENTS) {
  // One transaction per attester per round, sent without waiting, so a block can hold several.
  const pending = [];
  for (const attester of attesters) {
    const size = Math.min(BATCH, EVENTS - sent);
    if (size <= 0) break;
    const requests = [];
    for (let i = 0; i < size; i++) {
      const k = (sent + i) % subjects.length;
      const nonce = nextNonce.get(attester.address);
      nextNonce.set(attester.address, nonce + 1n);
      requests.push({ schema, subject: subjects[k], expiration: 0, refUID: ZERO_HASH, nonce, data: data[k] });
    }
    sent += size;
    pending.push(registry.connect(attester).multiAttest(requests, { gasLimit: 16_000_000 }));
  }
  for (const receipt of await Promise.all((await Promise.all(pending)).map((tx) => tx.wait()))) {
    if (receipt.status !== 1) throw new Error(`multiAttest failed in ${receipt.hash}`);
  }
  if (++round % 25 === 0) console.error(`[indexer-events] ${sent}/${EVENTS} attestations`);
}

const head = await ethers.provider.getBlockNumber();
console.log(JSON.stringify({
  registry: (await registry.getAddress()).toLowerCase(),
  deploymentBlock: deployReceipt.blockNumber,
  events: sent,
  headBlock: head,
  seconds: (Date.now() - started) / 1000,
}));
