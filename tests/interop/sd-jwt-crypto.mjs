// The node:crypto pieces @sd-jwt/sd-jwt-vc takes from its caller, shared by our SD-JWT interop scripts:
// sha-256 for disclosure digests, base64url salts, and ES256K (secp256k1, IEEE P1363 signatures) over JWKs.
import { createHash, randomBytes, sign, verify, createPrivateKey, createPublicKey } from "node:crypto";

export const hasher = (data, alg) => {
  if (alg !== "sha-256") throw new Error(`unsupported hash ${alg}`);
  return new Uint8Array(createHash("sha256").update(typeof data === "string" ? data : Buffer.from(data)).digest());
};
export const saltGenerator = n => randomBytes(n).toString("base64url");
export const signerFor = jwk => {
  const key = createPrivateKey({ key: jwk, format: "jwk" });
  return data => sign("sha256", Buffer.from(data), { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
};
export const verifierFor = jwk => (data, signature) =>
  verify("sha256", Buffer.from(data), { key: createPublicKey({ key: jwk, format: "jwk" }), dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
