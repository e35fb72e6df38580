// Presentations made the way other wallets make them, held out from our code:
// - Veramo's EthereumEip712Signature2021 VerifiablePresentation, as @veramo/credential-eip712 7.0.1
//   builds it (VC 1.1 context, issuanceDate, every credential a string, proofPurpose assertionMethod,
//   domain {name: VerifiablePresentation, version: 1, chainId}), typed with Veramo's own generator
//   (eip-712-types-generation) and signed with ethers' Wallet.signTypedData as @veramo/kms-local does.
// - A VC-JOSE-COSE vp+jwt signed with jose: the presentation is the payload, nonce and aud claims.
// stdin: {privateKey, chainId, veramoCredentials: [string], envelopes: [object], nonce, aud, holder?}
// stdout: {veramo, vpJwt, holder}
import { Wallet, SigningKey, getBytes } from "ethers";
import { getEthTypesFromInputDoc } from "eip-712-types-generation";
import { SignJWT, importJWK } from "jose5";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const wallet = new Wallet(input.privateKey);
const holder = input.holder ?? `did:ethr:0x${input.chainId.toString(16)}:${wallet.address}`;

// Veramo's generator refuses empty arrays: no Veramo presentation without credentials.
let presentation = null;
if (input.veramoCredentials?.length) {
const issuanceDate = new Date().toISOString();
presentation = {
  holder,
  verifiableCredential: input.veramoCredentials,
  "@context": ["https://www.w3.org/2018/credentials/v1"],
  type: ["VerifiablePresentation"],
  issuanceDate,
  proof: { verificationMethod: `${holder}#controller`, created: issuanceDate, proofPurpose: "assertionMethod", type: "EthereumEip712Signature2021" },
};
const domain = { chainId: input.chainId, name: "VerifiablePresentation", version: "1" };
const allTypes = getEthTypesFromInputDoc(presentation, "VerifiablePresentation");
const { EIP712Domain, ...types } = allTypes;
presentation.proof.proofValue = await wallet.signTypedData(domain, types, presentation);
presentation.proof.eip712 = { domain, types: allTypes, primaryType: "VerifiablePresentation" };
}

const publicKey = getBytes(new SigningKey(input.privateKey).publicKey); // 0x04 || x || y
const b64 = (bytes) => Buffer.from(bytes).toString("base64url");
const key = await importJWK({ kty: "EC", crv: "secp256k1", d: b64(getBytes(input.privateKey)), x: b64(publicKey.slice(1, 33)), y: b64(publicKey.slice(33)) }, "ES256K");
const payload = {
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  type: ["VerifiablePresentation"],
  holder,
  verifiableCredential: input.envelopes,
};
if (input.nonce) payload.nonce = input.nonce;
if (input.aud) payload.aud = input.aud;
const vpJwt = await new SignJWT(payload)
  .setProtectedHeader({ alg: "ES256K", typ: "vp+jwt", cty: "vp", kid: `${holder}#controller` })
  .setIssuedAt()
  .sign(key);
process.stdout.write(JSON.stringify({ veramo: presentation, vpJwt, holder }));
