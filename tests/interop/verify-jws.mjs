// Independent check of our vc+jwt credentials: jose (v5, the last major with ES256K; jose 6
// dropped secp256k1) compactVerify with the issuer's public JWK, and Node's own crypto (OpenSSL)
// as a second verifier of the same signature.
// stdin: JSON array of {jws, jwk}. stdout: JSON array of {header, payload, nodeCrypto}.
import { compactVerify, importJWK } from "jose5";
import { createPublicKey, verify } from "node:crypto";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const items = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = [];
for (const { jws, jwk } of items) {
  const key = await importJWK(jwk, "ES256K");
  const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: ["ES256K"], typ: "vc+jwt" });
  const [h, p, s] = jws.split(".");
  const nodeCrypto = verify("sha256", Buffer.from(`${h}.${p}`), { key: createPublicKey({ key: jwk, format: "jwk" }), dsaEncoding: "ieee-p1363" },
    Buffer.from(s, "base64url"));
  results.push({ header: protectedHeader, payload: JSON.parse(new TextDecoder().decode(payload)), nodeCrypto });
}
process.stdout.write(JSON.stringify(results));
