// One network connection for all contract test files, and the registry fixture they share.
import { network } from "hardhat";
import { SCORE_SCHEMA, ZERO_ADDRESS, domainOf } from "./attestations.js";

export const { ethers, networkHelpers } = await network.create();

/** Schema id as the contract derives it: keccak256(abi.encodePacked(schema, hook, revocable)). */
export function schemaUid(definition, hook, revocable) {
  return ethers.solidityPackedKeccak256(["string", "address", "bool"], [definition, hook, revocable]);
}

/**
 * A fresh registry with three schemas (revocable, irrevocable, hooked), a hook, an ERC-1271 wallet owned by
 * carol, and named accounts. alice and bob are business partners; relayer submits delegated requests.
 */
export async function deployRegistry() {
  const [deployer, alice, bob, carol, relayer, mallory] = await ethers.getSigners();
  const registry = await ethers.deployContract("AttestationRegistry", [], deployer);
  const hook = await ethers.deployContract("TestAttestationHook", [await registry.getAddress()]);
  const wallet = await ethers.deployContract("TestERC1271Wallet", [carol.address]);

  const schemas = {
    score: schemaUid(SCORE_SCHEMA, ZERO_ADDRESS, true),
    irrevocable: schemaUid(SCORE_SCHEMA, ZERO_ADDRESS, false),
    hooked: schemaUid(SCORE_SCHEMA, await hook.getAddress(), true),
  };
  await registry.registerSchema(SCORE_SCHEMA, ZERO_ADDRESS, true);
  await registry.registerSchema(SCORE_SCHEMA, ZERO_ADDRESS, false);
  await registry.registerSchema(SCORE_SCHEMA, await hook.getAddress(), true);

  const domain = await domainOf(registry);
  return { registry, hook, wallet, schemas, domain, deployer, alice, bob, carol, relayer, mallory };
}

/**
 * The chain's current time, as a bigint. Mines a block first: after loadFixture reverts to a snapshot the
 * latest block is old, while the chain clock keeps the offsets earlier tests added.
 */
export async function now() {
  await networkHelpers.mine();
  return BigInt((await ethers.provider.getBlock("latest")).timestamp);
}
