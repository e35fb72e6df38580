// Gas report of AttestationRegistry: gasUsed from transaction receipts on Hardhat's simulated network (EDR,
// default hardfork), for the reference payload: schema `address partner,uint8 score,string context`,
// a 32-byte context (160 bytes of ABI-encoded data), no expiration, no reference.
// Prints ONE JSON object on stdout and nothing else; per-item batch figures are ceil(gasUsed / 10).
// Run: npm run gas-report --silent
import { network } from "hardhat";
import {
  SCORE_SCHEMA,
  ZERO_ADDRESS,
  attestationRequest,
  domainOf,
  encodeScore,
  signAttestation,
  signRevocation,
  uidOf,
} from "../tests/contracts/helpers/attestations.js";

const BATCH = 10;
const { ethers } = await network.create();
const [deployer, attester, relayer, partner, ...others] = await ethers.getSigners();
const registry = await ethers.deployContract("AttestationRegistry", [], deployer);
await registry.waitForDeployment();

const gasOf = async (txPromise) => Number((await (await txPromise).wait()).gasUsed);
const context = "delivered 40 pallets on schedule"; // 32 bytes
if (Buffer.byteLength(context) !== 32) throw new Error("reference context must be 32 bytes");
const data = encodeScore(partner.address, 5, context);
// A fixed deadline (2100-01-01) keeps the signed bytes, hence calldata gas, identical from run to run.
const deadline = 4_102_444_800n;
const domain = await domainOf(registry);
let nextNonce = 1n;
const request = () => attestationRequest({ schema, subject: partner.address, nonce: nextNonce++, data });

const report = {};
report.registerSchema = await gasOf(registry.registerSchema(SCORE_SCHEMA, ZERO_ADDRESS, true));
const schema = (await registry.queryFilter(registry.filters.SchemaRegistered()))[0].args.uid;

const firstRequest = request();
report.attest = await gasOf(registry.connect(attester).attest(firstRequest));
report.attestSecond = await gasOf(registry.connect(attester).attest(request()));

// A signer that never touched the registry, submitted by a relayer.
const delegate = others[0];
const delegated = await signAttestation(delegate, domain, request(), deadline);
report.attestByDelegation = await gasOf(registry.connect(relayer).attestByDelegation(delegated));
const delegatedSecond = await signAttestation(delegate, domain, request(), deadline);
report.attestByDelegationSecond = await gasOf(registry.connect(relayer).attestByDelegation(delegatedSecond));

const batch = Array.from({ length: BATCH }, request);
report.batch10PerItem = Math.ceil((await gasOf(registry.connect(attester).multiAttest(batch))) / BATCH);

// Ten signed requests from five attesters (two each), as the relayer batches them.
const signers = others.slice(1, 6);
const signed = [];
for (let i = 0; i < BATCH; i++) signed.push(await signAttestation(signers[i % 5], domain, request(), deadline));
const delegatedBatchGas = await gasOf(registry.connect(relayer).multiAttestByDelegation(signed));
report.batch10DelegatedPerItem = Math.ceil(delegatedBatchGas / BATCH);
const skipped = await registry.queryFilter(registry.filters.BatchItemSkipped());
if (skipped.length !== 0) throw new Error(`delegated batch skipped ${skipped.length} items`);
// The same ten again: every item is skipped (NonceUsed) and logs BatchItemSkipped, what a bad item costs the relayer.
report.batch10DelegatedSkippedPerItem = Math.ceil((await gasOf(registry.connect(relayer).multiAttestByDelegation(signed))) / BATCH);
if ((await registry.queryFilter(registry.filters.BatchItemSkipped())).length !== BATCH) throw new Error("expected every retried item skipped");

report.revoke = await gasOf(registry.connect(attester).revoke(uidOf(attester.address, firstRequest.nonce)));
const revocation = await signRevocation(delegate, domain, {
  uid: uidOf(delegate.address, delegated.request.nonce),
  nonce: nextNonce++,
  deadline,
});
report.revokeByDelegation = await gasOf(registry.connect(relayer).revokeByDelegation(revocation));

process.stdout.write(`${JSON.stringify(report)}\n`);
