// EIP-712 shapes and builders for AttestationRegistry, shared by the contract tests and scripts/gas-report.js.
// The type definitions are what a wallet receives in eth_signTypedData_v4.
import { AbiCoder, Signature, toBeHex, zeroPadValue } from "ethers";

export const SCORE_SCHEMA = "address partner,uint8 score,string context";
export const ZERO_HASH = `0x${"0".repeat(64)}`;
export const ZERO_ADDRESS = `0x${"0".repeat(40)}`;

export const ATTEST_TYPES = {
  Attest: [
    { name: "attester", type: "address" },
    { name: "schema", type: "bytes32" },
    { name: "subject", type: "address" },
    { name: "expiration", type: "uint48" },
    { name: "refUID", type: "bytes32" },
    { name: "nonce", type: "uint96" },
    { name: "data", type: "bytes" },
    { name: "deadline", type: "uint256" },
  ],
};

export const REVOKE_TYPES = {
  Revoke: [
    { name: "revoker", type: "address" },
    { name: "uid", type: "bytes32" },
    { name: "nonce", type: "uint96" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The domain as the contract reports it (ERC-5267), ready for signTypedData. */
export async function domainOf(registry) {
  const d = await registry.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}

/** ABI-encodes a payload of SCORE_SCHEMA. */
export function encodeScore(partner, score, context) {
  return AbiCoder.defaultAbiCoder().encode(["address", "uint8", "string"], [partner, score, context]);
}

/** uid = attester << 96 | nonce, as the contract computes it. */
export function uidOf(attester, nonce) {
  return zeroPadValue(toBeHex((BigInt(attester) << 96n) | BigInt(nonce)), 32);
}

/** A direct request with defaults (no expiration, no reference). */
export function attestationRequest({ schema, subject, nonce, data = "0x", expiration = 0n, refUID = ZERO_HASH }) {
  return { schema, subject, expiration, refUID, nonce, data };
}

/** Signs `request` for `attester` (an ethers signer or Wallet) and returns a DelegatedAttestationRequest. */
export async function signAttestation(signer, domain, request, deadline, attester = signer.address) {
  const signature = await signer.signTypedData(domain, ATTEST_TYPES, { attester, ...request, deadline });
  return { attester, request, deadline, signature };
}

/** Signs a revocation of `uid` and returns a DelegatedRevocationRequest. */
export async function signRevocation(signer, domain, { uid, nonce, deadline }, revoker = signer.address) {
  const signature = await signer.signTypedData(domain, REVOKE_TYPES, { revoker, uid, nonce, deadline });
  return { revoker, uid, nonce, deadline, signature };
}

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The same signature with s -> n - s and v flipped: valid for ecrecover, malleable, must be rejected. */
export function toHighS(signature) {
  const sig = Signature.from(signature);
  const highS = SECP256K1_N - BigInt(sig.s);
  const v = sig.v === 27 ? 28 : 27;
  return `0x${sig.r.slice(2)}${highS.toString(16).padStart(64, "0")}${v.toString(16)}`;
}
