// ethers v6 signTypedData / verifyTypedData per second on the credential our benchmark signed
// (same domain, types and message). argv[2]: file with {privateKey, credential}; argv[3]: warm-up seconds.
// Prints {"ethers_sign_per_s": N, "ethers_verify_per_s": N}.
import { readFileSync } from "node:fs";
import { Wallet, verifyTypedData } from "ethers";

const { privateKey, credential } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const seconds = Number(process.argv[3] ?? 3);
const { proofValue, eip712, ...proof } = credential.proof;
const message = { ...credential, proof };
const { EIP712Domain, ...types } = eip712.types;
const wallet = new Wallet(privateKey);

// Same signature as ours, or the comparison is not like for like.
const signature = await wallet.signTypedData(eip712.domain, types, message);
if (signature !== proofValue) throw new Error(`ethers signed ${signature}, we signed ${proofValue}`);
if (verifyTypedData(eip712.domain, types, message, proofValue) !== wallet.address) throw new Error("ethers does not verify our proof");

// Same method as the C# side: warm up, then the best of five rounds of one CPU-second each
// (process.cpuUsage: user + system time of this process, so other tenants of the core do not count).
async function rate(action) {
  const warmUpEnd = performance.now() + Math.max(2000, seconds * 1000);
  while (performance.now() < warmUpEnd) await action();
  let best = 0;
  for (let round = 0; round < 5; round++) {
    let count = 0;
    const start = process.cpuUsage();
    const wallStart = performance.now();
    let cpuSeconds = 0;
    do {
      for (let i = 0; i < 16; i++) await action();
      count += 16;
      const used = process.cpuUsage(start);
      cpuSeconds = (used.user + used.system) / 1e6;
    } while (cpuSeconds < 1 && performance.now() - wallStart < 20000);
    best = Math.max(best, count / cpuSeconds);
  }
  return Math.floor(best);
}

const sign = await rate(() => wallet.signTypedData(eip712.domain, types, message));
const verify = await rate(() => verifyTypedData(eip712.domain, types, message, proofValue));
console.log(JSON.stringify({ ethers_sign_per_s: sign, ethers_verify_per_s: verify }));
