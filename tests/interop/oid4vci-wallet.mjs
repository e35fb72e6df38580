// A wallet built from @openid4vc/openid4vci (0.4, OpenID4VCI 1.0) running the pre-authorized code
// flow against our service on 127.0.0.1: resolve the offer by reference, read the issuer and
// authorization server metadata, take an access token with the tx_code, then for each offered
// configuration a c_nonce, a proof of possession (openid4vci-proof+jwt, signed here with node:crypto)
// and the credential. Then it tries the spent code once more. stdin: {offerLink, txCode, walletJwk,
// accountJwk} (private JWKs: the wallet's own key for dc+sd-jwt, the party's account key for
// jwt_vc_json). stdout: {offer, formats, credentials: {configurationId: credential}, reuseError}.
import { createHash, randomBytes, sign, createPrivateKey } from "node:crypto";
import { Openid4vciClient, setGlobalConfig } from "@openid4vc/openid4vci";
import { clientAuthenticationAnonymous } from "@openid4vc/oauth2";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));

// The one switch the library needs for an http:// issuer (ours on 127.0.0.1).
setGlobalConfig({ allowInsecureUrls: true });

const b64u = value => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const publicOf = ({ kty, crv, x, y }) => ({ kty, crv, x, y });
const keysByThumb = new Map();
for (const jwk of [input.walletJwk, input.accountJwk]) keysByThumb.set(publicOf(jwk).x, createPrivateKey({ key: jwk, format: "jwk" }));

const client = new Openid4vciClient({
  callbacks: {
    fetch: globalThis.fetch,
    hash: (data, alg) => new Uint8Array(createHash(alg.replace("-", "").toLowerCase()).update(data).digest()),
    generateRandom: n => new Uint8Array(randomBytes(n)),
    clientAuthentication: clientAuthenticationAnonymous(),
    signJwt: async (signer, { header, payload }) => {
      const key = keysByThumb.get(signer.publicJwk.x);
      const input = `${b64u(header)}.${b64u(payload)}`;
      const signature = sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
      return { jwt: `${input}.${signature}`, signerJwk: signer.publicJwk };
    },
  },
});

const offer = await client.resolveCredentialOffer(input.offerLink);
const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, txCode: input.txCode });

const credentials = {}, formats = {};
for (const credentialConfigurationId of offer.credential_configuration_ids) {
  const configuration = issuerMetadata.credentialIssuer.credential_configurations_supported[credentialConfigurationId];
  formats[credentialConfigurationId] = configuration.format;
  const key = configuration.format === "jwt_vc_json" ? input.accountJwk : input.walletJwk;
  const { c_nonce } = await client.requestNonce({ issuerMetadata });
  const { jwt } = await client.createCredentialRequestJwtProof({
    issuerMetadata, credentialConfigurationId, nonce: c_nonce, signer: { method: "jwk", alg: "ES256K", publicJwk: publicOf(key) },
  });
  const response = await client.retrieveCredentials({
    issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId, proofs: { jwt: [jwt] },
  });
  credentials[credentialConfigurationId] = response.credentialResponse.credentials[0].credential;
}

let reuseError = null;
try {
  await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, txCode: input.txCode });
} catch (e) {
  reuseError = String(e?.errorResponse?.error ?? e?.message ?? e);
}

process.stdout.write(JSON.stringify({ offer, formats, credentials, reuseError, tokenType: accessTokenResponse.token_type }));
