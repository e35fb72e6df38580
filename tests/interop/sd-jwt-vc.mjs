// Independent check of our SD-JWT VCs with the OpenWallet Foundation's @sd-jwt/sd-jwt-vc (0.20):
// it verifies the issued SD-JWT VC (issuer signature with the issuer's public JWK, digests, the
// Token Status List entry through its own status list code, the vct type metadata) and then, as the
// holder, presents only the chosen disclosures with a KB-JWT signed by the holder key.
// The library does no network here: status lists and type metadata come from stdin (the test read
// them from our endpoints). stdin: {issued, issuerJwk, holderJwk (private), disclose: [names],
// audience, nonce, statusLists: {uri: jwt}, typeMetadata: {vct: document}}.
// stdout: {verified, error, payload, vctName, presentation}.
import { hasher, saltGenerator, signerFor, verifierFor } from "./sd-jwt-crypto.mjs";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const issuerVerifier = verifierFor(input.issuerJwk);

const verifier = new SDJwtVcInstance({
  hasher,
  verifier: issuerVerifier,
  statusVerifier: issuerVerifier,
  statusListFetcher: async uri => {
    const jwt = input.statusLists?.[uri];
    if (!jwt) throw new Error(`refusing to fetch ${uri}`);
    return jwt;
  },
  loadTypeMetadataFormat: true,
  vctFetcher: async uri => {
    const document = input.typeMetadata?.[uri];
    if (!document) throw new Error(`refusing to fetch type metadata ${uri}`);
    return document;
  },
});

let verified = false, error = null, payload = null, vctName = null;
try {
  const result = await verifier.verify(input.issued, { requiredClaimKeys: ["iss", "vct", "cnf", "status"], skewSeconds: 60 });
  verified = true;
  payload = result.payload;
  vctName = result.typeMetadata?.mergedTypeMetadata?.name ?? null;
} catch (e) {
  error = String(e?.message ?? e);
}

const holder = new SDJwtVcInstance({
  hasher,
  saltGenerator,
  kbSigner: signerFor(input.holderJwk),
  kbSignAlg: "ES256K",
});
const frame = Object.fromEntries((input.disclose ?? []).map(name => [name, true]));
const presentation = await holder.present(input.issued, frame,
  { kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: input.audience, nonce: input.nonce } } });

process.stdout.write(JSON.stringify({ verified, error, payload, vctName, presentation }));
