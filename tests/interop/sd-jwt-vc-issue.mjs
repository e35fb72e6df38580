// An SD-JWT VC made entirely by @sd-jwt/sd-jwt-vc (0.20), as another issuer would make one: ES256K
// with node:crypto, the library's own salts, digests and disclosure frame; then presented by the
// holder with the library's KB-JWT. stdin: {issuerJwk (private), iss, kid, vct, holderJwk (private),
// claims, sd: [names], disclose: [names], audience, nonce}. stdout: {issued, presentation}.
import { hasher, saltGenerator, signerFor } from "./sd-jwt-crypto.mjs";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const { kty, crv, x, y } = input.holderJwk;
const now = Math.floor(Date.now() / 1000);

const issuer = new SDJwtVcInstance({ hasher, hashAlg: "sha-256", saltGenerator, signer: signerFor(input.issuerJwk), signAlg: "ES256K" });
const issued = await issuer.issue(
  { iss: input.iss, iat: now, nbf: now - 60, exp: now + 3600, vct: input.vct, cnf: { jwk: { kty, crv, x, y } }, ...input.claims },
  { _sd: input.sd }, { header: { kid: input.kid } });

const holder = new SDJwtVcInstance({ hasher, saltGenerator, kbSigner: signerFor(input.holderJwk), kbSignAlg: "ES256K" });
const presentation = await holder.present(issued, Object.fromEntries(input.disclose.map(n => [n, true])),
  { kb: { payload: { iat: now, aud: input.audience, nonce: input.nonce } } });

process.stdout.write(JSON.stringify({ issued, presentation }));
