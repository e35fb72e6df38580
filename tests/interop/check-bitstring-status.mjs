// Independent check of our Bitstring Status List entries: Digital Bazaar's
// @digitalbazaar/vc-bitstring-status-list checkStatus (the W3C spec's reference implementation
// family). It does not understand vc+jwt, so the loader verifies the list's JWS itself (jose, the
// issuer's public JWK) and hands the payload on; checkStatus then checks purpose, issuer match, the
// index and the bit. stdin: {credential, lists: {url: jws}, jwk}. stdout: {verified, status, error}.
import { checkStatus } from "@digitalbazaar/vc-bitstring-status-list";
import { compactVerify, importJWK } from "jose5";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { credential, lists, jwk } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const key = await importJWK(jwk, "ES256K");

async function documentLoader(url) {
  const jws = lists[url];
  if (!jws) throw new Error(`refusing to load ${url}`);
  const { payload } = await compactVerify(jws, key, { algorithms: ["ES256K"], typ: "vc+jwt" });
  const document = JSON.parse(new TextDecoder().decode(payload));
  const now = Date.now();
  if (document.validFrom && Date.parse(document.validFrom) > now + 300000) throw new Error("status list not yet valid");
  if (document.validUntil && Date.parse(document.validUntil) < now) throw new Error("status list expired");
  return { contextUrl: null, documentUrl: url, document };
}

const result = await checkStatus({ credential, documentLoader, verifyBitstringStatusListCredential: false, verifyMatchingIssuers: true });
process.stdout.write(JSON.stringify({
  verified: result.verified,
  status: result.results?.[0]?.status ?? null,
  error: result.error ? String(result.error.message ?? result.error) : null,
}));
