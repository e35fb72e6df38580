// ethers v6 as the signer: signs typed data with a (public, development) key so the tests can
// compare its signature with ours byte for byte, and time ethers for the benchmark.
// stdin: {"privateKey": "0x…", "items": [{types, domain, primaryType, message}, …]}
// stdout: JSON array of 0x signatures.
import { Wallet } from "ethers";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { privateKey, items } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const wallet = new Wallet(privateKey);
const signatures = [];
for (const { types, domain, message } of items) {
  const { EIP712Domain, ...rest } = types;
  signatures.push(await wallet.signTypedData(domain, rest, message));
}
process.stdout.write(JSON.stringify(signatures));
