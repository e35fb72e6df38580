// Independent check of our EIP-712 credentials with ethers v6.
// stdin: JSON array of credentials carrying an EthereumEip712Signature2021 proof.
// stdout: JSON array of {signer, digest} as ethers computes them, in input order.
import { verifyTypedData, TypedDataEncoder } from "ethers";

const credentials = JSON.parse(await readStdin());
const results = credentials.map((credential) => {
  const { proofValue, eip712, ...proofWithoutSignature } = credential.proof;
  const message = { ...credential, proof: proofWithoutSignature };
  // ethers derives the domain type from the domain object; EIP712Domain must not be in its types.
  const { EIP712Domain, ...types } = eip712.types;
  return {
    signer: verifyTypedData(eip712.domain, types, message, proofValue),
    digest: TypedDataEncoder.hash(eip712.domain, types, message),
  };
});
process.stdout.write(JSON.stringify(results));

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}
