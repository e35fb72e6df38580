// A did:key issuer that is not us: jose generates the keys (jose 6: Ed25519 EdDSA and P-256 ES256;
// jose 5: secp256k1 ES256K, which jose 6 dropped), the did:key is derived from the public JWK as the
// did:key spec encodes it (multicodec varint prefix, base58btc via ethers), and jose signs a vc+jwt
// credential and a vp+jwt presentation of it with kid = did:key:z…#z….
// stdin: {subject?}. stdout: JSON array of {did, alg, credential, presentation} (compact JWS).
import { CompactSign, exportJWK, generateKeyPair } from "jose";
import * as jose5 from "jose5";
import { encodeBase58 } from "ethers";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");

const prefixes = { Ed25519: [0xed, 0x01], "P-256": [0x80, 0x24], secp256k1: [0xe7, 0x01] };
function didKeyOf(jwk) {
  const x = Buffer.from(jwk.x, "base64url");
  const key = jwk.kty === "OKP" ? x : Buffer.concat([Buffer.from([Buffer.from(jwk.y, "base64url").at(-1) & 1 ? 0x03 : 0x02]), x]);
  return "did:key:z" + encodeBase58(Buffer.concat([Buffer.from(prefixes[jwk.crv]), key]));
}

async function sign(lib, alg, header, payload, privateKey) {
  return new lib.CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg, ...header }).sign(privateKey);
}

const results = [];
for (const [lib, alg] of [[{ CompactSign, exportJWK, generateKeyPair }, "EdDSA"], [{ CompactSign, exportJWK, generateKeyPair }, "ES256"], [jose5, "ES256K"]]) {
  const { publicKey, privateKey } = await lib.generateKeyPair(alg, alg === "EdDSA" ? { crv: "Ed25519" } : undefined);
  const did = didKeyOf(await lib.exportJWK(publicKey));
  const kid = `${did}#${did.slice("did:key:".length)}`;
  const credential = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ["VerifiableCredential", "ExampleAchievementCredential"],
    issuer: did,
    validFrom: "2026-01-01T00:00:00Z",
    credentialSubject: { id: input.subject ?? did, name: "Delivery on time" },
  };
  const jws = await sign(lib, alg, { kid, typ: "vc+jwt", cty: "vc" }, credential, privateKey);
  const presentation = await sign(lib, alg, { kid, typ: "vp+jwt", cty: "vp" }, {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    type: ["VerifiablePresentation"],
    holder: did,
    verifiableCredential: [{ "@context": ["https://www.w3.org/ns/credentials/v2"], id: `data:application/vc+jwt,${jws}`, type: "EnvelopedVerifiableCredential" }],
    nonce: input.nonce ?? "n-1",
  }, privateKey);
  results.push({ did, alg, credential: jws, presentation });
}
process.stdout.write(JSON.stringify(results));
